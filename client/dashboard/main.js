// The dashboard's shell: log in with a bearer token, show who you are (GET /api/me), and route
// the address (#/caseload, #/case/<id>, #/case/<id>/replay, #/calendar/<id>) to its page. The
// token lives in sessionStorage only; every 401 sends the person back to the login screen.

import { api, session } from './api.js';
import { can, showCase } from './case-page.js';
import { showCalendar } from './calendar.js';
import { showCaseload } from './caseload.js';
import { el, errorLine, fill } from './elements.js';
import { showReplay } from './replay.js';

const main = document.getElementById('main');
const who = document.getElementById('whoami');
const nav = document.getElementById('nav');
let me = null;

function navigate(hash) {
  if (location.hash === hash) void route();
  else location.hash = hash;
}

function showLogin(message) {
  me = null;
  fill(who);
  fill(nav);
  const input = el('input', { type: 'password', id: 'login-token', name: 'token', autocomplete: 'off', required: true, 'data-testid': 'login-token', 'aria-describedby': 'login-help' });
  const form = el(
    'form',
    { class: 'login', 'data-testid': 'login-form' },
    el('h1', {}, 'Sign in'),
    el('label', { for: 'login-token' }, 'API token'),
    input,
    el('p', { id: 'login-help', class: 'muted' }, 'Paste the bearer token you were given. It is kept in this browser tab only and forgotten when the tab closes.'),
    el('button', { type: 'submit', 'data-testid': 'login-submit' }, 'Sign in'),
    message ? errorLine('login-error', message) : null,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    session.token = input.value.trim();
    await start();
  });
  fill(main, form);
  input.focus();
}

function showHeader() {
  fill(
    who,
    el('span', { 'data-testid': 'whoami', 'data-role': me.role, 'data-user': me.userId }, `${me.userId} · ${me.role}`, me.districtIds.length ? ` · ${me.districtIds.join(', ')}` : ''),
    me.role === 'supervisor' || me.role === 'auditor' ? codecSessionButton() : null,
    el('button', { type: 'button', class: 'logout', 'data-testid': 'logout', onclick: logOut }, 'Log out'),
  );
  const calendarForm = el(
    'form',
    { class: 'calendar-go', 'aria-label': 'open a district calendar' },
    el('label', { for: 'calendar-id', class: 'sr-only' }, 'Calendar id'),
    el('input', { id: 'calendar-id', name: 'calendar', placeholder: 'calendar id', 'data-testid': 'calendar-id', size: 12, value: me.districtIds[0] ?? '' }),
    el('button', { type: 'submit', 'data-testid': 'calendar-open' }, 'Calendar'),
  );
  calendarForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = new FormData(calendarForm).get('calendar');
    if (id) navigate(`#/calendar/${encodeURIComponent(String(id).trim())}`);
  });
  fill(nav, can.readCaseload(me) ? [el('a', { href: '#/caseload', 'data-testid': 'nav-caseload' }, 'Caseload'), calendarForm] : null);
}

// The Temporal Web UI shows encrypted payloads; this lets it decrypt them through the API in
// this browser for 8 hours (its codec settings must include cross-origin credentials).
function codecSessionButton() {
  const button = el('button', { type: 'button', 'data-testid': 'codec-session', title: 'Let the Temporal Web UI decrypt case payloads in this browser for 8 hours' }, 'Decrypt in Temporal UI');
  button.addEventListener('click', async () => {
    try {
      const { expiresAt } = await api.openCodecSession();
      button.textContent = `Temporal UI decrypts until ${new Date(expiresAt).toLocaleTimeString()}`;
    } catch (error) {
      button.textContent = `Temporal UI: ${error.message}`;
    }
  });
  return button;
}

function logOut() {
  session.token = null;
  history.replaceState(null, '', location.pathname);
  showLogin(null);
}

function parentHome() {
  if (me.studentIds.length === 1) return showCase(main, me.studentIds[0], me);
  fill(
    main,
    el('h1', {}, 'Your children'),
    el('ul', { 'data-testid': 'parent-cases' }, me.studentIds.map((id) => el('li', {}, el('a', { href: `#/case/${encodeURIComponent(id)}` }, `Case ${id}`)))),
  );
}

/** `#/case/abc/replay?x=1` → { parts: ['case', 'abc', 'replay'], params: { x: '1' } } */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: Object.fromEntries(new URLSearchParams(search ?? '')) };
}

async function route() {
  if (!me) return;
  const { parts, params } = parseHash();
  const [page, id, sub] = parts;
  if (page === 'case' && id && sub === 'replay' && can.replay(me)) await showReplay(main, id);
  else if (page === 'case' && id) await showCase(main, id, me);
  else if (page === 'calendar' && id && me.role !== 'parent') await showCalendar(main, id, params, navigate);
  else if (me.role === 'parent') await parentHome();
  else await showCaseload(main, page === 'caseload' ? params : {}, navigate);
  main.querySelector('h1')?.setAttribute('tabindex', '-1');
}

async function start() {
  if (!session.token) return showLogin(null);
  try {
    me = await api.me();
  } catch (error) {
    session.token = null;
    return showLogin(error.status === 401 ? 'That token is not recognised.' : error.message);
  }
  showHeader();
  await route();
}

window.addEventListener('hashchange', async () => {
  await route();
  // The new page's heading takes the focus, unless the person already moved it into the page
  // while it loaded (the replay slider, a form field): their place is kept.
  if (!document.activeElement || document.activeElement === document.body) main.querySelector('h1')?.focus({ preventScroll: false });
});
window.addEventListener('caseclock:signed-out', () => {
  session.token = null;
  showLogin('Your token is no longer accepted: sign in again.');
});
void start();
