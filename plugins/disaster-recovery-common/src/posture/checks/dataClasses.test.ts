import { defaultPolicy } from '../../policy/readPolicy';
import { evaluate } from '../evaluate';
import {
  NOW,
  MIN,
  HOUR,
  DAY,
  ago,
  at,
  tenant,
  check,
  backup,
} from '../__testUtils__/evaluate';

describe('evaluate', () => {
  describe('backup frequency and retention per data class', () => {
    it('adds one check of each per data class of the tenant', () => {
      const ids = evaluate(
        defaultPolicy,
        tenant({ dataClasses: ['customer-pii', 'product-catalog'] }),
        NOW,
      ).checks.map(c => c.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          'backup-frequency:customer-pii',
          'backup-frequency:product-catalog',
          'retention:customer-pii',
          'retention:product-catalog',
        ]),
      );
      expect(ids).not.toContain('backup-frequency:transactions');
    });

    it('says the data classes are unknown when the tenant names none', () => {
      expect(check(tenant(), 'data-classes').status).toBe('unknown');
    });

    it('passes within the interval, warns when overdue and fails after two missed backups', () => {
      const f = (age: number) =>
        check(
          tenant({
            dataClasses: ['customer-pii'],
            backups: [backup('b', age)],
          }),
          'backup-frequency:customer-pii',
        );
      expect(f(50 * MIN).status).toBe('pass');
      expect(f(50 * MIN).breachAt).toBe(at(70 * MIN));
      expect(f(90 * MIN).status).toBe('warn');
      expect(f(3 * HOUR).status).toBe('fail');
    });

    it('counts only backups of that class or of the whole database', () => {
      const evidence = tenant({
        dataClasses: ['customer-pii', 'product-catalog'],
        backups: [
          backup('catalog-only', 10 * MIN, { dataClass: 'product-catalog' }),
        ],
      });
      expect(check(evidence, 'backup-frequency:customer-pii').status).toBe(
        'fail',
      );
      expect(check(evidence, 'backup-frequency:product-catalog').status).toBe(
        'pass',
      );
    });

    it('checks an on-change class against its last change', () => {
      const base = {
        dataClasses: ['system-configs'],
        backups: [backup('b', 2 * DAY)],
      };
      expect(
        check(tenant(base), 'backup-frequency:system-configs').status,
      ).toBe('unknown');
      expect(
        check(
          tenant({ ...base, dataChanges: { 'system-configs': ago(3 * DAY) } }),
          'backup-frequency:system-configs',
        ).status,
      ).toBe('pass');
      expect(
        check(
          tenant({ ...base, dataChanges: { 'system-configs': ago(30 * MIN) } }),
          'backup-frequency:system-configs',
        ).status,
      ).toBe('warn');
      expect(
        check(
          tenant({ ...base, dataChanges: { 'system-configs': ago(DAY) } }),
          'backup-frequency:system-configs',
        ).status,
      ).toBe('fail');
    });

    it('fails retention when backups were deleted early (the 30-day cleanup)', () => {
      const backups = Array.from({ length: 30 }, (_, i) =>
        backup(`d${i}`, i * DAY + HOUR),
      );
      const c = check(
        tenant({
          dataClasses: ['transactions'],
          backups,
          firstBackupAt: ago(400 * DAY),
        }),
        'retention:transactions',
      );
      expect(c.status).toBe('fail');
      expect(c.reason).toMatch(
        /oldest kept backup of Transaction data is 29 days 1h old/,
      );
      expect(c.reason).toMatch(
        /7y retention requires backups back to 1 year 34 days ago \(when its backup history starts\)/,
      );
    });

    it('passes retention for a tenant younger than its retention that kept everything', () => {
      const c = check(
        tenant({
          dataClasses: ['transactions'],
          backups: [backup('first', 200 * DAY), backup('last', HOUR)],
          createdAt: ago(200 * DAY + 30 * MIN),
        }),
        'retention:transactions',
      );
      expect(c.status).toBe('pass');
    });

    it('passes retention when the oldest kept backup covers it', () => {
      const c = check(
        tenant({
          dataClasses: ['application-logs'],
          backups: [backup('old', 91 * DAY)],
        }),
        'retention:application-logs',
      );
      expect(c.status).toBe('pass');
    });

    it('is unknown on retention when the history start is unknown', () => {
      const c = check(
        tenant({
          dataClasses: ['application-logs'],
          backups: [backup('b', 10 * DAY)],
        }),
        'retention:application-logs',
      );
      expect(c.status).toBe('unknown');
      expect(c.reason).toMatch(
        /cannot be told whether older backups were deleted early/,
      );
    });
  });
});
