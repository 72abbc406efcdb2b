import { describe, expect, it } from 'vitest';
import { InstantParam, replayUntilMs } from '../../../client/instant-param';
import { AccessLogQuery } from '../../../client/api/routes/access-log';
import { ReplayQuery } from '../../../client/api/routes/cases';

const message = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('an instant in a query string or a flag', () => {
  it.each(['2027-01-05', '2027-01-05T08:00Z', '2027-01-05T08:00:00.250-08:00'])('takes %s', (s) => {
    expect(InstantParam.safeParse(s).success).toBe(true);
  });
  it('refuses an unreal date and a time without a zone, the same way in the replay and access-log queries', () => {
    expect(message(ReplayQuery.safeParse({ at: '2027-02-30' }))).toEqual(['at: must be a real date']);
    expect(message(AccessLogQuery.safeParse({ from: '2027-02-30' }))).toEqual(['from: must be a real date']);
    expect(message(AccessLogQuery.safeParse({ to: '2027-01-05T08:00' }))).toEqual(['to: must be a date YYYY-MM-DD or an ISO date-time with zone']);
  });
  it('reads a bare date as the end of that day for replay, a date-time as itself', () => {
    expect(new Date(replayUntilMs('2027-01-05')).toISOString()).toBe('2027-01-05T23:59:59.000Z');
    expect(new Date(replayUntilMs('2027-01-05T08:00-08:00')).toISOString()).toBe('2027-01-05T16:00:00.000Z');
  });
});
