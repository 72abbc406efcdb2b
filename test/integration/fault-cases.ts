/**
 * The cases the fault tests run, what each must end as, and the checks that nothing was lost
 * or done twice. Shared by faults-worker-kill, faults-server-restart and faults-smtp-docstore.
 *
 * Time: every case lives on CASE_DAY through its `timeShiftMs` (case time = server time +
 * shift, the simulation epoch of workflows/case-state.ts), chosen so that 08:00 of CASE_DAY —
 * the timer hour — comes a few seconds into the test. Clock points dated before it fire as
 * the case opens; those at 08:00 fire from a real durable timer while faults happen. So which
 * day the machine's clock says does not change a due date, a reminder or an overdue here; the
 * one thing the test itself does on a clock — a parent signing through the link — is done on
 * the case's clock too (signAmendment).
 *
 * Expected state: the pure CaseEngine (the interpreter the workflow shell runs) replays the
 * events the test sent, each at the instant the workflow recorded for it, then advances to
 * now. A workflow that lost an event, fired a clock point twice or queued an effect twice
 * differs from it. What people see (chart states, alert kinds) is also asserted by hand in
 * the tests.
 */
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { deliveryMessageId } from '../../activities/delivery';
import { isActivityFailure, ActivityFailureType, CaseLedger, FolderDocumentStore, verifyCaseLedger, type Activities } from '../../activities';
import { redeemSignature } from '../../activities/signatures';
import { demoCalendars } from '../../deadlines';
import { chartRegistry } from '../../machines';
import { OpenCaseRequest, toOpenCaseInput } from '../../client/case-service';
import { seedDirectoryEntry, signingSecret } from '../../worker/case-activities';
import { CaseEngine } from '../../workflows/case-engine';
import type { CaseState, OpenCaseInput } from '../../workflows/case-state';
import { caseStateQuery, recordEventUpdate } from '../../workflows/messages';
import { instantAt } from '../../workflows/zoned-time';
import { caseLedgerEntries, deliveryLines, duplicates, inPool, sinkMessageIds, sleep, workflowTaskFailures } from './fault-tools';

export const LA = 'America/Los_Angeles';
/** A Wednesday in session in demo-usd (term 2026-08-12 – 2027-06-03), with no holiday near. */
export const CASE_DAY = '2026-12-02';
const MESSAGE_ID_DOMAIN = 'caseclock.local';

export const CASE_KINDS = ['due-today', 'reminder-today', 'overdue', 'evaluation', 'amendment'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

type Event = Record<string, unknown>;
const district = { role: 'district' };
const parent = { role: 'parent' };

/**
 * The events of each kind (dates worked out with the deadline engine on demo-usd):
 * - due-today: records request 2026-11-23 → 5 business days due 2026-12-02 (Thanksgiving week
 *   closed); its reminder 12-01 is past at opening (moves the chart, alerts nobody), the due
 *   fires at 08:00 → the chart escalates (caseManager + spedDirector), delay recorded;
 * - reminder-today: request 2026-11-24 → due 12-03, reminder 12-02 at 08:00 → caseManager;
 * - overdue: request 2026-11-10 → due 11-17 and overdue fire at opening; then reviewed with
 *   copies asked, copies sent → closed;
 * - evaluation: referral 11-30 → IEP 18 + NC 1; plan received 12-02 → NC 3 + NC 1; awaiting consent;
 * - amendment: drafted → a parent+LEA signature request; both sign through their link (the
 *   activity the API calls), then both AMENDMENT_SIGNED events → in effect.
 */
export function scriptOf(kind: CaseKind): { before: Event[]; after: Event[] } {
  switch (kind) {
    case 'due-today':
      return { before: [{ type: 'RECORDS_REQUEST_RECEIVED', occurredOn: '2026-11-23', actor: parent }], after: [] };
    case 'reminder-today':
      return { before: [{ type: 'RECORDS_REQUEST_RECEIVED', occurredOn: '2026-11-24', actor: parent }], after: [] };
    case 'overdue':
      return {
        before: [
          { type: 'RECORDS_REQUEST_RECEIVED', occurredOn: '2026-11-10', actor: parent },
          { type: 'RECORDS_REVIEWED', occurredOn: CASE_DAY, actor: district, copiesRequested: true },
          { type: 'COPIES_SENT', occurredOn: CASE_DAY, actor: district, method: 'email' },
        ],
        after: [],
      };
    case 'evaluation':
      return {
        before: [
          { type: 'REFERRAL_RECEIVED', occurredOn: '2026-11-30', actor: parent },
          { type: 'ASSESSMENT_PLAN_SENT', occurredOn: CASE_DAY, actor: district, receivedByParentOn: CASE_DAY },
        ],
        after: [],
      };
    case 'amendment':
      return {
        before: [{ type: 'AMENDMENT_DRAFTED', occurredOn: CASE_DAY, actor: district }],
        after: [
          { type: 'AMENDMENT_SIGNED', occurredOn: CASE_DAY, actor: parent },
          { type: 'AMENDMENT_SIGNED', occurredOn: CASE_DAY, actor: district },
        ],
      };
  }
}

/** What people must see at the end, per kind: the chart state and the alerts by kind. */
export const FINAL: Record<CaseKind, { process: string; state: string; alerts: string[]; notices: string[]; signatures: number }> = {
  'due-today': { process: 'records-access#1', state: 'requested', alerts: ['due:records-access'], notices: [], signatures: 0 },
  'reminder-today': { process: 'records-access#1', state: 'requested', alerts: ['reminder:records-access'], notices: [], signatures: 0 },
  overdue: { process: 'records-access#1', state: 'closed', alerts: ['due:records-access'], notices: [], signatures: 0 },
  evaluation: { process: 'initial-evaluation#1', state: 'awaiting-consent', alerts: [], notices: ['IEP 18', 'NC 1', 'NC 3', 'NC 1'], signatures: 0 },
  amendment: { process: 'iep-amendment#1', state: 'in-effect', alerts: [], notices: [], signatures: 1 },
};

export interface FaultCase {
  kind: CaseKind;
  studentId: string;
  caseId: string;
  open: OpenCaseInput;
  /** Events the workflow accepted, with the seq it gave each. */
  sent: Array<{ event: Event; seq: number }>;
  /** Amendment: signatures recorded through the link, and the replayed link refused. */
  signed: number;
  replayRefused: boolean;
}

/** The shift that puts 08:00 of CASE_DAY at server instant `timerAtMs`. */
export function shiftFor(timerAtMs: number): number {
  return instantAt(LA, CASE_DAY, 8) - timerAtMs;
}

export async function planCases(dataDir: string, prefix: string, counts: Partial<Record<CaseKind, number>>, shiftMs: number): Promise<FaultCase[]> {
  const cases: FaultCase[] = [];
  for (const kind of CASE_KINDS) {
    for (let i = 0; i < (counts[kind] ?? 0); i++) {
      const studentId = `${prefix}-${kind}-${i}`;
      const request = OpenCaseRequest.parse({ studentId, birthDate: '2015-04-02', language: 'en', districtId: 'demo-usd', calendar: demoCalendars['demo-usd'] });
      const open = toOpenCaseInput(request);
      open.settings = { ...open.settings, timeShiftMs: shiftMs };
      await seedDirectoryEntry(dataDir, studentId, '2015-04-02', 'en');
      cases.push({ kind, studentId, caseId: open.caseId, open, sent: [], signed: 0, replayRefused: false });
    }
  }
  return cases;
}

/** Errors a client sees while a server or worker is away, which a retry with the same updateId survives. */
function isTransient(error: unknown): boolean {
  return !(error instanceof WorkflowUpdateFailedError) && !(error instanceof WorkflowNotFoundError);
}

async function withRetries<T>(what: string, fn: () => Promise<T>, deadlineMs = 150_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransient(error) || Date.now() > until) throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)} (attempt ${attempt})`, { cause: error });
      await sleep(Math.min(250 * attempt, 2000));
    }
  }
}

export interface DriverDeps {
  client: Client;
  taskQueue: string;
  dataDir: string;
}

export async function startCase(deps: DriverDeps, c: FaultCase): Promise<void> {
  await withRetries(`start ${c.caseId}`, async () => {
    try {
      await deps.client.workflow.start('studentCase', { taskQueue: deps.taskQueue, workflowId: c.caseId, args: [{ open: c.open }] });
    } catch (error) {
      // A start retried after the server answered but the reply was lost.
      if (!(error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError')) throw error;
    }
  });
}

/** recordEvent with an explicit updateId, so a retry after a lost reply is the same Update. */
async function record(deps: DriverDeps, c: FaultCase, event: Event): Promise<void> {
  const updateId = `${c.caseId}:event:${c.sent.length + 1}`;
  const handle = deps.client.workflow.getHandle(c.caseId);
  const answer = await withRetries(`${c.caseId} ${String(event.type)}`, () => handle.executeUpdate(recordEventUpdate, { args: [{ event }], updateId }));
  c.sent.push({ event, seq: answer.seq });
}

export function caseState(client: Client, caseId: string): Promise<CaseState> {
  return withRetries(`state of ${caseId}`, () => client.workflow.getHandle(caseId).query(caseStateQuery));
}

/**
 * The signing link's redemption (the activity the API calls) on the case's clock: "today" for the
 * link's expiry and the latest allowed signedAt are case time. The case asked for the signature
 * on CASE_DAY, so its link expires 30 days later (2027-01-01); redeemed on the machine's clock,
 * every run from 2027-01-02 on found the link expired — and the replay check below passed for
 * the wrong reason (an expired token is a BadSignatureToken too). The signing deps are
 * createActivities' own, but for one clock each: its single clock would also date the ledger
 * entries, which keep the machine's clock like the worker's entries beside them.
 */
function caseClockRedeem(dataDir: string, shiftMs: number): { now: () => Date; redeem: Activities['redeemSignature'] } {
  const now = () => new Date(Date.now() + shiftMs);
  const signing = {
    dataDir,
    documents: new FolderDocumentStore(dataDir),
    ledger: new CaseLedger(dataDir),
    signingSecret: signingSecret(dataDir),
    baseUrl: 'http://127.0.0.1:0',
    clock: now,
    timeZone: LA,
  };
  return { now, redeem: (req: unknown) => redeemSignature(signing, req) };
}

/** Sign the amendment's request as parent and as LEA through its link, then replay the parent's link. */
async function signAmendment(deps: DriverDeps, c: FaultCase): Promise<void> {
  let request: { token: string; requestId: string } | undefined;
  const until = Date.now() + 300_000;
  for (let i = 1; !request && Date.now() < until; i++) {
    const effect = (await caseState(deps.client, c.caseId)).effects.find((e) => e.type === 'requestSignature' && e.status !== 'queued');
    if (effect?.status === 'failed') throw new Error(`${c.caseId}: signature request failed: ${effect.error}`);
    if (effect) request = effect.result as { token: string; requestId: string };
    // Each poll is a query task for the worker; backing off keeps dozens of waiting cases cheap during an outage.
    else await sleep(Math.min(500 * i, 2_000));
  }
  if (!request) throw new Error(`${c.caseId}: the signature request did not run in 300 s`);
  const entry = (await caseLedgerEntries(deps.dataDir, c.caseId)).find((e) => e.kind === 'signature-requested' && e.body.requestId === request.requestId);
  if (!entry) throw new Error(`${c.caseId}: signature request ${request.requestId} is not in the case ledger`);
  const link = caseClockRedeem(deps.dataDir, c.open.settings?.timeShiftMs ?? 0);
  const redeem = (signerRole: string) =>
    link.redeem({
      token: request.token,
      decision: { scope: 'full' },
      documentSha256: entry.body.documentSha256,
      method: 'electronic',
      signedAt: link.now().toISOString(),
      signerRole,
    });
  for (const role of ['parent', 'lea']) {
    await redeem(role);
    c.signed++;
  }
  try {
    await redeem('parent');
  } catch (error) {
    // Refused as used, not for some other reason a token can be bad (unknown, expired).
    c.replayRefused = isActivityFailure(error, ActivityFailureType.BadSignatureToken) && /was already used$/.test((error as Error).message);
  }
}

/** The whole script of one case: its events, and for amendments the signing in between. */
export async function driveCase(deps: DriverDeps, c: FaultCase): Promise<void> {
  const script = scriptOf(c.kind);
  for (const event of script.before) await record(deps, c, event);
  if (c.kind === 'amendment') await signAmendment(deps, c);
  for (const event of script.after) await record(deps, c, event);
}

// --- expected state and comparisons -------------------------------------------------------

/** The pure engine's case after the same events at the same instants, advanced to `nowMs`. */
export function expectedState(c: FaultCase, actual: CaseState, nowMs: number): CaseState {
  const engine = CaseEngine.open(c.open, chartRegistry);
  const shift = c.open.settings?.timeShiftMs ?? 0;
  for (const { event, seq } of c.sent) {
    const entry = actual.timeline.find((t) => t.seq === seq && (t.kind === 'event' || t.kind === 'process') && t.type === event.type);
    if (!entry) throw new Error(`${c.caseId}: ${String(event.type)} (seq ${seq}) is missing from the case timeline`);
    const at = Date.parse(entry.at) - shift;
    engine.advance(at);
    engine.apply(event, at);
  }
  engine.advance(nowMs);
  return engine.state;
}

/** What must agree between the workflow and the pure engine (times of recording left out). */
export function digest(state: CaseState) {
  return {
    seq: state.seq,
    processes: state.processes.map((p) => `${p.key} ${p.status} ${p.state}`),
    clocks: state.clocks.map((k) => `${k.key} ${k.status} due ${k.due} reminders ${k.remindersFired.join(',') || '-'} dueFired ${k.dueFired} overdue ${k.overdue} late ${k.late}`),
    effects: state.effects.map((e) => `${e.id} ${e.type}`),
    delays: state.delays.map((d) => `${d.seq} ${d.process} ${d.code}`),
    timeline: state.timeline.map((t) => `${t.seq} ${t.kind} ${t.type} ${t.process ?? '-'} ${t.occurredOn}`),
  };
}

/** Poll until the workflow's case equals the engine's and no effect is queued; returns the last state. */
async function settledCase(client: Client, c: FaultCase, timeoutMs: number): Promise<{ state: CaseState; matches: boolean; diff: string }> {
  const until = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const state = await caseState(client, c.caseId);
    const now = Date.now();
    const want = JSON.stringify(digest(expectedState(c, state, now)));
    const got = JSON.stringify(digest(state));
    const settled = state.effects.every((e) => e.status !== 'queued');
    if ((want === got && settled) || now > until) {
      return { state, matches: want === got, diff: want === got ? '' : `wanted ${want}\n   got ${got}` };
    }
    await sleep(Math.min(400 * attempt, 2_000));
  }
}

/** Message-IDs every done notice and alert of a case must have produced, one per recipient. */
function expectedMessageIds(state: CaseState): string[] {
  return state.effects
    .filter((e) => e.type === 'sendNotice' || e.type === 'escalate')
    .flatMap((e) => (e.params.to as string[]).map((role) => deliveryMessageId(e.id, role, MESSAGE_ID_DOMAIN)));
}

/** Problems in a case's delivery ledger: a (key, recipient) delivered twice, or not at all. */
async function deliveryProblems(dataDir: string, state: CaseState): Promise<string[]> {
  const lines = await deliveryLines(dataDir, state.caseId);
  const delivered = lines.filter((l) => l.status === 'delivered').map((l) => `${l.idempotencyKey}|${l.recipientRole}`);
  const wanted = state.effects
    .filter((e) => e.type === 'sendNotice' || e.type === 'escalate')
    .flatMap((e) => (e.params.to as string[]).map((role) => `${e.id}|${role}`));
  const problems = Object.entries(duplicates(delivered)).map(([k, n]) => `${k} delivered ${n} times`);
  for (const w of wanted) if (!delivered.includes(w)) problems.push(`${w} never delivered`);
  for (const d of delivered) if (!wanted.includes(d)) problems.push(`${d} delivered but no effect asked for it`);
  return problems;
}

/** Clock points fired more than once (timeline) and alerts queued more than once per clock. */
function repeatedDeadlines(state: CaseState): string[] {
  const points = state.timeline.filter((t) => t.kind === 'timer' && /_(REMINDER|DUE|OVERDUE|OPEN)$/.test(t.type)).map((t) => `${t.process} ${t.type} ${t.occurredOn}`);
  const alerts = state.effects.filter((e) => e.type === 'escalate').map((e) => `${e.process} ${String(e.params.rule)} ${String(e.params.kind)}`);
  return [...Object.keys(duplicates(points)), ...Object.keys(duplicates(alerts))];
}

/** The people-facing summary the tests compare with FINAL. */
function outcomeOf(state: CaseState, process: string) {
  return {
    state: state.processes.find((p) => p.key === process)?.state ?? '(no process)',
    alerts: state.effects.filter((e) => e.type === 'escalate').map((e) => `${String(e.params.kind)}:${String(e.params.rule)}`),
    notices: state.effects.filter((e) => e.type === 'sendNotice').map((e) => String(e.params.form)),
    signatures: state.effects.filter((e) => e.type === 'requestSignature').length,
    notDone: state.effects.filter((e) => e.status !== 'done').map((e) => `${e.id} ${e.status} ${e.error ?? ''}`),
  };
}

// --- the verdict after a fault run ---------------------------------------------------------

export type SettledCase = Awaited<ReturnType<typeof settledCase>>;

/** Each case once the workflow agrees with the engine and nothing is queued (or `timeoutMs` passed). */
export async function settleAll(client: Client, cases: readonly FaultCase[], timeoutMs: number): Promise<Map<FaultCase, SettledCase>> {
  const results = new Map<FaultCase, SettledCase>();
  // Each poll is a query round trip, mostly waiting: wide.
  await inPool(cases, 32, async (c) => {
    results.set(c, await settledCase(client, c, timeoutMs));
  });
  return results;
}

/** What a fault run must show, as problem lists (empty when all is well) and counts for the log. */
export interface FaultVerdict {
  /** Differs from the pure engine, or ends elsewhere than FINAL, or an effect not done. */
  wrongCases: string[];
  twiceAtSink: Record<string, number>;
  missingAtSink: string[];
  unexpectedAtSink: string[];
  /** Delivery ledger (twice, never, unasked), clock points twice, case ledger (twice, broken chain, signatures). */
  ledgerProblems: string[];
  taskFailures: number;
  counts: { sinkMessages: number; ledgerEmails: number; alerts: number; clockPoints: number; signatures: number; replaysRefused: number };
}

export async function judgeFaultRun(client: Client, dataDir: string, mailFolder: string, cases: readonly FaultCase[], results: Map<FaultCase, SettledCase>): Promise<FaultVerdict> {
  const wrongCases: string[] = [];
  const ledgerProblems: string[] = [];
  const counts = { sinkMessages: 0, ledgerEmails: 0, alerts: 0, clockPoints: 0, signatures: 0, replaysRefused: 0 };
  for (const c of cases) {
    const { state, matches, diff } = results.get(c)!;
    if (!matches) wrongCases.push(`${c.caseId} (${c.kind}) differs from the pure engine:\n ${diff}`);
    const final = FINAL[c.kind];
    const got = outcomeOf(state, final.process);
    const want = { state: final.state, alerts: final.alerts, notices: final.notices, signatures: final.signatures, notDone: [] };
    if (JSON.stringify(got) !== JSON.stringify(want)) wrongCases.push(`${c.caseId}: ${JSON.stringify(got)}`);

    ledgerProblems.push(...(await deliveryProblems(dataDir, state)).map((p) => `${c.caseId}: ${p}`));
    ledgerProblems.push(...repeatedDeadlines(state).map((p) => `${c.caseId}: fired twice: ${p}`));
    counts.ledgerEmails += (await deliveryLines(dataDir, c.caseId)).filter((l) => l.status === 'delivered' && l.channel === 'email').length;
    const entries = await caseLedgerEntries(dataDir, c.caseId);
    const keys = entries.map((e) => `${e.kind}|${String(e.body.key ?? e.seq)}`);
    ledgerProblems.push(...Object.keys(duplicates(keys)).map((k) => `${c.caseId}: case ledger holds ${k} twice`));
    if (!(await verifyCaseLedger(dataDir, c.caseId)).ok) ledgerProblems.push(`${c.caseId}: case ledger does not verify`);
    if (c.kind === 'amendment') {
      const requested = entries.filter((e) => e.kind === 'signature-requested').length;
      const recorded = entries.filter((e) => e.kind === 'signature-recorded').length;
      counts.signatures += recorded;
      if (requested !== 1 || recorded !== 2 || c.signed !== 2) ledgerProblems.push(`${c.caseId}: ${requested} requests, ${recorded} signatures recorded, ${c.signed} signed`);
      if (c.replayRefused) counts.replaysRefused++;
      else ledgerProblems.push(`${c.caseId}: a replayed signing link was not refused`);
    }
    counts.alerts += state.effects.filter((e) => e.type === 'escalate').length;
    counts.clockPoints += state.timeline.filter((t) => t.kind === 'timer' && /_(REMINDER|DUE|OVERDUE)$/.test(t.type)).length;
  }

  // Exactly once at the SMTP server: every Message-ID a notice or alert needs, each once, nothing else.
  const wanted = new Set(cases.flatMap((c) => expectedMessageIds(results.get(c)!.state)));
  const arrived = await sinkMessageIds(mailFolder);
  counts.sinkMessages = arrived.length;
  let taskFailures = 0;
  await inPool(cases, 16, async (c) => {
    taskFailures += await workflowTaskFailures(client, c.caseId);
  });
  return {
    wrongCases,
    twiceAtSink: duplicates(arrived),
    missingAtSink: [...wanted].filter((id) => !arrived.includes(id)),
    unexpectedAtSink: arrived.filter((id) => !wanted.has(id)),
    ledgerProblems,
    taskFailures,
    counts,
  };
}
