/**
 * The outside world fails for a while, then recovers, while 50 cases progress on the shared
 * dev server: first the SMTP port refuses connections and the document store fails (ENOTDIR,
 * as an unreachable object store), then the documents are back and the SMTP server answers
 * every MAIL FROM with 451 (try again later), then mail works again; the 08:00 alerts fall due
 * during the outage. The activities retry under the workflow's retry policy; nothing is
 * marked failed.
 *
 * While failing, what staff can see: the case view lists the notice, alert or signature
 * request as `queued` (not done, not failed), and client/activity-retries.ts tells that its
 * activity is being retried (attempt ≥ 2, failing) rather than just running.
 *
 * Afterwards, as in the other fault tests: every case is what the pure engine says, every
 * notice and alert reached the sink exactly once (by Message-ID; sink count = delivery-ledger
 * count), every clock point fired once, every signature is in the case ledger, every stored
 * document named by a notice or a signature request is there and intact, no workflow task
 * failed; and some activities did succeed only on a later attempt (read from the histories).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FolderDocumentStore } from '../../activities';
import { retryingActivities, type RetryingActivity } from '../../client/activity-retries';
import type { CaseView } from '../../workflows/case-view';
import { caseViewQuery } from '../../workflows/messages';
import { caseLedgerEntries, DocumentStoreOutage, inPool, SmtpOutage, sleep } from './fault-tools';
import { driveCase, judgeFaultRun, planCases, settleAll, shiftFor, startCase, type CaseKind, type FaultCase } from './fault-cases';
import { expectCleanRun, startFaultRig, verdictLine, type FaultRig } from './fault-rig';
import { uniqueId } from './harness';

const COUNTS = { 'due-today': 16, 'reminder-today': 14, overdue: 12, evaluation: 4, amendment: 4 } as const;
/** From the start of the run to 08:00 on the case day: while SMTP still fails. */
const TIMER_AFTER_MS = 11_000;
/**
 * Each phase lasts at least this long, and at most until what it must show was seen. Short:
 * retries back off 2, 4, 8, 16 s, so an outage over ≈ 14 s costs the next doubling (30 s).
 */
const PHASE_MIN_MS = 4_000;
const PHASE_MAX_MS = 60_000; // a loaded 2-core machine (three fault files at once) took over 30 s to show a failing notice

let smtp: SmtpOutage;
let documents: DocumentStoreOutage;
let rig: FaultRig;

beforeAll(async () => {
  rig = await startFaultRig('faults-smtp', async (dataDir) => {
    documents = new DocumentStoreOutage(dataDir);
    await documents.install(); // before anything stores a document
    smtp = await SmtpOutage.start(dataDir);
    const stop = async () => {
      await smtp.stop();
      await documents.end();
    };
    return { address: inject('temporalAddress'), namespace: inject('temporalNamespace'), smtpPort: smtp.port, stop };
  });
});

afterAll(() => rig?.stop());

interface Probe {
  /** Any of these cases will do (their retries back off at different moments). */
  cases: FaultCase[];
  activity: string;
  /** Only a failure at or after this instant counts (ms). */
  since: number;
}

/** A case's `activity` being retried (an attempt failed since `since`, attempt ≥ 2), and its case view then. */
async function failingNow(client: Client, c: FaultCase, probe: Probe): Promise<{ retry: RetryingActivity; view: CaseView } | null> {
  const retrying = await retryingActivities(client, c.caseId).catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) return []; // not started yet
    throw error;
  });
  const retry = retrying.find((r) => r.activity === probe.activity && r.failing && r.attempt >= 2 && r.lastFailedAt !== null && Date.parse(r.lastFailedAt) >= probe.since);
  if (!retry) return null;
  return { retry, view: await client.workflow.getHandle(c.caseId).query(caseViewQuery) };
}

/** Poll every 500 ms until each probe was seen failing on one of its cases (kept once seen) and `also()`; bounded. */
async function seeFailing(client: Client, probes: Record<string, Probe>, also: () => boolean, maxMs: number) {
  const seen: Record<string, { retry: RetryingActivity; view: CaseView }> = {};
  const until = Date.now() + maxMs;
  while (Object.keys(seen).length < Object.keys(probes).length || !also()) {
    if (Date.now() > until) {
      const missing = Object.entries(probes).filter(([k]) => !seen[k]);
      const pendingNow = await Promise.all(missing.flatMap(([, p]) => p.cases.map(async (c) => `${c.caseId}: ${JSON.stringify(await retryingActivities(client, c.caseId).catch(String))}`)));
      throw new Error(`not seen failing within ${maxMs} ms: ${missing.map(([k]) => k).join(', ') || 'the 451 server'}\n${pendingNow.join('\n')}`);
    }
    for (const [name, probe] of Object.entries(probes)) {
      for (const c of probe.cases) {
        const now = seen[name] ? null : await failingNow(client, c, probe);
        if (now) seen[name] = now;
      }
    }
    await sleep(500);
  }
  return seen;
}

/** Activities of a case that completed on a later attempt (the attempt of each ActivityTaskStarted). */
async function laterAttempts(client: Client, caseId: string): Promise<number[]> {
  const history = await client.workflow.getHandle(caseId).fetchHistory();
  return (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 1).filter((a) => a > 1);
}

describe('SMTP sink refusing (closed port, then 451) and the document store failing, 50 cases', () => {
  it('retries until both recover, shows the pending deliveries meanwhile, and delivers each exactly once', async () => {
    const started = Date.now();
    const at = (ms: number) => `+${((ms - started) / 1000).toFixed(1)} s`;
    const { client, dataDir, worker } = rig;
    const cases = await planCases(dataDir, uniqueId('fsd'), COUNTS, shiftFor(started + TIMER_AFTER_MS));
    const firstOf = (kind: CaseKind, n: number) => cases.filter((c) => c.kind === kind).slice(0, n);
    const watched = { notice: firstOf('evaluation', 2), alert: firstOf('overdue', 4), signature: firstOf('amendment', 2) };
    const probed = Object.values(watched).flat();
    const rest = cases.filter((c) => !probed.includes(c));
    const order = [...probed, ...rest.filter((c) => c.kind === 'amendment'), ...rest.filter((c) => c.kind !== 'amendment')];

    // Phase A: nothing reaches the SMTP port, no document can be stored or read.
    await smtp.refuseConnections();
    await documents.begin();
    const load = inPool(order, 25, async (c) => {
      await startCase(rig, c);
      await driveCase(rig, c);
    });
    const phaseA = await seeFailing(
      client,
      {
        notice: { cases: watched.notice, activity: 'sendNotice', since: started },
        alert: { cases: watched.alert, activity: 'alertStaff', since: started },
        signature: { cases: watched.signature, activity: 'requestSignature', since: started },
      },
      () => true,
      PHASE_MAX_MS,
    );
    await sleep(Math.max(0, started + PHASE_MIN_MS - Date.now()));
    // Phase B: documents back; the SMTP server answers, but 451 to every message.
    await documents.end();
    await smtp.refuseWith451();
    const phaseBStart = Date.now();
    // An alert seen anew, failing on a 451 this time: still pending, its retries counting up.
    const phaseB = await seeFailing(client, { alert: { cases: [...watched.alert, ...firstOf('due-today', 2)], activity: 'alertStaff', since: phaseBStart } }, () => smtp.refusedAttempts >= 3, PHASE_MAX_MS);
    await sleep(Math.max(0, phaseBStart + PHASE_MIN_MS - Date.now()));
    await smtp.restore();
    const restored = Date.now();
    console.log(`faults-smtp-docstore: refused + documents down until ${at(phaseBStart)}, 451 until ${at(restored)} (${smtp.refusedAttempts} MAIL FROM refused)`);

    // While failing: the delivery shows as pending (queued), not failed, and its activity as retrying.
    const pending = (v: CaseView) => ({ queued: v.effectsQueued > 0, failed: v.effectsFailed });
    expect(phaseA.notice.view.notices.map((n) => n.status)).toContain('queued');
    expect(phaseA.alert.view.alerts.map((a) => a.status)).toContain('queued');
    expect(phaseA.signature.view.signatures.map((s) => s.status)).toContain('queued');
    expect(phaseB.alert.view.alerts.map((a) => `${a.kind} ${a.status}`)).toContain('due queued');
    for (const seen of [...Object.values(phaseA), ...Object.values(phaseB)]) {
      expect(pending(seen.view)).toEqual({ queued: true, failed: 0 });
      expect(seen.retry).toMatchObject({ failing: true, lastFailureType: 'Error', maximumAttempts: 50 });
      expect(['scheduled', 'started']).toContain(seen.retry.state);
    }

    await load;
    await sleep(Math.max(0, started + TIMER_AFTER_MS + 2_000 - Date.now()));
    // The last retry comes at most one backoff (≤ 16 s by then) after the restore.
    const results = await settleAll(client, cases, 90_000);
    const settled = Date.now();
    const verdict = await judgeFaultRun(client, dataDir, smtp.folder, cases, results);

    expectCleanRun(verdict, COUNTS, worker);

    // Nothing lost in the document store: every document a notice or signature request names is there, intact.
    const store = new FolderDocumentStore(dataDir);
    const named = new Set<string>();
    for (const c of cases) {
      for (const e of results.get(c)!.state.effects) if (e.type === 'sendNotice') named.add(String(e.result?.documentSha256));
      for (const entry of await caseLedgerEntries(dataDir, c.caseId)) if (entry.kind === 'signature-requested') named.add(String(entry.body.documentSha256));
    }
    const missing = [];
    for (const sha of named) if (!(await store.get(sha))) missing.push(sha);
    expect(missing).toEqual([]);
    expect(named.size).toBeGreaterThanOrEqual(COUNTS.evaluation + COUNTS.amendment);

    const retried: number[] = [];
    await inPool(cases, 16, async (c) => {
      retried.push(...(await laterAttempts(client, c.caseId)));
    });
    expect(retried.length).toBeGreaterThan(0);
    console.log(
      `faults-smtp-docstore: ${cases.length} cases; ${retried.length} activities succeeded on a later attempt (up to attempt ${Math.max(...retried)}); ` +
        `${verdictLine(verdict)}, ${named.size} documents intact; settled at ${at(settled)}`,
    );
  });
});
