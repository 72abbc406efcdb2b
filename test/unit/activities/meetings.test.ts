import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASE_ID, openFixture, type Fixture } from './case-fixture';

describe('meeting attendance and excusal', () => {
  let fx: Fixture;
  let agreement: string;
  beforeEach(async () => {
    fx = await openFixture();
    agreement = (await fx.documents.put(new TextEncoder().encode('signed NC 7 scan'), { contentType: 'application/pdf', form: 'NC 7' })).sha256;
  });
  afterEach(async () => fx.close());

  const excusal = (overrides: Record<string, unknown> = {}) => ({
    caseId: CASE_ID,
    meetingId: 'mtg-2026-10-28',
    member: { role: 'occupationalTherapist', staffId: 'staff-ot3' },
    area: 'ot',
    leaAgreed: true,
    parentAgreementSha256: agreement,
    ...overrides,
  });

  it('records attendance by role and staff id', async () => {
    const entry = await fx.acts.recordAttendance({
      caseId: CASE_ID,
      meetingId: 'mtg-2026-10-28',
      attendees: [{ role: 'parent' }, { role: 'leaRepresentative', staffId: 'staff-dir' }],
      signedOn: '2026-10-28',
    });
    expect(entry).toMatchObject({ seq: 1, kind: 'attendance', body: { meetingId: 'mtg-2026-10-28', attendees: [{ role: 'parent' }, { role: 'leaRepresentative', staffId: 'staff-dir' }] } });
    await expect(fx.acts.recordAttendance({ caseId: CASE_ID, meetingId: 'm2', attendees: [], signedOn: '2026-10-28' })).rejects.toMatchObject({
      type: 'BadInput',
      message: expect.stringContaining('attendees'),
    });
  });

  it('refuses an excusal without the parent’s written agreement (B-16: NC 7 always) and records nothing', async () => {
    await expect(fx.acts.recordExcusal(excusal({ parentAgreementSha256: undefined }))).rejects.toMatchObject({
      type: 'ExcusalWithoutAgreement',
      message: expect.stringContaining('parentAgreementSha256'),
    });
    await expect(fx.acts.recordExcusal(excusal({ leaAgreed: false }))).rejects.toMatchObject({ type: 'ExcusalWithoutAgreement' });
    await expect(fx.acts.recordExcusal(excusal({ areaDiscussed: true }))).rejects.toMatchObject({
      type: 'ExcusalWithoutAgreement',
      message: expect.stringContaining('writtenInputSha256'),
    });
    await expect(fx.acts.recordExcusal(excusal({ parentAgreementSha256: 'c'.repeat(64) }))).rejects.toMatchObject({ type: 'BadInput' });
    expect((await fx.acts.ledgerHead(CASE_ID)).seq).toBe(0);
  });

  it('records an agreed excusal once per key', async () => {
    const first = await fx.acts.recordExcusal(excusal({ idempotencyKey: `${CASE_ID}:7:0` }));
    const again = await fx.acts.recordExcusal(excusal({ idempotencyKey: `${CASE_ID}:7:0` }));
    expect(again).toEqual(first);
    expect(first).toMatchObject({ kind: 'excusal', body: { area: 'ot', parentAgreementSha256: agreement, leaAgreed: true } });
  });

  it('under policy discussedOnly an area not discussed needs agreement but not the written form', async () => {
    const relaxed = await openFixture({ excusalWritten: 'discussedOnly' });
    try {
      const entry = await relaxed.acts.recordExcusal(excusal({ parentAgreementSha256: undefined }));
      expect(entry.kind).toBe('excusal');
      await expect(relaxed.acts.recordExcusal(excusal({ parentAgreementSha256: undefined, areaDiscussed: true, meetingId: 'm3' }))).rejects.toMatchObject({
        type: 'ExcusalWithoutAgreement',
      });
    } finally {
      await relaxed.close();
    }
  });
});
