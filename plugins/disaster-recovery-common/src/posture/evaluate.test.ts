import { defaultPolicy, policyFromConfig } from '../policy/readPolicy';
import { evaluate, postureCheckIds } from './evaluate';
import { TenantEvidence } from './evidence';
import { CheckResult } from './types';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const at = (ms: number) => new Date(NOW + ms).toISOString();

const tenant = (more: Partial<TenantEvidence> = {}): TenantEvidence => ({
  entityRef: 'resource:default/tenant-acme',
  ...more,
});

function check(evidence: TenantEvidence, id: string, now = NOW): CheckResult {
  const found = evaluate(defaultPolicy, evidence, now).checks.find(
    c => c.id === id,
  );
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

const backup = (id: string, age: number, more: object = {}) => ({
  id,
  takenAt: ago(age),
  sizeBytes: 1024,
  ...more,
});

describe('evaluate', () => {
  it('makes a tenant with no evidence unknown everywhere, never pass', () => {
    const result = evaluate(defaultPolicy, tenant(), NOW);
    expect(result.overall).toBe('unknown');
    expect(result.checks.length).toBeGreaterThan(10);
    for (const c of result.checks) {
      expect(c.status).toBe('unknown');
      expect(c.reason.length).toBeGreaterThan(10);
    }
    expect(result.nextBreachAt).toBeUndefined();
    expect(result.evaluatedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(result.objectives).toEqual({
      tier: 'standard',
      rto: 'PT4H',
      rpo: 'PT15M',
      mtd: 'PT8H',
      availability: 99.9,
    });
  });

  it('uses the objectives of the tenant tier', () => {
    const result = evaluate(defaultPolicy, tenant({ tier: 'critical' }), NOW);
    expect(result.objectives).toMatchObject({
      tier: 'critical',
      rpo: 'PT5M',
      rto: 'PT1H',
    });
  });

  it('flags a tier or data class the policy does not define', () => {
    const c = check(
      tenant({ tier: 'gold', dataClasses: ['customer-pii', 'secrets'] }),
      'policy-reference',
    );
    expect(c.status).toBe('fail');
    expect(c.reason).toMatch(/tier 'gold'.*'standard'/);
    expect(c.reason).toMatch(/'secrets'/);
  });

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

  describe('verified restore', () => {
    const v = (
      id: string,
      age: number,
      status: 'pass' | 'fail',
      mode: 'quick' | 'full' = 'full',
    ) => ({
      id,
      finishedAt: ago(age),
      status,
      mode,
    });

    it('passes with a recent full verification and expires after the monthly calendar', () => {
      const c = check(
        tenant({ verifications: [v('v1', 2 * DAY, 'pass')] }),
        'verified-restore',
      );
      expect(c.status).toBe('pass');
      // 1mo (30.4375 days) + 3d grace after it finished
      expect(c.breachAt).toBe(
        new Date(NOW - 2 * DAY + 33.4375 * DAY).toISOString(),
      );
    });

    it('counts a verification older than the calendar allows as missing', () => {
      const c = check(
        tenant({ verifications: [v('v1', 40 * DAY, 'pass')] }),
        'verified-restore',
      );
      expect(c.status).toBe('unknown');
      expect(c.reason).toMatch(/40 days ago, older than the monthly/);
    });

    it('fails when the recent verification failed', () => {
      expect(
        check(
          tenant({ verifications: [v('v1', DAY, 'fail')] }),
          'verified-restore',
        ).status,
      ).toBe('fail');
    });

    it('warns when a newer verification failed after a success', () => {
      const c = check(
        tenant({
          verifications: [v('v2', DAY, 'fail'), v('v1', 5 * DAY, 'pass')],
        }),
        'verified-restore',
      );
      expect(c.status).toBe('warn');
      expect(c.evidence.map(e => e.id)).toEqual(['v2', 'v1']);
    });

    it('warns when only quick verifications passed', () => {
      const c = check(
        tenant({ verifications: [v('v1', DAY, 'pass', 'quick')] }),
        'verified-restore',
      );
      expect(c.status).toBe('warn');
      expect(c.reason).toMatch(/quick mode/);
    });

    it('warns when the newest full verification passed with warnings', () => {
      const c = check(
        tenant({
          verifications: [
            { ...v('v2', DAY, 'pass'), warnings: ['checksum', 'row-drift'] },
            v('v1', 5 * DAY, 'pass'),
          ],
        }),
        'verified-restore',
      );
      expect(c.status).toBe('warn');
      expect(c.reason).toMatch(/passed with warnings \(checksum, row-drift\)/);
      expect(c.evidence.map(e => e.id)).toEqual(['v2']);
    });

    it('passes when a clean full verification follows one with warnings', () => {
      const c = check(
        tenant({
          verifications: [
            v('v2', DAY, 'pass'),
            { ...v('v1', 5 * DAY, 'pass'), warnings: ['checksum'] },
          ],
        }),
        'verified-restore',
      );
      expect(c.status).toBe('pass');
    });

    it('warns when the verification is nearly due', () => {
      expect(
        check(
          tenant({ verifications: [v('v1', 28 * DAY, 'pass')] }),
          'verified-restore',
        ).status,
      ).toBe('warn');
    });
  });

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

  describe('cross-region copy', () => {
    it('passes a fresh copy outside the primary region and fails one only in the primary', () => {
      expect(
        check(
          tenant({
            crossRegionCopies: [{ region: 'eu-west-1', takenAt: ago(HOUR) }],
          }),
          'cross-region-copy',
        ).status,
      ).toBe('pass');
      expect(
        check(
          tenant({
            crossRegionCopies: [{ region: 'us-east-1', takenAt: ago(HOUR) }],
          }),
          'cross-region-copy',
        ).status,
      ).toBe('fail');
      expect(
        check(tenant({ crossRegionCopies: [] }), 'cross-region-copy').status,
      ).toBe('fail');
    });

    it('fails a stale copy and accepts backups stored in another region', () => {
      expect(
        check(
          tenant({
            crossRegionCopies: [{ region: 'eu-west-1', takenAt: ago(2 * DAY) }],
          }),
          'cross-region-copy',
        ).status,
      ).toBe('fail');
      expect(
        check(
          tenant({ backups: [backup('b', HOUR, { region: 'us-west-2' })] }),
          'cross-region-copy',
        ).status,
      ).toBe('pass');
    });
  });

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

    it('checks vendor SLA against the tier RTO, alternatives and contract reviews', () => {
      const vendors = [
        {
          ref: 'vendor:default/aws',
          slaResolution: '1h',
          hasAlternative: true,
          contractReviewDue: at(100 * DAY),
        },
        {
          ref: 'vendor:default/sendgrid',
          slaResolution: '24h',
          hasAlternative: false,
          contractReviewDue: ago(DAY),
        },
      ];
      const sla = check(tenant({ vendors }), 'vendor-sla');
      expect(sla.status).toBe('fail');
      expect(sla.reason).toMatch(
        /vendor:default\/sendgrid resolves in 24h, longer than the 4h RTO and has no alternative/,
      );
      expect(check(tenant({ vendors }), 'vendor-alternative').status).toBe(
        'fail',
      );
      expect(check(tenant({ vendors }), 'vendor-contract-review').status).toBe(
        'fail',
      );
      const fine = [vendors[0]];
      expect(check(tenant({ vendors: fine }), 'vendor-sla').status).toBe(
        'pass',
      );
      expect(
        check(tenant({ vendors: fine }), 'vendor-contract-review').breachAt,
      ).toBe(at(100 * DAY));
      expect(
        check(
          tenant({ vendors: [{ ...vendors[1], hasAlternative: true }] }),
          'vendor-sla',
        ).status,
      ).toBe('warn');
    });

    it('fails owners without current training and warns before training expires', () => {
      const lapsed = check(
        tenant({
          ownerTraining: {
            people: [
              {
                ref: 'user:default/jane',
                current: true,
                expiresAt: at(90 * DAY),
              },
              {
                ref: 'user:default/tom',
                current: false,
                missing: ['quarterly-dr-procedures'],
              },
            ],
          },
        }),
        'owner-training',
      );
      expect(lapsed.status).toBe('fail');
      expect(lapsed.reason).toMatch(
        /user:default\/tom \(quarterly-dr-procedures\)/,
      );
      const expiring = check(
        tenant({
          ownerTraining: {
            people: [
              {
                ref: 'user:default/jane',
                current: true,
                expiresAt: at(10 * DAY),
              },
            ],
          },
        }),
        'owner-training',
      );
      expect(expiring.status).toBe('warn');
      expect(expiring.breachAt).toBe(at(10 * DAY));
    });

    it('fails a response role with fewer than two trained people and predicts when coverage drops', () => {
      const full = defaultPolicy.roles.map(r => ({
        role: r.id,
        people: [
          { ref: `user:default/${r.id}-a`, trainingExpiresAt: at(200 * DAY) },
          { ref: `user:default/${r.id}-b`, trainingExpiresAt: at(100 * DAY) },
          { ref: `user:default/${r.id}-c`, trainingExpiresAt: at(50 * DAY) },
        ],
      }));
      const ok = check(tenant({ roleCoverage: full }), 'role-coverage');
      expect(ok.status).toBe('pass');
      // with 3 people and a minimum of 2, coverage drops when the 2nd-latest expiry passes
      expect(ok.breachAt).toBe(at(100 * DAY));
      const short = full.map(c =>
        c.role === 'communications-lead'
          ? {
              ...c,
              people: [
                c.people[0],
                { ref: 'user:default/x', trainingExpiresAt: ago(DAY) },
              ],
            }
          : c,
      );
      const c = check(tenant({ roleCoverage: short }), 'role-coverage');
      expect(c.status).toBe('fail');
      expect(c.reason).toMatch(/Communications Lead \(1 of 2\)/);
    });
  });

  it('sets overall to the worst status and nextBreachAt to the earliest breach', () => {
    const result = evaluate(
      defaultPolicy,
      tenant({
        backups: [backup('b', 5 * MIN)],
        verifications: [
          { id: 'v', finishedAt: ago(DAY), status: 'pass', mode: 'full' },
        ],
      }),
      NOW,
    );
    expect(result.overall).toBe('unknown');
    expect(result.nextBreachAt).toBe(at(10 * MIN));
  });

  it('only produces check ids that postureCheckIds lists', () => {
    const known = new Set(postureCheckIds(defaultPolicy));
    const everything = tenant({
      tier: 'gold',
      dataClasses: defaultPolicy.dataClasses.map(d => d.id),
    });
    const ids = [
      ...evaluate(defaultPolicy, everything, NOW).checks,
      ...evaluate(defaultPolicy, tenant(), NOW).checks,
    ].map(c => c.id);
    expect(ids.filter(id => !known.has(id))).toEqual([]);
    expect(new Set(ids).size).toBe(known.size);
  });

  it('is pure: it neither mutates its inputs nor depends on the order of evidence', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        Object.values(o).forEach(deepFreeze);
        Object.freeze(o);
      }
      return o;
    };
    const evidence: TenantEvidence = {
      entityRef: 'resource:default/t',
      dataClasses: ['customer-pii'],
      backups: [backup('a', 3 * HOUR), backup('b', 5 * MIN), backup('c', DAY)],
      verifications: [
        {
          id: 'v-old',
          finishedAt: ago(20 * DAY),
          status: 'pass',
          mode: 'full',
        },
        { id: 'v-new', finishedAt: ago(DAY), status: 'fail', mode: 'full' },
      ],
      drills: [
        {
          id: 'd-new',
          scenario: 'human-error',
          status: 'failed',
          finishedAt: ago(DAY),
        },
        {
          id: 'd-old',
          scenario: 'human-error',
          status: 'succeeded',
          finishedAt: ago(10 * DAY),
          achievedRtoSeconds: 60,
          dataLossSeconds: 0,
        },
      ],
    };
    const reversed: TenantEvidence = {
      ...evidence,
      backups: [...evidence.backups!].reverse(),
      verifications: [...evidence.verifications!].reverse(),
      drills: [...evidence.drills!].reverse(),
    };
    const first = evaluate(defaultPolicy, deepFreeze(evidence), NOW);
    expect(evaluate(defaultPolicy, reversed, NOW)).toEqual(first);
    expect(first.checks.find(c => c.id === 'verified-restore')!.status).toBe(
      'warn',
    );
    expect(first.checks.find(c => c.id === 'drill:human-error')!.status).toBe(
      'fail',
    );
  });

  it('follows a policy read from config', () => {
    const policy = policyFromConfig({ tiers: { standard: { rpo: '1h' } } });
    const c = evaluate(
      policy,
      tenant({ backups: [backup('b', 30 * MIN)] }),
      NOW,
    ).checks.find(x => x.id === 'rpo')!;
    expect(c.status).toBe('pass');
  });
});
