import {
  NOW,
  SEC,
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
  describe('rpo', () => {
    it('passes with a fresh backup and says when it breaches', () => {
      const c = check(
        tenant({ backups: [backup('b1', 4 * MIN + 12 * SEC)] }),
        'rpo',
      );
      expect(c.status).toBe('pass');
      expect(c.measured).toBe('4m 12s');
      expect(c.target).toBe('15m');
      expect(c.breachAt).toBe(at(10 * MIN + 48 * SEC));
      expect(c.evidence).toEqual([
        expect.objectContaining({ kind: 'backup', id: 'b1' }),
      ]);
    });

    it('fails with an old backup, by how much, without a future breach', () => {
      const c = check(tenant({ backups: [backup('b1', 2 * HOUR)] }), 'rpo');
      expect(c.status).toBe('fail');
      expect(c.reason).toMatch(
        /taken 2h ago.*Exposure 2h is beyond the 15m RPO by 1h 45m/,
      );
      expect(c.breachAt).toBeUndefined();
    });

    it('gives a breach moment that evaluating at that moment confirms', () => {
      const evidence = tenant({ backups: [backup('b1', 5 * MIN)] });
      const breachAt = Date.parse(check(evidence, 'rpo').breachAt!);
      expect(breachAt).toBe(NOW + 10 * MIN);
      expect(check(evidence, 'rpo', breachAt).status).not.toBe('fail');
      expect(check(evidence, 'rpo', breachAt + 1).status).toBe('fail');
    });

    it('picks the newest backup by time, whatever the array order', () => {
      const backups = [
        backup('old', 3 * DAY),
        backup('new', 2 * MIN),
        backup('mid', 2 * HOUR),
      ];
      for (const order of [backups, [...backups].reverse()]) {
        const c = check(tenant({ backups: order }), 'rpo');
        expect(c.status).toBe('pass');
        expect(c.evidence[0].id).toBe('new');
      }
    });

    it('uses the WAL archive when it is newer than the newest backup', () => {
      const c = check(
        tenant({
          backups: [backup('b1', 20 * HOUR)],
          walArchive: { id: 'main', lastArchivedAt: ago(30 * SEC) },
        }),
        'rpo',
      );
      expect(c.status).toBe('pass');
      expect(c.measured).toBe('30s');
      expect(c.reason).toMatch(/last archived WAL segment/);
    });

    it('uses the end of the PITR window when no archive time is reported', () => {
      const c = check(
        tenant({ walArchive: { id: 'main', pitrWindowEnd: ago(2 * MIN) } }),
        'rpo',
      );
      expect(c.status).toBe('pass');
      expect(c.measured).toBe('2m');
      expect(c.evidence).toEqual([
        expect.objectContaining({ kind: 'wal-archive', id: 'main' }),
      ]);
    });

    it('warns from 80 % of the target', () => {
      expect(
        check(tenant({ backups: [backup('b', 11 * MIN)] }), 'rpo').status,
      ).toBe('pass');
      const c = check(tenant({ backups: [backup('b', 12 * MIN)] }), 'rpo');
      expect(c.status).toBe('warn');
      expect(c.reason).toMatch(/80 % of the 15m RPO; it breaches in 3m/);
    });

    describe('as exposure measured on the primary', () => {
      const exposure = (more: object = {}) => ({
        observedAt: ago(20 * SEC),
        currentLsn: '0/5000000',
        archivedLsn: '0/5000000',
        ...more,
      });

      it('is zero on an idle, archived database however old its dumps are', () => {
        const c = check(
          tenant({
            backups: [backup('b1', 3 * DAY)],
            walArchive: {
              id: 'demo/main',
              lastArchivedAt: ago(2 * DAY),
              pitrWindowStart: ago(3 * DAY),
              pitrWindowEnd: ago(2 * DAY),
              exposure: exposure(),
            },
          }),
          'rpo',
        );
        expect(c.status).toBe('pass');
        expect(c.measured).toBe('nothing exposed');
        expect(c.breachAt).toBeUndefined();
        expect(c.reason).toMatch(/Covered by the WAL archive \(point-in-time/);
        expect(c.reason).toMatch(/Nothing is exposed/);
        expect(c.evidence[0]).toEqual(
          expect.objectContaining({ kind: 'wal-archive', id: 'demo/main' }),
        );
      });

      it('grows with unarchived writes and says when it breaches', () => {
        const evidence = tenant({
          backups: [backup('b1', 3 * DAY)],
          walArchive: {
            id: 'demo/main',
            exposure: exposure({
              currentLsn: '0/5001000',
              unarchivedSince: ago(4 * MIN),
            }),
          },
        });
        const c = check(evidence, 'rpo');
        expect(c.status).toBe('pass');
        expect(c.measured).toBe('4m');
        expect(c.breachAt).toBe(at(11 * MIN));
        expect(c.reason).toMatch(/not archived yet \(current LSN 0\/5001000/);
        expect(check(evidence, 'rpo', NOW + 11 * MIN + 1).status).toBe('fail');
      });

      it('prefers a newer dump when the archive lags behind it', () => {
        const c = check(
          tenant({
            backups: [backup('fresh', MIN)],
            walArchive: {
              exposure: exposure({ unarchivedSince: ago(14 * MIN) }),
            },
          }),
          'rpo',
        );
        expect(c.status).toBe('pass');
        expect(c.measured).toBe('1m');
        expect(c.evidence[0].id).toBe('fresh');
      });

      it('ignores an observation older than the RPO and says so', () => {
        const c = check(
          tenant({
            backups: [backup('b1', 2 * HOUR)],
            walArchive: { exposure: exposure({ observedAt: ago(20 * MIN) }) },
          }),
          'rpo',
        );
        expect(c.status).toBe('fail');
        expect(c.reason).toMatch(/WAL position was last read 20m ago/);
      });
    });

    it('fails when the store was indexed and holds no backup', () => {
      const c = check(tenant({ backups: [] }), 'rpo');
      expect(c.status).toBe('fail');
      expect(c.reason).toMatch(/No good backup/);
    });

    it('does not count empty, failed-verification or future-dated backups', () => {
      const c = check(
        tenant({
          backups: [
            backup('empty', MIN, { sizeBytes: 0 }),
            backup('bad', MIN, {
              verification: {
                status: 'fail',
                verifiedAt: ago(0),
                mode: 'quick',
              },
            }),
            backup('future', -DAY),
            backup('good', 2 * HOUR),
          ],
        }),
        'rpo',
      );
      expect(c.status).toBe('fail');
      expect(c.evidence[0].id).toBe('good');
    });

    it('judges a critical tenant against its 5m RPO', () => {
      const evidence = tenant({
        tier: 'critical',
        backups: [backup('b', 6 * MIN)],
      });
      expect(check(evidence, 'rpo').status).toBe('fail');
    });
  });
});
