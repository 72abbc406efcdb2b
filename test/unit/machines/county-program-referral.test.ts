import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/county-program-referral';
import { district, drive, parent, student } from './drive';

const county = { role: 'selpa' as const };
const ev = (type: string, occurredOn: string, extra: Record<string, unknown> = {}) => ({ type, occurredOn, actor: district, ...extra });
const open = () => drive(definition, { trigger: ev('COUNTY_PROGRAM_NEEDED', '2027-01-11'), student });
const answered = (canMeetNeeds: boolean) => ({ type: 'PLACEMENT_ANSWERED', occurredOn: '2027-01-20', actor: county, canMeetNeeds });

describe('county-program-referral (P26)', () => {
  it('opens in family-informed without clocks or effects', () => {
    const d = open();
    expect(d.state()).toBe('family-informed');
    expect(d.clocks()).toEqual([]);
    expect(d.actions).toEqual([]);
    expect(d.snapshot.context.neededOn).toBe('2027-01-11');
  });

  it('stops when the parents say no', () => {
    const d = open().send({ type: 'PARENT_DECLINED', occurredOn: '2027-01-12', actor: parent });
    expect(d.state()).toBe('stopped');
    expect(d.snapshot.status).toBe('done');
  });

  it('ends in other-placement when the county cannot meet the needs', () => {
    const d = open().send(ev('REFERRAL_PACKET_SENT', '2027-01-13')).send(answered(false));
    expect(d.state()).toBe('other-placement');
  });

  it('happy path: packet, county yes, IEP, signed IEP, cum file, start', () => {
    const d = open().send(ev('REFERRAL_PACKET_SENT', '2027-01-13'));
    expect(d.state()).toBe('county-review');
    d.send(answered(true));
    expect(d.state()).toBe('placement-iep');
    d.send(ev('MEETING_HELD', '2027-01-27')).send(ev('SIGNED_IEP_SENT', '2027-01-28'));
    expect(d.state()).toBe('starting');
    d.send({ type: 'CUM_FILE_DELIVERED', occurredOn: '2027-02-01', actor: county })
      .send({ type: 'STUDENT_STARTED', occurredOn: '2027-02-03', actor: county });
    expect(d.state()).toBe('placed');
    expect(d.snapshot.context).toEqual(
      expect.objectContaining({ packetSentOn: '2027-01-13', meetingOn: '2027-01-27', cumFileDeliveredOn: '2027-02-01', startedOn: '2027-02-03' }),
    );
  });

  it('refuses steps out of order', () => {
    open()
      .refuse(answered(true))
      .refuse(ev('STUDENT_STARTED', '2027-01-12'))
      .send(ev('REFERRAL_PACKET_SENT', '2027-01-13'))
      .refuse({ type: 'PARENT_DECLINED', occurredOn: '2027-01-14', actor: parent });
  });

  it('opens from another chart with opener.neededOn', () => {
    const d = drive(definition, { trigger: null, opener: { neededOn: '2027-01-05' }, student });
    expect(d.snapshot.context.neededOn).toBe('2027-01-05');
  });
});
