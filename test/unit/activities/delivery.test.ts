import { simpleParser } from 'mailparser';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseLedger } from '../../../activities';
import { deliveryLedgerFile, deliveryMessageId } from '../../../activities/delivery';
import { CASE_ID, CONSENT_DEADLINE, STUDENT_ID, nc3Request, openFixture, pdfText, type Fixture } from './case-fixture';

describe('deliverNotice', () => {
  let fx: Fixture;
  let sha: string;
  beforeEach(async () => {
    fx = await openFixture();
    sha = (await fx.acts.renderAndStoreNotice(nc3Request('es'))).documentSha256;
  });
  afterEach(async () => fx.close());

  const request = (overrides: Record<string, unknown> = {}) => ({
    idempotencyKey: `${CASE_ID}:4:0`,
    caseId: CASE_ID,
    studentId: STUDENT_ID,
    documentSha256: sha,
    form: 'NC 3',
    channel: 'email',
    recipientRole: 'parent',
    issuedOn: '2026-10-14',
    ...overrides,
  });
  const deliveryLines = () => deliveryLedgerFile(fx.dataDir, CASE_ID).readAll();

  it('emails the notice through real SMTP with the PDF attached and a Message-ID from the key', async () => {
    const record = await fx.acts.deliverNotice(request());
    expect(await fx.sink.count()).toBe(1);
    const [message] = await fx.sink.messages();
    const mail = await simpleParser(message.raw);
    expect(mail.messageId).toBe(deliveryMessageId(`${CASE_ID}:4:0`, 'parent', 'caseclock.local'));
    expect(record).toMatchObject({ status: 'delivered', channel: 'email', messageId: mail.messageId, documentSha256: sha });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('rosa@example.test');
    expect(mail.subject).toBe(`NC 3: Plan de Evaluación (estudiante ${STUDENT_ID})`);
    expect(mail.attachments).toHaveLength(1);
    const attachment = mail.attachments[0];
    expect(attachment.contentType).toBe('application/pdf');
    expect(createHash('sha256').update(attachment.content).digest('hex')).toBe(sha);
    expect(await pdfText(new Uint8Array(attachment.content))).toContain(CONSENT_DEADLINE.explanation[0]);
    const kinds = (await new CaseLedger(fx.dataDir).entries(CASE_ID)).map((e) => e.kind);
    expect(kinds).toEqual(['notice-rendered', 'notice-delivered']);
  });

  it('a retry with the same key sends nothing new and returns the first record', async () => {
    const first = await fx.acts.deliverNotice(request());
    fx.now.value = new Date('2026-10-14T17:00:00Z');
    const retry = await fx.acts.deliverNotice(request());
    expect(retry).toEqual(first);
    expect(await fx.sink.count()).toBe(1);
    expect((await deliveryLines()).map((l) => l.status)).toEqual(['intent', 'delivered']);
    expect((await new CaseLedger(fx.dataDir).entries(CASE_ID)).filter((e) => e.kind === 'notice-delivered')).toHaveLength(1);
  });

  it('after a crash between send and ledger write, the retry finds the message in the sink and sends nothing', async () => {
    const messageId = deliveryMessageId(`${CASE_ID}:4:0`, 'parent', fx.mailer.messageIdDomain);
    // What a crash leaves: the intent line, and the message accepted by the server.
    await deliveryLedgerFile(fx.dataDir, CASE_ID).append({
      status: 'intent', idempotencyKey: `${CASE_ID}:4:0`, recipientRole: 'parent', caseId: CASE_ID, channel: 'email',
      documentSha256: sha, form: 'NC 3', at: '2026-10-14T16:00:00.000Z', messageId,
    });
    await fx.mailer.send({ messageId, to: 'rosa@example.test', subject: 'first attempt', text: 'x' });
    const record = await fx.acts.deliverNotice(request());
    expect(record).toMatchObject({ status: 'delivered', messageId, recovered: true });
    expect(await fx.sink.count()).toBe(1);
  });

  it('after a crash before the send, the retry sends once', async () => {
    const messageId = deliveryMessageId(`${CASE_ID}:4:0`, 'parent', fx.mailer.messageIdDomain);
    await deliveryLedgerFile(fx.dataDir, CASE_ID).append({
      status: 'intent', idempotencyKey: `${CASE_ID}:4:0`, recipientRole: 'parent', caseId: CASE_ID, channel: 'email',
      documentSha256: sha, form: 'NC 3', at: '2026-10-14T16:00:00.000Z', messageId,
    });
    const record = await fx.acts.deliverNotice(request());
    expect(record.recovered).toBeUndefined();
    expect(await fx.sink.count()).toBe(1);
    expect((await deliveryLines()).map((l) => l.status)).toEqual(['intent', 'delivered']);
  });

  it('records postal mail with a stored Proof of Service signed by an uninvolved staff id', async () => {
    const record = await fx.acts.deliverNotice(request({ channel: 'mail', idempotencyKey: `${CASE_ID}:4:1` }));
    expect(record).toMatchObject({ channel: 'mail', servedBy: 'staff-clerk7', servedOn: '2026-10-14' });
    expect(await fx.sink.count()).toBe(0);
    const proof = await fx.documents.get(record.proofSha256!);
    const text = await pdfText(proof!);
    expect(text).toContain('Constancia de Entrega por Correo');
    expect(text).toContain(sha);
    expect(text).toContain('12 Oak St, Ukiah CA 95482');
    expect(text).toContain('staff-clerk7');
    const retry = await fx.acts.deliverNotice(request({ channel: 'mail', idempotencyKey: `${CASE_ID}:4:1` }));
    expect(retry).toEqual(record);
  });

  it('refuses the case manager as proof-of-service signer, and mail without a signer', async () => {
    await expect(fx.acts.deliverNotice(request({ channel: 'mail', servedBy: 'staff-cm1' }))).rejects.toMatchObject({ type: 'BadInput' });
    const noSigner = await openFixture({ proofOfServiceSigner: '' });
    try {
      const stored = await noSigner.acts.renderAndStoreNotice(nc3Request('es'));
      const error = await noSigner.acts.deliverNotice(request({ channel: 'mail', documentSha256: stored.documentSha256 })).catch((e: unknown) => e);
      expect((error as Error).message).toContain('servedBy');
    } finally {
      await noSigner.close();
    }
    expect(await deliveryLines()).toEqual([]);
  });

  it('records hand delivery with who and when; without them it refuses and records nothing', async () => {
    await expect(fx.acts.deliverNotice(request({ channel: 'hand' }))).rejects.toMatchObject({ type: 'BadInput' });
    expect(await deliveryLines()).toEqual([]);
    const record = await fx.acts.deliverNotice(request({ channel: 'hand', handDelivery: { deliveredBy: 'staff-cm1', deliveredOn: '2026-10-14' } }));
    expect(record).toMatchObject({ channel: 'hand', deliveredBy: 'staff-cm1', deliveredOn: '2026-10-14' });
  });

  it('refuses a document that is not stored', async () => {
    await expect(fx.acts.deliverNotice(request({ documentSha256: 'a'.repeat(64) }))).rejects.toMatchObject({ type: 'BadInput' });
    expect(await fx.sink.count()).toBe(0);
  });

  it('keeps addresses out of the delivery ledger', async () => {
    await fx.acts.deliverNotice(request());
    await fx.acts.deliverNotice(request({ channel: 'mail', idempotencyKey: `${CASE_ID}:4:1` }));
    const text = await readFile(join(fx.dataDir, 'deliveries', `${CASE_ID}.jsonl`), 'utf8');
    expect(text).not.toContain('rosa@example.test');
    expect(text).not.toContain('Oak St');
  });
});

describe('sendNotice (the workflow effect) and alertStaff', () => {
  let fx: Fixture;
  beforeEach(async () => (fx = await openFixture()));
  afterEach(async () => fx.close());

  const effect = {
    idempotencyKey: `${CASE_ID}:2:1`,
    caseId: CASE_ID,
    studentId: STUDENT_ID,
    process: 'initial-evaluation#1',
    form: 'NC 3',
    to: ['parent', 'teachers'],
    language: 'es',
    delivery: 'email',
    deadlines: [{ ...CONSENT_DEADLINE, earliest: null }],
    issuedOn: '2026-10-14',
  };

  it('renders per recipient (family in Spanish, staff in English) and delivers each once', async () => {
    const result = await fx.acts.sendNotice(effect);
    expect(result.deliveries.map((d) => [d.recipient, d.channel, d.via])).toEqual([
      ['parent', 'email', undefined],
      ['teachers', 'email', 'caseManager'],
    ]);
    expect(result.documentSha256).toBe(result.deliveries[0].documentSha256);
    expect(await fx.sink.count()).toBe(2);
    const subjects = await Promise.all((await fx.sink.messages()).map(async (m) => (await simpleParser(m.raw)).subject));
    expect(subjects.sort()).toEqual([`NC 3: Assessment Plan (student ${STUDENT_ID})`, `NC 3: Plan de Evaluación (estudiante ${STUDENT_ID})`]);
    const retry = await fx.acts.sendNotice(effect);
    expect(retry).toEqual(result);
    expect(await fx.sink.count()).toBe(2);
  });

  it('refuses an unknown form or a missing language before sending anything', async () => {
    await expect(fx.acts.sendNotice({ ...effect, form: 'NC 404' })).rejects.toMatchObject({ type: 'UnknownForm' });
    await expect(fx.acts.sendNotice({ ...effect, language: undefined })).rejects.toMatchObject({ type: 'UnsupportedLanguage' });
    expect(await fx.sink.count()).toBe(0);
    expect((await fx.acts.ledgerHead(CASE_ID)).seq).toBe(0);
  });

  it('alerts staff roles by email once per key; a role the directory lacks goes to the director', async () => {
    const alert = { idempotencyKey: `${CASE_ID}:5:0`, caseId: CASE_ID, studentId: STUDENT_ID, kind: 'escalation', rule: 'assessment-plan', due: '2026-10-20', to: ['caseManager', 'supervisor'], on: '2026-10-20' };
    const first = await fx.acts.alertStaff(alert);
    expect(first.sent).toBe(2);
    expect(first.alerts[1]).toMatchObject({ recipient: 'supervisor', via: 'spedDirector' });
    const mails = await Promise.all((await fx.sink.messages()).map((m) => simpleParser(m.raw)));
    expect(mails.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')).sort()).toEqual(['cm1@district.test', 'director@district.test']);
    expect(mails[0].text).toContain('assessment-plan due 2026-10-20');
    expect(mails[0].text).not.toContain('Ana');
    expect(await fx.acts.alertStaff(alert)).toEqual(first);
    expect(await fx.sink.count()).toBe(2);
    await expect(fx.acts.alertStaff({ ...alert, idempotencyKey: 'k2', to: ['parent'] })).rejects.toMatchObject({ type: 'BadInput' });
  });
});

describe('mailFolderLookup', () => {
  it('finds a Message-ID the sink stored, and not another', async () => {
    const { mailFolderLookup } = await import('../../../activities');
    const fx = await openFixture();
    try {
      await fx.mailer.send({ messageId: '<abc123@caseclock.local>', to: 'x@example.test', subject: 's', text: 't' });
      const lookup = mailFolderLookup(fx.dataDir);
      expect(await lookup('<abc123@caseclock.local>')).toBe(true);
      expect(await lookup('<other@caseclock.local>')).toBe(false);
    } finally {
      await fx.close();
    }
  });
});
