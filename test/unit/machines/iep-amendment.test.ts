import { describe, expect, it } from 'vitest';
import { definition } from '../../../machines/iep-amendment';
import { district, drive, parent, student } from './drive';

const drafted = (leaSigned = true) =>
  drive(definition, { trigger: { type: 'AMENDMENT_DRAFTED', occurredOn: '2027-02-01', actor: district, leaSigned }, student });

describe('iep-amendment: Appendix C5 (speech 30 → 45 minutes)', () => {
  it('is in effect once the parent signs the draft the LEA signed; no new annual date', () => {
    const d = drafted();
    expect(d.state()).toBe('drafted');
    expect(d.actions).toEqual([{ type: 'requestSignature', params: { scope: 'amendment', signer: 'parent+lea', form: 'Amendment' } }]);
    d.send({ type: 'AMENDMENT_SIGNED', occurredOn: '2027-02-03', actor: parent });
    expect(d.state()).toBe('in-effect');
    expect(d.actions).toEqual([]);
    expect(d.all.some((a) => a.type === 'openProcess')).toBe(false);
  });

  it('waits for both signatures in either order and sends a revised copy on request', () => {
    const d = drafted(false).send({ type: 'AMENDMENT_SIGNED', occurredOn: '2027-02-03', actor: parent, copyRequested: true });
    expect(d.state()).toBe('drafted');
    d.refuse({ type: 'AMENDMENT_SIGNED', occurredOn: '2027-02-04', actor: parent });
    d.send({ type: 'AMENDMENT_SIGNED', occurredOn: '2027-02-05', actor: district });
    expect(d.state()).toBe('in-effect');
    expect(d.actions).toEqual([{ type: 'sendNotice', params: { form: 'Amendment', to: 'parent', purpose: 'revised-iep-copy' } }]);
    expect(d.snapshot.context).toMatchObject({ parentSignedOn: '2027-02-03', leaSignedOn: '2027-02-05' });
  });

  it('is abandoned when declined', () => {
    expect(drafted().send({ type: 'AMENDMENT_DECLINED', occurredOn: '2027-02-03', actor: parent }).state()).toBe('abandoned');
  });
});
