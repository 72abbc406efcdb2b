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

  constructor(field: string, detail: string, message = `${field}: ${detail}`) {
    super(message);
    this.field = field;
    this.detail = detail;
  }
}

type ErrorWithLimit = { stackTraceLimit?: number };

/**
 * A rule needed a day the calendar does not describe (deadlines.md §1 "Coverage"): the date is
 * the first such day the computation would have examined. Never answered with a guess.
 *
 * It is an expected answer ("this calendar cannot say"), raised in bulk work such as
 * recomputing a district's deadlines, so it carries no stack trace: capturing one costs more
 * than the whole computation and would say nothing the message does not.
 */
export class CalendarCoverageError extends DeadlineInputError {
  override readonly name: string = 'CalendarCoverageError';
  /** First day outside the calendar's span that the computation needed (YYYY-MM-DD). */
  readonly date: string;

  constructor(date: string) {
    const E = Error as unknown as ErrorWithLimit;
    const limit = E.stackTraceLimit;
    E.stackTraceLimit = 0;
    try {
      super('calendar', `does not cover ${date}`, `calendar does not cover ${date}`);
    } finally {
      E.stackTraceLimit = limit;
    }
    this.date = date;
  }
}
