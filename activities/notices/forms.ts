/**
 * One template per notice the spec names (processes.md §1): which body paragraphs, which
 * choices the recipient marks, who signs. Forms without their own template use GENERIC
 * (title, generic paragraph, dates). Message keys are typed, so a template naming a key the
 * catalogues lack fails the type check.
 */
import type { FormCode } from '../../machines/contract';
import type { MessageKey } from './messages/keys';

export type SignatureLine = 'parent' | 'lea' | 'staff' | 'student';

export interface NoticeTemplate {
  body: readonly MessageKey[];
  /** Boxes the recipient marks (printed as check boxes). */
  choices?: readonly MessageKey[];
  /** Paragraphs printed after the dates (notes that refer to them). */
  after?: readonly MessageKey[];
  signatures: readonly SignatureLine[];
  /** Print the procedural-safeguards help sentence (every notice to a parent, L3610-3622). */
  safeguards: boolean;
  /** The Proof of Service by Mail section (served documents, date, address, signer). */
  proofOfService?: true;
  /** Handbook lines of the form's text. */
  cites: readonly string[];
}

export const GENERIC_TEMPLATE: NoticeTemplate = { body: ['body.generic.1'], signatures: [], safeguards: true, cites: ['L15689-15741'] };

export const NOTICE_TEMPLATES: Partial<Record<FormCode, NoticeTemplate>> = {
  'NC 1': { body: ['body.nc1.1', 'body.nc1.2'], signatures: [], safeguards: true, cites: ['L3523-3548', 'L15758-15762'] },
  'NC 2A': { body: ['body.nc2a.1', 'body.nc2a.2'], signatures: [], safeguards: true, cites: ['L17656-17686'] },
  'IEP 18': { body: ['body.iep18.1', 'body.iep18.2', 'body.iep18.3'], signatures: [], safeguards: true, cites: ['L17689-17720'] },
  'NC 3': {
    body: ['body.nc3.1', 'body.nc3.2'],
    choices: ['choice.nc3.consent', 'choice.nc3.refuse'],
    signatures: ['parent'],
    safeguards: true,
    cites: ['L15996-16047', 'L720-728'],
  },
  'NC 6A': {
    body: ['body.nc6a.1', 'body.nc6a.2'],
    choices: ['choice.nc6a.attend', 'choice.nc6a.phone', 'choice.nc6a.otherTime', 'choice.nc6a.interpreter', 'choice.nc6a.agencies'],
    after: ['body.nc6a.recording'],
    signatures: ['parent'],
    safeguards: true,
    cites: ['L16559-16598', 'L3565-3568'],
  },
  // B-16: the written agreement of parent and LEA is asked for every excusal (L16604-16635).
  'NC 7': {
    body: ['body.nc7.1', 'body.nc7.2'],
    choices: ['choice.nc7.agree', 'choice.nc7.reschedule'],
    signatures: ['lea', 'parent'],
    safeguards: true,
    cites: ['L16604-16635', 'L6276-6295'],
  },
  'IEP 9A': {
    body: ['body.iep9a.1'],
    choices: ['choice.iep9a.all', 'choice.iep9a.except', 'choice.iep9a.none'],
    signatures: ['parent'],
    safeguards: true,
    cites: ['L17251-17293', 'L3642-3644'],
  },
  'IEP 11': { body: ['body.iep11.1'], signatures: ['lea'], safeguards: true, cites: ['L17542-17604', 'L6630-6633'] },
  PWN: { body: ['body.pwn.1', 'body.pwn.2'], signatures: [], safeguards: true, cites: ['L18810-18843', 'L548-569'] },
  'RPT 6/Form 27': {
    body: ['body.form27.1', 'body.form27.2', 'body.form27.3'],
    signatures: [],
    safeguards: true,
    cites: ['L18847-18903', 'L3498-3504'],
  },
  'NC 12': { body: ['body.nc12.1', 'body.nc12.2'], signatures: ['parent'], safeguards: true, cites: ['L17356-17515', 'L7001'] },
  'PWN graduation': { body: ['body.pwnGraduation.1', 'body.pwnGraduation.2'], signatures: [], safeguards: true, cites: ['L18525-18548'] },
  BER: { body: ['body.ber.1', 'body.ber.2'], signatures: [], safeguards: true, cites: ['L18440-18519', 'L12533-12556'] },
  'Signed IEP letter': { body: ['body.signedIep.1', 'body.signedIep.2'], signatures: [], safeguards: true, cites: ['L18552-18664'] },
  'IFSP AP': { body: ['body.ifspAp.1'], signatures: ['parent'], safeguards: true, cites: ['L2740-2795'] },
  'IFSP NOM': { body: ['body.ifspNom.1'], signatures: [], safeguards: true, cites: ['L2696-2733', 'L1336-1338'] },
  'IFSP 7': { body: ['body.ifsp7.1'], signatures: [], safeguards: true, cites: ['L2561-2610'] },
  'IFSP 9': {
    body: ['body.ifsp9.1'],
    choices: ['choice.ifsp9.all', 'choice.ifsp9.except', 'choice.ifsp9.none'],
    signatures: ['parent'],
    safeguards: true,
    cites: ['L2658-2691', 'L1388-1392'],
  },
  'Early Start notice': { body: ['body.earlyStart.1'], signatures: [], safeguards: true, cites: ['L1409-1411', 'L1636-1639'] },
  'Decision notice': { body: ['body.decision.1', 'body.decision.2'], signatures: [], safeguards: true, cites: ['L7874-7877', 'L3547'] },
  'Rights transfer notice': {
    body: ['body.rightsTransfer.1', 'body.rightsTransfer.2'],
    signatures: ['student'],
    safeguards: true,
    cites: ['L3473-3478', 'L6372', 'L17009-17014'],
  },
  'RPT 4': { body: ['body.rpt4.1'], signatures: ['staff'], safeguards: false, cites: ['L17518-17539'] },
  // Signer: staff not involved in any proceeding; original kept in the file (L4454-4473).
  'Proof of Service': {
    body: ['body.proof.1', 'body.proof.2'],
    after: ['body.proof.3', 'proof.declaration'],
    signatures: ['staff'],
    safeguards: false,
    proofOfService: true,
    cites: ['L4454-4473', 'L4584-4605'],
  },
};

export function templateFor(form: FormCode): { template: NoticeTemplate; dedicated: boolean } {
  const dedicated = NOTICE_TEMPLATES[form];
  return dedicated ? { template: dedicated, dedicated: true } : { template: GENERIC_TEMPLATE, dedicated: false };
}
