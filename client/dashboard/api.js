// The one way the dashboard talks to the API: a bearer token from sessionStorage (gone when the
// tab closes, never in localStorage or a cookie), JSON in and out, and refusals as ApiRefusal
// carrying the API's own text and field so the page can show exactly what was refused.

const TOKEN_KEY = 'caseclock.token';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

export class ApiRefusal extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field ?? null;
  }
}

async function request(method, path, body) {
  const headers = { accept: 'application/json' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiRefusal(0, 'the caseclock API cannot be reached', null);
  }
  return res;
}

async function json(method, path, body) {
  const res = await request(method, path, body);
  const text = await res.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    // A token revoked while the tab is open: the shell (main.js) goes back to the login screen.
    if (res.status === 401 && path !== '/api/me') window.dispatchEvent(new CustomEvent('caseclock:signed-out'));
    const message = parsed && typeof parsed.error === 'string' ? parsed.error : `${res.status} ${res.statusText}`;
    throw new ApiRefusal(res.status, message, parsed?.field);
  }
  return parsed;
}

const seg = (s) => encodeURIComponent(s);

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  me: () => json('GET', '/api/me'),
  /** An HttpOnly cookie for the Temporal Web UI's codec calls (client/api/codec-session.ts). */
  openCodecSession: () => json('POST', '/api/codec-session'),
  caseload: (filter) => json('GET', `/api/caseload${query(filter)}`),
  view: (studentId) => json('GET', `/api/cases/${seg(studentId)}`),
  timeline: (studentId) => json('GET', `/api/cases/${seg(studentId)}/timeline`),
  /** `{ seq }`: just after that timeline entry; `{ at }`: at an instant. */
  replay: (studentId, where) => json('GET', `/api/cases/${seg(studentId)}/replay${query(where)}`),
  recordEvent: (studentId, event) => json('POST', `/api/cases/${seg(studentId)}/events?wait=true`, event),
  chart: (chart) => json('GET', `/api/charts/${seg(chart)}`),
  calendar: (calendarId, from, to) => json('GET', `/api/calendars/${seg(calendarId)}${query({ from, to })}`),
  /** The notice PDF as a blob: a plain link could not carry the bearer token. */
  async noticePdf(studentId, noticeId) {
    const res = await request('GET', `/api/cases/${seg(studentId)}/notices/${seg(noticeId)}.pdf`);
    if (!res.ok) {
      let message = `${res.status} ${res.statusText}`;
      try {
        message = (await res.json()).error ?? message;
      } catch {
        /* not JSON: keep the status line */
      }
      throw new ApiRefusal(res.status, message, null);
    }
    return res.blob();
  },
};
