/**
 * Outgoing mail. `createMailer(config)` talks to a real SMTP server (host/port/secure/auth
 * from the configuration) with nodemailer; `createSinkMailer(sink)` points the same code at
 * the local sink and can confirm by Message-ID whether a message arrived, which lets a retry
 * after a crash skip a message that was already accepted (delivery.ts).
 */
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { parseInput } from './failures';
import type { SmtpSink } from './smtp-sink';

export const MailerConfigSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** true = TLS from the first byte (port 465); false = STARTTLS when the server offers it. */
    secure: z.boolean(),
    user: z.string().min(1).optional(),
    pass: z.string().min(1).optional(),
    /** Envelope and header sender, e.g. `Special Education <sped@district.example>`. */
    from: z.string().min(3),
    /** Right-hand side of generated Message-IDs (default: caseclock.local). */
    messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]{1,200}$/).optional(),
    /** Refuse a server that does not do TLS (production default: true when not secure). */
    requireTLS: z.boolean().optional(),
  });
// Not strict: the worker's `config.smtp` (with its `sink` flag) can be passed as it is.
export type MailerConfig = z.infer<typeof MailerConfigSchema>;

export interface OutgoingMail {
  /** `<…@domain>`, derived from the idempotency key (delivery.ts). */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: Uint8Array; contentType: string }>;
}

export interface SentMail {
  messageId: string;
  accepted: number;
  rejected: number;
  /** The server's final reply line (no addresses). */
  response: string;
}

export interface Mailer {
  readonly messageIdDomain: string;
  send(mail: OutgoingMail): Promise<SentMail>;
  /** Whether the server already holds this Message-ID; only sinks can answer. */
  wasAccepted?(messageId: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * `pool`: keep one connection open and send every message over it. The local sink
 * (smtp-server) holds each new connection 100 ms before its greeting (its early-talker check),
 * which made a simulated corpus spend most of its time connecting; close() the mailer before
 * stopping the sink, or the sink waits for the open connection.
 */
export function createMailer(input: MailerConfig, options: { wasAccepted?: (messageId: string) => Promise<boolean>; ignoreTLS?: boolean; pool?: boolean } = {}): Mailer {
  const config = parseInput(MailerConfigSchema, input, 'mailer configuration');
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTLS,
    ignoreTLS: options.ignoreTLS,
    auth: config.user ? { user: config.user, pass: config.pass } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    logger: false,
    ...(options.pool ? { pool: true as const, maxConnections: 1, maxMessages: Infinity } : {}),
  });
  return {
    messageIdDomain: config.messageIdDomain ?? 'caseclock.local',
    async send(mail) {
      const info = await transport.sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType })),
      });
      const accepted = (info.accepted ?? []).length;
      const rejected = (info.rejected ?? []).length;
      if (accepted === 0) throw new Error(`smtp: no recipient accepted message ${mail.messageId}`);
      return { messageId: mail.messageId, accepted, rejected, response: String(info.response ?? '') };
    },
    wasAccepted: options.wasAccepted,
    async close() {
      transport.close();
    },
  };
}

/** A mailer that sends to the local sink over real SMTP and can ask it about Message-IDs. */
export function createSinkMailer(sink: SmtpSink, from = 'caseclock@localhost', options: { pool?: boolean } = {}): Mailer {
  return createMailer(
    { host: sink.host === 'localhost' ? '127.0.0.1' : sink.host, port: sink.port, secure: false, from },
    { wasAccepted: (id) => sink.hasMessageId(id), ignoreTLS: true, pool: options.pool },
  );
}
