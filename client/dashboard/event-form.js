// Sending a chart event to a case (POST /api/cases/:id/events?wait=true). The type list is
// what the open processes accept from their current states (read from their charts), plus any
// other type typed by hand; the workflow's Update validator is the judge, and its refusal text
// (422 { error, field }) is shown as it came, so nothing is half-recorded or guessed here.

import { api } from './api.js';
import { el, errorLine, fill } from './elements.js';
import { eventsAcceptedNow } from './chart-reading.js';
import { OTHER, ROLES, eventFromForm } from './case-reading.js';

/**
 * The form for one case. `charts` maps chart id → parsed chart; `onRecorded(answer)` runs after
 * a 201 (the page is drawn again from the answer's view, with a line saying what was recorded).
 */
export function eventForm(view, charts, onRecorded) {
  const open = view.processes.filter((p) => p.status === 'open');
  const groups = open
    .map((p) => ({ process: p, events: charts.has(p.chart) ? eventsAcceptedNow(charts.get(p.chart), p.state) : [] }))
    .filter((g) => g.events.length);
  const typeSelect = el(
    'select',
    { name: 'type', id: 'event-type', 'data-testid': 'event-type', required: true },
    el('option', { value: '' }, '— choose —'),
    groups.map((g) => el('optgroup', { label: `${g.process.key} (${g.process.state})` }, g.events.map((t) => el('option', { value: t }, t)))),
    el('option', { value: OTHER }, 'other type…'),
  );
  const otherType = el('input', { name: 'otherType', id: 'event-other-type', 'data-testid': 'event-other-type', placeholder: 'e.g. REFERRAL_RECEIVED', hidden: true, 'aria-label': 'other event type' });
  typeSelect.addEventListener('change', () => {
    otherType.hidden = typeSelect.value !== OTHER;
  });
  const outcome = el('div', { 'aria-live': 'polite', 'data-testid': 'event-outcome' });
  const submit = el('button', { type: 'submit', 'data-testid': 'event-submit' }, 'Record event');
  const form = el(
    'form',
    { class: 'event-form', 'data-testid': 'event-form', 'aria-describedby': 'event-help' },
    el('p', { id: 'event-help', class: 'muted' }, 'Types listed are the ones the open processes accept in their current states. The case refuses anything the law or the chart does not allow, and says why.'),
    el('div', { class: 'grid' },
      el('label', { for: 'event-type' }, 'Event type'), el('div', {}, typeSelect, otherType),
      el('label', { for: 'event-occurred' }, 'Occurred on'),
      el('input', { type: 'date', name: 'occurredOn', id: 'event-occurred', 'data-testid': 'event-occurred-on', value: view.today, max: view.today, required: true }),
      el('label', { for: 'event-role' }, 'Actor role'),
      el('select', { name: 'role', id: 'event-role', 'data-testid': 'event-role' }, ROLES.map((r) => el('option', { value: r }, r))),
      el('label', { for: 'event-actor-id' }, 'Actor id (optional)'),
      el('input', { name: 'actorId', id: 'event-actor-id', 'data-testid': 'event-actor-id', placeholder: 'staff id, never a name' }),
      el('label', { for: 'event-process' }, 'Process'),
      el('select', { name: 'process', id: 'event-process', 'data-testid': 'event-process' }, el('option', { value: '' }, 'route by type'), open.map((p) => el('option', { value: p.key }, p.key))),
      el('label', { for: 'event-fields' }, 'Other fields (JSON)'),
      el('textarea', { name: 'fields', id: 'event-fields', 'data-testid': 'event-fields', rows: 3, placeholder: '{"receivedByParentOn": "2026-10-14"}', spellcheck: 'false' }),
    ),
    submit,
    outcome,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    const built = eventFromForm({ otherType: '', fields: '', actorId: '', ...values });
    if (!built.event) {
      fill(outcome, errorLine('event-refusal', built.message));
      form.querySelector(`[name="${built.field === 'type' && values.type === OTHER ? 'otherType' : built.field}"]`)?.focus();
      return;
    }
    submit.disabled = true;
    fill(outcome, el('p', { class: 'muted' }, 'Recording…'));
    try {
      const answer = await api.recordEvent(view.studentId, built.event);
      // The page is drawn again from the answer's view and says what was recorded.
      fill(outcome, el('p', { class: 'muted' }, 'Recorded; updating the case…'));
      await onRecorded(answer);
    } catch (error) {
      fill(outcome, errorLine('event-refusal', error.status === 0 ? error.message : `Refused: ${error.message}`));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
