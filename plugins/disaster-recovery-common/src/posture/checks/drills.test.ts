import { defaultPolicy } from '../../policy/readPolicy';
import { evaluate } from '../evaluate';
import { NOW, DAY, ago, tenant, check } from '../__testUtils__/evaluate';

describe('evaluate', () => {
  describe('drills', () => {
    const drill = (scenario: string, age: number, more: object = {}) => ({
      id: `${scenario}-${age}`,
      scenario,
      status: 'succeeded' as const,
      finishedAt: ago(age),
      achievedRtoSeconds: 1800,
      dataLossSeconds: 60,
      ...more,
    });

    it('adds one drill check per scenario', () => {
      const ids = evaluate(defaultPolicy, tenant(), NOW)
        .checks.map(c => c.id)
        .filter(id => id.startsWith('drill:'));
      expect(ids).toHaveLength(defaultPolicy.scenarios.length);
    });

    it('passes a recent drill within targets and uses the newest one', () => {
      const drills = [
        drill('database-corruption', 60 * DAY, { status: 'failed' }),
        drill('database-corruption', 10 * DAY),
      ];
      const c = check(tenant({ drills }), 'drill:database-corruption');
      expect(c.status).toBe('pass');
      expect(c.measured).toBe('RTO 30m, data loss 1m');
      expect(c.target).toMatch(/RTO 2h, RPO 5m, every quarterly/);
    });

    it('fails when the drill missed its RTO or RPO', () => {
      const slow = check(
        tenant({
          drills: [
            drill('database-corruption', DAY, { achievedRtoSeconds: 3 * 3600 }),
          ],
        }),
        'drill:database-corruption',
      );
      expect(slow.status).toBe('fail');
      expect(slow.reason).toMatch(/recovery took 3h, more than the 2h RTO/);
      const lossy = check(
        tenant({
          drills: [drill('database-corruption', DAY, { dataLossSeconds: 600 })],
        }),
        'drill:database-corruption',
      );
      expect(lossy.status).toBe('fail');
      expect(lossy.reason).toMatch(/lost 10m of data, more than the 5m RPO/);
    });

    it('fails when the last drill failed and ignores dry runs and running drills', () => {
      expect(
        check(
          tenant({ drills: [drill('human-error', DAY, { status: 'failed' })] }),
          'drill:human-error',
        ).status,
      ).toBe('fail');
      expect(
        check(
          tenant({
            drills: [
              drill('human-error', DAY, { dryRun: true }),
              drill('human-error', 0, { status: 'running' }),
            ],
          }),
          'drill:human-error',
        ).status,
      ).toBe('unknown');
    });

    it('counts a drill older than its cadence as missing', () => {
      const c = check(
        tenant({ drills: [drill('database-corruption', 120 * DAY)] }),
        'drill:database-corruption',
      );
      expect(c.status).toBe('unknown');
      expect(c.reason).toMatch(/older than the quarterly/);
      expect(
        check(
          tenant({ drills: [drill('cyber-attack', 120 * DAY)] }),
          'drill:cyber-attack',
        ).status,
      ).toBe('pass');
    });

    it('tightens scenario targets to a stricter tier', () => {
      const c = check(
        tenant({
          tier: 'critical',
          drills: [
            drill('cyber-attack', DAY, { achievedRtoSeconds: 5 * 3600 }),
          ],
        }),
        'drill:cyber-attack',
      );
      expect(c.status).toBe('fail');
      expect(c.target).toMatch(/RTO 4h \(tier MTD\), RPO 5m \(tier RPO\)/);
    });

    it('is unknown when the drill did not record what it achieved', () => {
      const c = check(
        tenant({
          drills: [
            drill('human-error', DAY, { achievedRtoSeconds: undefined }),
          ],
        }),
        'drill:human-error',
      );
      expect(c.status).toBe('unknown');
      expect(c.reason).toMatch(/achieved RTO/);
    });
  });
});
