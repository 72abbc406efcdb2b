/**
 * Deadline engine benchmark (`npx tsx bench/deadlines.ts`): the same 100,000 (calendar, rule,
 * trigger) questions answered by the indexed engine and by the day-by-day reference walk;
 * evaluations per second of each, their ratio, and whether every answer is identical.
 * Goal: ≥ 1,000,000 evaluations/s and ≥ 50× the walk on one core. Writes bench/results/deadlines.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { computeDeadline, demoCalendars, indexCalendar, RULE_IDS, toDayNumber, toIso, type Calendar, type DeadlineRequest, type Policy } from '../deadlines';
import { referenceDeadline } from '../deadlines/reference';

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
    const r = computeDeadline(q.calendar, q.req);
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

function timeAll(questions: Question[], answer: (q: Question) => Answer): { answers: Answer[]; seconds: number } {
  const answers = new Array<Answer>(questions.length);
  const t0 = performance.now();
  for (let i = 0; i < questions.length; i++) answers[i] = answer(questions[i]);
  return { answers, seconds: (performance.now() - t0) / 1000 };
}

export async function benchDeadlines(options: { count?: number; write?: boolean } = {}): Promise<BenchRow[]> {
  const questions = benchQuestions(options.count ?? 100_000);
  for (const cal of Object.values(demoCalendars)) indexCalendar(cal); // index once per calendar, as in production
  timeAll(questions.slice(0, 20_000), answerIndexed); // warm-up (JIT)
  let best = Number.POSITIVE_INFINITY;
  let indexed: Answer[] = [];
  for (let round = 0; round < 3; round++) {
    const run = timeAll(questions, answerIndexed);
    if (run.seconds < best) [best, indexed] = [run.seconds, run.answers];
  }
  const walk = timeAll(questions, answerWalk);
  let mismatches = 0;
  let firstMismatch = '';
  for (let i = 0; i < questions.length; i++) {
    if (indexed[i] !== walk.answers[i]) {
      if (mismatches++ === 0) firstMismatch = `${JSON.stringify(questions[i].req)} on ${questions[i].calendar.id}: ${indexed[i]} vs ${walk.answers[i]}`;
    }
  }
  const refusals = indexed.filter((a) => a.startsWith('!')).length;
  const indexedRate = questions.length / best;
  const walkRate = questions.length / walk.seconds;
  const rows: BenchRow[] = [
    { name: 'deadlines.indexed', value: Math.round(indexedRate), unit: 'evaluations/s', note: `${questions.length} questions, best of 3, explanations included` },
    { name: 'deadlines.walk', value: Math.round(walkRate), unit: 'evaluations/s', note: 'reference day-by-day walk' },
    { name: 'deadlines.speedup', value: Math.round((indexedRate / walkRate) * 10) / 10, unit: '×', note: 'indexed ÷ walk' },
    { name: 'deadlines.identical', value: mismatches === 0 ? 1 : 0, unit: 'bool', note: mismatches === 0 ? `all ${questions.length} answers identical (${refusals} refusals included)` : `${mismatches} differ; first: ${firstMismatch}` },
  ];
  if (options.write !== false) {
    const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'deadlines.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ benchmark: 'deadlines', questions: questions.length, rows }, null, 2)}\n`);
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchDeadlines();
  const [indexed, walk, speedup, identical] = rows;
  console.log(`indexed engine: ${indexed.value.toLocaleString('en-US')} evaluations/s (${indexed.note})`);
  console.log(`day walk:       ${walk.value.toLocaleString('en-US')} evaluations/s`);
  console.log(`ratio:          ${speedup.value}× faster`);
  console.log(identical.value === 1 ? `results identical: ${identical.note}` : `RESULTS DIFFER: ${identical.note}`);
  console.log(`goal ≥ 1,000,000/s and ≥ 50×: ${indexed.value >= 1_000_000 && speedup.value >= 50 ? 'met' : 'NOT met'}`);
  process.exitCode = identical.value === 1 ? 0 : 1;
}
