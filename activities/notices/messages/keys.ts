/**
 * The shared key set of the notice message catalogues. Every catalogue is a
 * `Catalogue = Record<MessageKey, string>`, so a language file that misses a key (or adds an
 * unknown one) fails the type check; a unit test also checks every value is non-empty and
 * uses the same `{placeholders}` as English. To add a language: copy en.ts to `<code>.ts`,
 * translate the values, and register it in ./index.ts.
 */
import { FORM_CODES, RECIPIENTS, type FormCode, type Recipient } from '../../../machines/contract';

export const TEXT_KEYS = [
  // Fields and headings of every notice
  'label.date',
  'label.studentId',
  'label.student',
  'label.to',
  'label.case',
  'label.form',
  'label.purpose',
  'heading.deadlines',
  'label.due',
  'label.actBy',
  'label.earliest',
  'label.why',
  'deadlines.none',
  'due.none',
  'heading.choices',
  'heading.signature',
  'signature.parent',
  'signature.lea',
  'signature.staff',
  'signature.student',
  'signature.date',
  'safeguards',
  'footer.page',
  'footer.document',
  'date.long',
  // Bodies, one group per template (forms.ts)
  'body.generic.1',
  'body.nc1.1',
  'body.nc1.2',
  'body.nc2a.1',
  'body.nc2a.2',
  'body.iep18.1',
  'body.iep18.2',
  'body.iep18.3',
  'body.nc3.1',
  'body.nc3.2',
  'choice.nc3.consent',
  'choice.nc3.refuse',
  'body.nc6a.1',
  'body.nc6a.2',
  'body.nc6a.recording',
  'choice.nc6a.attend',
  'choice.nc6a.phone',
  'choice.nc6a.otherTime',
  'choice.nc6a.interpreter',
  'choice.nc6a.agencies',
  'body.nc7.1',
  'body.nc7.2',
  'choice.nc7.agree',
  'choice.nc7.reschedule',
  'body.iep9a.1',
  'choice.iep9a.all',
  'choice.iep9a.except',
  'choice.iep9a.none',
  'body.iep11.1',
  'body.pwn.1',
  'body.pwn.2',
  'body.form27.1',
  'body.form27.2',
  'body.form27.3',
  'body.nc12.1',
  'body.nc12.2',
  'body.pwnGraduation.1',
  'body.pwnGraduation.2',
  'body.ber.1',
  'body.ber.2',
  'body.signedIep.1',
  'body.signedIep.2',
  'body.ifspAp.1',
  'body.ifspNom.1',
  'body.ifsp7.1',
  'body.ifsp9.1',
  'choice.ifsp9.all',
  'choice.ifsp9.except',
  'choice.ifsp9.none',
  'body.decision.1',
  'body.decision.2',
  'body.rightsTransfer.1',
  'body.rightsTransfer.2',
  'body.rpt4.1',
  'body.earlyStart.1',
  // Proof of Service by Mail (L4584-4605)
  'body.proof.1',
  'body.proof.2',
  'body.proof.3',
  'label.proof.documents',
  'label.proof.servedOn',
  'label.proof.method',
  'proof.method.mail',
  'label.proof.addressedTo',
  'label.proof.servedBy',
  'proof.declaration',
  // The email that carries a notice
  'email.subject',
  'email.body',
] as const;
export type TextKey = (typeof TEXT_KEYS)[number];

export type TitleKey = `title.${FormCode}`;
export type RecipientKey = `recipient.${Recipient}`;
export type MonthKey = `month.${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12}`;
export type WeekdayKey = `weekday.${0 | 1 | 2 | 3 | 4 | 5 | 6}`;
export type MessageKey = TextKey | TitleKey | RecipientKey | MonthKey | WeekdayKey;

/** One language's messages: every key, nothing else. */
export type Catalogue = Record<MessageKey, string>;

export function titleKey(form: FormCode): TitleKey {
  return `title.${form}`;
}

/** Every key, for the completeness test. */
export function allMessageKeys(): MessageKey[] {
  return [
    ...TEXT_KEYS,
    ...FORM_CODES.map(titleKey),
    ...RECIPIENTS.map((r): RecipientKey => `recipient.${r}`),
    ...Array.from({ length: 12 }, (_, i) => `month.${i + 1}` as MonthKey),
    ...Array.from({ length: 7 }, (_, i) => `weekday.${i}` as WeekdayKey),
  ];
}

/** Fill `{name}` placeholders; a placeholder without a value is left visible (a test catches it). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
