/**
 * Wiring of the activities the worker registers: the stores under the data folder, the
 * mailer (the local SMTP sink of the embedded default, or a real SMTP server), the signing
 * secret (from configuration, or generated once into the ignored data folder).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createActivities,
  createMailer,
  createSinkMailer,
  FolderDocumentStore,
  mailFolderLookup,
  FolderStudentDirectory,
  startSmtpSink,
  type SmtpSink,
  type StudentDirectory,
  type StudentRecord,
} from '../activities';
import type { CaseEffectActivities } from '../workflows/activity-types';
import type { Config } from './config';

/** Signing-link HMAC key: CASECLOCK_SIGNING_SECRET, else a dev key made on first start. */
export function signingSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.CASECLOCK_SIGNING_SECRET) {
    if (env.CASECLOCK_SIGNING_SECRET.length < 32) throw new Error('configuration CASECLOCK_SIGNING_SECRET: must be at least 32 characters');
    return env.CASECLOCK_SIGNING_SECRET;
  }
  const file = join(dataDir, 'keys', 'signing-secret');
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

const SIGNER_COPY: Record<string, string> = { parent: 'parent', adultStudent: 'adultStudent', student: 'student', guardian: 'parent', lea: 'district', 'parent+lea': 'parent', 'adultStudent+lea': 'adultStudent' };

function asEffects(core: ReturnType<typeof createActivities>): CaseEffectActivities {
  return {
    sendNotice: (req) => core.sendNotice(req),
    async requestSignature(req) {
      // The document to be signed is rendered first (deterministic: a retry stores the same
      // bytes), so the signature binds to its SHA-256.
      const { language, ...request } = req;
      const doc = await core.renderAndStoreNotice({
        caseId: req.caseId,
        studentId: req.studentId,
        form: req.form,
        language,
        recipientRole: SIGNER_COPY[req.signer] ?? 'parent',
        issuedOn: req.issuedOn,
        processId: req.process,
        idempotencyKey: `${req.idempotencyKey}:document`,
      });
      return core.requestSignature({ ...request, documentSha256: doc.documentSha256 });
    },
    alertStaff: (req) => core.alertStaff(req),
    redeemSignature: (req) => core.redeemSignature(req),
  };
}

export async function createCaseActivities(config: Config): Promise<{ activities: CaseEffectActivities; close(): Promise<void> }> {
  const mailer = config.smtp.sink
    ? // The sink runs in the start supervisor; its mail folder answers "did this Message-ID arrive?",
      // which makes crash recovery exactly-once (activities/delivery.ts).
      createMailer({ host: '127.0.0.1', port: config.smtp.port, secure: false, from: config.smtp.from }, { ignoreTLS: true, wasAccepted: mailFolderLookup(config.dataDir) })
    : createMailer({ host: config.smtp.host, port: config.smtp.port, secure: config.smtp.secure, user: config.smtp.user, pass: config.smtp.pass, from: config.smtp.from });
  const core = createActivities({
    dataDir: config.dataDir,
    directory: new FolderStudentDirectory(config.dataDir),
    documents: new FolderDocumentStore(config.dataDir),
    mailer,
    signingSecret: signingSecret(config.dataDir),
    baseUrl: config.baseUrl,
    proofOfServiceSigner: process.env.CASECLOCK_PROOF_OF_SERVICE_SIGNER ?? 'office-secretary',
  });
  return { activities: asEffects(core), close: async () => undefined };
}

/** A fictional directory record (demo and simulation only: real records come from the district). */
export function demoRecord(studentId: string, birthDate: string, language: string): StudentRecord {
  const lang = /^[a-z]{2}$/.test(language) ? language : 'en';
  return {
    studentId,
    studentName: `Demo Student ${studentId}`,
    birthDate,
    parent: { name: `Demo Parent of ${studentId}`, email: `parent.${studentId}@families.example`, language: lang },
    adultStudent: { email: `student.${studentId}@families.example` },
    staff: {
      caseManager: { id: 'cm-demo', name: 'Demo Case Manager', email: 'case.manager@district.example' },
      spedDirector: { id: 'sped-director', name: 'Demo Special Education Director', email: 'sped.director@district.example' },
    },
  } as StudentRecord;
}

/** Put a demo record into the directory of `dataDir` unless one is there. */
export async function seedDirectoryEntry(dataDir: string, studentId: string, birthDate: string, language: string): Promise<void> {
  const directory = new FolderStudentDirectory(dataDir);
  try {
    await directory.get(studentId);
  } catch {
    await directory.put(demoRecord(studentId, birthDate, language));
  }
}

/** A directory that invents a demo record for an unknown student (simulation: histories carry no names). */
class SimulationDirectory implements StudentDirectory {
  constructor(private readonly inner: FolderStudentDirectory) {}
  async get(studentId: string): Promise<StudentRecord> {
    try {
      return await this.inner.get(studentId);
    } catch {
      return this.inner.put(demoRecord(studentId, '2000-01-01', 'en'));
    }
  }
  put(record: unknown): Promise<StudentRecord> {
    return this.inner.put(record);
  }
}

/** Simulation and tests: the real activities with a local SMTP sink on a free loopback port. */
export async function createSimulationActivities(dataDir: string): Promise<{ activities: CaseEffectActivities; sink: SmtpSink; close(): Promise<void> }> {
  const sink = await startSmtpSink({ dataDir });
  // One pooled connection to the sink: a new one costs 100 ms (mailer.ts), once per message.
  const mailer = createSinkMailer(sink, undefined, { pool: true });
  const core = createActivities({
    dataDir,
    directory: new SimulationDirectory(new FolderStudentDirectory(dataDir)),
    documents: new FolderDocumentStore(dataDir),
    mailer,
    signingSecret: randomBytes(32).toString('hex'),
    baseUrl: 'http://127.0.0.1:0',
    proofOfServiceSigner: 'office-secretary',
  });
  const activities = asEffects(core);
  if (process.env.CASECLOCK_SIMULATE_TRACE) {
    for (const name of Object.keys(activities) as Array<keyof CaseEffectActivities>) {
      const inner = activities[name] as (req: never) => Promise<unknown>;
      (activities as unknown as Record<string, unknown>)[name] = async (req: never) => {
        const started = Date.now();
        try {
          return await inner(req);
        } catch (error) {
          console.error(`trace activity ${name} failed: ${error instanceof Error ? `${error.name} ${(error as { type?: string }).type ?? ''} ${error.message}` : String(error)}`);
          throw error;
        } finally {
          console.error(`trace activity ${name} ${(req as { idempotencyKey: string }).idempotencyKey} ${Date.now() - started} ms`);
        }
      };
    }
  }
  const close = async () => {
    await mailer.close(); // first: the sink would wait for the pooled connection
    await sink.stop();
  };
  return { activities, sink, close };
}
