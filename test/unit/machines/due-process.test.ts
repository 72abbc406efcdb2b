import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/due-process';
import { district, drive, parent, student, system } from './drive';

const oah = { role: 'oah' as const };
const filedBy = (petitioner: 'parent' | 'district', on = '2027-02-01') => ({
  type: 'DUE_PROCESS_FILED',
  occurredOn: on,
  actor: petitioner === 'parent' ? parent : district,
  petitioner,
});
const parentCase = () => drive(definition, { trigger: filedBy('parent'), student });
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });
const ev = (type: string, occurredOn: string, extra: Record<string, unknown> = {}) => ({ type, occurredOn, actor: district, ...extra });
const ids = (d: ReturnType<typeof parentCase>) => d.clocks().map((c) => c.id).sort();

describe('due-process (P22)', () => {
  describe('opening', () => {
    it('routes a parent complaint from filed to the resolution period with its four clocks', () => {
      const d = parentCase();
      expect(d.state()).toBe('resolution-period.scheduling');
      expect(d.clocks()).toEqual(
        expect.arrayContaining([
          { id: 'resolutionPeriod', rule: 'resolution-period', from: '2027-02-01' },
          { id: 'dueProcessResponse', rule: 'due-process-response', from: '2027-02-01' },
          { id: 'noticeOfInsufficiency', rule: 'notice-of-insufficiency', from: '2027-02-01' },
          { id: 'resolutionSession', rule: 'resolution-session', from: '2027-02-01' },
        ]),
      );
      expect(d.clocks()).toHaveLength(4);
      expect(d.actions).toEqual([
        expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'NC 1', to: 'parent' }) }),
        expect.objectContaining({
          type: 'sendNotice',
          params: expect.objectContaining({ form: 'Resolution letter', to: 'parent', states: 'resolution-session' }),
        }),
      ]);
    });

    it('sends a district complaint straight to the hearing, the 45 days from filing', () => {
      const d = drive(definition, { trigger: filedBy('district', '2027-02-10'), student });
      expect(d.state()).toBe('hearing');
      expect(d.clocks()).toEqual([{ id: 'dueProcessDecision', rule: 'due-process-decision', from: '2027-02-10' }]);
      expect(d.actions).toEqual([expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'NC 1' }) })]);
    });

    it('starts the same way from another chart’s openProcess input', () => {
      const d = drive(definition, { trigger: null, opener: { petitioner: 'district', filedOn: '2027-02-10' }, student });
      expect(d.state()).toBe('hearing');
      expect(d.snapshot.context.petitioner).toBe('district');
      expect(d.clocks()).toEqual([{ id: 'dueProcessDecision', rule: 'due-process-decision', from: '2027-02-10' }]);
      const p = drive(definition, { trigger: null, opener: { petitioner: 'parent', filedOn: '2027-03-01' }, student });
      expect(p.state()).toBe('resolution-period.scheduling');
    });

    it('fails loudly on an opener without a filing date, naming the field', () => {
      const d = drive(definition, { trigger: null, opener: { petitioner: 'district' }, student });
      expect(d.snapshot.status).toBe('error');
      expect(String(d.snapshot.error)).toMatch(/filedOn/);
    });
  });

  describe('resolution period', () => {
    it('stops the response clock when the PWN-form response goes, and sends it', () => {
      const d = parentCase().send(ev('RESPONSE_SENT', '2027-02-05'));
      expect(d.state()).toBe('resolution-period.scheduling');
      expect(ids(d)).toEqual(['noticeOfInsufficiency', 'resolutionPeriod', 'resolutionSession']);
      expect(d.actions).toEqual([
        expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'PWN', purpose: 'due-process-response' }) }),
      ]);
    });

    it('records a late response and a late session, and still takes them', () => {
      const d = parentCase().send(timer('DUE_PROCESS_RESPONSE_DUE', 'dueProcessResponse', 'due-process-response', '2027-02-11'));
      expect(d.actions).toEqual([
        expect.objectContaining({ type: 'recordDelay', params: { code: 'due-process-response-late' } }),
        expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
      ]);
      d.send(timer('RESOLUTION_SESSION_DUE', 'resolutionSession', 'resolution-session', '2027-02-16'));
      expect(d.actions[0]).toEqual(expect.objectContaining({ params: { code: 'resolution-session-late' } }));
      d.send(ev('RESPONSE_SENT', '2027-02-17')).send(ev('SESSION_HELD', '2027-02-18'));
      expect(d.state()).toBe('resolution-period.met');
    });

    it('closes the optional NOI window without recording a delay', () => {
      const d = parentCase().send(timer('NOTICE_OF_INSUFFICIENCY_DUE', 'noticeOfInsufficiency', 'notice-of-insufficiency', '2027-02-16'));
      expect(d.actions).toEqual([]);
      expect(ids(d)).not.toContain('noticeOfInsufficiency');
      const filed = parentCase().send(ev('NOTICE_OF_INSUFFICIENCY_FILED', '2027-02-08'));
      expect(ids(filed)).not.toContain('noticeOfInsufficiency');
      expect(filed.state()).toBe('resolution-period.scheduling');
    });

    it('keeps the NOI window open after the session (declared on the period)', () => {
      const d = parentCase().send(ev('SESSION_HELD', '2027-02-05'));
      expect(ids(d)).toEqual(['dueProcessResponse', 'noticeOfInsufficiency', 'resolutionPeriod']);
    });

    it('accepts a waiver only when both agreed in writing', () => {
      const d = parentCase().refuse(ev('SESSION_WAIVED', '2027-02-03', { inWritingByBoth: false }));
      d.send(ev('SESSION_WAIVED', '2027-02-03', { inWritingByBoth: true }));
      expect(d.state()).toBe('resolution-period.met');
      expect(ids(d)).not.toContain('resolutionSession');
    });

    it('opens mediation when the parties choose it instead of the session', () => {
      const d = parentCase().send({ type: 'MEDIATION_CHOSEN', occurredOn: '2027-02-04', actor: parent });
      expect(d.state()).toBe('resolution-period.met');
      expect(d.actions).toEqual([
        expect.objectContaining({
          type: 'openProcess',
          params: { chart: 'mediation', input: { requestedOn: '2027-02-04', requestedBy: 'parent' } },
        }),
      ]);
    });

    it('moves to the hearing when the 30 days end, the 45 days from the period’s last day', () => {
      const d = parentCase().send(timer('RESOLUTION_PERIOD_DUE', 'resolutionPeriod', 'resolution-period', '2027-03-03'));
      expect(d.state()).toBe('hearing');
      expect(d.clocks()).toEqual([{ id: 'dueProcessDecision', rule: 'due-process-decision', from: '2027-03-03' }]);
    });

    it('refuses a decision before the hearing', () => {
      parentCase().refuse({ type: 'DECISION_ISSUED', occurredOn: '2027-02-20', actor: oah, prevailing: 'parent' });
    });
  });

  describe('agreement review', () => {
    it('returns a voided agreement to scheduling while the period runs and no session was held', () => {
      const d = parentCase().send(ev('SETTLED', '2027-02-05'));
      expect(d.state()).toBe('agreement-review');
      expect(d.clocks()).toEqual(
        expect.arrayContaining([
          { id: 'resolutionAgreementReview', rule: 'resolution-agreement-review', from: '2027-02-05' },
          { id: 'resolutionPeriod', rule: 'resolution-period', from: '2027-02-01' },
        ]),
      );
      d.send({ type: 'AGREEMENT_VOIDED', occurredOn: '2027-02-08', actor: parent });
      expect(d.state()).toBe('resolution-period.scheduling');
    });

    it('returns a voided agreement to met after a session', () => {
      const d = parentCase().send(ev('SESSION_HELD', '2027-02-10')).send(ev('SETTLED', '2027-02-10'));
      d.send({ type: 'AGREEMENT_VOIDED', occurredOn: '2027-02-12', actor: parent });
      expect(d.state()).toBe('resolution-period.met');
    });

    it('sends a void after the 30 days to the hearing, counting from the period’s end', () => {
      const d = parentCase()
        .send(ev('SESSION_HELD', '2027-02-25'))
        .send(ev('SETTLED', '2027-03-02'))
        .send(timer('RESOLUTION_PERIOD_DUE', 'resolutionPeriod', 'resolution-period', '2027-03-03'));
      expect(d.state()).toBe('agreement-review');
      expect(ids(d)).toEqual(['resolutionAgreementReview']);
      d.send({ type: 'AGREEMENT_VOIDED', occurredOn: '2027-03-04', actor: parent });
      expect(d.state()).toBe('hearing');
      expect(d.clocks()).toEqual([{ id: 'dueProcessDecision', rule: 'due-process-decision', from: '2027-03-03' }]);
    });

    it('settles a district complaint from the hearing; a void goes back to the hearing', () => {
      const d = drive(definition, { trigger: filedBy('district', '2027-02-10'), student }).send(ev('SETTLED', '2027-03-01'));
      expect(d.state()).toBe('agreement-review');
      expect(ids(d)).toEqual(['resolutionAgreementReview']);
      d.send({ type: 'AGREEMENT_VOIDED', occurredOn: '2027-03-02', actor: parent });
      expect(d.state()).toBe('hearing');
      expect(d.clocks()).toEqual([{ id: 'dueProcessDecision', rule: 'due-process-decision', from: '2027-02-10' }]);
    });
  });

  describe('hearing', () => {
    const hearing = () => drive(definition, { trigger: filedBy('district', '2027-02-10'), student });

    it('opens mediation during the hearing and stays there', () => {
      const d = hearing().send({ type: 'MEDIATION_REQUESTED', occurredOn: '2027-03-01', actor: district });
      expect(d.state()).toBe('hearing');
      expect(d.actions).toEqual([
        expect.objectContaining({
          type: 'openProcess',
          params: { chart: 'mediation', input: { requestedOn: '2027-03-01', requestedBy: 'district' } },
        }),
      ]);
    });

    it('records a late decision and ends decided when it comes', () => {
      const d = hearing().send(timer('DUE_PROCESS_DECISION_DUE', 'dueProcessDecision', 'due-process-decision', '2027-03-27'));
      expect(d.actions[0]).toEqual(expect.objectContaining({ params: { code: 'due-process-decision-late' } }));
      d.send({ type: 'DECISION_ISSUED', occurredOn: '2027-04-12', actor: oah, prevailing: 'district' });
      expect(d.state()).toBe('decided');
      expect(d.snapshot.status).toBe('done');
      expect(d.snapshot.context).toEqual(expect.objectContaining({ decidedOn: '2027-04-12', prevailing: 'district' }));
    });
  });

  describe('Appendix C17', () => {
    it('replays filing, response, session and settlement to settled', () => {
      const d = parentCase();
      expect(d.actions[0]).toEqual(expect.objectContaining({ params: expect.objectContaining({ form: 'NC 1' }) }));
      d.send(ev('RESPONSE_SENT', '2027-02-05'))
        .send(ev('SESSION_HELD', '2027-02-10'))
        .send({ type: 'SETTLED', occurredOn: '2027-02-10', actor: parent });
      expect(d.state()).toBe('agreement-review');
      expect(d.clocks()).toEqual(
        expect.arrayContaining([{ id: 'resolutionAgreementReview', rule: 'resolution-agreement-review', from: '2027-02-10' }]),
      );
      d.send(timer('RESOLUTION_AGREEMENT_REVIEW_DUE', 'resolutionAgreementReview', 'resolution-agreement-review', '2027-02-15'));
      expect(d.state()).toBe('settled');
      expect(d.snapshot.status).toBe('done');
      expect(d.all.filter((a) => a.type === 'recordDelay')).toEqual([]);
    });

    it('replays the variant: no agreement by 2027-03-03 → hearing, decision clock from 2027-03-03', () => {
      const d = parentCase()
        .send(ev('RESPONSE_SENT', '2027-02-05'))
        .send(ev('SESSION_HELD', '2027-02-10'))
        .send(timer('RESOLUTION_PERIOD_DUE', 'resolutionPeriod', 'resolution-period', '2027-03-03'));
      expect(d.state()).toBe('hearing');
      expect(d.clocks()).toEqual([{ id: 'dueProcessDecision', rule: 'due-process-decision', from: '2027-03-03' }]);
    });
  });

  it('declares what the registry needs', () => {
    expect(definition.startsOn).toEqual(['DUE_PROCESS_FILED']);
    expect(Object.keys(definition.events)).toContain('MEDIATION_REQUESTED');
    expect(definition.events.DECISION_ISSUED.safeParse({ type: 'DECISION_ISSUED', occurredOn: '2027-04-12', actor: district, prevailing: 'parent' }).success).toBe(false);
  });
});
