import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/iep-meeting';
import { district, drive, parent, student } from './drive';

const open = (purpose = 'annual') => drive(definition, { trigger: null, opener: { purpose }, student });
const noticed = () => open().send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-10-14', actor: district, meetingOn: '2026-10-28' });

describe('iep-meeting (standalone and shared steps)', () => {
  it('notices, holds, takes attendance signatures, then consent, then done', () => {
    const d = open();
    expect(d.state()).toBe('scheduling');
    d.send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-10-14', actor: district, meetingOn: '2026-10-28' });
    expect(d.state()).toBe('noticed');
    expect(d.actions).toEqual([
      { type: 'sendNotice', params: { form: 'NC 6A', to: 'parent', purpose: 'annual' } },
      { type: 'sendNotice', params: { form: 'NC 1', to: 'parent' } },
    ]);
    expect(d.snapshot.context.meeting).toMatchObject({ noticeSentOn: '2026-10-14', scheduledFor: '2026-10-28' });
    d.send({ type: 'MEETING_HELD', occurredOn: '2026-10-28', actor: district });
    expect(d.state()).toBe('awaiting-consent');
    expect(d.actions).toEqual([
      { type: 'requestSignature', params: { scope: 'attendance', signer: 'parent+lea', form: 'IEP 9B' } },
      { type: 'requestSignature', params: { scope: 'later-iep', signer: 'parent', form: 'IEP 9A' } },
    ]);
    d.send({ type: 'SIGNATURE_FOLLOW_UP_SENT', occurredOn: '2026-11-05', actor: district, letter: 1 });
    expect(d.actions).toEqual([{ type: 'sendNotice', params: { form: 'Signed IEP letter', to: 'parent' } }]);
    d.send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2026-11-06', actor: parent, scope: 'all' });
    expect(d.state()).toBe('done');
    expect(d.snapshot.context.consent.result).toBe('granted');
  });

  it('goes back to scheduling when the parent asks for another time, and books an interpreter', () => {
    const d = noticed().send({ type: 'PARENT_RESPONSE', occurredOn: '2026-10-16', actor: parent, attendance: 'other-time' });
    expect(d.state()).toBe('scheduling');
    expect(d.snapshot.context.meeting.reschedules).toBe(1);
    d.send({ type: 'MEETING_NOTICE_SENT', occurredOn: '2026-10-19', actor: district, meetingOn: '2026-11-02' });
    d.send({ type: 'PARENT_RESPONSE', occurredOn: '2026-10-20', actor: parent, attendance: 'attend', interpreter: true, language: 'es' });
    expect(d.state()).toBe('noticed');
    expect(d.actions).toEqual([{ type: 'escalate', params: { to: ['caseManager'] } }]);
    expect(d.snapshot.context.meeting).toMatchObject({ interpreterNeeded: true, interpreterLanguage: 'es', scheduledFor: '2026-11-02' });
    d.send({ type: 'PARENT_RESPONSE', occurredOn: '2026-10-21', actor: parent, attendance: 'teleconference', agencyInvitationConsent: true });
    expect(d.actions).toEqual([]);
    expect(d.snapshot.context.meeting).toMatchObject({ attendance: 'teleconference', agencyInvitationConsent: true, interpreterNeeded: true });
  });

  it('excuses a member only with both NC 7 signatures, and written input when the area is discussed', () => {
    const d = noticed().send({ type: 'EXCUSAL_REQUESTED', occurredOn: '2026-10-19', actor: district, member: 'ot', areaDiscussed: false });
    expect(d.actions).toEqual([{ type: 'requestSignature', params: { scope: 'excusal', signer: 'parent+lea', form: 'NC 7' } }]);
    d.send({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-20', actor: parent, member: 'ot' });
    expect(d.snapshot.context.meeting.excused).toEqual([]);
    d.refuse({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-20', actor: parent, member: 'ot' });
    d.refuse({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-20', actor: district, member: 'speech' });
    d.send({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-21', actor: district, member: 'ot' });
    expect(d.snapshot.context.meeting.excused).toEqual(['ot']);

    d.send({ type: 'EXCUSAL_REQUESTED', occurredOn: '2026-10-21', actor: district, member: 'speech', areaDiscussed: true });
    d.send({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-22', actor: parent, member: 'speech' });
    d.send({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-22', actor: district, member: 'speech' });
    expect(d.snapshot.context.meeting.excused).toEqual(['ot']);
    d.send({ type: 'EXCUSAL_REQUESTED', occurredOn: '2026-10-23', actor: district, member: 'speech', areaDiscussed: true, writtenInputOn: '2026-10-23' });
    d.send({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-23', actor: parent, member: 'speech' });
    d.send({ type: 'EXCUSAL_SIGNED', occurredOn: '2026-10-24', actor: district, member: 'speech' });
    expect(d.snapshot.context.meeting.excused).toEqual(['ot', 'speech']);
  });

  it('accepts a recording notice at least a day before, and the LEA\'s only with parent consent', () => {
    const d = noticed();
    d.refuse({ type: 'RECORDING_NOTICE', occurredOn: '2026-10-28', actor: parent, recordedBy: 'parent' });
    d.refuse({ type: 'RECORDING_NOTICE', occurredOn: '2026-10-20', actor: district, recordedBy: 'lea' });
    d.send({ type: 'RECORDING_NOTICE', occurredOn: '2026-10-27', actor: parent, recordedBy: 'parent' });
    expect(d.snapshot.context.meeting.recordingNoticeOn).toBe('2026-10-27');
    d.send({ type: 'RECORDING_NOTICE', occurredOn: '2026-10-26', actor: district, recordedBy: 'lea', parentConsent: true });
  });

  it('holds the meeting without the parent only after documented attempts', () => {
    const d = noticed();
    d.refuse({ type: 'MEETING_HELD', occurredOn: '2026-10-28', actor: district, parentPresent: false });
    d.send({ type: 'MEETING_HELD', occurredOn: '2026-10-28', actor: district, parentPresent: false, attemptsDocumented: true });
    expect(d.state()).toBe('awaiting-consent');
    expect(d.snapshot.context.meeting).toMatchObject({ heldOn: '2026-10-28', parentPresent: false });
    expect(d.all).toContainEqual({ type: 'requestSignature', params: { scope: 'attendance', signer: 'parent+lea', form: 'IEP 9B' } });
    expect(d.send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2026-11-02', actor: parent, scope: 'none' }).state()).toBe('done');
    expect(d.snapshot.context.consent.result).toBe('refused');
  });

  it('refuses a meeting held before any notice', () => {
    open().refuse({ type: 'MEETING_HELD', occurredOn: '2026-10-28', actor: district });
  });
});
