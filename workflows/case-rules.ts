/**
 * Rules that span processes, which no single chart can see: checked by the router before an
 * event reaches any chart, so a refused event leaves nothing in the history.
 */
import type { CaseState } from './case-state';

interface EventHead {
  type: string;
  actor: { role: string };
  occurredOn: string;
}

/**
 * After a parent's written revocation ended services, the district may not use mediation or
 * due process to keep them (L3487-3489, L3660-3663); a later request starts a new initial
 * evaluation (L18894-18895), after which the usual rights return.
 */
function revocationBar(state: CaseState, event: EventHead): string | null {
  if (event.actor.role !== 'district' || !['DUE_PROCESS_FILED', 'MEDIATION_REQUESTED'].includes(event.type)) return null;
  const revoked = state.processes.filter((p) => p.chart === 'revocation-of-services' && p.status === 'done' && p.state === 'services-ended');
  const last = revoked.at(-1);
  if (!last) return null;
  const laterEvaluation = state.processes.some((p) => p.chart === 'initial-evaluation' && p.openedOn > (last.closedOn ?? last.openedOn));
  if (laterEvaluation) return null;
  return `event.type: the parent revoked consent to services (${last.key}, ${last.closedOn}); the district may not file ${event.type === 'DUE_PROCESS_FILED' ? 'for due process' : 'for mediation'} to keep them (L3487-3489)`;
}

export function caseLevelRefusal(state: CaseState, event: EventHead): string | null {
  return revocationBar(state, event);
}
