/**
 * Mutual exclusion for the append-only files under the data folder. Two layers: a promise
 * queue per lock inside this process (several activities of one worker), and a lock file
 * created with O_EXCL for other processes (the API process redeems signatures while the
 * worker appends to the same case ledger). A lock file older than `staleMs` is from a crashed
 * process and is taken over.
 */
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';

const queues = new Map<string, Promise<void>>();

export interface LockOptions {
  /** A lock file untouched for this long belongs to a crashed process (default 120 s: an SMTP send may hold it). */
  staleMs?: number;
  /** Give up (a retryable error) after waiting this long (default 60 s). */
  waitMs?: number;
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}

/**
 * The lock file names its holder's pid: a holder that no longer runs on this machine (a
 * worker killed with SIGKILL) is gone at once, without waiting for `staleMs`.
 */
async function holderIsGone(lockPath: string): Promise<boolean> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return isErrno(error, 'ESRCH');
  }
}

async function acquireLockFile(lockPath: string, staleMs: number, waitMs: number): Promise<void> {
  await mkdir(dirname(lockPath), { recursive: true });
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const info = await stat(lockPath).catch(() => null);
    if (info && (Date.now() - info.mtimeMs > staleMs || (await holderIsGone(lockPath)))) {
      await unlink(lockPath).catch(() => {});
      continue;
    }
    if (Date.now() - started > waitMs) throw new Error(`lock busy: ${lockPath}`);
    await pause(Math.min(5 + attempt * 5, 50));
  }
}

/** Run `fn` while holding the lock at `lockPath` (in this process and across processes). */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const previous = queues.get(lockPath) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  queues.set(lockPath, tail);
  await previous;
  try {
    await acquireLockFile(lockPath, options.staleMs ?? 120_000, options.waitMs ?? 60_000);
    try {
      return await fn();
    } finally {
      await unlink(lockPath).catch(() => {});
    }
  } finally {
    release();
    if (queues.get(lockPath) === tail) queues.delete(lockPath);
  }
}
