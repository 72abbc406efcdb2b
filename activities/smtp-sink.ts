/**
 * A local SMTP sink for the embedded demo and the tests: a real SMTP server (smtp-server) on
 * the loopback interface only, which accepts every message and stores it as an .eml file
 * under `<dataDir>/mail/` (temp file + rename). Nothing is relayed anywhere. Port 0 picks a
 * free port; `port` tells which. No STARTTLS and no AUTH: it never leaves the machine.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { sha256Hex } from './canonical-json';

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'] as const;

export interface SmtpSinkOptions {
  dataDir: string;
  /** Loopback only. */
  host?: (typeof LOOPBACK)[number];
  /** 0 (default) = any free port. */
  port?: number;
  /** Largest message accepted, bytes (default 25 MB). */
  maxBytes?: number;
}

export interface SinkMessage {
  file: string;
  messageId: string | null;
  raw: Buffer;
}

export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  readonly folder: string;
  messages(): Promise<SinkMessage[]>;
  count(): Promise<number>;
  hasMessageId(messageId: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** The Message-ID header of a raw message (folded headers unfolded), or null. */
export function messageIdOf(raw: Buffer | string): string | null {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:\s*(<[^>\s]+>)/im.exec(headers);
  return match ? match[1] : null;
}

/** The messages a sink stored in `folder` (`<dataDir>/mail`), oldest first. */
export async function readMailFolder(folder: string): Promise<SinkMessage[]> {
  const files = (await readdir(folder).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = await readFile(join(folder, file));
      return { file, messageId: messageIdOf(raw), raw };
    }),
  );
}

/**
 * `wasAccepted` for a mailer whose sink runs in another process (the start supervisor): looks
 * the Message-ID up in the sink's folder, so crash recovery stays exactly-once in the demo.
 */
export function mailFolderLookup(dataDir: string): (messageId: string) => Promise<boolean> {
  const folder = join(dataDir, 'mail');
  return async (messageId) => (await readMailFolder(folder)).some((m) => m.messageId === messageId);
}

export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.includes(host)) throw new Error(`smtp sink: host must be a loopback address (${LOOPBACK.join(', ')})`);
  const folder = join(options.dataDir, 'mail');
  await mkdir(folder, { recursive: true });
  let sequence = (await readdir(folder)).filter((f) => f.endsWith('.eml')).length;

  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    size: options.maxBytes ?? 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const name = `${String(++sequence).padStart(6, '0')}-${sha256Hex(raw).slice(0, 12)}.eml`;
        const temp = join(folder, `.${name}.tmp`);
        // Reply 250 only once the message is on disk: an accepted message is never lost.
        writeFile(temp, raw)
          .then(() => rename(temp, join(folder, name)))
          .then(() => callback(null), (error: Error) => callback(error));
      });
    },
  });

  // smtp-server emits a connection's socket error (ECONNRESET, EPIPE …) on the server when it
  // comes inside a mail transaction — a worker killed mid-notice does exactly that. With no
  // listener the event would throw in whatever process runs the sink (the start supervisor,
  // a fault test). The half-sent message was never acknowledged, so nothing is lost: the
  // sender's retry sends it again and delivery stays once by Message-ID. Until the sink listens,
  // a failure (port in use) is the caller's one error (rejected below), not a line here as well.
  let listening = false;
  server.on('error', (error: NodeJS.ErrnoException & { remoteAddress?: string }) => {
    if (!listening || error.remoteAddress !== undefined) return;
    process.stderr.write(`smtp sink: ${error.code ?? error.name}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      listening = true;
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;

  const messages = () => readMailFolder(folder);

  return {
    host,
    port: address.port,
    folder,
    messages,
    count: async () => (await readdir(folder)).filter((f) => f.endsWith('.eml')).length,
    hasMessageId: async (messageId) => (await messages()).some((m) => m.messageId === messageId),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function stopSmtpSink(sink: SmtpSink): Promise<void> {
  await sink.stop();
}
