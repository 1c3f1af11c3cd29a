import { MIN, HOUR, ago, tenant, check } from '../__testUtils__/evaluate';

describe('evaluate', () => {
  describe('replica lag', () => {
    const rep = (more: object) => ({
      observedAt: ago(MIN),
      standbyConnected: true,
      ...more,
    });

    it('passes a small lag, warns near the RPO and fails beyond it', () => {
      expect(
        check(
          tenant({ replication: rep({ replayLagSeconds: 3, lagBytes: 100 }) }),
          'replica-lag',
        ).status,
      ).toBe('pass');
      expect(
        check(
          tenant({
            replication: rep({ replayLagSeconds: 13 * 60, lagBytes: 100 }),
          }),
          'replica-lag',
        ).status,
      ).toBe('warn');
      const c = check(
        tenant({
          replication: rep({ replayLagSeconds: 20 * 60, lagBytes: 1e6 }),
        }),
        'replica-lag',
      );
      expect(c.status).toBe('fail');
      expect(c.measured).toBe('20m');
    });

    it('fails when no standby is connected', () => {
      const c = check(
        tenant({ replication: rep({ standbyConnected: false }) }),
        'replica-lag',
      );
      expect(c.status).toBe('fail');
      expect(c.reason).toMatch(/No standby is connected/);
    });

    it('passes a standby that is 0 bytes behind even if its replay time is old (idle primary)', () => {
      expect(
        check(
          tenant({ replication: rep({ replayLagSeconds: 3600, lagBytes: 0 }) }),
          'replica-lag',
        ).status,
      ).toBe('pass');
    });

    it('does not trust a stale observation', () => {
      const c = check(
        tenant({
          replication: {
            observedAt: ago(HOUR),
            standbyConnected: true,
            replayLagSeconds: 1,
          },
        }),
        'replica-lag',
      );
      expect(c.status).toBe('unknown');
    });
  });
});
