/**
 * Deadline engine benchmark (`npx tsx bench/deadlines.ts`): the same 100,000 (calendar, rule,
 * trigger) questions answered by the indexed engine and by the day-by-day reference walk;
 * evaluations per second of each, their ratio, and whether every answer is identical.
 * The walk computes dates only, so the like-for-like ratio uses the engine's dates path
 * (computeDates); the full computeDeadline (dates + explanation lines) is measured too.
 * Goal: ≥ 1,000,000 evaluations/s and ≥ 50× the walk on one core. Writes bench/results/deadlines.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { computeDates, computeDeadline, demoCalendars, indexCalendar, RULE_IDS, toDayNumber, toIso, type Calendar, type DeadlineRequest, type Policy } from '../deadlines';
import { referenceDeadline } from '../deadlines/reference';
import { benchOptionsOrExit } from './bench-options';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

interface Question {
  calendar: Calendar;
  req: DeadlineRequest;
}

/** Deterministic PRNG (mulberry32) so every run asks the same questions. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POLICIES: Array<Partial<Policy> | undefined> = [undefined, undefined, undefined, { parentRequestExcludesVacations: true, endOfYearIepUsesConsentDate: true }];

export function benchQuestions(count = 100_000, seed = 20261005): Question[] {
  const random = prng(seed);
  const calendars = Object.values(demoCalendars);
  const out: Question[] = [];
  for (let i = 0; i < count; i++) {
    const calendar = calendars[Math.floor(random() * calendars.length)];
    const start = toDayNumber(calendar.terms[0].start);
    const end = toDayNumber(calendar.terms[calendar.terms.length - 1].end);
    const rule = RULE_IDS[Math.floor(random() * RULE_IDS.length)];
    const from = start - 5 + Math.floor(random() * (end - start + 10));
    const req: DeadlineRequest = { rule, from: toIso(from) };
    if (rule === 'initial-iep') req.referral = toIso(from - Math.floor(random() * 120));
    const policy = POLICIES[Math.floor(random() * POLICIES.length)];
    if (policy) req.policy = policy;
    out.push({ calendar, req });
  }
  return out;
}

type Answer = string;

function answerIndexed(q: Question): Answer {
  try {
    const r = computeDates(q.calendar, q.req);
    return `${r.due} ${r.actBy} ${r.earliest ?? '-'} ${r.branch}`;
  } catch (e) {
    return `! ${(e as Error).message}`;
  }
}

function answerExplained(q: Question): Answer {
  try {
    const r = computeDeadline(q.calendar, q.req);
    if (r.explanation.length < 3) return '! short explanation';
    return `${r.due} ${r.actBy} ${r.earliest ?? '-'} ${r.branch}`;
  } catch (e) {
    return `! ${(e as Error).message}`;
  }
}

function answerWalk(q: Question): Answer {
  try {
    const r = referenceDeadline(q.calendar, q.req);
    return `${r.due} ${r.actBy} ${r.earliest ?? '-'} ${r.branch}`;
  } catch (e) {
    return `! ${(e as Error).message}`;
  }
}

/** Collect every answer (untimed), for the identity check. */
function answersOf(questions: Question[], answer: (q: Question) => Answer): Answer[] {
  return questions.map(answer);
}

/** Time the bare calls: the loop keeps only a checksum so the harness costs next to nothing. */
function timeCalls(questions: Question[], call: (calendar: Calendar, req: DeadlineRequest) => { due: string }): number {
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < questions.length; i++) {
    const q = questions[i];
    try {
      sink += call(q.calendar, q.req).due.length;
    } catch {
      sink += 1;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  if (sink === 0) throw new Error('no work done');
  return seconds;
}

/** Best of three timed runs after a warm-up (JIT). */
function bestOf(questions: Question[], call: (calendar: Calendar, req: DeadlineRequest) => { due: string }, rounds = 3): number {
  timeCalls(questions.slice(0, 20_000), call);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) best = Math.min(best, timeCalls(questions, call));
  return best;
}

export async function benchDeadlines(options: { count?: number; write?: boolean } = {}): Promise<BenchRow[]> {
  const questions = benchQuestions(options.count ?? 100_000);
  for (const cal of Object.values(demoCalendars)) indexCalendar(cal); // index once per calendar, as in production
  const indexedSeconds = bestOf(questions, computeDates);
  const explainedSeconds = bestOf(questions, (calendar, req) => {
    const r = computeDeadline(calendar, req);
    return r.explanation.length > 0 ? r : { due: '' };
  });
  const walkSeconds = bestOf(questions, referenceDeadline, 1);
  const indexed = { answers: answersOf(questions, answerIndexed), seconds: indexedSeconds };
  const explained = { answers: answersOf(questions, answerExplained), seconds: explainedSeconds };
  const walk = { answers: answersOf(questions, answerWalk), seconds: walkSeconds };
  let mismatches = 0;
  let firstMismatch = '';
  for (let i = 0; i < questions.length; i++) {
    if (indexed.answers[i] !== walk.answers[i] || explained.answers[i] !== walk.answers[i]) {
      if (mismatches++ === 0) firstMismatch = `${JSON.stringify(questions[i].req)} on ${questions[i].calendar.id}: ${indexed.answers[i]} / ${explained.answers[i]} vs ${walk.answers[i]}`;
    }
  }
  const refusals = walk.answers.filter((a) => a.startsWith('!')).length;
  const rate = (run: { seconds: number }) => questions.length / run.seconds;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const rows: BenchRow[] = [
    { name: 'deadlines.indexed', value: Math.round(rate(indexed)), unit: 'evaluations/s', note: `computeDates over ${questions.length} questions, best of 3` },
    { name: 'deadlines.indexed-explained', value: Math.round(rate(explained)), unit: 'evaluations/s', note: 'computeDeadline: dates and explanation lines, best of 3' },
    { name: 'deadlines.walk', value: Math.round(rate(walk)), unit: 'evaluations/s', note: 'reference day-by-day walk (dates only), after a warm-up' },
    { name: 'deadlines.speedup', value: round1(rate(indexed) / rate(walk)), unit: '×', note: 'computeDates ÷ walk (both dates only)' },
    { name: 'deadlines.speedup-explained', value: round1(rate(explained) / rate(walk)), unit: '×', note: 'computeDeadline ÷ walk' },
    {
      name: 'deadlines.identical',
      value: mismatches === 0 ? 1 : 0,
      unit: 'bool',
      note: mismatches === 0 ? `all ${questions.length} answers identical across the three (${refusals} refusals included)` : `${mismatches} differ; first: ${firstMismatch}`,
    },
  ];
  if (options.write !== false) {
    const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'deadlines.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ benchmark: 'deadlines', questions: questions.length, rows }, null, 2)}\n`);
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--deadline-questions N` (or BENCH_DEADLINE_QUESTIONS), validated as the bench's other flags.
  const rows = await benchDeadlines({ count: benchOptionsOrExit(process.argv.slice(2), ['deadlines']).deadlineQuestions });
  const row = (name: string) => rows.find((r) => r.name === name) as BenchRow;
  const n = (r: BenchRow) => r.value.toLocaleString('en-US');
  console.log(`indexed engine, dates:        ${n(row('deadlines.indexed'))} evaluations/s`);
  console.log(`indexed engine, explained:    ${n(row('deadlines.indexed-explained'))} evaluations/s`);
  console.log(`day walk (reference):         ${n(row('deadlines.walk'))} evaluations/s`);
  console.log(`ratio: ${row('deadlines.speedup').value}× (dates), ${row('deadlines.speedup-explained').value}× (explained)`);
  const same = row('deadlines.identical');
  console.log(same.value === 1 ? `results identical: ${same.note}` : `RESULTS DIFFER: ${same.note}`);
  const met = row('deadlines.indexed').value >= 1_000_000 && row('deadlines.speedup').value >= 50;
  console.log(`goal ≥ 1,000,000/s and ≥ 50× on one core: ${met ? 'met' : 'not met on this machine'}`);
  process.exitCode = same.value === 1 ? 0 : 1;
}
