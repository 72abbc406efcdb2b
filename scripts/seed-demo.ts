/**
 * Demo data for `npm start`: every acceptance history in test/histories/ becomes a live case
 * `demo-<history id>` on the running cluster, with its event steps dated up to today (steps in
 * the future are left for time to bring). Idempotent: a case that exists is left alone, so a
 * restart finds the same cases. Names and addresses go only to the student directory (outside
 * Temporal); the workflows see ids.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartRegistry } from '../machines';
import { CaseError, CaseService } from '../client/case-service';
import { loadHistory } from '../client/simulate/history';
import { connectClient } from '../client/temporal-client';
import { loadConfig } from '../worker/config';
import { dateIn } from '../workflows/zoned-time';
import { seedDirectoryEntry } from '../worker/case-activities';

const HISTORIES = fileURLToPath(new URL('../test/histories/', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig();
  const client = await connectClient(config);
  const service = new CaseService({ client, taskQueue: config.taskQueue });
  let opened = 0;
  let events = 0;
  let skipped = 0;
  try {
    for (const file of readdirSync(HISTORIES).filter((f) => f.endsWith('.json')).sort()) {
      const loaded = loadHistory(join(HISTORIES, file), chartRegistry);
      const { history } = loaded;
      const studentId = `demo-${history.id}`.toLowerCase();
      const today = dateIn(loaded.calendar.timeZone ?? 'America/Los_Angeles', Date.now());
      await seedDirectoryEntry(config.dataDir, studentId, history.student.birthDate, history.student.language);
      try {
        await service.openCase({
          studentId,
          birthDate: history.student.birthDate,
          language: history.student.language,
          districtId: loaded.calendar.id,
          schoolId: history.student.school ?? 'demo-school',
          caseManagerId: history.student.caseManager ?? 'cm-demo',
          calendar: loaded.calendar,
          policy: history.policy,
        });
      } catch (error) {
        if (error instanceof CaseError && error.kind === 'conflict') {
          skipped++;
          continue;
        }
        throw error;
      }
      opened++;
      // The steps dated up to today, in one recordHistory Update: a clock due between two of
      // them acts at its own date, not at today's (workflows/late-entry.ts).
      const past = history.steps.flatMap((step) => (step.event && !step.expect?.refused && step.event.occurredOn <= today ? [step.event] : []));
      if (!past.length) continue;
      try {
        await service.recordHistory(studentId, past);
        events += past.length;
      } catch (error) {
        // A history this build refuses is reported, not fatal: the demo shows the case opened.
        if (!(error instanceof CaseError)) throw error;
        console.log(`caseclock: demo ${studentId}: history refused: ${error.message}`);
      }
    }
  } finally {
    await client.connection.close();
  }
  console.log(`caseclock: demo data: ${opened} cases opened with ${events} events, ${skipped} already there`);
}

await main();
