import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/records-amendment';
import { district, drive, parent, student, system } from './drive';

const act = (type: string, occurredOn: string, fields: Record<string, unknown> = {}, actor: { role: string } = district) => ({
  type,
  occurredOn,
  actor,
  ...fields,
});
const timer = (type: string, clock: string, rule: string, due: string) => ({ type, occurredOn: due, actor: system, clock, rule, due });
const decisionNotice = (purpose: string) =>
  expect.objectContaining({ type: 'sendNotice', params: { form: 'Decision notice', to: 'parent', purpose } });
const request = () =>
  drive(definition, { trigger: act('AMENDMENT_REQUESTED', '2026-12-07', { ground: 'inaccurate', custodialParent: true }, parent), student });

describe('records-amendment', () => {
  it('a late superintendent meeting is recorded and escalated', () => {
    const d = request();
    expect(d.snapshot.context.ground).toBe('inaccurate');
    d.send(timer('RECORDS_AMENDMENT_MEETING_DUE', 'recordsAmendmentMeeting', 'records-amendment-meeting', '2027-01-06'));
    expect(d.actions).toEqual([
      expect.objectContaining({ type: 'recordDelay', params: { code: 'records-amendment-meeting-late' } }),
      expect.objectContaining({ type: 'escalate', params: { to: ['caseManager', 'spedDirector'] } }),
    ]);
    expect(d.state()).toBe('requested');
  });

  it('a sustained challenge closes when the appeal window ends', () => {
    const d = request();
    d.send(act('SUPERINTENDENT_MEETING_HELD', '2027-01-05', { decision: 'sustained' }));
    expect(d.actions).toEqual([decisionNotice('amendment-sustained')]);
    d.send(timer('RECORDS_AMENDMENT_APPEAL_WINDOW_DUE', 'recordsAmendmentAppealWindow', 'records-amendment-appeal-window', '2027-02-04'));
    expect(d.state()).toBe('closed');
    expect(d.snapshot.status).toBe('done');
  });

  it('with the parent’s consent to show the records, a panel decides', () => {
    const d = request();
    d.send(act('SUPERINTENDENT_MEETING_HELD', '2027-01-05', { decision: 'denied' }));
    d.send(act('PANEL_CONSENTED', '2027-01-15', {}, parent));
    expect(d.state()).toBe('panel');
    expect(d.clocks()).toEqual([]);
    d.send(act('PANEL_DECIDED', '2027-02-01', { decision: 'sustained' }));
    expect(d.state()).toBe('closed');
    expect(d.snapshot.context).toMatchObject({ decision: 'sustained', decidedBy: 'panel' });
  });

  it('a late board hearing is recorded', () => {
    const d = request();
    d.send(act('SUPERINTENDENT_MEETING_HELD', '2027-01-05', { decision: 'denied' }));
    d.send(act('APPEAL_FILED', '2027-01-20', {}, parent));
    d.send(timer('RECORDS_AMENDMENT_BOARD_HEARING_DUE', 'recordsAmendmentBoardHearing', 'records-amendment-board-hearing', '2027-02-19'));
    expect(d.actions.map((a) => a.type)).toEqual(['recordDelay', 'escalate']);
  });

  it('C14: denied by the superintendent, appeal, board denies; parent told of the statement right', () => {
    const d = request();
    expect(d.clocks()).toEqual([{ id: 'recordsAmendmentMeeting', rule: 'records-amendment-meeting', from: '2026-12-07' }]);
    d.send(act('SUPERINTENDENT_MEETING_HELD', '2027-01-05', { decision: 'denied' }));
    expect(d.state()).toBe('decided');
    expect(d.actions).toEqual([decisionNotice('amendment-denied-statement-right')]);
    expect(d.clocks()).toEqual([{ id: 'recordsAmendmentAppealWindow', rule: 'records-amendment-appeal-window', from: '2027-01-05' }]);
    d.send(act('APPEAL_FILED', '2027-01-20', {}, parent));
    expect(d.state()).toBe('board');
    expect(d.clocks()).toEqual([{ id: 'recordsAmendmentBoardHearing', rule: 'records-amendment-board-hearing', from: '2027-01-20' }]);
    d.send(act('BOARD_DECIDED', '2027-02-10', { decision: 'denied' }));
    expect(d.state()).toBe('closed');
    expect(d.actions).toEqual([decisionNotice('amendment-denied-statement-right')]);
    expect(d.snapshot.context).toMatchObject({ decision: 'denied', decidedBy: 'board', decidedOn: '2027-02-10' });
    expect(d.clocks()).toEqual([]);
  });
});
