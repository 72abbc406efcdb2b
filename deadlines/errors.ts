/**
 * The two ways the deadline engine refuses a question (deadlines.md §1, §4). Both are "bad
 * input" for the CLI (exit 2); the interpreter shows them to staff instead of guessing a date.
 */

/** Input that is malformed or contradictory. `field` names what is wrong (`from`, `terms[1].start`). */
export class DeadlineInputError extends Error {
  override readonly name: string = 'DeadlineInputError';
  /** Path of the offending field, e.g. `referral`, `policy.revocationPwnDays`, `closures[2]`. */
  readonly field: string;
  /** The problem without the field prefix. */
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.field = field;
    this.detail = detail;
  }
}

/**
 * A rule needed a day the calendar does not describe (deadlines.md §1 "Coverage"): the date is
 * the first such day the computation would have examined. Never answered with a guess.
 */
export class CalendarCoverageError extends DeadlineInputError {
  override readonly name: string = 'CalendarCoverageError';
  /** First day outside the calendar's span that the computation needed (YYYY-MM-DD). */
  readonly date: string;

  constructor(date: string) {
    super('calendar', `does not cover ${date}`);
    this.message = `calendar does not cover ${date}`;
    this.date = date;
  }
}
