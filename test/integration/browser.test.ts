/**
 * The dashboard end to end, in a real browser (Debian chromium through playwright-core), on the
 * real API (buildApi, bearer tokens of an in-memory user list) over the shared dev server with a
 * worker running the real activities. Two cases of one case manager: A in the initial
 * evaluation (awaiting the parent's consent), B with an overdue records request.
 *
 * - staff: the caseload (order, highlights), case A's chart with the current state, a refused
 *   event shown with the workflow's own reason, then the parent's consent recorded from the form
 *   and the next deadline becoming the initial IEP on the date the deadline engine gives;
 * - auditor: no event form; the replay slider moved back to the plan being sent and to the
 *   referral, showing the states and deadlines as they stood; the district calendar's day kinds;
 * - parent: only their child's notices and signatures, a notice PDF opened, another child's case
 *   not even acknowledged;
 * - staff: an effect being retried drawn in the notices area as `caseclock show` words it.
 * Screenshots go to test/artifacts/browser/.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRetry } from '../../client/activity-retries';
import { refusalOf } from '../../client/api/refusals';
import { buildApi } from '../../client/api/server';
import { listCaseload } from '../../client/caseload';
import { chartDefinitions } from '../../machines';
import { computeDeadline, demoCalendars, describeDay, toDayNumber, toIso } from '../../deadlines';
import { caseIdFor } from '../../workflows/case-state';
import { dateIn } from '../../workflows/zoned-time';
import { launchBrowser, replayBackTo, screenshot, signIn, STEP_TIMEOUT_MS, textOf, type Person } from './browser-session';
import { devServerHarness, eventually, uniqueId, type Harness } from './harness';
import { failingSendNotice } from '../unit/client/retrying-fixture';

const LA = 'America/Los_Angeles';
/** The district calendar the auditor's calendar page shows (a school year July to June). */
const calendar = demoCalendars['demo-usd'];
/**
 * The cases' calendar: demo-usd day for day through its end (2028-06-02, same terms, closures
 * and holidays), then more years. Consent is recorded today and its initial IEP counts 60 days
 * excluding from today: on demo-usd that passes the calendar's end from 2028-04-04 on, and the
 * engine refuses to guess ("calendar does not cover 2028-06-03"), so the case would get no date.
 */
const caseCalendar = demoCalendars['demo-usd-extended'];
const today = dateIn(LA, Date.now());
const daysAgo = (n: number) => toIso(toDayNumber(today) - n);
// Whatever today is (breaks, summer, weekends): consent-response is 15 plain days from the plan,
// so A's answer is due in 7 days ('soon', not overdue), and B's 5 working days from 20 days ago
// always end before today (overdue, first by date). Checked for every today 2026-12-04..2028-04-30.
const referralOn = daysAgo(10);
const planOn = daysAgo(8);

const token = () => randomBytes(24).toString('base64url');
const caseManager = uniqueId('cm-br');
const studentA = uniqueId('br-a');
const studentB = uniqueId('br-b');
const users = {
  staff: { token: token(), userId: 'u-staff-br', role: 'staff' as const, districtIds: ['demo-usd'], caseManagerId: caseManager },
  auditor: { token: token(), userId: 'u-audit-br', role: 'auditor' as const, districtIds: ['demo-usd'] },
  parent: { token: token(), userId: 'u-parent-br', role: 'parent' as const, studentIds: [studentA] },
};

let h: Harness;
let workerRun: Promise<void>;
let api: FastifyInstance;
let baseUrl: string;
let browser: Browser;
let planSeq: number;
let referralSeq: number;
const people: Person[] = [];

async function person(who: keyof typeof users, hash = ''): Promise<Person> {
  const p = await signIn(browser, baseUrl, users[who].token, hash);
  people.push(p);
  return p;
}

let launching: Promise<Browser> | undefined;

beforeAll(async () => {
  launching = launchBrowser();
  // Awaited below; a launch failure must not surface first as an unhandled rejection.
  launching.catch(() => undefined);
  h = await devServerHarness();
  workerRun = h.worker.run();
  api = buildApi(h.service, { users: Object.values(users), dataDir: h.dataDir });
  await api.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  const [launched] = await Promise.all([
    launching,
    (async () => {
      const open = (studentId: string) =>
        h.service.openCase({ studentId, birthDate: '2012-03-04', language: 'en', districtId: 'demo-usd', schoolId: 'sch-br', caseManagerId: caseManager, calendar: caseCalendar });
      // waitForEffects: the notices are rendered (the parent opens one) before the pages look.
      const wait = { waitForEffects: true };
      await Promise.all([
        (async () => {
          await open(studentA);
          referralSeq = (await h.service.recordEvent(studentA, { type: 'REFERRAL_RECEIVED', occurredOn: referralOn, actor: { role: 'parent' } }, wait)).seq;
          planSeq = (await h.service.recordEvent(studentA, { type: 'ASSESSMENT_PLAN_SENT', occurredOn: planOn, actor: { role: 'district' }, receivedByParentOn: planOn }, wait)).seq;
        })(),
        (async () => {
          await open(studentB);
          await h.service.recordEvent(studentB, { type: 'RECORDS_REQUEST_RECEIVED', occurredOn: daysAgo(20), actor: { role: 'parent' } }, wait);
        })(),
      ]);
      // The caseload is visibility: wait until both cases are there with their deadlines.
      await eventually(
        () => listCaseload(h.client, { caseManager }),
        (rows) => rows.length === 2 && rows.some((r) => r.studentId === studentB && r.overdue) && rows.some((r) => r.studentId === studentA && r.nextRule === 'consent-response'),
        'both cases in the caseload',
      );
    })(),
  ]);
  browser = launched;
}, 80_000);

afterAll(async () => {
  for (const p of people) await p.context.close().catch(() => undefined);
  // Closed even when the set-up failed after the launch.
  await (browser ?? (await launching?.catch(() => undefined)))?.close();
  await api?.close();
  for (const studentId of [studentA, studentB]) {
    await h?.client.workflow
      .getHandle(caseIdFor(studentId))
      .terminate('browser test done')
      .catch(() => undefined);
  }
  if (h) {
    h.worker.shutdown();
    await workerRun;
    await h.close();
  }
});

const consentDue = computeDeadline(caseCalendar, { rule: 'consent-response', from: planOn });
const assessmentPlanDue = computeDeadline(caseCalendar, { rule: 'assessment-plan', from: referralOn });

describe('dashboard in a browser (dev server, real API)', () => {
  it('staff: caseload, a refused event with its reason, then consent recorded moves the next deadline to the initial IEP', async () => {
    const { page, problems } = await person('staff');
    await expect.poll(() => page.getByTestId('caseload-row').count(), { timeout: STEP_TIMEOUT_MS }).toBe(2);
    const rows = page.getByTestId('caseload-row');
    // By next deadline: B's records request is long overdue, A's consent answer is still open.
    expect(await rows.nth(0).getAttribute('data-student-id')).toBe(studentB);
    expect(await rows.nth(0).getAttribute('data-urgency')).toBe('overdue');
    expect(await rows.nth(1).getAttribute('data-student-id')).toBe(studentA);
    const daysToConsentDue = toDayNumber(consentDue.due) - toDayNumber(today);
    expect(await rows.nth(1).getAttribute('data-urgency')).toBe(daysToConsentDue <= 7 ? 'soon' : 'none');
    expect(await rows.nth(1).locator('td').nth(0).textContent()).toContain(consentDue.due);
    await screenshot(page, 'staff-caseload');
    // The overdue filter is a visibility query (CaseOverdue = true) and lands in the address.
    await page.getByTestId('filter-overdue').selectOption('true');
    await page.getByTestId('filter-apply').click();
    await page.waitForURL(/#\/caseload\?overdue=true$/);
    await expect.poll(() => page.getByTestId('caseload-row').count(), { timeout: STEP_TIMEOUT_MS }).toBe(1);
    expect(await rows.nth(0).getAttribute('data-student-id')).toBe(studentB);
    await page.getByTestId('filter-clear').click();
    await expect.poll(() => page.getByTestId('caseload-row').count(), { timeout: STEP_TIMEOUT_MS }).toBe(2);

    await rows.nth(1).getByRole('link', { name: studentA }).click();
    await page.locator('[data-testid="state-graph"][data-process="initial-evaluation#1"]').waitFor();
    expect(await page.locator('[data-process="initial-evaluation#1"] [data-active="current"]').getAttribute('data-state-path')).toBe('awaiting-consent');
    expect(await textOf(page, '[data-testid="next-deadline-rule"]')).toBe('consent-response');
    expect(await textOf(page, '[data-testid="next-deadline-due"]')).toBe(consentDue.due);
    expect(await textOf(page, '[data-testid="deadline"][data-rule="consent-response"] [data-testid="deadline-why"]')).toContain(consentDue.explanation[0]);
    await screenshot(page, 'staff-case-before');

    // A meeting cannot be held while the assessment plan awaits consent: the case says so.
    const before = await h.service.view(studentA);
    // The refusal as the API words it (refusals.ts), from the case's own Update validator.
    const refusal = await h.service.recordEvent(studentA, { type: 'MEETING_HELD', occurredOn: today, actor: { role: 'district', id: users.staff.userId } }).then(
      () => null,
      (error: unknown) => refusalOf(error).error,
    );
    expect(refusal).toMatch(/MEETING_HELD/);
    await page.getByTestId('event-type').selectOption('__other__');
    await page.getByTestId('event-other-type').fill('MEETING_HELD');
    await page.getByTestId('event-submit').click();
    expect(await textOf(page, '[data-testid="event-refusal"]')).toBe(`Refused: ${refusal}`);
    expect((await h.service.view(studentA)).lastSeq).toBe(before.lastSeq);
    await screenshot(page, 'staff-event-refused');

    await page.getByTestId('event-type').selectOption('CONSENT_RECEIVED');
    await page.getByTestId('event-role').selectOption('parent');
    expect(await page.getByTestId('event-occurred-on').inputValue()).toBe(today);
    await page.getByTestId('event-submit').click();
    await page.getByTestId('event-recorded').waitFor();
    const initialIep = computeDeadline(caseCalendar, { rule: 'initial-iep', from: today, referral: referralOn });
    expect(await textOf(page, '[data-testid="next-deadline-rule"]')).toBe('initial-iep');
    expect(await textOf(page, '[data-testid="next-deadline-due"]')).toBe(initialIep.due);
    expect(await textOf(page, '[data-testid="deadline"][data-rule="initial-iep"] [data-testid="deadline-why"]')).toContain(initialIep.explanation[0]);
    expect(await page.locator('[data-process="initial-evaluation#1"] [data-active="current"]').getAttribute('data-state-path')).toBe('evaluation.assessing');
    expect(await page.locator('[data-process="initial-evaluation#1"] [data-state-path="evaluation"]').getAttribute('data-active')).toBe('path');
    expect(await page.locator('[data-testid="timeline-entry"][data-type="CONSENT_RECEIVED"]').count()).toBe(1);
    await screenshot(page, 'staff-case-after-consent');
    expect(problems).toEqual([]);
  });

  it('draws every chart of this build: each state the API lists is a box of the dashboard graph', async () => {
    const { page } = await person('staff');
    const charts = chartDefinitions.map((d) => d.id);
    // Run in the page as text: vitest rewrites import() in test code, the browser must not see that.
    const mismatches = await page.evaluate<string[]>(`(async (ids) => {
      const { parseChart } = await import('/dashboard/state-graph.js');
      const token = sessionStorage.getItem('caseclock.token');
      const out = [];
      const bodies = await Promise.all(ids.map(async (id) => (await fetch('/api/charts/' + id, { headers: { authorization: 'Bearer ' + token } })).json()));
      for (const [i, id] of ids.entries()) {
        const body = bodies[i];
        const chart = parseChart(body.mermaid);
        const paths = [];
        const walk = (n, prefix) => {
          for (const c of n.children) {
            paths.push([...prefix, c.label].join('.'));
            walk(c, [...prefix, c.label]);
          }
        };
        // A parallel root is drawn wrapped in one composite state named after the chart.
        const top = chart.root.children.length === 1 && !body.states.includes(chart.root.children[0].label) ? chart.root.children[0] : chart.root;
        walk(top, []);
        if (JSON.stringify([...paths].sort()) !== JSON.stringify([...body.states].sort())) out.push(id + ': drawn ' + paths.length + ', API ' + body.states.length);
      }
      return out;
    })(${JSON.stringify(charts)})`);
    expect(charts.length).toBeGreaterThan(20);
    expect(mismatches).toEqual([]);
  });

  it('auditor: no event form; the replay slider shows the case as it stood when the plan was sent, and at the referral', async () => {
    const { page, problems } = await person('auditor', `#/case/${studentA}`);
    await page.getByTestId('case-summary').waitFor();
    expect(await page.getByTestId('record-event').count()).toBe(0);
    await page.getByTestId('open-replay').click();
    await page.locator('[data-testid="replay-result"][data-seq]').waitFor();
    // Step back through the recorded entries as a person would, to the plan being sent.
    await replayBackTo(page, `#${planSeq} ASSESSMENT_PLAN_SENT`, planSeq);
    expect(await textOf(page, '[data-testid="replay-state"][data-process="initial-evaluation#1"]')).toBe('awaiting-consent');
    const pendingThen = await page.locator('[data-testid="replay-result"] [data-testid="deadline"]').evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-rule')} ${tr.querySelector('[data-testid="deadline-due"]')?.textContent}`));
    expect(pendingThen).toEqual([`consent-response ${consentDue.due}`]);
    await screenshot(page, 'auditor-replay-plan-sent');

    await replayBackTo(page, `#${referralSeq} `, referralSeq);
    expect(await textOf(page, '[data-testid="replay-state"][data-process="initial-evaluation#1"]')).toBe('referral-received');
    expect(await textOf(page, '[data-testid="replay-result"] [data-testid="next-deadline-rule"]')).toBe('assessment-plan');
    expect(await textOf(page, '[data-testid="replay-result"] [data-testid="next-deadline-due"]')).toBe(assessmentPlanDue.due);
    await screenshot(page, 'auditor-replay-referral');

    // The district calendar: every day coloured with the kind the deadline engine counts with.
    // The school year holding today; 2026-27 and 2027-28 both show all seven kinds on demo-usd
    // (not covered before 2026-08-12 or after 2028-06-02, summer between them).
    const year = Number(today.slice(5, 7)) >= 7 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
    await page.goto(`/#/calendar/demo-usd?year=${year}`);
    await page.getByTestId('calendar-legend').waitFor();
    const cells = await page.locator('td[data-date]').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-date')!, td.getAttribute('data-kind')!]));
    expect(cells).toHaveLength(toDayNumber(`${year + 1}-06-30`) - toDayNumber(`${year}-07-01`) + 1);
    expect(cells.filter(([date, kind]) => describeDay(calendar, date).kind !== kind)).toEqual([]);
    expect(new Set(cells.map(([, kind]) => kind))).toEqual(new Set(['school-day', 'weekend', 'holiday', 'closure', 'long-vacation', 'between-sessions', 'not-covered']));
    await screenshot(page, 'auditor-calendar');
    expect(problems).toEqual([]);
  });

  it("parent: only their child's notices and signatures; a notice PDF opens; another child's case is not acknowledged", async () => {
    const { page, context, problems } = await person('parent');
    await page.getByTestId('notices').waitFor();
    expect(await textOf(page, '[data-testid="case-title"]')).toContain(studentA);
    expect(await page.getByTestId('nav-caseload').count()).toBe(0);
    expect(await page.getByTestId('caseload-table').count()).toBe(0);
    expect(await page.getByTestId('timeline').count()).toBe(0);
    const view = await h.service.view(studentA);
    expect(await page.getByTestId('notice').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-form')))).toEqual(view.notices.map((n) => n.form));
    expect(view.notices.map((n) => n.form)).toEqual(expect.arrayContaining(['NC 1', 'NC 3']));
    await page.getByTestId('signatures').waitFor();
    await screenshot(page, 'parent-case');

    const nc3 = view.notices.find((n) => n.form === 'NC 3')!;
    // The link fetches the PDF with the parent's token and opens it in a tab of its own.
    const [response, tab] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/notices/')),
      context.waitForEvent('page'),
      page.locator(`[data-testid="notice-pdf"][data-notice-id="${nc3.id}"]`).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    await tab.waitForURL(/^blob:/);
    await tab.close();
    const pdf = await fetch(response.url(), { headers: { authorization: `Bearer ${users.parent.token}` } });
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    // Another child's case reads exactly like one that does not exist.
    const nobody = uniqueId('br-none');
    for (const other of [studentB, nobody]) {
      await page.goto(`/#/case/${other}`);
      await page.locator(`[data-testid="case-error"]:has-text("${other}")`).waitFor();
      expect(await textOf(page, '[data-testid="case-error"]')).toBe(`studentId: no case for student ${other}`);
    }
    expect(problems).toEqual([]);
  });

  it('staff: an effect Temporal is retrying shows in the notices area as a "retrying:" line, types only', async () => {
    const { page, problems } = await person('staff', `#/case/${studentB}`);
    await page.getByTestId('notices').waitFor();
    // The real case has nothing failing: no line.
    expect(await page.getByTestId('retrying').count()).toBe(0);
    // A mail server refusing four times is a fault test of its own (faults-smtp-docstore); here
    // the API's answer gets one such entry, to see the page draw what the API documents.
    const failing = failingSendNotice(new Date(Date.now() - 20_000).toISOString(), new Date(Date.now() + 10 * 60_000).toISOString());
    await page.route(`**/api/cases/${studentB}`, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, json: { ...(await res.json()), retrying: [failing] } });
    });
    await page.reload();
    await page.getByTestId('retrying-activity').waitFor();
    // The same words `caseclock show` prints (activity-retries.ts), in the district's zone the page runs in.
    expect(await textOf(page, '[data-testid="notices"] [data-testid="retrying-activity"][data-activity="sendNotice"]')).toBe(`retrying: ${describeRetry(failing, LA, Date.now())}`);
    await screenshot(page, 'staff-case-retrying');
    expect(problems).toEqual([]);
  });

  it('serves the dashboard files by name only, with a content security policy', async () => {
    const js = await fetch(`${baseUrl}/dashboard/main.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    for (const path of ['/dashboard/..%2Fapi%2Fserver.ts', '/dashboard/nothing.js', '/dashboard/%2e%2e%2fpackage.json']) {
      const res = await fetch(`${baseUrl}${path}`);
      expect(res.status, path).toBe(404);
    }
  });
});
