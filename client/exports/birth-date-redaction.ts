/**
 * The deadline engine's explanations name the birth date of age-based rules ("16th birthday
 * (born 2019-05-02)", "trigger: student's birth date 2019-05-02"): right for the case page,
 * not for a file that leaves the system. Exports write explanations through this, which finds
 * the case's birth date in those phrases and withholds it wherever it appears in the case's
 * explanation lines. (The due date of a birthday rule stays: it is the deadline itself.)
 */
import type { CaseView } from '../../workflows/case-view';

const BIRTH_PHRASES = [/\bborn (\d{4}-\d{2}-\d{2})/g, /\bbirth date (\d{4}-\d{2}-\d{2})/g];
export const WITHHELD = '(birth date withheld)';

/** Birth dates a case's explanations reveal (normally one). */
export function birthDatesIn(view: CaseView): Set<string> {
  const found = new Set<string>();
  for (const d of [...view.pending, ...view.closed]) {
    for (const line of d.explanation) {
      for (const phrase of BIRTH_PHRASES) for (const m of line.matchAll(phrase)) found.add(m[1]);
    }
  }
  return found;
}

/** Explanation lines of one deadline with the case's birth date withheld. */
export function publicExplanation(lines: readonly string[], birthDates: ReadonlySet<string>): string[] {
  if (birthDates.size === 0) return [...lines];
  return lines.map((line) => {
    let out = line;
    for (const date of birthDates) out = out.split(date).join(WITHHELD);
    return out;
  });
}
