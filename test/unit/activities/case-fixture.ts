/**
 * Shared set-up of the activity tests: a temp data folder, a student in the directory, a real
 * SMTP sink on 127.0.0.1 port 0, the factory's activities with a fixed clock, and PDF text
 * extraction with pdfjs-dist. One set-up, used by every activities test file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createSinkMailer, FolderDocumentStore, FolderStudentDirectory, startSmtpSink, type SmtpSink } from '../../../activities';
import type { StudentRecord } from '../../../activities/directory';
import type { Mailer } from '../../../activities/mailer';

export const STUDENT_ID = 's-4821';
export const CASE_ID = `case-${STUDENT_ID}`;
export const SECRET = 'test-signing-secret-0123456789abcdef';

export function sampleStudent(overrides: Partial<StudentRecord> = {}): StudentRecord {
  return {
    studentId: STUDENT_ID,
    studentName: 'Ana Test Example',
    birthDate: '2019-05-02',
    parent: { name: 'Rosa Example', email: 'rosa@example.test', postalAddress: '12 Oak St, Ukiah CA 95482', language: 'es' },
    staff: {
      caseManager: { id: 'staff-cm1', name: 'Case Manager One', email: 'cm1@district.test' },
      spedDirector: { id: 'staff-dir', name: 'Director Two', email: 'director@district.test' },
    },
    ...overrides,
  };
}

/** The NC 3 consent deadline as the deadline engine states it (processes.md C1). */
export const CONSENT_DEADLINE = {
  rule: 'consent-response' as const,
  due: '2026-10-29',
  actBy: '2026-10-29',
  explanation: ['The parent has at least 15 calendar days from receiving the plan on 2026-10-14: last day 2026-10-29 (L726).'],
};

export interface Fixture {
  dataDir: string;
  directory: FolderStudentDirectory;
  documents: FolderDocumentStore;
  sink: SmtpSink;
  mailer: Mailer;
  now: { value: Date };
  acts: ReturnType<typeof createActivities>;
  close(): Promise<void>;
}

export async function openFixture(options: { proofOfServiceSigner?: string; excusalWritten?: 'always' | 'discussedOnly' } = {}): Promise<Fixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'caseclock-activities-'));
  const directory = new FolderStudentDirectory(dataDir);
  await directory.put(sampleStudent());
  const documents = new FolderDocumentStore(dataDir);
  const sink = await startSmtpSink({ dataDir, port: 0 });
  const mailer = createSinkMailer(sink, 'caseclock@district.test');
  const now = { value: new Date('2026-10-14T16:00:00Z') };
  const acts = createActivities({
    dataDir,
    directory,
    documents,
    mailer,
    signingSecret: SECRET,
    baseUrl: 'http://127.0.0.1:4400',
    clock: () => now.value,
    proofOfServiceSigner: options.proofOfServiceSigner ?? 'staff-clerk7',
    excusalWritten: options.excusalWritten,
  });
  return {
    dataDir,
    directory,
    documents,
    sink,
    mailer,
    now,
    acts,
    async close() {
      await mailer.close();
      await sink.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** All text of a PDF, pages joined, whitespace collapsed (wrapped lines become one string). */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join(' ').replace(/\s+/g, ' ');
}

export function nc3Request(language: string, overrides: Record<string, unknown> = {}) {
  return {
    caseId: CASE_ID,
    studentId: STUDENT_ID,
    form: 'NC 3',
    language,
    recipientRole: 'parent',
    issuedOn: '2026-10-14',
    deadlines: [CONSENT_DEADLINE],
    processId: 'initial-evaluation#1',
    ...overrides,
  };
}
