/**
 * CALPADS meeting delay codes: when an initial, annual or triennial meeting is held late, the
 * district reports CALPADS field 14.23 "Meeting Delay Code" on the Special Education Meetings
 * (MEET) record. The case records the delay when the clock's due date passes (with no code:
 * the reason is not known yet) and the code once an event gives the reason (`delayReason` on
 * the event that answers the clock, usually MEETING_HELD).
 *
 * Where the values come from, and what is uncertain:
 * - Neither the spec (processes.md, deadlines.md) nor the NW SELPA handbook lists CALPADS codes
 *   (the handbook speaks of CASEMIS, L7009-7015); the handbook gives the legal reasons a 60-day
 *   count does not apply: a transfer after the count began (L652-658, L582-588) and a parent
 *   who repeatedly fails or refuses to produce the child (L659, L589-590).
 * - Codes 10-50 and the meeting types each may be used with are taken from a California SIS
 *   vendor's published CALPADS "Meeting Delay Reasons" table (SIRAS knowledge base, "Meeting
 *   Delay Reasons"), read December 2026; CALPADS rule SPED0427 (code required for a late Part B
 *   initial evaluation of a child from Part C) confirms the field. Not verified against the CDE
 *   CALPADS Code Sets workbook: check there before a certified submission, in particular whether
 *   further codes exist (the vendor table may list only some).
 * - A delay the LEA caused (staff, assessment not finished) has no excusing code that we know
 *   of: it is recorded with its caseclock reason and no CALPADS code (exports leave it blank).
 */

/** CALPADS Special Education Meeting Type codes this applies to (field 14.20). */
export type CalpadsMeeting = 'initial' | 'initial-part-c' | 'annual' | 'triennial';

export const CALPADS_MEETING_TYPE_CODES: Record<CalpadsMeeting, string> = {
  initial: '10',
  'initial-part-c': '15',
  annual: '20',
  triennial: '40',
};

/** The meeting a late clock of this rule is reported as; null for deadlines CALPADS does not track. */
const MEETING_OF_RULE: Record<string, CalpadsMeeting> = {
  'initial-iep': 'initial',
  // 30 days from the determination of need are part of the initial IEP (L648-651).
  'iep-after-need': 'initial',
  // A child leaving Early Start: the Part B initial IEP is due by the third birthday (L1731).
  'early-start-iep': 'initial',
  'early-start-ifsp': 'initial-part-c',
  'annual-review': 'annual',
  triennial: 'triennial',
  'reassessment-iep': 'triennial',
};

export function calpadsMeetingOf(rule: string | null): CalpadsMeeting | null {
  return rule === null ? null : (MEETING_OF_RULE[rule] ?? null);
}

interface DelayReasonRule {
  /** CALPADS field 14.23 value, or null when no code fits (the delay is still recorded). */
  calpads: string | null;
  /** Meeting types the code may be reported with. */
  meetings: readonly CalpadsMeeting[];
  /** Where the reason comes from. */
  source: string;
}

/** Reasons an event may give, by caseclock name (kebab-case, as events carry them). */
export const DELAY_REASONS = {
  /** The parent did not give consent in time (Part C → B before age 3; a reassessment). */
  'parent-consent-delayed': { calpads: '10', meetings: ['initial', 'triennial'], source: 'SIRAS table code 10; 34 CFR 300.303' },
  /** The parent, contacted repeatedly, did not make themselves or the child available (L659). */
  'parent-unavailable': { calpads: '20', meetings: ['initial', 'initial-part-c', 'triennial', 'annual'], source: 'SIRAS table code 20; L589-590, L659' },
  /** An adult student (18+) did not make themselves available (34 CFR 300.301(d)). */
  'adult-student-unavailable': { calpads: '30', meetings: ['triennial', 'annual'], source: 'SIRAS table code 30' },
  /** The count or the third birthday fell over a school break of more than five days. */
  'school-break': { calpads: '40', meetings: ['initial'], source: 'SIRAS table code 40; L636-639' },
  /** A transfer into or out of the LEA delayed the meeting (L652-658, L582-588). */
  transfer: { calpads: '50', meetings: ['initial', 'triennial', 'annual'], source: 'SIRAS table code 50; L652-658' },
  /** The LEA's own delay: recorded, no excusing CALPADS code known. */
  'lea-delay': { calpads: null, meetings: ['initial', 'initial-part-c', 'annual', 'triennial'], source: 'no code (see module comment)' },
} as const satisfies Record<string, DelayReasonRule>;

export type DelayReason = keyof typeof DELAY_REASONS;
export const DELAY_REASON_NAMES = Object.keys(DELAY_REASONS) as [DelayReason, ...DelayReason[]];

/**
 * The CALPADS code for a reason given for a late meeting of `meeting`; a reason that does not
 * apply to that meeting type is an error message (the event is refused), not a guess.
 */
export function calpadsCodeFor(reason: DelayReason, meeting: CalpadsMeeting): { code: string | null } | { refused: string } {
  const rule: DelayReasonRule = DELAY_REASONS[reason];
  if (!rule.meetings.includes(meeting)) {
    const allowed = DELAY_REASON_NAMES.filter((r) => (DELAY_REASONS[r] as DelayReasonRule).meetings.includes(meeting));
    return { refused: `${reason} is not a CALPADS delay reason for a late ${meeting} meeting (one of ${allowed.join(', ')})` };
  }
  return { code: rule.calpads };
}

interface DelayLike {
  process: string;
  rule: string | null;
  reason?: DelayReason | null;
}

/**
 * The late-meeting delay a reason given with an event answers: the latest delay of that
 * process on a CALPADS-reported meeting that has no reason yet. A refusal otherwise.
 */
export function delayForReason<D extends DelayLike>(
  delays: D[],
  processKey: string | null,
  eventType: string,
  reason: DelayReason,
): { delay: D; code: string | null } | { refused: string } {
  if (processKey === null) return { refused: `${eventType} opens a new process; a delay reason answers a late meeting of an open one` };
  const delay = delays.filter((d) => d.process === processKey && (d.reason ?? null) === null && calpadsMeetingOf(d.rule) !== null).at(-1);
  if (!delay) return { refused: `${processKey} has no late meeting waiting for a reason` };
  const code = calpadsCodeFor(reason, calpadsMeetingOf(delay.rule)!);
  return 'refused' in code ? code : { delay, code: code.code };
}
