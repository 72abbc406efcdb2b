/**
 * The signDocument Update's input, as a zod schema the workflow's validator and the client
 * (CaseService.sign) both use: a refusal names the field (`signature.decision.scope`), and
 * the signing token is never echoed back. Pure: no Temporal, so the client can import it.
 */
import { z } from 'zod';
import { ComponentCode } from '../machines/consent-request';

/** The signer's answer; the API's signature route takes exactly this (no second schema to drift). */
export const SignDecisionSchema = z
  .object({
    scope: z.enum(['full', 'partial', 'refusal', 'revocation']),
    refusedItems: z.array(ComponentCode()).min(1).max(50).optional(),
  })
  .strict()
  .refine((d) => (d.scope === 'partial') === (d.refusedItems !== undefined), {
    path: ['refusedItems'],
    message: 'lists the parts not consented to exactly when scope is "partial" (IEP 9A "all except", L17270)',
  });

export const SignDocumentSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a signing token'),
    decision: SignDecisionSchema,
    signerRole: z.enum(['parent', 'adultStudent', 'student', 'guardian']),
    signedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type SignDocumentInput = z.infer<typeof SignDocumentSchema>;
