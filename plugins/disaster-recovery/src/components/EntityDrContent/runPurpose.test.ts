import type { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { latestMeasuredRun } from './ObjectivesCard';
import { actedOn } from './RecoveryRuns';

const DB = 'resource:default/ecommerce-db';
const TENANT = 'resource:default/tenant-00001';

function run(id: string, extra: Partial<RecoveryRun>): RecoveryRun {
  return {
    id,
    operation: 'restore',
    entityRef: DB,
    databaseRef: DB,
    target: 'ecommerce',
    initiatedBy: 'user:default/alice',
    status: 'succeeded',
    dryRun: false,
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:00:01.000Z',
    steps: [],
    achievedRtoSeconds: 1,
    dataLossSeconds: 86400,
    ...extra,
  };
}

describe('runs on the DR tab', () => {
  it('measures the last recovery from real recoveries only, never a test restore', () => {
    const recovery = run('real', {
      purpose: 'recovery',
      startedAt: '2026-11-01T10:00:00.000Z',
      finishedAt: '2026-11-01T10:30:00.000Z',
      achievedRtoSeconds: 1800,
    });
    const test = run('test', { purpose: 'test' });
    const drill = run('drill', { purpose: 'drill' });
    expect(latestMeasuredRun([test, drill, recovery])?.id).toBe('real');
    expect(latestMeasuredRun([test, drill])).toBeUndefined();
  });

  it("says when a run acted on the tenant's shared database", () => {
    expect(actedOn(run('a', {}), TENANT)).toBe(`on shared database ${DB}`);
    const other = 'resource:default/tenant-00002';
    expect(actedOn(run('b', { entityRef: other }), TENANT)).toBe(`on ${other}`);
    expect(actedOn(run('c', {}), DB)).toBeUndefined();
    expect(actedOn(run('d', { entityRef: TENANT }), TENANT)).toBeUndefined();
  });
});
