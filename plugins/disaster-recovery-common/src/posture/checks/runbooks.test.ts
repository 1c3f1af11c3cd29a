import { defaultPolicy } from '../../policy/readPolicy';
import { DAY, ago, tenant, check } from '../__testUtils__/evaluate';

describe('evaluate', () => {
  describe('catalog checks', () => {
    const runbook = (
      ref: string,
      scenarios: string[],
      reviewedAgo?: number,
      reviewInterval?: string,
    ) => ({
      ref,
      scenarios,
      lastReviewed: reviewedAgo === undefined ? undefined : ago(reviewedAgo),
      reviewInterval,
    });
    const allScenarios = defaultPolicy.scenarios.map(s => s.id);

    it('fails runbook coverage for scenarios without a runbook', () => {
      const c = check(
        tenant({
          runbooks: [
            runbook('runbook:default/db', ['database-corruption'], DAY),
          ],
        }),
        'runbook-coverage',
      );
      expect(c.status).toBe('fail');
      expect(c.reason).toMatch(/Data center outage/);
      expect(c.measured).toBe('1 of 6');
      expect(
        check(
          tenant({
            runbooks: [runbook('runbook:default/all', allScenarios, DAY)],
          }),
          'runbook-coverage',
        ).status,
      ).toBe('pass');
    });

    it('checks runbook review currency against the monthly cycle', () => {
      expect(
        check(
          tenant({ runbooks: [runbook('r', allScenarios, 5 * DAY)] }),
          'runbook-review',
        ).status,
      ).toBe('pass');
      expect(
        check(
          tenant({ runbooks: [runbook('r', allScenarios, 27 * DAY)] }),
          'runbook-review',
        ).status,
      ).toBe('warn');
      const c = check(
        tenant({
          runbooks: [runbook('r', allScenarios, 45 * DAY), runbook('n', [])],
        }),
        'runbook-review',
      );
      expect(c.status).toBe('fail');
      expect(c.reason).toMatch(/r \(reviewed 45 days ago/);
      expect(c.reason).toMatch(/n \(never reviewed\)/);
    });

    it('lets a runbook ask for a shorter review interval, never a longer one', () => {
      expect(
        check(
          tenant({ runbooks: [runbook('r', allScenarios, 10 * DAY, '7d')] }),
          'runbook-review',
        ).status,
      ).toBe('fail');
      expect(
        check(
          tenant({ runbooks: [runbook('r', allScenarios, 45 * DAY, '1y')] }),
          'runbook-review',
        ).status,
      ).toBe('fail');
    });
  });
});
