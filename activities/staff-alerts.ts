/**
 * Escalation and reminder emails to staff roles from the directory (processes.md §0: at a due
 * date, `escalate(caseManager, spedDirector)`). The text holds ids, rule ids and dates only,
 * plus a link to the case; it is in English (district staff). Idempotent by key + role
 * through the same delivery ledger as notices: a retry sends nothing new.
 */
import { z } from 'zod';
import { IsoDate } from '../machines/contract';
import type { StudentDirectory } from './directory';
import { ActivityFailureType, nonRetryable, parseInput } from './failures';
import { withFileLock } from './file-lock';
import { CaseId, EntityId, IdempotencyKey } from './ids';
import { deliveryLedgerFile, deliveryMessageId } from './delivery';
import type { CaseLedger } from './ledger';
import type { Mailer } from './mailer';
import { isFamilyRole, resolveRecipient } from './recipients';

export const StaffAlertSchema = z
  .object({
    idempotencyKey: IdempotencyKey,
    caseId: CaseId,
    studentId: EntityId,
    process: z.string().max(80).optional(),
    kind: z.string().regex(/^[a-z][a-z-]{1,39}$/, 'must be a kind such as escalation or reminder'),
    rule: z.string().regex(/^[a-z0-9-]{2,60}$/).nullable().optional(),
    due: IsoDate.nullable().optional(),
    to: z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{1,39}$/, 'must be a staff role')).min(1).max(10),
    on: IsoDate,
  })
  .strict();

export interface StaffAlertDeps {
  dataDir: string;
  directory: StudentDirectory;
  mailer: Mailer;
  ledger: CaseLedger;
  clock: () => Date;
  baseUrl: string;
}

export interface StaffAlertResult {
  sent: number;
  alerts: Array<{ recipient: string; messageId: string; via?: string }>;
}

export async function alertStaff(deps: StaffAlertDeps, input: unknown): Promise<StaffAlertResult> {
  const req = parseInput(StaffAlertSchema, input, 'staff alert');
  const family = req.to.find(isFamilyRole);
  if (family) throw nonRetryable(ActivityFailureType.BadInput, `staff alert: to: ${family} is not a staff role (families get notices)`);
  const student = await deps.directory.get(req.studentId);
  const file = deliveryLedgerFile(deps.dataDir, req.caseId);
  const subject = `[caseclock] ${req.kind}: ${req.rule ?? 'case'}${req.due ? ` due ${req.due}` : ''} (student ${req.studentId})`;
  const text = [
    `Case ${req.caseId}${req.process ? `, process ${req.process}` : ''}.`,
    req.rule ? `Deadline ${req.rule}${req.due ? ` due ${req.due}` : ''}.` : 'No deadline named.',
    `Raised on ${req.on}. Open the case: ${deps.baseUrl.replace(/\/$/, '')}/cases/${encodeURIComponent(req.caseId)}`,
  ].join('\n');
  const alerts: StaffAlertResult['alerts'] = [];
  await withFileLock(`${file.path}.lock`, async () => {
    const lines = await file.readAll();
    for (const role of [...new Set(req.to)]) {
      const done = lines.find((l) => l.idempotencyKey === req.idempotencyKey && l.recipientRole === role && l.status === 'delivered');
      if (done) {
        alerts.push({ recipient: role, messageId: done.messageId ?? '', ...(done.via ? { via: done.via } : {}) });
        continue;
      }
      // Escalations to a role the directory lacks (supervisor, selpaDirector) go to the director.
      const recipient = resolveRecipient(student, role, 'spedDirector');
      const messageId = deliveryMessageId(req.idempotencyKey, role, deps.mailer.messageIdDomain);
      const base = {
        idempotencyKey: req.idempotencyKey,
        recipientRole: role,
        caseId: req.caseId,
        channel: 'email' as const,
        alertKind: req.kind,
        messageId,
        ...(recipient.via ? { via: recipient.via } : {}),
      };
      const intent = lines.some((l) => l.idempotencyKey === req.idempotencyKey && l.recipientRole === role && l.status === 'intent');
      const arrived = intent && deps.mailer.wasAccepted ? await deps.mailer.wasAccepted(messageId) : false;
      if (!arrived) {
        if (!intent) await file.append({ ...base, status: 'intent', at: deps.clock().toISOString() });
        await deps.mailer.send({ messageId, to: recipient.email!, subject, text });
      }
      await file.append({ ...base, status: 'delivered', at: deps.clock().toISOString(), ...(arrived ? { recovered: true } : {}) });
      await deps.ledger.append(
        req.caseId,
        'staff-alerted',
        { kind: req.kind, rule: req.rule ?? null, due: req.due ?? null, recipientRole: role, messageId, via: recipient.via ?? null, on: req.on },
        { key: `${req.idempotencyKey}|${role}` },
      );
      alerts.push({ recipient: role, messageId, ...(recipient.via ? { via: recipient.via } : {}) });
    }
  });
  return { sent: alerts.length, alerts };
}
