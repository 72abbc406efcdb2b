/** Ed-Fi-shaped JSON: program and eligibility associations read from the cases' views and timelines. */
import { describe, expect, it } from 'vitest';
import { edfiDocument } from '../../../client/exports';
import { EDFI_SHAPE_NOTE } from '../../../client/exports/edfi';
import { renderExport } from '../../../client/exports';
import { caseRecordFrom, lateInitialHistory } from './exports-fixture';

const c1 = caseRecordFrom('C1-initial-evaluation.json', { school: 'sch-1', caseManager: 'cm-7' });
const c5 = caseRecordFrom('C5-annual-review-excusal-amendment.json');
const late = caseRecordFrom('late.json', { text: lateInitialHistory('L1', '2026-12-01') });

describe('edfiDocument', () => {
  const doc = edfiDocument([c1, c5, late], '2026-12-02');

  it('says it is shaped like Ed-Fi, not certified', () => {
    expect(doc.note).toBe(EDFI_SHAPE_NOTE);
    expect(doc.note).toMatch(/^Shaped like Ed-Fi .*not a certified/);
    expect(doc.generatedOn).toBe('2026-12-02');
  });

  it('gives an initial evaluation its program dates: services started, IEP meeting, next annual and triennial', () => {
    const a = doc.studentSpecialEducationProgramAssociations[0];
    expect(a.studentReference).toEqual({ studentUniqueId: c1.view.studentId });
    expect(a.programReference).toEqual({ educationOrganizationId: 'demo-usd', programName: 'Special Education', programTypeDescriptor: 'uri://ed-fi.org/ProgramTypeDescriptor#Special Education' });
    expect([a.beginDate, a.endDate, a.ideaEligibility, a.iepBeginDate, a.iepEndDate, a.iepReviewDate, a.lastEvaluationDate]).toEqual([
      '2026-12-14',
      null,
      true,
      '2026-12-10',
      '2027-12-10',
      null,
      '2026-12-10',
    ]);
    expect(a._ext.caseclock).toMatchObject({ caseId: c1.view.caseId, schoolId: 'sch-1', caseManagerId: 'cm-7', nextTriennialDue: '2029-12-10' });
    expect(a._ext.caseclock.events.map((e) => `${e.occurredOn} ${e.type}`)).toEqual([
      '2026-10-05 REFERRAL_RECEIVED',
      '2026-10-14 ASSESSMENT_PLAN_SENT',
      '2026-10-21 CONSENT_RECEIVED',
      '2026-11-30 ASSESSMENT_COMPLETED',
      '2026-12-01 MEETING_NOTICE_SENT',
      '2026-12-10 MEETING_HELD',
      '2026-12-10 IEP_CONSENT_RECORDED',
      '2026-12-14 SERVICES_STARTED',
    ]);
  });

  it('dates a case that joined with its IEP on file from that IEP, with the annual review it held since', () => {
    const a = doc.studentSpecialEducationProgramAssociations[1];
    expect([a.beginDate, a.iepBeginDate, a.iepReviewDate, a.iepEndDate]).toEqual(['2025-11-04', '2026-10-28', '2026-10-28', '2027-10-28']);
  });

  it('has one eligibility association per initial evaluation: consent, evaluation, decision, and the delay when late', () => {
    const e = doc.specialEducationProgramEligibilityAssociations;
    expect(e).toHaveLength(2);
    expect(e[0]).toMatchObject({
      ideaPartDescriptor: 'uri://ed-fi.org/IDEAPartDescriptor#IDEA Part B',
      consentToEvaluationReceivedDate: '2026-10-21',
      evaluationCompleteIndicator: true,
      eligibilityEvaluationDate: '2026-11-30',
      eligibilityDeterminationDate: '2026-12-10',
      ideaIndicator: true,
      eligibilityDelayReasonDescriptor: null,
      _ext: { caseclock: { process: 'initial-evaluation#1', initialIepDue: '2027-01-12', delayReason: null } },
    });
    const code = late.view.delays.find((d) => d.rule === 'initial-iep')!.calpadsCode;
    expect(e[1]).toMatchObject({ eligibilityDeterminationDate: '2026-12-01', eligibilityDelayReasonDescriptor: code, _ext: { caseclock: { delayReason: 'initial-iep-late' } } });
    const view = structuredClone(late.view);
    view.delays = view.delays.map((d) => ({ ...d, calpadsCode: '40' }));
    expect(edfiDocument([{ view, timeline: late.timeline }], '2026-12-02').specialEducationProgramEligibilityAssociations[0].eligibilityDelayReasonDescriptor).toBe('40');
  });

  it('carries no birth date and no event fields beyond type, date and process', () => {
    const text = renderExport('edfi', [c1, c5, late], { nowMs: 0, today: '2026-12-02' }).body;
    for (const birth of ['2019-05-02', '2016-04-11', '2018-04-01']) expect(text).not.toContain(birth);
    for (const a of doc.studentSpecialEducationProgramAssociations) {
      for (const ev of a._ext.caseclock.events) expect(Object.keys(ev).sort()).toEqual(['occurredOn', 'process', 'type']);
    }
    expect(JSON.parse(text)).toEqual(doc);
  });
});
