import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { CASE_ID, STUDENT_ID, nc3Request, openFixture, type Fixture } from './case-fixture';

describe('signatures', () => {
  let fx: Fixture;
  let sha: string;
  beforeEach(async () => {
    fx = await openFixture();
    sha = (await fx.acts.renderAndStoreNotice(nc3Request('es'))).documentSha256;
  });
  afterEach(async () => fx.close());

  const request = (overrides: Record<string, unknown> = {}) => ({
    idempotencyKey: `${CASE_ID}:4:2`,
    caseId: CASE_ID,
    studentId: STUDENT_ID,
    scope: 'initial-assessment',
    signerRole: 'parent',
    form: 'NC 3',
    documentSha256: sha,
    expiresInDays: 15,
    ...overrides,
  });
  const redeem = (token: string, overrides: Record<string, unknown> = {}) => ({
    token,
    decision: { scope: 'full' },
    documentSha256: sha,
    method: 'electronic',
    signedAt: '2026-10-14T08:45:00-07:00', // before the fixture's clock (09:00 in California)
    signerRole: 'parent',
    ...overrides,
  });
  const ledgerLength = async () => (await fx.acts.ledgerHead(CASE_ID)).seq;

  it('creates a one-time link and stores only the token hash with its expiry', async () => {
    const result = await fx.acts.requestSignature(request());
    // The link names the case, so the API can hand the signature to the case's workflow.
    expect(result.url).toBe(`http://127.0.0.1:4400/sign/${CASE_ID}/${result.token}`);
    expect(result.documentSha256).toBe(sha);
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.expiresOn).toBe('2026-10-29');
    const files = await readdir(join(fx.dataDir, 'signatures', 'requests'));
    const tokenHash = createHash('sha256').update(result.token).digest('hex');
    expect(files).toEqual([`${tokenHash}.json`]);
    expect(await readFile(join(fx.dataDir, 'signatures', 'requests', files[0]), 'utf8')).not.toContain(result.token);
  });

  it('a retry with the same key returns the same request and a link that still works', async () => {
    const first = await fx.acts.requestSignature(request());
    const seq = await ledgerLength();
    const retry = await fx.acts.requestSignature(request());
    expect(retry).toEqual(first);
    expect(await ledgerLength()).toBe(seq);
    const other = await fx.acts.requestSignature(request({ idempotencyKey: `${CASE_ID}:9:0` }));
    expect(other.token).not.toBe(first.token);
  });

  it('finds the family copy of the form when the workflow names no document', async () => {
    const { documentSha256: _none, ...withoutDocument } = request();
    const result = await fx.acts.requestSignature({ ...withoutDocument, signerRole: undefined, signer: 'parent' });
    const recorded = await fx.acts.redeemSignature(redeem(result.token));
    expect(recorded.complete).toBe(true);
    await expect(fx.acts.requestSignature({ ...withoutDocument, idempotencyKey: 'k-9', form: 'IEP 9A' })).rejects.toMatchObject({ type: 'BadInput' });
  });

  it('records a signature in the case ledger, then refuses the used token and records nothing', async () => {
    const { token, requestId } = await fx.acts.requestSignature(request());
    const result = await fx.acts.redeemSignature(redeem(token, { decision: { scope: 'partial', refusedItems: ['health'] } }));
    expect(result).toMatchObject({ requestId, caseId: CASE_ID, scope: 'initial-assessment', complete: true, decision: { scope: 'partial', refusedItems: ['health'] } });
    const seq = await ledgerLength();
    expect(seq).toBe(result.ledgerEntry.seq);
    await expect(fx.acts.redeemSignature(redeem(token))).rejects.toMatchObject({ type: 'BadSignatureToken', message: expect.stringContaining('already used') });
    expect(await ledgerLength()).toBe(seq);
  });

  it('refuses an expired token and records nothing', async () => {
    const { token } = await fx.acts.requestSignature(request());
    const seq = await ledgerLength();
    fx.now.value = new Date('2026-10-30T18:00:00Z'); // 2026-10-30 in California, the day after expiry
    await expect(fx.acts.redeemSignature(redeem(token, { signedAt: '2026-10-30T10:00:00-07:00' }))).rejects.toMatchObject({
      type: 'BadSignatureToken',
      message: expect.stringContaining('expired on 2026-10-29'),
    });
    expect(await ledgerLength()).toBe(seq);
  });

  it('refuses an unknown token, and a signature on a document whose hash changed', async () => {
    const { token } = await fx.acts.requestSignature(request());
    fx.now.value = new Date('2026-10-22T18:00:00Z');
    const seq = await ledgerLength();
    await expect(fx.acts.redeemSignature(redeem('A'.repeat(43)))).rejects.toMatchObject({ type: 'BadSignatureToken' });
    await expect(fx.acts.redeemSignature(redeem(token, { documentSha256: 'b'.repeat(64) }))).rejects.toMatchObject({ type: 'DocumentChanged' });
    await expect(fx.acts.redeemSignature(redeem(token, { decision: { scope: 'partial' } }))).rejects.toMatchObject({ type: 'BadInput' });
    await expect(fx.acts.redeemSignature(redeem(token, { signerRole: 'lea' }))).rejects.toMatchObject({ type: 'BadInput' });
    expect(await ledgerLength()).toBe(seq);
    // The token is still good after refusals.
    expect((await fx.acts.redeemSignature(redeem(token))).complete).toBe(true);
  });

  it('a parent+lea request is complete only when both have signed', async () => {
    const { token } = await fx.acts.requestSignature(request({ idempotencyKey: 'k-nc7', signerRole: 'parent+lea', scope: 'excusal' }));
    const lea = await fx.acts.redeemSignature(redeem(token, { signerRole: 'lea', method: 'in-person' }));
    expect(lea.complete).toBe(false);
    const parent = await fx.acts.redeemSignature(redeem(token));
    expect(parent.complete).toBe(true);
  });

  it('an adultStudent+lea request (a shared request after rights transfer) needs the adult student and the district, never the parent', async () => {
    const { token } = await fx.acts.requestSignature(request({ idempotencyKey: 'k-nc7-adult', signerRole: 'adultStudent+lea', scope: 'excusal' }));
    await expect(fx.acts.redeemSignature(redeem(token))).rejects.toMatchObject({ type: 'BadInput', message: expect.stringContaining('adultStudent+lea') });
    expect((await fx.acts.redeemSignature(redeem(token, { signerRole: 'lea', method: 'in-person' }))).complete).toBe(false);
    expect((await fx.acts.redeemSignature(redeem(token, { signerRole: 'adultStudent' }))).complete).toBe(true);
  });

  it('refuses a request without a signer, naming the field', async () => {
    await expect(fx.acts.requestSignature(request({ signerRole: undefined }))).rejects.toMatchObject({ message: expect.stringContaining('signerRole') });
  });
});
