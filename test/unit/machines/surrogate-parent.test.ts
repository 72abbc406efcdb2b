import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/surrogate-parent';
import { district, drive, student, system } from './drive';

const selpa = { role: 'selpa' as const };
const ev = (type: string, occurredOn: string, extra: Record<string, unknown> = {}) => ({ type, occurredOn, actor: district, ...extra });
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });
const needed = () => drive(definition, { trigger: ev('SURROGATE_NEEDED', '2026-09-01'), student });
const interim = () => drive(definition, { trigger: ev('INTERIM_NEEDED', '2026-09-08'), student });
const found = (finding: string) => ev('NEED_DETERMINED', '2026-09-03', { finding });
const active = () => needed().send(found('rightsLimitedByCourt')).send(ev('APPOINTED', '2026-09-20'));
const late = (code: string, to: string[]) => [
  expect.objectContaining({ type: 'recordDelay', params: { code } }),
  expect.objectContaining({ type: 'escalate', params: { to } }),
];

describe('surrogate-parent (P19)', () => {
  describe('need review', () => {
    it('opens on SURROGATE_NEEDED in need-review with no clock', () => {
      const d = needed();
      expect(d.state()).toBe('need-review');
      expect(d.clocks()).toEqual([]);
    });

    it.each([
      ['rightsLimitedByCourt', 'appointing'],
      ['conservedAdult', 'appointing'],
      ['parentWillAct', 'not-needed'],
      ['emancipatedOrMarriedMinor', 'not-needed'],
      ['whereaboutsUnknown', 'searching'],
    ])('routes finding %s to %s', (finding, target) => {
      const d = needed().send(found(finding));
      expect(d.state()).toBe(target);
      expect(d.snapshot.context.finding).toBe(finding);
    });

    it('asks for the appointment forms on entering appointing', () => {
      const d = needed().send(found('rightsLimitedByCourt'));
      expect(d.actions).toEqual([
        expect.objectContaining({
          type: 'requestSignature',
          params: { scope: 'surrogate-appointment', signer: 'lea', form: 'Surrogate appointment' },
        }),
      ]);
      expect(d.clocks()).toEqual([]); // the replacement clock runs only for a replacement
    });

    it('keeps a refusing parent under review, refers to court and alerts the directors', () => {
      const d = needed().send(found('parentRefuses'));
      expect(d.state()).toBe('need-review');
      expect(d.snapshot.context.courtReferralOn).toBe('2026-09-03');
      expect(d.actions).toEqual([expect.objectContaining({ type: 'escalate', params: { to: ['spedDirector', 'selpaDirector'] } })]);
      d.send({ ...found('rightsLimitedByCourt'), occurredOn: '2026-10-15' });
      expect(d.state()).toBe('appointing');
    });

    it('search: failure appoints, a found parent ends it', () => {
      expect(needed().send(found('whereaboutsUnknown')).send(ev('SEARCH_FAILED', '2026-09-25')).state()).toBe('appointing');
      expect(needed().send(found('whereaboutsUnknown')).send(ev('PARENT_FOUND', '2026-09-10')).state()).toBe('not-needed');
    });

    it('moves to interim on INTERIM_NEEDED during the review', () => {
      const d = needed().send(ev('INTERIM_NEEDED', '2026-09-02'));
      expect(d.state()).toBe('interim');
      expect(d.clocks().map((c) => [c.id, c.from])).toEqual([
        ['interimSurrogateNotify', '2026-09-02'],
        ['interimSurrogateAssign', '2026-09-02'],
      ]);
    });
  });

  describe('interim', () => {
    it('opens on INTERIM_NEEDED straight in interim with both clocks', () => {
      const d = interim();
      expect(d.state()).toBe('interim');
      expect(d.clocks()).toEqual([
        { id: 'interimSurrogateNotify', rule: 'interim-surrogate-notify', from: '2026-09-08' },
        { id: 'interimSurrogateAssign', rule: 'interim-surrogate-assign', from: '2026-09-08' },
      ]);
    });

    it('stops the notice clock when the SELPA is told; late acts are recorded', () => {
      const d = interim().send(timer('INTERIM_SURROGATE_NOTIFY_DUE', 'interimSurrogateNotify', 'interim-surrogate-notify', '2026-09-10'));
      expect(d.actions).toEqual(late('interim-surrogate-notify-late', ['caseManager', 'spedDirector']));
      d.send(ev('SELPA_NOTIFIED', '2026-09-11'));
      expect(d.clocks().map((c) => c.id)).toEqual(['interimSurrogateAssign']);
      d.send(timer('INTERIM_SURROGATE_ASSIGN_DUE', 'interimSurrogateAssign', 'interim-surrogate-assign', '2026-09-15'));
      expect(d.actions).toEqual(late('interim-surrogate-assign-late', ['caseManager', 'spedDirector']));
    });

    it('ends an interim assignment for each listed reason; a permanent one opens a new instance', () => {
      for (const reason of ['ineligibleForSpecialEducation', 'ineligibleForSurrogate', 'previousSelpaSurrogate']) {
        const d = interim().send(ev('INTERIM_ASSIGNED', '2026-09-14')).send(ev('INTERIM_ENDED', '2026-11-01', { reason }));
        expect(d.state()).toBe('interim-ended');
        expect(d.actions).toEqual([]);
      }
      const d = interim().send(ev('INTERIM_ASSIGNED', '2026-09-14')).send(ev('INTERIM_ENDED', '2026-11-01', { reason: 'permanentAppointed' }));
      expect(d.state()).toBe('interim-ended');
      expect(d.actions).toEqual([
        expect.objectContaining({ type: 'openProcess', params: { chart: 'surrogate-parent', input: { appointedOn: '2026-11-01' } } }),
      ]);
    });

    it('refuses INTERIM_ENDED for a permanent surrogate', () => {
      active().refuse(ev('INTERIM_ENDED', '2026-11-01', { reason: 'ineligibleForSurrogate' }));
    });
  });

  describe('openers from other instances', () => {
    it('a permanent appointment starts active with the evaluation clock', () => {
      const d = drive(definition, { trigger: null, opener: { appointedOn: '2026-11-01' }, student });
      expect(d.state()).toBe('active');
      expect(d.clocks()).toEqual([{ id: 'surrogateEvaluation', rule: 'surrogate-evaluation', from: '2026-11-01' }]);
      expect(d.snapshot.context.interim).toBe(false);
    });

    it('a replacement starts appointing with the 2-working-day clock; an interim may fill it', () => {
      const d = drive(definition, { trigger: null, opener: { replacementNeededOn: '2027-03-17' }, student });
      expect(d.state()).toBe('appointing');
      expect(d.clocks()).toEqual([{ id: 'surrogateReplacement', rule: 'surrogate-replacement', from: '2027-03-17' }]);
      d.send(timer('SURROGATE_REPLACEMENT_DUE', 'surrogateReplacement', 'surrogate-replacement', '2027-03-19'));
      expect(d.actions).toEqual(late('surrogate-replacement-late', ['caseManager', 'spedDirector']));
      d.send(ev('INTERIM_ASSIGNED', '2027-03-22'));
      expect(d.state()).toBe('active');
      expect(d.snapshot.context.interim).toBe(true);
    });

    it('refuses an interim assignment in an ordinary appointment', () => {
      needed().send(found('rightsLimitedByCourt')).refuse(ev('INTERIM_ASSIGNED', '2026-09-10'));
    });

    it('fails loudly on an opener with neither date', () => {
      const d = drive(definition, { trigger: null, opener: {}, student });
      expect(d.snapshot.status).toBe('error');
      expect(String(d.snapshot.error)).toMatch(/replacementNeededOn|appointedOn/);
    });
  });

  describe('active and termination', () => {
    it('restarts the yearly evaluation clock at each evaluation; a late one is recorded', () => {
      const d = active();
      expect(d.clocks()).toEqual([{ id: 'surrogateEvaluation', rule: 'surrogate-evaluation', from: '2026-09-20' }]);
      d.send(timer('SURROGATE_EVALUATION_DUE', 'surrogateEvaluation', 'surrogate-evaluation', '2027-09-20'));
      expect(d.actions).toEqual(late('surrogate-evaluation-late', ['caseManager', 'spedDirector']));
      d.send(ev('EVALUATION_HELD', '2027-09-24', { satisfactory: true }));
      expect(d.clocks()).toEqual([{ id: 'surrogateEvaluation', rule: 'surrogate-evaluation', from: '2027-09-24' }]);
    });

    it('a court notice must be forwarded before the decision clock starts', () => {
      const d = active().send(ev('TERMINATION_CONDITION', '2027-03-10', { condition: 'wardshipEnded' }));
      expect(d.state()).toBe('termination-review');
      expect(d.clocks()).toEqual([{ id: 'surrogateCourtNotice', rule: 'surrogate-court-notice', from: '2027-03-10' }]);
      d.send(timer('SURROGATE_COURT_NOTICE_DUE', 'surrogateCourtNotice', 'surrogate-court-notice', '2027-03-12'));
      expect(d.actions).toEqual(late('surrogate-court-notice-late', ['caseManager', 'spedDirector']));
      d.send(ev('COURT_NOTICE_FORWARDED', '2027-03-15'));
      expect(d.clocks()).toEqual([{ id: 'surrogateTerminationDecision', rule: 'surrogate-termination-decision', from: '2027-03-15' }]);
    });

    it('an allegation is investigated first; the report starts the decision clock', () => {
      const d = active().send(ev('TERMINATION_CONDITION', '2027-01-04', { condition: 'allegedOffence' }));
      expect(d.clocks()).toEqual([{ id: 'surrogateInvestigation', rule: 'surrogate-investigation', from: '2027-01-04' }]);
      d.send(timer('SURROGATE_INVESTIGATION_DUE', 'surrogateInvestigation', 'surrogate-investigation', '2027-02-03'));
      expect(d.actions[0]).toEqual(expect.objectContaining({ params: { code: 'surrogate-investigation-late' } }));
      d.send(ev('INVESTIGATION_REPORTED', '2027-02-05'));
      expect(d.clocks()).toEqual([{ id: 'surrogateTerminationDecision', rule: 'surrogate-termination-decision', from: '2027-02-05' }]);
    });

    it('other conditions start the decision clock at once; a late decision alerts the SELPA director', () => {
      const d = active().send({ ...ev('TERMINATION_CONDITION', '2027-05-01', { condition: 'ageOfMajority' }), actor: selpa });
      expect(d.clocks()).toEqual([{ id: 'surrogateTerminationDecision', rule: 'surrogate-termination-decision', from: '2027-05-01' }]);
      d.send(timer('SURROGATE_TERMINATION_DECISION_DUE', 'surrogateTerminationDecision', 'surrogate-termination-decision', '2027-05-07'));
      expect(d.actions).toEqual(late('surrogate-termination-decision-late', ['spedDirector', 'selpaDirector']));
      d.send({ type: 'TERMINATION_DECIDED', occurredOn: '2027-05-10', actor: selpa });
      expect(d.state()).toBe('terminated');
    });

    it('a retained surrogate goes back to active with the old evaluation date', () => {
      const d = active()
        .send(ev('TERMINATION_CONDITION', '2027-01-04', { condition: 'conflictOfInterest' }))
        .send({ type: 'RETAINED', occurredOn: '2027-01-08', actor: selpa });
      expect(d.state()).toBe('active');
      expect(d.snapshot.context.terminationCondition).toBeNull();
      expect(d.clocks()).toEqual([{ id: 'surrogateEvaluation', rule: 'surrogate-evaluation', from: '2026-09-20' }]);
    });

    it('terminated: student told, protest accepted, notice clock; still eligible → replacement opened', () => {
      const d = active()
        .send(ev('TERMINATION_CONDITION', '2027-01-04', { condition: 'unsatisfactoryEvaluation' }))
        .send({ type: 'TERMINATION_DECIDED', occurredOn: '2027-01-08', actor: selpa });
      expect(d.actions).toEqual([
        expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'Decision notice', to: 'student' }) }),
      ]);
      expect(d.clocks()).toEqual([{ id: 'surrogateTerminationNotice', rule: 'surrogate-termination-notice', from: '2027-01-08' }]);
      d.send(timer('SURROGATE_TERMINATION_NOTICE_DUE', 'surrogateTerminationNotice', 'surrogate-termination-notice', '2027-01-15'));
      expect(d.actions).toEqual(late('surrogate-termination-notice-late', ['spedDirector', 'selpaDirector']));
      d.send({ type: 'PROTEST_FILED', occurredOn: '2027-01-16', actor: { role: 'surrogate' } });
      expect(d.snapshot.context.protestFiledOn).toBe('2027-01-16');
      d.send({ type: 'SURROGATE_NOTIFIED', occurredOn: '2027-01-18', actor: selpa, method: 'documentedCall', studentStillEligible: true });
      expect(d.state()).toBe('ended');
      expect(d.actions).toEqual([
        expect.objectContaining({
          type: 'openProcess',
          params: { chart: 'surrogate-parent', input: { replacementNeededOn: '2027-01-18' } },
        }),
      ]);
    });
  });

  it('replays Appendix C15 to ended with the expected clocks at each step', () => {
    const d = interim();
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([
      ['interim-surrogate-notify', '2026-09-08'],
      ['interim-surrogate-assign', '2026-09-08'],
    ]);
    d.send(ev('SELPA_NOTIFIED', '2026-09-09')).send(ev('INTERIM_ASSIGNED', '2026-09-14'));
    expect(d.state()).toBe('active');
    d.send(ev('TERMINATION_CONDITION', '2027-03-10', { condition: 'parentRightsRestored' }));
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([['surrogate-court-notice', '2027-03-10']]);
    d.send(ev('COURT_NOTICE_FORWARDED', '2027-03-11'));
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([['surrogate-termination-decision', '2027-03-11']]);
    d.send({ type: 'TERMINATION_DECIDED', occurredOn: '2027-03-16', actor: selpa });
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([['surrogate-termination-notice', '2027-03-16']]);
    d.send({ type: 'SURROGATE_NOTIFIED', occurredOn: '2027-03-17', actor: selpa, method: 'certifiedMail', studentStillEligible: false });
    expect(d.state()).toBe('ended');
    expect(d.snapshot.status).toBe('done');
    expect(d.all.filter((a) => a.type === 'recordDelay' || a.type === 'openProcess')).toEqual([]);
  });

  it('declares what the registry needs', () => {
    expect(definition.startsOn).toEqual(['SURROGATE_NEEDED', 'INTERIM_NEEDED']);
  });
});
