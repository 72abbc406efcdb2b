/**
 * renderAndStoreNotice: render, store by hash, and note it in the case ledger. Rendering is
 * deterministic, so a retry stores the same bytes under the same address and the ledger's
 * idempotent append adds nothing.
 */
import type { StudentDirectory } from '../directory';
import type { DocumentStore } from '../document-store';
import type { CaseLedger } from '../ledger';
import { renderNotice } from './render';
import { parseNoticeRequest } from './request';

export interface StoredNotice {
  documentSha256: string;
  form: string;
  language: string;
  recipientRole: string;
  pages: number;
  ledgerSeq: number;
}

export interface NoticeStoreDeps {
  directory: StudentDirectory;
  documents: DocumentStore;
  ledger: CaseLedger;
}

export async function renderAndStoreNotice(deps: NoticeStoreDeps, input: unknown): Promise<StoredNotice> {
  const req = parseNoticeRequest(input);
  const rendered = await renderNotice(req, { directory: deps.directory });
  const { sha256 } = await deps.documents.put(rendered.pdf, {
    contentType: 'application/pdf',
    caseId: req.caseId,
    form: req.form,
    language: req.language,
  });
  const entry = await deps.ledger.append(
    req.caseId,
    'notice-rendered',
    {
      form: req.form,
      language: req.language,
      recipientRole: req.recipientRole,
      sha256,
      issuedOn: req.issuedOn,
      processId: req.processId ?? null,
      purpose: req.purpose ?? null,
      deadlines: req.deadlines.map((d) => ({ rule: d.rule, due: d.due, actBy: d.actBy ?? null })),
    },
    { key: req.idempotencyKey ? `${req.idempotencyKey}|${req.recipientRole}|${req.language}` : `${sha256}|${req.recipientRole}` },
  );
  return { documentSha256: sha256, form: req.form, language: req.language, recipientRole: req.recipientRole, pages: rendered.pages, ledgerSeq: entry.seq };
}
