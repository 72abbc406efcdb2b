import { describe, expect, it } from 'vitest';
import { definition, newConsent } from '../../../machines/consent-request';
import { district, drive, parent, student, system } from './drive';

const open = (input: Record<string, unknown>) => drive(definition, { trigger: null, opener: input as never, student });
const due = (occurredOn: string) => ({ type: 'CONSENT_RESPONSE_DUE', occurredOn, actor: system, clock: 'consentResponse', rule: 'consent-response', due: occurredOn });

describe('consent-request (standalone)', () => {
  it('asks for the FBA plan signature with the form and signer the opener names (discipline, behavioural emergency)', () => {
    const d = open({ scope: 'fba', signer: 'parent', form: 'NC 3' });
    expect(d.state()).toBe('requested');
    expect(d.actions).toEqual([{ type: 'requestSignature', params: { scope: 'fba', signer: 'parent', form: 'NC 3' } }]);
    expect(d.clocks()).toEqual([]);
    d.send({ type: 'CONSENT_REQUEST_DELIVERED', occurredOn: '2027-01-14', actor: district, receivedByParentOn: '2027-01-15' });
    expect(d.clocks()).toEqual([{ id: 'consentResponse', rule: 'consent-response', from: '2027-01-15' }]);
    d.refuse({ type: 'CONSENT_REQUEST_DELIVERED', occurredOn: '2027-01-16', actor: district, receivedByParentOn: '2027-01-16' });
    d.send({ type: 'CONSENT_RECEIVED', occurredOn: '2027-01-20', actor: parent });
    expect(d.state()).toBe('granted');
    expect(d.snapshot.status).toBe('done');
    expect(d.snapshot.context.consent).toMatchObject({ result: 'granted', answeredOn: '2027-01-20' });
  });

  it('records silence on an assessment scope only after the parent\'s last day', () => {
    const d = open({ scope: 'fba', deliveredOn: '2027-01-15' });
    d.refuse({ type: 'NO_RESPONSE_RECORDED', occurredOn: '2027-02-01', actor: district });
    d.send(due('2027-01-30'));
    expect(d.snapshot.context.consent.responseDue).toBe('2027-01-30');
    expect(d.actions).toEqual([{ type: 'escalate', params: { to: ['caseManager'] } }]);
    d.refuse({ type: 'NO_RESPONSE_RECORDED', occurredOn: '2027-01-30', actor: district });
    d.send({ type: 'NO_RESPONSE_RECORDED', occurredOn: '2027-01-31', actor: district });
    expect(d.state()).toBe('no-response');
  });

  it('takes partial consent only for scopes that can be split', () => {
    const release = open({ scope: 'record-release' }).send({ type: 'CONSENT_RECEIVED', occurredOn: '2027-01-20', actor: parent, except: ['health'] });
    expect(release.state()).toBe('granted-partial');
    expect(release.snapshot.context.consent.except).toEqual(['health']);
    open({ scope: 'fba' }).refuse({ type: 'CONSENT_RECEIVED', occurredOn: '2027-01-20', actor: parent, except: ['observation'] });
    const iep = open({ scope: 'later-iep' });
    expect(iep.actions).toEqual([{ type: 'requestSignature', params: { scope: 'later-iep', signer: 'parent', form: 'IEP 9A' } }]);
    expect(iep.send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2027-01-20', actor: parent, scope: 'partial', except: ['esy'] }).state()).toBe('granted-partial');
  });

  it('ends refused, revoked, or with IEP 9A "none" as refused; silence on IEP scopes is not timed', () => {
    expect(open({ scope: 'reassessment' }).send({ type: 'CONSENT_REFUSED', occurredOn: '2027-01-20', actor: parent }).state()).toBe('refused');
    expect(open({ scope: 'ifsp-services' }).send({ type: 'CONSENT_REVOKED', occurredOn: '2027-01-20', actor: parent, inWriting: true }).state()).toBe('revoked');
    expect(open({ scope: 'initial-services' }).send({ type: 'IEP_CONSENT_RECORDED', occurredOn: '2027-01-20', actor: parent, scope: 'none' }).state()).toBe('refused');
    expect(open({ scope: 'amendment' }).send({ type: 'NO_RESPONSE_RECORDED', occurredOn: '2027-01-20', actor: district }).state()).toBe('no-response');
  });

  it('refuses an opener without a known scope (a chart bug, not a guess)', () => {
    // XState keeps the failure in the snapshot: the interpreter sees status 'error', never a guessed scope.
    const d = open({ scope: 'everything' });
    expect(d.snapshot.status).toBe('error');
    expect(String((d.snapshot as { error?: unknown }).error)).toMatch(/scope/);
    expect(newConsent('amendment')).toMatchObject({ signer: 'parent+lea', form: 'Amendment', silenceFrom: null });
  });
});
