/**
 * Render a sample NC 3 (Assessment Plan) in Spanish to a PDF file, for the visual check with
 * pdftoppm: `npx tsx scripts/render-sample-notice.ts out.pdf`. Ids and dates only; the
 * deadline is the one of processes.md Appendix C, C1 (consent-response due 2026-10-29).
 */
import { writeFileSync } from 'node:fs';
import { renderNotice } from '../activities';

const out = process.argv[2];
if (!out) {
  console.error('usage: npx tsx scripts/render-sample-notice.ts <out.pdf>');
  process.exit(2);
}
const notice = await renderNotice({
  caseId: 'case-c1',
  studentId: 'c1',
  form: 'NC 3',
  language: 'es',
  recipientRole: 'parent',
  issuedOn: '2026-10-14',
  processId: 'initial-evaluation#1',
  deadlines: [
    {
      rule: 'consent-response',
      due: '2026-10-29',
      actBy: '2026-10-29',
      explanation: ['consent-response: the parent has at least 15 calendar days from receiving the plan on 2026-10-14; last day 2026-10-29 (L726).'],
    },
  ],
});
writeFileSync(out, notice.pdf);
console.log(`${out}: NC 3 (es), ${notice.pages} page(s), sha256 ${notice.sha256}`);
