/**
 * Measure 3 (`npx tsx bench/calendar-change.ts [--cases N]`): publish a changed calendar version
 * to N open cases and time until every one has re-planned. The cases are the ones measure 1
 * opened (or, run alone, opened here first, not timed), each with a running assessment-plan
 * clock on the bench's own calendar. Version 2 adds a two-week snow closure from tomorrow, so
 * the school-day-counted plans due in it move (L665-674; deadlines.md §5: recorded, never silent).
 *
 * The path is the product's: publishToCases (client/calendars/calendar-cases.ts, what
 * `caseclock calendar publish` and the API call) lists the cases by the CaseCalendar search
 * attribute and sends each the publishCalendar Update, `--signal-concurrency` in flight; an
 * Update answers once its case has re-planned, so the last answer is the end of the clock.
 * Then a sample of cases is read back through the view Query: version 2 held, and the
 * assessment-plan due date where the deadline engine's own `recompute` says it moves to, with
 * the move recorded. A sample that disagrees fails the row. Goal: 10,000 cases < 120 s, judged
 * here as the rate it implies (≥ 83.3 cases/s), so a smaller run is judged by the same bar.
 */
import { pathToFileURL } from 'node:url';
import { CaseService } from '../client/case-service';
import { publishToCases } from '../client/calendars/calendar-cases';
import { parseCalendar, recompute, toDayNumber, toIso, type Calendar } from '../deadlines';
import { runClusterMeasureAlone, type BenchCluster } from './bench-cluster';
import type { BenchOptions } from './bench-options';
import { progressBar, type DetailRow, type GoalRow } from './bench-table';
import { openReferredCases, today, type OpenedCases } from './open-cases';

const GOAL_CASES = 10_000;
const GOAL_SECONDS = 120;
const SAMPLE = 25;

/** Version 2 of `base`: a snow closure from tomorrow for 14 days, kept inside its term. */
export function snowVersion(base: Calendar, on: string): Calendar {
  const start = toDayNumber(on) + 1;
  const term = base.terms.find((t) => toDayNumber(t.start) <= start && start <= toDayNumber(t.end));
  if (!term) throw new Error(`calendar ${base.id}: no term holds ${toIso(start)}; the bench needs a date in term`);
  const end = Math.min(start + 13, toDayNumber(term.end));
  return parseCalendar({ ...base, version: '2', closures: [...base.closures, { start: toIso(start), end: toIso(end), name: 'Snow closure (bench)' }] });
}

/** Wait (not timed) until visibility lists every case on the calendar: the publish reads visibility. */
async function untilIndexed(cluster: BenchCluster, calendarId: string, expected: number): Promise<number> {
  const query = `WorkflowType = 'studentCase' AND ExecutionStatus = 'Running' AND CaseCalendar STARTS_WITH '${calendarId}@'`;
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const { count } = await cluster.client.workflow.count(query);
    if (count >= expected || Date.now() > deadline) return count;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function measureCalendarChange(cluster: BenchCluster, opts: BenchOptions, given?: OpenedCases): Promise<{ rows: GoalRow[]; details: DetailRow[] }> {
  const opened = given ?? (await openReferredCases(cluster, { count: opts.cases, concurrency: opts.openConcurrency, prefix: `cal${process.pid}`, label: 'open cases for the calendar change' }));
  const n = opened.studentIds.length - opened.failures;
  const base = opened.calendar;
  const changed = snowVersion(base, today());
  // What the deadline engine says must move (one assessment-plan clock per case).
  const expected = new Map(
    recompute(
      base,
      changed,
      opened.studentIds.map((studentId, i) => ({ key: studentId, rule: 'assessment-plan' as const, from: opened.referredOn[i] })),
    ).map((m) => [m.key, { from: m.old.due, to: m.new.due }]),
  );
  const indexed = await untilIndexed(cluster, base.id, n);
  const service = new CaseService({ client: cluster.client, taskQueue: cluster.taskQueue });
  const progress = progressBar(`calendar change to ${n} cases`);
  let listedAt = 0;
  const started = performance.now();
  const report = await publishToCases(service, changed, new Date().toISOString(), {
    lanes: opts.signalConcurrency,
    onProgress: (done, total) => {
      if (done === 0) listedAt = performance.now();
      progress(done, total);
    },
  });
  const seconds = (performance.now() - started) / 1000;

  // Read a sample back: every case on version 2, due dates where the engine put them.
  const step = Math.max(1, Math.floor(opened.studentIds.length / SAMPLE));
  const sample = opened.studentIds.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  const wrong: string[] = [];
  let movedInSample = 0;
  for (const studentId of sample) {
    let view;
    try {
      view = await service.view(studentId);
    } catch (error) {
      wrong.push(`${studentId}: unreadable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      continue;
    }
    const plan = view.pending.find((d) => d.rule === 'assessment-plan');
    const want = expected.get(studentId);
    if (view.calendar.version !== '2') wrong.push(`${studentId}: version ${view.calendar.version}`);
    else if (want && plan?.due !== want.to) wrong.push(`${studentId}: assessment-plan due ${plan?.due ?? 'none'}, engine says ${want.to}`);
    else if (want && !plan?.moves.some((m) => m.from === want.from && m.to === want.to)) wrong.push(`${studentId}: move ${want.from} → ${want.to} not recorded`);
    if (want) movedInSample++;
  }
  const reported = report.moves.filter((m) => m.rule === 'assessment-plan').length;
  const problems = [
    ...(report.failed.length ? [`${report.failed.length} cases not published; first: ${report.failed[0].error}`] : []),
    ...(report.cases !== n ? [`${report.cases} cases reached of ${n} opened (visibility listed ${indexed})`] : []),
    ...(movedInSample === 0 ? ['no sampled due date moved: the change proves nothing'] : []),
    ...(wrong.length ? [`${wrong.length} of ${sample.length} sampled cases wrong; first: ${wrong[0]}`] : []),
  ];
  const rate = n / seconds;
  const rows: GoalRow[] = [
    {
      id: 'calendar.rate',
      measure: `calendar change across ${n.toLocaleString('en-US')} cases`,
      direction: '≥',
      goal: Math.round((GOAL_CASES / GOAL_SECONDS) * 10) / 10,
      measured: problems.length ? null : Math.round(rate * 10) / 10,
      unit: 'cases/s',
      note: problems.length
        ? problems.join('; ')
        : `${seconds.toFixed(1)} s publishToCases (list + publishCalendar Updates, ${opts.signalConcurrency} in flight); goal 10,000 in < 120 s; ${reported} assessment-plan moves, ${movedInSample}/${sample.length} sampled cases checked`,
    },
  ];
  const details: DetailRow[] = [
    { id: 'calendar.seconds', value: Number(seconds.toFixed(1)), unit: 's', note: `until the last case answered it had re-planned; at this rate 10,000 cases take ${(GOAL_CASES / rate).toFixed(0)} s` },
    { id: 'calendar.list-seconds', value: Number(((listedAt - started) / 1000).toFixed(2)), unit: 's', note: 'of which: listing the cases by CaseCalendar (visibility)' },
    { id: 'calendar.moves-expected', value: expected.size, unit: 'deadlines', note: `engine recompute of every case's assessment-plan; ${reported} reported by the cases` },
  ];
  return { rows, details };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runClusterMeasureAlone('calendar', measureCalendarChange);
}
