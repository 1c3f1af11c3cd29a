import { normalizeEntityRef, parseUserRef, sameEntityRef } from './entityRefs';

describe('normalizeEntityRef', () => {
  it('fills the defaults and lower-cases every part', () => {
    expect(normalizeEntityRef('Jane.Doe', { defaultKind: 'user' })).toBe(
      'user:default/jane.doe',
    );
    expect(normalizeEntityRef('Group:Platform/SRE')).toBe('group:platform/sre');
    expect(
      normalizeEntityRef('team-a', {
        defaultKind: 'group',
        defaultNamespace: 'ops',
      }),
    ).toBe('group:ops/team-a');
    expect(
      normalizeEntityRef({ kind: 'Resource', namespace: 'X', name: 'Db' }),
    ).toBe('resource:x/db');
  });

  it('keeps a text that is not a ref, lower-cased, so it equals only itself', () => {
    expect(normalizeEntityRef('Tenant-A')).toBe('tenant-a');
    expect(normalizeEntityRef(' a:b:c/d/e ')).toBe('a:b:c/d/e');
  });

  // The executor compared idempotency refs with its own split-on-colon rule, the training and
  // posture code with parseEntityRef: one rule now, the one Backstage itself parses refs with.
  it('compares shorthand and full refs as the same entity', () => {
    expect(
      sameEntityRef('Orders-DB', 'resource:default/orders-db', {
        defaultKind: 'resource',
      }),
    ).toBe(true);
    expect(
      sameEntityRef('default/orders-db', 'Resource:orders-db', {
        defaultKind: 'resource',
      }),
    ).toBe(true);
    expect(
      sameEntityRef('orders-db', 'component:default/orders-db', {
        defaultKind: 'resource',
      }),
    ).toBe(false);
  });
});

describe('parseUserRef', () => {
  it('gives the normalized ref of a User', () => {
    expect(parseUserRef('John.Smith')).toBe('user:default/john.smith');
    expect(parseUserRef('user:ops/jane')).toBe('user:ops/jane');
  });

  it('names the field when the ref is not a User', () => {
    expect(() => parseUserRef('group:default/sre', 'person')).toThrow(
      'person must refer to a User, got group:default/sre',
    );
    expect(() => parseUserRef('', 'recordedBy')).toThrow(
      /recordedBy must be a User entity ref/,
    );
  });
});
