// The parts of a case as people read it, each built from a CaseView (workflows/case-view.ts)
// alone, so the live case page and the auditor's replay show a case the same way.

import { api } from './api.js';
import { instantText } from './calendar-days.js';
import { deadlineUrgency, detailText, isDeadlineDueSoon as dueSoon, nextDeadline, retryLines } from './case-reading.js';
import { el, errorLine, section, statusPill, table } from './elements.js';
import { renderChart } from './state-graph.js';

export function summary(view) {
  const next = nextDeadline(view);
  const item = (label, value, testid) => [el('dt', {}, label), el('dd', { 'data-testid': testid }, value ?? '—')];
  return el(
    'div',
    { class: 'summary' },
    el(
      'dl',
      { 'data-testid': 'case-summary' },
      item('District', view.districtId, 'case-district'),
      item('School', view.schoolId, 'case-school'),
      item('Case manager', view.caseManagerId, 'case-manager'),
      item('Calendar', el('a', { href: `#/calendar/${encodeURIComponent(view.calendar.id)}` }, `${view.calendar.id} v${view.calendar.version}`), 'case-calendar'),
      item('District today', view.today, 'case-today'),
      item('Rights holder', view.rightsHolder, 'case-rights-holder'),
    ),
    el(
      'div',
      { class: `next${next?.overdue ? ' overdue' : next && dueSoon(next, view.today) ? ' soon' : ''}`, 'data-testid': 'next-deadline', 'data-rule': next?.rule ?? '', 'data-due': next?.due ?? '' },
      el('span', { class: 'muted' }, 'Next deadline'),
      next
        ? [
            el('strong', { class: 'next-rule', 'data-testid': 'next-deadline-rule' }, next.rule),
            el('span', { class: 'next-due', 'data-testid': 'next-deadline-due' }, next.due),
            next.actBy && next.actBy !== next.due ? el('span', { class: 'muted' }, `act by ${next.actBy}`) : null,
            next.overdue ? el('span', { class: 'badge overdue' }, 'overdue') : null,
            dueSoon(next, view.today) ? el('span', { class: 'badge soon' }, 'due soon') : null,
            el('span', { class: 'muted' }, next.process),
          ]
        : el('span', {}, 'none open'),
    ),
  );
}

/**
 * Every process: open ones drawn from their chart with the current state highlighted (falling
 * back to the state path in words when the chart cannot be read), closed ones as a table row.
 */
export function processesSection(view, charts, chartProblems = new Map()) {
  const open = view.processes.filter((p) => p.status === 'open');
  const done = view.processes.filter((p) => p.status !== 'open');
  return section(
    'processes',
    'Processes',
    open.length ? null : el('p', { class: 'muted' }, 'No open process.'),
    open.map((p) =>
      el(
        'article',
        { class: 'process', 'data-testid': 'process', 'data-process': p.key, 'data-state': p.state },
        el('h3', {}, p.key, ' ', el('span', { class: 'muted' }, `chart ${p.chart} v${p.version} · opened ${p.openedOn}`)),
        el('p', {}, 'Current state: ', el('strong', { 'data-testid': 'process-state' }, p.state)),
        charts.has(p.chart)
          ? renderChart(charts.get(p.chart), p.state, p.key)
          : el('p', { class: 'muted' }, `Diagram not available: ${chartProblems.get(p.chart) ?? 'chart not loaded'}`),
      ),
    ),
    done.length
      ? el(
          'details',
          {},
          el('summary', {}, `${done.length} closed process${done.length === 1 ? '' : 'es'}`),
          table('closed-processes', ['Process', 'Chart', 'Final state', 'Opened', 'Closed'], done.map((p) => [p.key, `${p.chart} v${p.version}`, p.state, p.openedOn, p.closedOn ?? ''])),
        )
      : null,
  );
}

function why(d) {
  return el(
    'div',
    { class: 'why' },
    el('ol', { 'data-testid': 'deadline-why' }, d.explanation.map((line) => el('li', {}, line))),
    d.moves.length
      ? el(
          'ul',
          { class: 'moves', 'aria-label': 'date changes' },
          d.moves.map((m) => el('li', {}, `moved ${m.from ?? '—'} → ${m.to ?? '—'}: ${m.reason}`)),
        )
      : null,
  );
}

export function deadlinesSection(view) {
  const row = (d) => [
    { cell: d.rule, attrs: { 'data-testid': 'deadline-rule' } },
    d.process,
    { cell: d.due ?? el('span', { class: 'err' }, d.problem ?? 'no date'), attrs: { 'data-testid': 'deadline-due' } },
    d.actBy ?? '',
    d.earliest ?? '',
    [d.overdue ? el('span', { class: 'badge overdue' }, 'overdue') : null, dueSoon(d, view.today) ? el('span', { class: 'badge soon' }, 'due soon') : null, d.late ? el('span', { class: 'badge late' }, 'late') : null, statusPill(d.status), d.closedOn ? ` ${d.closedOn}` : ''],
    why(d),
  ];
  const headers = ['Rule', 'Process', 'Due', 'Act by', 'Earliest', 'Status', 'Why'];
  return section(
    'deadlines',
    'Deadlines',
    table('pending-deadlines', headers, view.pending.map(row), (i) => ({ class: deadlineUrgency(view.pending[i], view.today), 'data-testid': 'deadline', 'data-rule': view.pending[i].rule })),
    view.closed.length
      ? el('details', {}, el('summary', {}, `${view.closed.length} closed or cancelled`), table('closed-deadlines', headers, view.closed.map(row)))
      : null,
  );
}

async function openPdf(studentId, notice, button, problem) {
  button.disabled = true;
  problem.replaceChildren();
  try {
    const blob = await api.noticePdf(studentId, notice.id);
    const url = URL.createObjectURL(blob);
    window.open(url, '_blank', 'noopener');
    // The new tab has read the blob by then; free it rather than keep the document in memory.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    problem.append(errorLine('notice-error', `${notice.form}: ${error.message}`));
  } finally {
    button.disabled = false;
  }
}

export function noticesSection(view, { pdf = true } = {}) {
  const problem = el('div', { 'aria-live': 'polite' });
  const rows = view.notices.map((n) => {
    const button = el('button', { type: 'button', class: 'link', 'data-testid': 'notice-pdf', 'data-notice-id': n.id, disabled: !n.documentSha256 }, `${n.form} PDF`);
    button.addEventListener('click', () => openPdf(view.studentId, n, button, problem));
    const deliveries = Array.isArray(n.deliveries) ? n.deliveries.map((d) => `${d.recipient} by ${d.channel}`).join(', ') : '';
    return [n.form, n.process, n.to.join(', '), n.on, [statusPill(n.status), deliveries ? ` ${deliveries}` : ''], pdf && n.documentSha256 ? button : el('span', { class: 'muted' }, n.documentSha256 ? '' : 'not written yet')];
  });
  // Queued effects the mail server or document store keeps refusing: the view alone says "queued".
  const retries = retryLines(view.retrying, Date.now());
  const retrying = retries.length
    ? el('ul', { class: 'retrying', 'data-testid': 'retrying' }, retries.map((r) => el('li', { 'data-testid': 'retrying-activity', 'data-activity': r.activity }, `retrying: ${r.text}`)))
    : null;
  return section('notices', 'Notices', retrying, table('notices-table', ['Form', 'Process', 'To', 'On', 'Status', 'Document'], rows, (i) => ({ 'data-testid': 'notice', 'data-form': view.notices[i].form })), problem);
}

export function signaturesSection(view) {
  return section(
    'signatures',
    'Signatures',
    table('signatures-table', ['Form', 'Scope', 'Signer', 'Process', 'Requested on', 'Status', 'Request'], view.signatures.map((s) => [s.form, s.scope, s.signer, s.process, s.on, statusPill(s.status), s.requestId ?? ''])),
  );
}

export function alertsSection(view) {
  return section('alerts', 'Alerts', table('alerts-table', ['Kind', 'Rule', 'Process', 'On', 'Status'], view.alerts.map((a) => [a.kind, a.rule ?? '', a.process, a.on, statusPill(a.status)])));
}

export function delaysSection(view) {
  return section('delays', 'Delays', table('delays-table', ['Code', 'CALPADS code', 'Rule', 'Process', 'On'], view.delays.map((d) => [d.code, d.calpadsCode ?? '', d.rule ?? '', d.process, d.on])));
}

export function timelineSection(entries, problem) {
  return section(
    'timeline',
    'Timeline',
    problem ? errorLine('timeline-error', problem) : null,
    table(
      'timeline-table',
      ['#', 'Occurred', 'Recorded', 'Kind', 'What', 'Process', 'By', 'Detail'],
      entries.map((t) => [String(t.seq), t.occurredOn, instantText(t.at), t.kind, el('code', {}, t.type), t.process ?? '', t.actor ? [t.actor.role, t.actor.id].filter(Boolean).join(' ') : '', el('span', { class: 'muted' }, detailText(t.detail))]),
      (i) => ({ 'data-testid': 'timeline-entry', 'data-kind': entries[i].kind, 'data-type': entries[i].type }),
    ),
  );
}

/** Charts of the view's processes, read once per page load (chart id → parsed chart). */
export async function loadCharts(view, cache, parse) {
  const problems = new Map();
  const wanted = [...new Set(view.processes.filter((p) => p.status === 'open').map((p) => p.chart))].filter((c) => !cache.has(c));
  await Promise.all(
    wanted.map(async (chart) => {
      try {
        const body = await api.chart(chart);
        cache.set(chart, parse(body.mermaid));
      } catch (error) {
        problems.set(chart, error.message);
      }
    }),
  );
  return problems;
}
