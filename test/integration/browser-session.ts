/**
 * Debian's chromium driven by playwright-core for the dashboard's browser test: one browser
 * per file, one context per person (so sessionStorage — where the token lives — is theirs),
 * screenshots under test/artifacts/browser/, and every wait bounded.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/browser/', import.meta.url));
/** Long enough for a loaded 2-core machine, short enough that a broken page fails fast. */
export const STEP_TIMEOUT_MS = 15_000;

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    timeout: 30_000,
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Page errors and failed console lines: a test asserts there were none. */
  problems: string[];
}

/** A fresh context for one person, signed in with their token on the dashboard at `baseUrl`. */
export async function signIn(browser: Browser, baseUrl: string, token: string, hash = ''): Promise<Person> {
  // The district's time zone, so the browser's "today" (caseload highlights) is the district's.
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, timezoneId: 'America/Los_Angeles' });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused request shows in the console as a failed resource; refusals are asserted on the page instead.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`/${hash}`);
  await page.getByTestId('login-token').fill(token);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('whoami').waitFor();
  return { context, page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** The trimmed text of the first element matching `selector`, once it is there. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const locator = page.locator(selector).first();
  await locator.waitFor();
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Steps the replay slider back (each press focuses it first, so a focus moved by the page
 * cannot swallow keys) until its instant reads `label…`, then waits for that stop's result. A
 * result that never comes fails with what the page shows instead: the instant, the stop on
 * screen and the result's first words (an API refusal shows there as `replay-error`).
 */
export async function replayBackTo(page: Page, label: string, seq: number): Promise<void> {
  const slider = page.getByTestId('replay-slider');
  for (let i = 0; i < 40 && !(await textOf(page, '[data-testid="replay-instant"]')).startsWith(label); i++) await slider.press('ArrowLeft');
  try {
    await page.locator(`[data-testid="replay-result"][data-seq="${seq}"]:not([aria-busy])`).waitFor();
  } catch (error) {
    const result = page.getByTestId('replay-result');
    const shown = `instant "${await textOf(page, '[data-testid="replay-instant"]')}", result data-seq=${await result.getAttribute('data-seq')} busy=${await result.getAttribute('aria-busy')}: ${((await result.textContent()) ?? '').replace(/\s+/g, ' ').slice(0, 300)}`;
    throw new Error(`the replay of #${seq} did not show (${(error as Error).message.split('\n')[0]}); the page shows ${shown}`);
  }
}
