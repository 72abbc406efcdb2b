/**
 * The local SMTP sink when a sender dies mid-message: a worker killed with SIGKILL while it
 * is sending a notice resets its SMTP connection inside the transaction. smtp-server reports
 * that reset as an 'error' event on the server (it keeps quiet only outside a transaction);
 * with no listener, that event threw in the process that runs the sink — the test process in
 * the fault tests, the start supervisor in `npm start` — which is where faults-worker-kill's
 * occasional ECONNRESET came from. The sink must shrug the reset off, store nothing of the
 * half-sent message, and go on accepting mail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from 'nodemailer';
import { startSmtpSink, type SmtpSink } from '../../../activities/smtp-sink';

let sink: SmtpSink | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await sink?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  sink = dataDir = undefined;
});

/** Speaks SMTP up to the middle of DATA, then resets the connection (as a killed process's kernel does). */
async function resetMidMessage(port: number): Promise<void> {
  const socket: Socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  let received = '';
  const waitFor = (code: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${code} reply; got ${JSON.stringify(received)}`)), 5_000);
      const check = () => {
        const lines = received.split('\r\n');
        if (lines.some((line) => line.startsWith(`${code} `))) {
          clearTimeout(timer);
          socket.off('data', onData);
          received = '';
          resolve();
        }
      };
      const onData = (chunk: Buffer) => {
        received += chunk.toString('latin1');
        check();
      };
      socket.on('data', onData);
      check();
    });
  await waitFor('220');
  for (const [command, reply] of [
    ['EHLO worker', '250'],
    ['MAIL FROM:<notices@demo-usd.invalid>', '250'],
    ['RCPT TO:<parent-s1@demo-usd.invalid>', '250'],
    ['DATA', '354'],
  ] as const) {
    socket.write(`${command}\r\n`);
    await waitFor(reply);
  }
  socket.write('Message-ID: <half-sent@caseclock>\r\nSubject: never finished\r\n\r\nfirst line of the body\r\n');
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.resetAndDestroy();
}

describe('smtp sink: a sender reset in the middle of a message', () => {
  it('keeps running, stores nothing of the half-sent message, and accepts the next one', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'caseclock-sink-'));
    sink = await startSmtpSink({ dataDir });
    const uncaught: Error[] = [];
    const onUncaught = (error: Error) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await resetMidMessage(sink.port);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(uncaught.map((e) => e.message)).toEqual([]);
      expect(await sink.count()).toBe(0);

      const transport = createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
      await transport.sendMail({ from: 'notices@demo-usd.invalid', to: 'parent-s1@demo-usd.invalid', subject: 'after the reset', text: 'body', messageId: '<after-reset@caseclock>' });
      transport.close();
      expect((await sink.messages()).map((m) => m.messageId)).toEqual(['<after-reset@caseclock>']);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
