/**
 * Demo API users for `npm start`, written once when the tokens file is missing: one user per
 * role, scoped to the demo cases scripts/seed-demo.ts opens (district = the history's calendar
 * id, case manager `cm-demo`, students `demo-<history id>`). Tokens are random (32 bytes,
 * base64url); the file is created mode 0600 and never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TokensFileSchema, type ApiUser } from './auth';

/** The demo cases' districts: every test/histories calendar (demo-usd, demo-usd-extended). */
export const DEMO_DISTRICTS = ['demo-usd', 'demo-usd-extended'];

export function demoUsers(token: () => string = () => randomBytes(32).toString('base64url')): ApiUser[] {
  return [
    { token: token(), userId: 'demo-staff', role: 'staff', districtIds: DEMO_DISTRICTS, caseManagerId: 'cm-demo' },
    { token: token(), userId: 'demo-supervisor', role: 'supervisor', districtIds: DEMO_DISTRICTS },
    { token: token(), userId: 'demo-auditor', role: 'auditor', districtIds: DEMO_DISTRICTS },
    { token: token(), userId: 'demo-parent', role: 'parent', districtIds: ['demo-usd'], studentIds: ['demo-c1'] },
  ];
}

/** Creates the file if it does not exist; returns the users written, or null when it existed. */
export function ensureDemoTokens(file: string): ApiUser[] | null {
  const users = demoUsers();
  const text = `${JSON.stringify(TokensFileSchema.parse({ users }), null, 2)}\n`;
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  return users;
}
