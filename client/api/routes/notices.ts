/**
 * The notices a case sent (the rendered PDF, by the documentSha256 its send recorded) and the
 * parent's answer to a signature request. Parents may inspect their child's records
 * (L4055-L4058) and answer the consent requests addressed to them; the signing itself is the
 * workflow's `signDocument` Update (CaseService.sign): one-time token, ledger, chart event.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DocumentStore } from '../../../activities/document-store';
import { SignDecisionSchema } from '../../../workflows/signing-request';
import { ApiError } from '../api-error';
import { authorizeCase } from '../case-access';
import type { ApiContext } from '../context';
import { endpoint } from '../endpoint';
import { StudentParam } from './cases';

export const NoticeParams = StudentParam.extend({
  // Effect ids are `<caseId>:<seq>:<process>#<n>:<index>` (workflows/case-engine.ts).
  noticeId: z.string().regex(/^[A-Za-z0-9._:#-]{1,200}$/, 'must be a notice id from the case view'),
}).strict();

export const SignatureBody = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the signing token from the notice link'),
    decision: SignDecisionSchema,
  })
  .strict();

export function noticeRoutes(app: FastifyInstance, ctx: ApiContext, documents: DocumentStore): void {
  endpoint(
    app,
    ctx,
    {
      method: 'GET',
      path: '/api/cases/:studentId/notices/:noticeId.pdf',
      tag: 'notices',
      summary: 'The notice as sent (PDF from the document store)',
      action: 'notice.read',
      params: NoticeParams,
      response: { status: 200, description: 'the PDF', contentType: 'application/pdf' },
      refusals: [404],
    },
    async ({ principal, params, reply }) => {
      await authorizeCase(ctx, principal, 'notice.read', params.studentId);
      const view = await ctx.service.view(params.studentId);
      const notice = view.notices.find((n) => n.id === params.noticeId);
      if (!notice) throw new ApiError(404, `noticeId: the case has no notice ${params.noticeId}`, 'noticeId');
      if (!notice.documentSha256) throw new ApiError(404, `noticeId: notice ${params.noticeId} has not been rendered yet (${notice.status})`, 'noticeId');
      const bytes = await documents.get(notice.documentSha256);
      if (!bytes) throw new ApiError(404, `noticeId: the document of notice ${params.noticeId} is not in this document store`, 'noticeId');
      return reply
        .code(200)
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${notice.form}-${notice.on}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes));
    },
  );

  endpoint(
    app,
    ctx,
    {
      method: 'POST',
      path: '/api/cases/:studentId/signatures',
      tag: 'notices',
      summary: 'A parent (or the adult student, after rights transfer at 18) answers a signature request of their own case',
      action: 'signature.sign',
      params: StudentParam,
      body: SignatureBody,
      response: { status: 201, description: 'the signature was recorded and the consent clock moved on', schema: z.looseObject({}) },
      refusals: [400, 404, 422],
    },
    async ({ principal, params, body, reply }) => {
      await authorizeCase(ctx, principal, 'signature.sign', params.studentId);
      // The signDocument Update (workflows/signing.ts) redeems the token, then applies the consent;
      // it refuses a parent's signature once rights have transferred to the adult student.
      const answer = await ctx.service.sign(params.studentId, { token: body.token, decision: body.decision, signerRole: principal.signsAs ?? 'parent' });
      return reply.code(201).send(answer);
    },
  );
}
