import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/behavioral-emergency';
import { district, drive, student, system } from './drive';

const act = (type: string, occurredOn: string, fields: Record<string, unknown> = {}) => ({ type, occurredOn, actor: district, ...fields });
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });
const late = (code: string) => [
  expect.objectContaining({ type: 'recordDelay', params: { code } }),
  expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
];
const incident = () =>
  drive(definition, {
    trigger: act('EMERGENCY_INTERVENTION_USED', '2027-02-11', { incidentId: 'ber-7', intervention: 'behavioral-restraint' }),
    student,
  });
const fbaConsent = expect.objectContaining({
  type: 'openProcess',
  params: { chart: 'consent-request', input: { scope: 'fba', signer: 'parent', form: 'NC 3' } },
});

describe('behavioral-emergency', () => {
  it('opens with the report forwarded and the parent-notice clock from the incident', () => {
    const d = incident();
    expect(d.state()).toBe('notice.owed|review.reported');
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'BER', to: ['district', 'dor'] }) }),
      expect.objectContaining({ type: 'escalate', params: { to: ['spedDirector'] } }),
    ]);
    expect(d.clocks()).toEqual([{ id: 'behaviorEmergencyNotice', rule: 'behavior-emergency-notice', from: '2027-02-11' }]);
  });

  it('the review may come before the parent notice without cancelling its clock', () => {
    const d = incident();
    d.send(act('BER_REVIEWED', '2027-02-11', { hasBip: true }));
    expect(d.state()).toBe('notice.owed|review.filed');
    expect(d.snapshot.status).toBe('active');
    expect(d.clocks()).toEqual([{ id: 'behaviorEmergencyNotice', rule: 'behavior-emergency-notice', from: '2027-02-11' }]);
    d.send(timer('BEHAVIOR_EMERGENCY_NOTICE_DUE', 'behaviorEmergencyNotice', 'behavior-emergency-notice', '2027-02-12'));
    expect(d.actions).toEqual(late('behavior-emergency-notice-late'));
    d.send(act('PARENT_NOTIFIED', '2027-02-16', { method: 'phone' }));
    expect(d.state()).toBe('notice.given|review.filed');
    expect(d.snapshot.status).toBe('done');
  });

  it('with a BIP and new serious behaviour or an ineffective plan: the IEP team reviews the BIP', () => {
    for (const flag of [{ newSeriousBehavior: true }, { planIneffective: true }]) {
      const d = incident();
      d.send(act('BER_REVIEWED', '2027-02-11', { hasBip: true, ...flag }));
      expect(d.state()).toBe('notice.owed|review.bip-review');
      d.send(act('IEP_DECIDED', '2027-02-25', { bipChanged: true }));
      expect(d.state()).toBe('notice.owed|review.reviewed');
      expect(d.snapshot.context.bipChanged).toBe(true);
    }
  });

  it('without a BIP: a late scheduling is recorded; no FBA needs the documented reasons', () => {
    const d = incident();
    d.send(act('BER_REVIEWED', '2027-02-11', { hasBip: false }));
    expect(d.clocks()).toEqual(
      expect.arrayContaining([{ id: 'beIep', rule: 'behavior-emergency-iep', from: '2027-02-11' }]),
    );
    d.send(timer('BE_IEP_DUE', 'beIep', 'behavior-emergency-iep', '2027-02-15'));
    expect(d.actions).toEqual(late('behavior-emergency-iep-late'));
    d.send(act('MEETING_SCHEDULED', '2027-02-16', { meetingOn: '2027-02-24' }));
    d.refuse(act('NO_FBA', '2027-02-24'));
    d.send(act('NO_FBA', '2027-02-24', { documentRef: 'doc-991' }));
    expect(d.state()).toBe('notice.owed|review.reviewed');
  });

  it('C12: restraint, phone call the same day, no BIP, meeting scheduled, FBA agreed', () => {
    const d = incident();
    d.send(act('PARENT_NOTIFIED', '2027-02-11', { method: 'phone' }));
    expect(d.state()).toBe('notice.given|review.reported');
    expect(d.clocks()).toEqual([]);
    d.send(act('BER_REVIEWED', '2027-02-11', { hasBip: false }));
    expect(d.state()).toBe('notice.given|review.scheduling');
    expect(d.clocks()).toEqual([{ id: 'beIep', rule: 'behavior-emergency-iep', from: '2027-02-11' }]);
    d.send(act('MEETING_SCHEDULED', '2027-02-12', { meetingOn: '2027-02-24' }));
    expect(d.state()).toBe('notice.given|review.review');
    expect(d.actions).toContainEqual(
      expect.objectContaining({ type: 'sendNotice', params: expect.objectContaining({ form: 'NC 6A', to: 'parent', purpose: 'behavioral-emergency' }) }),
    );
    expect(d.clocks()).toEqual([]);
    d.send(act('FBA_AGREED', '2027-02-24'));
    expect(d.state()).toBe('notice.given|review.fba-opened');
    expect(d.actions).toEqual([fbaConsent]);
    expect(d.snapshot.status).toBe('done');
  });
});
