import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isActivityFailure, renderNotice } from '../../../activities';
import { FORM_CODES } from '../../../machines/contract';
import { CASE_ID, CONSENT_DEADLINE, STUDENT_ID, nc3Request, openFixture, pdfText, type Fixture } from './case-fixture';

describe('renderNotice', () => {
  it('prints the student id, form code, title, due date and explanation in English', async () => {
    const notice = await renderNotice(nc3Request('en'));
    const text = await pdfText(notice.pdf);
    expect(text).toContain(STUDENT_ID);
    expect(text).toContain('NC 3');
    expect(text).toContain('Assessment Plan');
    expect(text).toContain('Due: 2026-10-29 (Thursday, October 29, 2026)');
    expect(text).toContain(CONSENT_DEADLINE.explanation[0]);
    expect(text).toContain('I consent to the assessment.');
    expect(notice.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prints the same facts in Spanish, with Spanish characters intact', async () => {
    const notice = await renderNotice(nc3Request('es'));
    const text = await pdfText(notice.pdf);
    expect(text).toContain(STUDENT_ID);
    expect(text).toContain('NC 3');
    expect(text).toContain('Plan de Evaluación');
    expect(text).toContain('Fecha límite: 2026-10-29 (jueves, 29 de octubre de 2026)');
    expect(text).toContain(CONSENT_DEADLINE.explanation[0]);
    expect(text).toContain('Doy mi consentimiento para la evaluación.');
    expect(text).toContain('Firma del padre/madre o del estudiante adulto');
  });

  it('embeds a DejaVu Sans subset and no standard font', async () => {
    const { pdf } = await renderNotice(nc3Request('es'));
    const raw = Buffer.from(pdf).toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toContain('/BaseFont /DejaVuSans');
    expect(raw).not.toContain('Helvetica');
  });

  it('gives the same bytes for the same input, and different bytes for another date', async () => {
    const a = await renderNotice(nc3Request('es'));
    const b = await renderNotice(nc3Request('es'));
    const c = await renderNotice(nc3Request('es', { issuedOn: '2026-10-15' }));
    expect(b.sha256).toBe(a.sha256);
    expect(Buffer.from(b.pdf).equals(Buffer.from(a.pdf))).toBe(true);
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('prints act-by and earliest when they differ from due, and "no deadline" when none', async () => {
    const windowed = await renderNotice(
      nc3Request('en', {
        form: 'Early Start notice',
        deadlines: [{ rule: 'early-start-transition', due: '2027-01-20', earliest: '2026-10-20', actBy: '2027-01-19', explanation: ['Window from 2026-10-20 to 2027-01-20.'] }],
      }),
    );
    const text = await pdfText(windowed.pdf);
    expect(text).toContain('Earliest: 2026-10-20');
    expect(text).toContain('Act by (last working day): 2027-01-19');
    const none = await pdfText((await renderNotice(nc3Request('en', { form: 'NC 1', deadlines: [] }))).pdf);
    expect(none).toContain('This notice does not set a deadline.');
  });

  it('renders every form code in English and Spanish with its code and title', async () => {
    for (const form of FORM_CODES.filter((f) => f !== 'Proof of Service')) {
      for (const language of ['en', 'es']) {
        const notice = await renderNotice(nc3Request(language, { form }));
        expect(notice.text.split('\n')[0]).toBe(form);
        expect(notice.text).toContain(STUDENT_ID);
        expect(notice.text).toContain('2026-10-29');
      }
    }
  });

  it('flows onto more pages with a footer on each', async () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ ...CONSENT_DEADLINE, due: `2026-11-${String(i + 10).padStart(2, '0')}` }));
    const notice = await renderNotice(nc3Request('en', { deadlines: many }));
    expect(notice.pages).toBeGreaterThan(1);
    const text = await pdfText(notice.pdf);
    expect(text).toContain(`Page ${notice.pages} of ${notice.pages}`);
    expect(text).toContain('Due: 2026-11-23 (Monday, November 23, 2026)');
    expect(text).toContain(`Case ${CASE_ID}`);
  });

  it('refuses an unknown form code as UnknownForm', async () => {
    const error = await renderNotice(nc3Request('en', { form: 'NC 99' })).catch((e: unknown) => e);
    expect(isActivityFailure(error, 'UnknownForm')).toBe(true);
    expect((error as Error).message).toContain('form');
  });

  it('refuses a missing or unsupported language as UnsupportedLanguage', async () => {
    const { language: _drop, ...missing } = nc3Request('en');
    const noLanguage = await renderNotice(missing).catch((e: unknown) => e);
    expect(isActivityFailure(noLanguage, 'UnsupportedLanguage')).toBe(true);
    expect((noLanguage as Error).message).toMatch(/language/);
    const french = await renderNotice(nc3Request('fr')).catch((e: unknown) => e);
    expect(isActivityFailure(french, 'UnsupportedLanguage')).toBe(true);
  });

  it('refuses a deadline without its explanation, naming the field', async () => {
    const error = await renderNotice(nc3Request('en', { deadlines: [{ ...CONSENT_DEADLINE, explanation: [] }] })).catch((e: unknown) => e);
    expect(isActivityFailure(error, 'BadInput')).toBe(true);
    expect((error as Error).message).toContain('deadlines.0.explanation');
  });
});

describe('renderAndStoreNotice', () => {
  let fx: Fixture;
  beforeEach(async () => (fx = await openFixture()));
  afterEach(async () => fx.close());

  it('stores the PDF by hash, prints the directory name, and notes it in the ledger once', async () => {
    const first = await fx.acts.renderAndStoreNotice(nc3Request('es', { idempotencyKey: `${CASE_ID}:3:0` }));
    const again = await fx.acts.renderAndStoreNotice(nc3Request('es', { idempotencyKey: `${CASE_ID}:3:0` }));
    expect(again.documentSha256).toBe(first.documentSha256);
    const stored = await fx.documents.get(first.documentSha256);
    expect(stored).not.toBeNull();
    const text = await pdfText(stored!);
    expect(text).toContain('Ana Test Example');
    expect(text).toContain('Padre/Madre/Tutor — Rosa Example');
    const entries = await new (await import('../../../activities')).CaseLedger(fx.dataDir).entries(CASE_ID);
    expect(entries.map((e) => [e.kind, e.body.sha256])).toEqual([['notice-rendered', first.documentSha256]]);
  });

  it('stores nothing and records nothing for an unknown form or an unknown student', async () => {
    await expect(fx.acts.renderAndStoreNotice(nc3Request('en', { form: 'XYZ' }))).rejects.toMatchObject({ type: 'UnknownForm' });
    await expect(fx.acts.renderAndStoreNotice(nc3Request('en', { studentId: 'nobody' }))).rejects.toMatchObject({ type: 'UnknownStudent' });
    const documents = await readdir(join(fx.dataDir, 'documents')).catch(() => []);
    expect(documents).toEqual([]);
    expect((await fx.acts.ledgerHead(CASE_ID)).seq).toBe(0);
  });
});
