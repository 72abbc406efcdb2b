// The caseload: open cases from Temporal visibility (GET /api/caseload), sorted by next
// deadline, overdue rows and rows due within 7 calendar days highlighted (colour and a word,
// so the highlight does not rely on colour alone). Filters live in the address
// (#/caseload?school=…) so a filtered list can be bookmarked or sent to a colleague.

import { api } from './api.js';
import { localToday } from './calendar-days.js';
import { caseloadCaption, caseloadHash, filterParams, sortByNextDeadline, urgencyOf } from './caseload-view.js';
import { el, errorLine, fill } from './elements.js';

const FILTERS = [
  { name: 'school', label: 'School', type: 'text', placeholder: 'school id' },
  { name: 'caseManager', label: 'Case manager', type: 'text', placeholder: 'case manager id' },
  { name: 'district', label: 'District', type: 'text', placeholder: 'district id' },
  { name: 'rule', label: 'Next rule', type: 'text', placeholder: 'e.g. initial-iep' },
  { name: 'dueBy', label: 'Due by', type: 'date' },
];

function filterForm(values, onSubmit) {
  const form = el(
    'form',
    { class: 'filters', 'data-testid': 'caseload-filters', role: 'search', 'aria-label': 'caseload filters' },
    FILTERS.map((f) =>
      el('label', {}, f.label, el('input', { name: f.name, type: f.type, placeholder: f.placeholder, value: values[f.name] ?? '', 'data-testid': `filter-${f.name}` })),
    ),
    el(
      'label',
      {},
      'Overdue',
      el(
        'select',
        { name: 'overdue', 'data-testid': 'filter-overdue' },
        [
          ['', 'all cases'],
          ['true', 'overdue only'],
          ['false', 'not overdue'],
        ].map(([v, t]) => el('option', { value: v, selected: (values.overdue ?? '') === v }, t)),
      ),
    ),
    el('button', { type: 'submit', 'data-testid': 'filter-apply' }, 'Filter'),
    el('button', { type: 'reset', 'data-testid': 'filter-clear' }, 'Clear'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onSubmit(filterParams(new FormData(form)));
  });
  form.addEventListener('reset', () => setTimeout(() => onSubmit({}), 0));
  return form;
}

function caseloadTable(rows, today) {
  const sorted = sortByNextDeadline(rows);
  const headers = ['Student', 'Next deadline', 'Rule', 'Overdue rules', 'School', 'Case manager', 'District', 'States'];
  return el(
    'table',
    { 'data-testid': 'caseload-table', class: 'caseload' },
    el('caption', {}, caseloadCaption(rows.length, today)),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      sorted.length
        ? sorted.map((r) => {
            const urgency = urgencyOf(r, today);
            return el(
              'tr',
              { class: urgency, 'data-testid': 'caseload-row', 'data-student-id': r.studentId, 'data-urgency': urgency ?? 'none' },
              el('th', { scope: 'row' }, el('a', { href: `#/case/${encodeURIComponent(r.studentId)}` }, r.studentId)),
              el(
                'td',
                { class: 'due' },
                r.nextDue ?? '—',
                urgency === 'overdue' ? el('span', { class: 'badge overdue' }, 'overdue') : null,
                urgency === 'soon' ? el('span', { class: 'badge soon' }, 'due soon') : null,
                r.problem ? el('span', { class: 'badge problem', title: 'a deadline could not be computed' }, 'problem') : null,
              ),
              el('td', {}, r.nextRule ?? ''),
              el('td', {}, r.overdueRules.join(', ')),
              el('td', {}, r.school ?? ''),
              el('td', {}, r.caseManager ?? ''),
              el('td', {}, r.district ?? ''),
              el('td', {}, r.states.map((s) => el('span', { class: 'pill' }, s))),
            );
          })
        : el('tr', {}, el('td', { colspan: headers.length, class: 'empty' }, 'No open cases match.')),
    ),
  );
}

/** Renders the caseload page into `root`; `params` are the filters from the address. */
export async function showCaseload(root, params, navigate) {
  const today = localToday();
  const results = el('div', { 'aria-live': 'polite', 'data-testid': 'caseload-results' }, el('p', { class: 'muted' }, 'Loading…'));
  fill(
    root,
    el('h1', {}, 'Caseload'),
    filterForm(params, (next) => navigate(caseloadHash(next))),
    results,
  );
  try {
    const body = await api.caseload(params);
    fill(results, caseloadTable(body.cases ?? [], today));
  } catch (error) {
    fill(results, errorLine('caseload-error', error.message));
  }
}
