/**
 * Content-addressed document store: a document's address is the SHA-256 of its bytes, so a
 * retried render stores nothing new and a ledger entry that names a hash names exactly one
 * document. `FolderDocumentStore` is the local implementation (`<dataDir>/documents/ab/cdef…`,
 * written to a temp file and renamed, so a reader never sees half a document). In production
 * the same interface is filled by an object store (S3/GCS/Azure Blob with the hash as key,
 * write-once / object-lock retention): `put` = conditional PUT if absent, `get` = GET with the
 * hash checked on read, `has` = HEAD.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SHA256_PATTERN, sha256Hex } from './canonical-json';

export interface DocumentMeta {
  contentType: string;
  /** Ids and codes only: `caseId`, `form`, `language`, `kind`. */
  [field: string]: string | undefined;
}

export interface DocumentStore {
  put(bytes: Uint8Array, meta: DocumentMeta): Promise<{ sha256: string }>;
  get(sha256: string): Promise<Uint8Array | null>;
  has(sha256: string): Promise<boolean>;
}

export class FolderDocumentStore implements DocumentStore {
  readonly folder: string;

  constructor(dataDir: string) {
    this.folder = join(dataDir, 'documents');
  }

  private pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new Error('document store: address must be a lowercase hex SHA-256');
    return join(this.folder, sha256.slice(0, 2), sha256.slice(2));
  }

  async put(bytes: Uint8Array, meta: DocumentMeta): Promise<{ sha256: string }> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256 };
    await mkdir(join(this.folder, sha256.slice(0, 2)), { recursive: true });
    const suffix = `${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    // The metadata goes first: a document that exists always has its metadata beside it.
    await writeFile(`${target}.meta.json.${suffix}`, `${JSON.stringify(meta)}\n`);
    await rename(`${target}.meta.json.${suffix}`, `${target}.meta.json`);
    await writeFile(`${target}.${suffix}`, bytes);
    await rename(`${target}.${suffix}`, target);
    return { sha256 };
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // A stored document whose bytes no longer match its address was damaged on disk.
    if (sha256Hex(bytes) !== sha256) throw new Error(`document store: document ${sha256} is damaged (hash mismatch)`);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async meta(sha256: string): Promise<DocumentMeta | null> {
    try {
      return JSON.parse(await readFile(`${this.pathOf(sha256)}.meta.json`, 'utf8')) as DocumentMeta;
    } catch {
      return null;
    }
  }
}
