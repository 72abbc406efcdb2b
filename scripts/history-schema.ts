/**
 * Writes docs/case-history.schema.json, the JSON Schema of the case-history format generated
 * from its zod schema (client/simulate/history.ts), so editors can check a history while it is
 * written.   npx tsx scripts/history-schema.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { HistorySchema } from '../client/simulate/history';

const out = new URL('../docs/case-history.schema.json', import.meta.url);
const schema = { $id: 'https://caseclock.local/case-history.schema.json', title: 'caseclock case history', ...z.toJSONSchema(HistorySchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) };
const text = `${JSON.stringify(schema, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = (() => { try { return readFileSync(out, 'utf8'); } catch { return ''; } })();
  if (current !== text) {
    console.error('docs/case-history.schema.json is out of date: run npx tsx scripts/history-schema.ts');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  console.log('wrote docs/case-history.schema.json');
}
