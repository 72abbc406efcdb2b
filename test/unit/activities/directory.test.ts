import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderStudentDirectory, isActivityFailure } from '../../../activities';
import { sampleStudent, STUDENT_ID } from './case-fixture';

describe('FolderStudentDirectory', () => {
  let dataDir: string;
  let directory: FolderStudentDirectory;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'caseclock-dir-'));
    directory = new FolderStudentDirectory(dataDir);
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it('stores and returns a validated record by student id', async () => {
    await directory.put(sampleStudent());
    const record = await directory.get(STUDENT_ID);
    expect(record.parent.language).toBe('es');
    expect(record.staff.caseManager.id).toBe('staff-cm1');
  });

  it('refuses a bad record naming the field, without echoing the value', async () => {
    const bad = sampleStudent({ parent: { name: 'Rosa Example', email: 'not-an-email', language: 'es' } });
    const error = await directory.put(bad).catch((e: unknown) => e);
    expect(isActivityFailure(error, 'BadInput')).toBe(true);
    expect((error as Error).message).toContain('parent.email');
    expect((error as Error).message).not.toContain('not-an-email');
    const unknownField = await directory.put({ ...sampleStudent(), ssn: '123' }).catch((e: unknown) => e);
    expect((unknownField as Error).message).toMatch(/ssn|unrecognized/i);
  });

  it('reports an unknown student as UnknownStudent and a damaged file as BadInput naming the field', async () => {
    await expect(directory.get('nobody')).rejects.toMatchObject({ type: 'UnknownStudent' });
    await mkdir(join(dataDir, 'directory'), { recursive: true });
    await writeFile(join(dataDir, 'directory', 's-bad.json'), JSON.stringify({ ...sampleStudent(), studentId: 's-bad', birthDate: '2019-02-30' }));
    const error = await directory.get('s-bad').catch((e: unknown) => e);
    expect(isActivityFailure(error, 'BadInput')).toBe(true);
    expect((error as Error).message).toContain('birthDate');
  });
});
