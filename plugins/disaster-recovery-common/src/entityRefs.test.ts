import {
  normalizeEntityRef,
  normalizeEntityRefStrict,
  parseUserRef,
  sameEntityRef,
} from './entityRefs';

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
      /^Invalid recordedBy: "" is not an entity ref/,
    );
    expect(() => parseUserRef('../../etc/passwd', 'person')).toThrow(
      /^Invalid person: namespace "\.\." is not a valid entity namespace/,
    );
  });
});

/** Refs from the outside that name no entity, and the part each one gets wrong. */
const INVALID_ENTITY_REFS: Array<[string, RegExp]> = [
  ['../../etc/passwd', /namespace "\.\." is not a valid entity namespace/],
  ["x'--", /name "x'--" is not a valid entity name/],
  ['%00', /name "%00" is not a valid entity name/],
  ['\u0000', /name "\\u0000" is not a valid entity name/],
  [':', /":" is not an entity ref of the form/],
  [':default/x', /":default\/x" is not an entity ref of the form/],
  ['resource:default/', /"resource:default\/" is not an entity ref/],
  ['bad kind:default/x', /kind "bad kind" is not a valid entity kind/],
  ['', /"" is not an entity ref of the form/],
];

describe('normalizeEntityRefStrict', () => {
  it('normalizes a valid ref like normalizeEntityRef', () => {
    expect(
      normalizeEntityRefStrict(' Orders-DB ', 'entityRef', {
        defaultKind: 'resource',
      }),
    ).toBe('resource:default/orders-db');
    expect(
      normalizeEntityRefStrict(
        { kind: 'Resource', namespace: 'Ops', name: 'db.1' },
        'route parameters',
      ),
    ).toBe('resource:ops/db.1');
  });

  it.each(INVALID_ENTITY_REFS)(
    'refuses %j with an InputError naming the parameter',
    (ref, problem) => {
      let error: Error | undefined;
      try {
        normalizeEntityRefStrict(ref, 'entityRef', { defaultKind: 'resource' });
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).toBe('InputError');
      expect(error?.message).toMatch(/^Invalid entityRef: /);
      expect(error?.message).toMatch(problem);
    },
  );

  it('refuses a ref without kind when there is no default kind', () => {
    expect(() => normalizeEntityRefStrict('orders-db', 'owner')).toThrow(
      /^Invalid owner: "orders-db" is not an entity ref/,
    );
  });

  it('refuses input that is not a string or a complete compound ref', () => {
    expect(() => normalizeEntityRefStrict(42, 'entityRef')).toThrow(
      'Invalid entityRef: expected an entity ref, got 42',
    );
    expect(() =>
      normalizeEntityRefStrict({ kind: 'resource', name: 'x' }, 'entityRef'),
    ).toThrow(/expected an entity ref/);
    expect(() =>
      normalizeEntityRefStrict(
        { kind: '', namespace: 'default', name: 'x' },
        'route parameters',
      ),
    ).toThrow('Invalid route parameters: kind "" is not a valid entity kind');
  });

  it('shortens a long input in the message', () => {
    expect(() => normalizeEntityRefStrict('x'.repeat(500), 'q')).toThrow(
      /^Invalid q: "x{76}\.\.\. is not an entity ref/,
    );
  });
});
