import {
  assertKeyInPrefix,
  backupKeyFor,
  backupPrefixFor,
  isBackupObjectKey,
  partialKeyFor,
  statsKeyFor,
} from './backupKey';
import { DatabaseTarget } from '../target/target';

const target: DatabaseTarget = {
  name: 't1',
  primary: {
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'ecommerce',
  },
  s3: { region: 'us-east-1', bucket: 'dr-backups', prefix: 'prod/eu' },
};

describe('backupKeyFor', () => {
  it('builds <prefix>/<db>/<YYYY>/<MM>/<DD>/<db>_<stamp>.dump in UTC', () => {
    expect(backupKeyFor(target, new Date('2025-03-04T05:06:07.890Z'))).toBe(
      'prod/eu/ecommerce/2025/03/04/ecommerce_20250304T050607Z.dump',
    );
  });

  it('works with an empty prefix', () => {
    const t = { ...target, s3: { ...target.s3, prefix: '' } };
    expect(backupKeyFor(t, new Date('2025-12-31T23:59:59Z'))).toBe(
      'ecommerce/2025/12/31/ecommerce_20251231T235959Z.dump',
    );
    expect(backupPrefixFor(t)).toBe('ecommerce/');
  });

  it('rejects an invalid date and a bad prefix', () => {
    expect(() => backupKeyFor(target, new Date('nope'))).toThrow(/valid date/);
    for (const prefix of [
      '/abs',
      'a/../b',
      'a//b',
      'trailing/',
      'sp ace',
      'a/./b',
    ]) {
      const t = { ...target, s3: { ...target.s3, prefix } };
      expect(() => backupKeyFor(t, new Date())).toThrow(/prefix/);
    }
  });

  it('names the sidecars next to the dump', () => {
    const key = backupKeyFor(target, new Date('2025-03-04T05:06:07Z'));
    expect(statsKeyFor(key)).toBe(
      'prod/eu/ecommerce/2025/03/04/ecommerce_20250304T050607Z.stats.json',
    );
    expect(partialKeyFor(key)).toBe(`${key}.partial`);
    expect(isBackupObjectKey(key)).toBe(true);
    expect(isBackupObjectKey(statsKeyFor(key))).toBe(false);
    expect(isBackupObjectKey(partialKeyFor(key))).toBe(false);
  });
});

describe('assertKeyInPrefix', () => {
  it('accepts keys inside <prefix>/<db>/', () => {
    const key = 'prod/eu/ecommerce/2025/01/01/ecommerce_20250101T000000Z.dump';
    expect(assertKeyInPrefix(target, key)).toBe(key);
    expect(
      assertKeyInPrefix(target, 'prod/eu/ecommerce/legacy/full_backup.dump.gz'),
    ).toBeTruthy();
  });

  it.each([
    ['outside the prefix', 'prod/us/ecommerce/x.dump'],
    ['another database', 'prod/eu/billing/x.dump'],
    ['prefix only', 'prod/eu/ecommerce/'],
    ['the prefix lookalike', 'prod/eu/ecommerce_evil/x.dump'],
    ['dot-dot', 'prod/eu/ecommerce/../../us/ecommerce/x.dump'],
    ['dot-dot at the end', 'prod/eu/ecommerce/..'],
    ['dot segment', 'prod/eu/ecommerce/./x.dump'],
    ['absolute', '/prod/eu/ecommerce/x.dump'],
    ['empty segment', 'prod/eu/ecommerce//x.dump'],
    ['newline', 'prod/eu/ecommerce/x.dump\n'],
    ['NUL', 'prod/eu/ecommerce/x\u0000.dump'],
    ['backslash', 'prod/eu/ecommerce/..\\x.dump'],
    ['shell metacharacters', 'prod/eu/ecommerce/$(rm -rf ~).dump'],
    ['semicolon', 'prod/eu/ecommerce/a;b.dump'],
    ['space', 'prod/eu/ecommerce/a b.dump'],
    ['empty', ''],
  ])('rejects %s', (_what, key) => {
    expect(() => assertKeyInPrefix(target, key)).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });

  it('rejects non-strings and very long keys', () => {
    expect(() => assertKeyInPrefix(target, 42)).toThrow(/non-empty string/);
    expect(() =>
      assertKeyInPrefix(target, `prod/eu/ecommerce/${'a'.repeat(1100)}`),
    ).toThrow(/longer than 1024/);
  });
});
