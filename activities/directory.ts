/**
 * The student directory: the only place names, emails and postal addresses live. Temporal
 * workflows hold ids, dates and codes (architecture.md "Case shape"); notices and emails are
 * rendered at activity time from this directory plus the workflow's facts.
 *
 * `FolderStudentDirectory` keeps one zod-validated JSON file per student under
 * `<dataDir>/directory/<studentId>.json` (written to a temp file, then renamed). Errors name
 * the field and the student id, never a value; nothing here logs.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ActivityFailureType, issuePath, nonRetryable, parseInput } from './failures';
import { EntityId } from './ids';
import { IsoDate } from '../machines/contract';

/** ISO 639-1 code of the language notices are written in (`en`, `es`). */
export const LanguageCode = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language code such as en or es');

const PersonName = z.string().trim().min(1, 'must not be empty').max(200, 'is too long');
const PostalAddress = z.string().trim().min(1, 'must not be empty').max(500, 'is too long');

export const StaffContactSchema = z
  .object({
    /** Staff id, printed on proofs of service and recorded in ledgers instead of the name. */
    id: EntityId.optional(),
    name: PersonName,
    email: z.email('must be an email address'),
  })
  .strict();
export type StaffContact = z.infer<typeof StaffContactSchema>;

export const StudentRecordSchema = z
  .object({
    studentId: EntityId,
    studentName: PersonName,
    birthDate: IsoDate,
    parent: z
      .object({
        name: PersonName,
        email: z.email('must be an email address').optional(),
        postalAddress: PostalAddress.optional(),
        language: LanguageCode,
      })
      .strict(),
    /** Contact of the student once rights transferred at 18 (L3473-3476). */
    adultStudent: z
      .object({ email: z.email('must be an email address').optional(), postalAddress: PostalAddress.optional() })
      .strict()
      .optional(),
    /**
     * Staff by role. Case manager and special education director are required (escalations go
     * to them); other roles (supervisor, selpaDirector, teachers, providers, …) are optional.
     */
    staff: z.object({ caseManager: StaffContactSchema, spedDirector: StaffContactSchema }).catchall(StaffContactSchema),
  })
  .strict();
export type StudentRecord = z.infer<typeof StudentRecordSchema>;

export interface StudentDirectory {
  /** The student's record; `UnknownStudent` (non-retryable) when there is none. */
  get(studentId: string): Promise<StudentRecord>;
  /** Validate and store a record (replaces the previous one). */
  put(record: unknown): Promise<StudentRecord>;
}

export class FolderStudentDirectory implements StudentDirectory {
  private readonly folder: string;

  constructor(dataDir: string) {
    this.folder = join(dataDir, 'directory');
  }

  async get(studentId: string): Promise<StudentRecord> {
    const id = parseInput(EntityId, studentId, 'student directory: studentId');
    let text: string;
    try {
      text = await readFile(join(this.folder, `${id}.json`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw nonRetryable(ActivityFailureType.UnknownStudent, `student directory: no record for student ${id}`);
      }
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw nonRetryable(ActivityFailureType.BadInput, `student directory: record of student ${id} is not JSON`);
    }
    const parsed = StudentRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw nonRetryable(ActivityFailureType.BadInput, `student directory: record of student ${id}: ${issuePath(issue)}: ${issue.message}`);
    }
    if (parsed.data.studentId !== id) {
      throw nonRetryable(ActivityFailureType.BadInput, `student directory: file of student ${id} holds another studentId`);
    }
    return parsed.data;
  }

  async put(record: unknown): Promise<StudentRecord> {
    const valid = parseInput(StudentRecordSchema, record, 'student directory record');
    await mkdir(this.folder, { recursive: true });
    const target = join(this.folder, `${valid.studentId}.json`);
    const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, target);
    return valid;
  }
}
