import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/nps-placement';
import { district, drive, parent, student, system } from './drive';

const nps = { role: 'nps' as const };
const ev = (type: string, occurredOn: string, extra: Record<string, unknown> = {}) => ({ type, occurredOn, actor: district, ...extra });
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });
const open = (outOfState = false) => drive(definition, { trigger: ev('NPS_NEEDED', '2026-09-29', { outOfState }), student });
const placed = () =>
  open()
    .send({ type: 'PLACEMENT_CONSENTED', occurredOn: '2026-10-01', actor: parent })
    .send(ev('ISA_EXECUTED', '2026-10-12'));
const late = (code: string) => [
  expect.objectContaining({ type: 'recordDelay', params: { code } }),
  expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
];

describe('nps-placement (P23)', () => {
  it('opens in iep-decision with no clock for an in-state placement', () => {
    const d = open();
    expect(d.state()).toBe('iep-decision');
    expect(d.clocks()).toEqual([]);
  });

  it('runs the CDE report clock for an out-of-state placement across states until the report goes', () => {
    const d = open(true);
    expect(d.clocks()).toEqual([{ id: 'npsOutOfStateReport', rule: 'nps-out-of-state-report', from: '2026-09-29' }]);
    d.send({ type: 'PLACEMENT_CONSENTED', occurredOn: '2026-10-01', actor: parent });
    expect(d.state()).toBe('contracting');
    expect(d.clocks()).toEqual([{ id: 'npsOutOfStateReport', rule: 'nps-out-of-state-report', from: '2026-09-29' }]);
    d.send(timer('NPS_OUT_OF_STATE_REPORT_DUE', 'npsOutOfStateReport', 'nps-out-of-state-report', '2026-10-14'));
    expect(d.actions).toEqual(late('nps-out-of-state-report-late'));
    d.send(ev('CDE_REPORT_SENT', '2026-10-15'));
    expect(d.clocks()).toEqual([]);
    expect(d.state()).toBe('contracting');
  });

  it('refuses a CDE report that is not owed', () => {
    open().refuse(ev('CDE_REPORT_SENT', '2026-10-01'));
  });

  it('opens from another chart with opener.decidedOn', () => {
    const d = drive(definition, { trigger: null, opener: { decidedOn: '2026-09-29', outOfState: true }, student });
    expect(d.clocks().map((c) => c.from)).toEqual(['2026-09-29']);
  });

  it('suspension: notice clock always, MD clock only when an MD is required; each stops on its act', () => {
    const d = placed().send({ type: 'NPS_SUSPENSION', occurredOn: '2027-01-26', actor: nps, mdRequired: false });
    expect(d.clocks()).toEqual([{ id: 'npsSuspensionNotice', rule: 'nps-suspension-notice', from: '2027-01-26' }]);
    d.send(ev('SUSPENSION_NOTICE_RECEIVED', '2027-01-28'));
    expect(d.clocks()).toEqual([]);
    d.send({ type: 'NPS_SUSPENSION', occurredOn: '2027-02-22', actor: nps, mdRequired: true });
    expect(d.clocks().map((c) => c.id).sort()).toEqual(['npsMdRequest', 'npsSuspensionNotice']);
    d.send(timer('NPS_MD_REQUEST_DUE', 'npsMdRequest', 'nps-md-request', '2027-03-05'));
    expect(d.actions).toEqual(late('nps-md-request-late'));
    d.send(timer('NPS_SUSPENSION_NOTICE_DUE', 'npsSuspensionNotice', 'nps-suspension-notice', '2027-02-27'));
    expect(d.actions).toEqual(late('nps-suspension-notice-late'));
    d.send({ type: 'MD_REQUESTED', occurredOn: '2027-03-06', actor: nps });
    expect(d.clocks().map((c) => c.id)).toEqual(['npsSuspensionNotice']);
    expect(d.state()).toBe('placed');
  });

  it('residence review: NPS notice clock from the move, review clock once records arrive', () => {
    const d = placed().send({ type: 'RESIDENCE_CHANGED', occurredOn: '2027-03-15', actor: parent });
    expect(d.state()).toBe('residence-review');
    expect(d.clocks()).toEqual([{ id: 'npsResidenceNotify', rule: 'nps-residence-notify', from: '2027-03-15' }]);
    d.send(timer('NPS_RESIDENCE_NOTIFY_DUE', 'npsResidenceNotify', 'nps-residence-notify', '2027-03-22'));
    expect(d.actions).toEqual(late('nps-residence-notify-late'));
    d.send(ev('RESIDENCE_NOTICE_RECEIVED', '2027-03-23')).send(ev('RECORDS_RECEIVED', '2027-04-05'));
    expect(d.clocks()).toEqual([{ id: 'npsResidenceReview', rule: 'nps-residence-review', from: '2027-04-05' }]);
    d.send(timer('NPS_RESIDENCE_REVIEW_DUE', 'npsResidenceReview', 'nps-residence-review', '2027-04-26'));
    expect(d.actions).toEqual(late('nps-residence-review-late'));
  });

  it('not appropriate: with consent → moved-to-public; without, a PWN and the placement stays', () => {
    const review = () => placed().send({ type: 'RESIDENCE_CHANGED', occurredOn: '2027-03-15', actor: parent }).send(ev('RECORDS_RECEIVED', '2027-04-05'));
    expect(review().send(ev('NOT_APPROPRIATE', '2027-04-20', { parentConsents: true })).state()).toBe('moved-to-public');
    const d = review().send(ev('NOT_APPROPRIATE', '2027-04-20', { parentConsents: false }));
    expect(d.state()).toBe('residence-review');
    expect(d.clocks().map((c) => c.id)).not.toContain('npsResidenceReview');
    expect(d.actions).toEqual([expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'PWN', to: 'parent' }) })]);
    d.send(ev('NOT_APPROPRIATE', '2027-05-01', { parentConsents: true }));
    expect(d.state()).toBe('moved-to-public');
  });

  it('termination: for cause only (a new public class needs the parent’s agreement)', () => {
    placed().refuse({ type: 'TERMINATION_NOTICE_GIVEN', occurredOn: '2027-02-01', actor: district, reason: 'publicClassAvailable', parentAgreesToTransfer: false });
    const agreed = placed().send({ type: 'TERMINATION_NOTICE_GIVEN', occurredOn: '2027-02-01', actor: district, reason: 'publicClassAvailable', parentAgreesToTransfer: true });
    expect(agreed.state()).toBe('terminating');
    const d = placed().send({ type: 'TERMINATION_NOTICE_GIVEN', occurredOn: '2027-02-01', actor: nps, reason: 'cause', parentAgreesToTransfer: false });
    expect(d.clocks()).toEqual([{ id: 'npsTerminationNotice', rule: 'nps-termination-notice', from: '2027-02-01' }]);
    d.send(timer('NPS_TERMINATION_NOTICE_DUE', 'npsTerminationNotice', 'nps-termination-notice', '2027-02-21'));
    expect(d.state()).toBe('ended');
    expect(d.actions).toEqual([expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } })]);
  });

  it('an ISA ends early only by written agreement', () => {
    const d = placed().send({ type: 'TERMINATION_NOTICE_GIVEN', occurredOn: '2027-02-01', actor: nps, reason: 'cause', parentAgreesToTransfer: false });
    d.refuse({ type: 'TERMINATED', occurredOn: '2027-02-05', actor: nps, agreedInWriting: false });
    d.send({ type: 'TERMINATED', occurredOn: '2027-02-05', actor: nps, agreedInWriting: true });
    expect(d.state()).toBe('ended');
  });

  it('returns to public school by IEP decision', () => {
    const d = placed().send(ev('RETURN_TO_PUBLIC', '2027-06-01'));
    expect(d.state()).toBe('returned');
    expect(d.snapshot.status).toBe('done');
  });

  it('replays Appendix C18 to contracting with the new district', () => {
    const d = open();
    d.send({ type: 'PLACEMENT_CONSENTED', occurredOn: '2026-10-01', actor: parent });
    expect(d.state()).toBe('contracting');
    d.send(ev('ISA_EXECUTED', '2026-10-12'));
    expect(d.state()).toBe('placed');
    d.send({ type: 'NPS_SUSPENSION', occurredOn: '2027-01-26', actor: nps, mdRequired: false });
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([['nps-suspension-notice', '2027-01-26']]);
    d.send(ev('SUSPENSION_NOTICE_RECEIVED', '2027-01-29'));
    d.send({ type: 'RESIDENCE_CHANGED', occurredOn: '2027-03-15', actor: parent });
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([['nps-residence-notify', '2027-03-15']]);
    d.send(ev('RESIDENCE_NOTICE_RECEIVED', '2027-03-18')).send(ev('RECORDS_RECEIVED', '2027-04-05'));
    expect(d.clocks().map((c) => [c.rule, c.from])).toEqual([['nps-residence-review', '2027-04-05']]);
    d.send(ev('STILL_APPROPRIATE', '2027-04-20'));
    expect(d.state()).toBe('contracting');
    expect(d.clocks()).toEqual([]);
    expect(d.all.filter((a) => a.type === 'recordDelay')).toEqual([]);
  });
});
