/**
 * simulate's warm-up of the notice path (client/simulate/warm-up.ts): one valid sendNotice
 * request per notice language the histories use, for a case no history can have.
 */
import { describe, expect, it } from 'vitest';
import { SendNoticeSchema } from '../../../activities/send-notice';
import { WARM_UP_CASE, warmUpNotices } from '../../../client/simulate/warm-up';
import type { SendNoticeRequest } from '../../../workflows/activity-types';

function recorder() {
  const seen: SendNoticeRequest[] = [];
  return {
    seen,
    activities: {
      sendNotice: async (req: SendNoticeRequest) => {
        seen.push(req);
        return { documentSha256: 'a'.repeat(64), deliveries: [] };
      },
    },
  };
}

describe('warmUpNotices', () => {
  it('sends one notice per distinct supported language, each a request the activity accepts', async () => {
    const { seen, activities } = recorder();
    expect(await warmUpNotices(activities, ['es', 'en', 'es', 'xx'])).toBe(2);
    expect(seen.map((r) => r.language)).toEqual(['es', 'en']);
    for (const req of seen) {
      expect(SendNoticeSchema.safeParse(req).success).toBe(true);
      expect(req.caseId).toBe(WARM_UP_CASE);
      expect(req.to).toEqual(['parent']);
    }
    expect(new Set(seen.map((r) => r.idempotencyKey)).size).toBe(2);
  });

  it('warms English when no history names a supported language', async () => {
    const { seen, activities } = recorder();
    expect(await warmUpNotices(activities, ['vi'])).toBe(1);
    expect(seen.map((r) => r.language)).toEqual(['en']);
  });

  it('uses a case id that no history case can have (those are case-<history>-<student>)', () => {
    expect(WARM_UP_CASE).toBe('case-simulate-warm-up');
  });
});
