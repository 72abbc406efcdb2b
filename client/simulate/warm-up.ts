/**
 * Warm-up of the notice path while the test server and the worker start: one throwaway
 * notice per language through the real sendNotice activity, so that step 0 of the first
 * history does not pay for the first render (reading and parsing the fonts, shaping the
 * catalogue's lines), nodemailer's first message and the pooled connection to the local SMTP
 * sink. Measured on C1x: the first notice of a run took 0.45-1.4 s, the next ones 40-150 ms.
 *
 * It runs on the simulation's own activities and data folder (a temporary folder, removed
 * at the end), for a case id no history can have (`case-simulate-warm-up`); the mail goes
 * to the local sink like every simulated notice. Rendering is pure (activities/notices/
 * layout.ts), so no later notice's bytes depend on it.
 */
import { isSupportedLanguage } from '../../activities/notices/messages';
import type { CaseEffectActivities } from '../../workflows/activity-types';

export const WARM_UP_CASE = 'case-simulate-warm-up';

export async function warmUpNotices(activities: Pick<CaseEffectActivities, 'sendNotice'>, languages: readonly string[]): Promise<number> {
  const wanted = [...new Set(languages)].filter(isSupportedLanguage);
  let sent = 0;
  for (const language of wanted.length ? wanted : ['en']) {
    await activities.sendNotice({
      idempotencyKey: `${WARM_UP_CASE}:0:warm-up#1:${sent}`,
      caseId: WARM_UP_CASE,
      studentId: 'simulate-warm-up',
      process: 'warm-up#1',
      form: 'NC 3',
      to: ['parent'],
      language,
      delivery: 'email',
      deadlines: [{ rule: 'consent-response', due: '2026-01-20', actBy: '2026-01-20', earliest: null, explanation: ['Warm-up of the simulation (not a notice).'] }],
      issuedOn: '2026-01-05',
    });
    sent++;
  }
  return sent;
}
