import {
  assertIdentifier,
  generatedIdentifier,
  nameTimestamp,
  quoteIdent,
  tenantIdentifierPart,
} from './identifiers';

describe('identifiers', () => {
  it('accepts plain lower-case identifiers and quotes them', () => {
    expect(assertIdentifier('ecommerce_restore_20250101000000')).toBeTruthy();
    expect(quoteIdent('orders')).toBe('"orders"');
  });

  it.each([
    'Orders',
    '1abc',
    'a-b',
    'a;drop table x',
    'a"b',
    "a'b",
    'a b',
    '$(id)',
    '`id`',
    '',
    'x'.repeat(64),
  ])('rejects %j', name => {
    expect(() => assertIdentifier(name)).toThrow(/must match/);
    expect(() => quoteIdent(name)).toThrow();
  });

  it('formats timestamps for names', () => {
    expect(nameTimestamp(new Date('2025-03-04T05:06:07.999Z'))).toBe(
      '20250304050607',
    );
  });

  it('refuses generated names longer than 63 characters', () => {
    expect(() =>
      generatedIdentifier(['a'.repeat(50), 'restore', '20250101000000'], 'x'),
    ).toThrow(/longer than 63/);
  });

  it('maps tenant ids to identifier parts and rejects metacharacters', () => {
    expect(tenantIdentifierPart('tenant-00001')).toBe('tenant_00001');
    expect(tenantIdentifierPart('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe(
      '3f2504e0_4f89_11d3_9a0c_0305e82c3301',
    );
    for (const bad of [
      "t'; drop schema public; --",
      't$(id)',
      '../t',
      't t',
      '',
      '-t',
    ]) {
      expect(() => tenantIdentifierPart(bad)).toThrow(/Invalid tenant id/);
    }
  });
});
