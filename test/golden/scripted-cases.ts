/**
 * The golden corpus's scripted cases (cases no acceptance history of test/histories/ covers),
 * written once: scripts/record-golden.ts records them, and a test that needs the same case
 * (test/integration/continue-as-new.test.ts) drives these very events.
 */
export interface ScriptedCase {
  id: string;
  studentId: string;
  /** Case settings beside the simulation epoch (historyEventsLimit…). */
  settings?: Record<string, unknown>;
  events: Array<[date: string, event: Record<string, unknown>]>;
  /** Where time is moved to at the end (timers up to then fire). */
  until: string;
}

export const CONTINUE_AS_NEW_ID = 'continue-as-new';

/** Cases no acceptance history covers, written out here. */
export const SCRIPTED_CASES: ScriptedCase[] = [
  {
    // The case of test/integration/continue-as-new.test.ts: a run hand-over every 40 events.
    id: CONTINUE_AS_NEW_ID,
    studentId: 'golden-can',
    settings: { historyEventsLimit: 40 },
    events: [
      ['2026-10-05', { type: 'REFERRAL_RECEIVED', actor: { role: 'parent' } }],
      ['2026-10-14', { type: 'ASSESSMENT_PLAN_SENT', actor: { role: 'district' }, receivedByParentOn: '2026-10-14' }],
      ['2026-10-21', { type: 'CONSENT_RECEIVED', actor: { role: 'parent' } }],
      ['2026-11-30', { type: 'ASSESSMENT_COMPLETED', actor: { role: 'district' } }],
      ['2026-12-01', { type: 'MEETING_NOTICE_SENT', actor: { role: 'district' }, meetingOn: '2027-01-12' }],
    ],
    until: '2027-01-07',
  },
  {
    // P26, which no Appendix C history opens: a referral the county program accepts.
    id: 'county-program-referral',
    studentId: 'golden-county',
    events: [
      ['2026-10-05', { type: 'COUNTY_PROGRAM_NEEDED', actor: { role: 'district' } }],
      ['2026-10-07', { type: 'REFERRAL_PACKET_SENT', actor: { role: 'district' } }],
      ['2026-10-13', { type: 'PLACEMENT_ANSWERED', actor: { role: 'selpa' }, canMeetNeeds: true }],
      ['2026-10-20', { type: 'MEETING_HELD', actor: { role: 'district' } }],
      ['2026-10-21', { type: 'SIGNED_IEP_SENT', actor: { role: 'district' } }],
      ['2026-10-26', { type: 'CUM_FILE_DELIVERED', actor: { role: 'selpa' } }],
      ['2026-11-02', { type: 'STUDENT_STARTED', actor: { role: 'selpa' } }],
    ],
    until: '2026-11-09',
  },
];

export function scriptedCase(id: string): ScriptedCase {
  const found = SCRIPTED_CASES.find((c) => c.id === id);
  if (!found) throw new Error(`no scripted case ${id}`);
  return found;
}
