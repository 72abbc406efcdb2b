/**
 * renderNotice: a notice PDF in the recipient's language from the workflow's facts (ids,
 * codes, computed deadlines) plus, when a directory is given, the names it may print. The
 * request is validated first; an unknown form or language fails before anything is drawn.
 */
import { civilFromDays, dayOfWeek, toDayNumber } from '../../deadlines/day-number';
import type { FormCode } from '../../machines/contract';
import { sha256Hex } from '../canonical-json';
import type { StudentDirectory, StudentRecord } from '../directory';
import { ActivityFailureType, nonRetryable } from '../failures';
import { templateFor } from './forms';
import { NoticeWriter } from './layout';
import { catalogueFor } from './messages';
import { fill, titleKey, type Catalogue, type MonthKey, type WeekdayKey } from './messages/keys';
import { parseNoticeRequest, type DeadlineFact, type NoticeRequest } from './request';

export interface RenderedNotice {
  pdf: Uint8Array;
  sha256: string;
  /** The text drawn, in order (for the email body, search and tests). */
  text: string;
  pages: number;
  form: FormCode;
  language: string;
}

export interface RenderOptions {
  /** Names and (for a proof of service) the postal address; without it only ids print. */
  directory?: StudentDirectory;
}

/** `2026-10-29 (Thursday, October 29, 2026)`: the ISO date first, so it is unambiguous. */
export function formatDate(iso: string, messages: Catalogue): string {
  const n = toDayNumber(iso);
  const { year, month, day } = civilFromDays(n);
  const long = fill(messages['date.long'], {
    weekday: messages[`weekday.${dayOfWeek(n)}` as WeekdayKey],
    month: messages[`month.${month}` as MonthKey],
    day,
    year,
  });
  return `${iso} (${long})`;
}

function drawDeadline(writer: NoticeWriter, fact: DeadlineFact, m: Catalogue): void {
  writer.paragraph(`${fact.rule} — ${m['label.due']}: ${fact.due ? formatDate(fact.due, m) : m['due.none']}`, { bold: true });
  if (fact.earliest) writer.paragraph(`${m['label.earliest']}: ${formatDate(fact.earliest, m)}`, { indent: 12 });
  if (fact.actBy && fact.actBy !== fact.due) writer.paragraph(`${m['label.actBy']}: ${formatDate(fact.actBy, m)}`, { indent: 12 });
  writer.paragraph(`${m['label.why']}: ${fact.explanation[0]}`, { indent: 12 });
}

function recipientLine(req: NoticeRequest, m: Catalogue, student: StudentRecord | null): string {
  const label = m[`recipient.${req.recipientRole}`];
  if (student && req.recipientRole === 'parent') return `${label} — ${student.parent.name}`;
  if (student && req.recipientRole === 'caseManager') return `${label} — ${student.staff.caseManager.name}`;
  return label;
}

function proofSection(writer: NoticeWriter, req: NoticeRequest, m: Catalogue, student: StudentRecord | null): void {
  const service = req.service;
  if (!service) throw nonRetryable(ActivityFailureType.BadInput, 'notice request: service: a Proof of Service needs the service details');
  if (!student) throw nonRetryable(ActivityFailureType.BadInput, 'notice request: a Proof of Service needs the student directory (mailing address)');
  const address = service.addressedTo === 'parent' ? student.parent.postalAddress : student.adultStudent?.postalAddress;
  if (!address) {
    throw nonRetryable(ActivityFailureType.BadInput, `student directory: ${service.addressedTo}.postalAddress is missing for student ${student.studentId}`);
  }
  writer.heading(m['label.proof.documents']);
  for (const doc of service.servedDocuments) writer.paragraph(`${doc.form} — ${m[titleKey(doc.form)]} (SHA-256 ${doc.sha256})`, { indent: 12 });
  writer.field(m['label.proof.servedOn'], formatDate(service.servedOn, m));
  writer.field(m['label.proof.method'], m['proof.method.mail']);
  writer.field(m['label.proof.addressedTo'], `${student.parent.name}, ${address}`);
  writer.field(m['label.proof.servedBy'], service.servedBy);
  writer.spacer(6);
}

export async function renderNotice(input: unknown, options: RenderOptions = {}): Promise<RenderedNotice> {
  const req = parseNoticeRequest(input);
  const m = catalogueFor(req.language);
  const { template } = templateFor(req.form);
  const student = options.directory ? await options.directory.get(req.studentId) : null;
  const title = m[titleKey(req.form)];
  const values = { title, form: req.form, studentId: req.studentId };

  const writer = await NoticeWriter.create({ title, subject: `${req.form} ${req.studentId}`, language: req.language, issuedOn: req.issuedOn });
  writer.header(req.form, title);
  writer.field(m['label.date'], formatDate(req.issuedOn, m));
  writer.field(m['label.studentId'], req.studentId);
  if (student) writer.field(m['label.student'], student.studentName);
  writer.field(m['label.to'], recipientLine(req, m, student));
  if (req.purpose) writer.field(m['label.purpose'], req.purpose);
  writer.rule();

  for (const key of template.body) writer.paragraph(fill(m[key], values));
  if (template.proofOfService) {
    proofSection(writer, req, m, student);
  } else {
    writer.heading(m['heading.deadlines']);
    if (req.deadlines.length === 0) writer.paragraph(m['deadlines.none']);
    for (const fact of req.deadlines) drawDeadline(writer, fact, m);
  }
  for (const key of template.after ?? []) writer.paragraph(fill(m[key], values));
  if (template.choices?.length) {
    writer.heading(m['heading.choices']);
    for (const key of template.choices) writer.checkbox(fill(m[key], values));
  }
  if (template.safeguards) {
    writer.spacer(6);
    writer.paragraph(m.safeguards, { size: 9.5 });
  }
  if (template.signatures.length) {
    writer.heading(m['heading.signature']);
    for (const signer of template.signatures) writer.signatureLine(m[`signature.${signer}`], m['signature.date']);
  }

  const { pdf, pages } = await writer.finish((page, total) => ({
    left: fill(m['footer.document'], { caseId: req.caseId, form: req.form }),
    right: fill(m['footer.page'], { page, pages: total }),
  }));
  return { pdf, sha256: sha256Hex(pdf), text: writer.text(), pages, form: req.form, language: req.language };
}
