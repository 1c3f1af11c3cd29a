import {
  RUN_PURPOSES,
  defaultRunPurpose,
  isDrillRun,
  isIncidentRecoveryRun,
  isRunPurpose,
  purposeIsChoosable,
  runFeeds,
} from './runPurpose';

describe('run purpose', () => {
  it('derives the purpose from the operation and the cut-over', () => {
    expect(defaultRunPurpose('restore')).toBe('test');
    expect(defaultRunPurpose('restore', { cutOver: false })).toBe('test');
    expect(defaultRunPurpose('restore', { cutOver: true })).toBe('recovery');
    expect(defaultRunPurpose('restore-pitr', { cutOver: true })).toBe(
      'recovery',
    );
    expect(defaultRunPurpose('restore-pitr')).toBe('test');
    expect(defaultRunPurpose('restore-tenant')).toBe('test');
    expect(defaultRunPurpose('failover')).toBe('recovery');
    expect(defaultRunPurpose('failback')).toBeUndefined();
    expect(defaultRunPurpose('drill')).toBe('drill');
    expect(defaultRunPurpose('restore', { scenario: 'region-loss' })).toBe(
      'drill',
    );
    expect(defaultRunPurpose('verify')).toBe('test');
    expect(defaultRunPurpose('backup')).toBeUndefined();
    expect(defaultRunPurpose('discard-copy')).toBeUndefined();
  });

  it('feeds recovery objectives and MTTR only from real recoveries', () => {
    const run = (purpose?: (typeof RUN_PURPOSES)[number], dryRun = false) => ({
      purpose,
      dryRun,
    });
    expect(runFeeds(run('recovery'), 'recovery-objectives')).toBe(true);
    expect(runFeeds(run('recovery'), 'reliability-metrics')).toBe(true);
    for (const purpose of ['test', 'drill'] as const) {
      expect(runFeeds(run(purpose), 'recovery-objectives')).toBe(false);
      expect(runFeeds(run(purpose), 'reliability-metrics')).toBe(false);
      expect(runFeeds(run(purpose), 'verification-checks')).toBe(true);
      expect(runFeeds(run(purpose), 'drill-checks')).toBe(true);
    }
    expect(runFeeds(run('recovery'), 'verification-checks')).toBe(false);
    expect(runFeeds(run('recovery'), 'drill-checks')).toBe(false);
    // A plan is not evidence, and a run without a purpose feeds nothing.
    expect(runFeeds(run('recovery', true), 'reliability-metrics')).toBe(false);
    expect(runFeeds(run(undefined), 'reliability-metrics')).toBe(false);
    expect(runFeeds(run(undefined), 'verification-checks')).toBe(false);
  });

  it('recognises purposes and where a caller may choose one', () => {
    expect(RUN_PURPOSES.every(isRunPurpose)).toBe(true);
    expect(isRunPurpose('Recovery')).toBe(false);
    expect(isRunPurpose(undefined)).toBe(false);
    expect(purposeIsChoosable('restore')).toBe(true);
    expect(purposeIsChoosable('restore-tenant')).toBe(true);
    expect(purposeIsChoosable('verify')).toBe(false);
    expect(purposeIsChoosable('backup')).toBe(false);
  });

  it('never counts a failback, which undoes a failover that already recovered the service', () => {
    const failback = { operation: 'failback', dryRun: false };
    expect(isIncidentRecoveryRun(failback)).toBe(false);
    expect(
      isIncidentRecoveryRun({ ...failback, purpose: 'recovery' as const }),
    ).toBe(false);
    expect(isDrillRun({ ...failback, scenario: 'region-outage' })).toBe(false);
  });

  it('tells drills from incident recoveries, and neither from tests, backups or plans', () => {
    const restore = { operation: 'restore', dryRun: false };
    const recovery = { ...restore, purpose: 'recovery' as const };
    expect(isIncidentRecoveryRun(recovery)).toBe(true);
    expect(isIncidentRecoveryRun({ ...recovery, dryRun: true })).toBe(false);
    // A restore without a recorded purpose is a test restore: no incident.
    expect(isIncidentRecoveryRun(restore)).toBe(false);
    expect(
      isIncidentRecoveryRun({ ...restore, purpose: 'test' as const }),
    ).toBe(false);
    expect(isDrillRun(restore)).toBe(false);
    expect(isDrillRun({ ...restore, scenario: 'db-corruption' })).toBe(true);
    expect(isDrillRun({ ...recovery, scenario: 'db-corruption' })).toBe(false);
    expect(
      isIncidentRecoveryRun({ ...restore, scenario: 'db-corruption' }),
    ).toBe(false);
    expect(isIncidentRecoveryRun({ operation: 'drill', dryRun: false })).toBe(
      false,
    );
    expect(isIncidentRecoveryRun({ operation: 'backup', dryRun: false })).toBe(
      false,
    );
    expect(
      isDrillRun({ operation: 'verify', dryRun: false, scenario: 'x' }),
    ).toBe(false);
  });

  it('counts a failover as a recovery, a switchover as a test or drill unless said otherwise, a reprotect as neither', () => {
    expect(defaultRunPurpose('failover')).toBe('recovery');
    expect(
      isIncidentRecoveryRun({ operation: 'failover', dryRun: false }),
    ).toBe(true);
    const switchover = { operation: 'switchover', dryRun: false };
    expect(defaultRunPurpose('switchover')).toBe('test');
    expect(purposeIsChoosable('switchover')).toBe(true);
    expect(isIncidentRecoveryRun(switchover)).toBe(false);
    expect(isDrillRun({ ...switchover, scenario: 'region-outage' })).toBe(true);
    expect(isIncidentRecoveryRun({ ...switchover, purpose: 'recovery' })).toBe(
      true,
    );
    const reprotect = { operation: 'reprotect', dryRun: false };
    expect(defaultRunPurpose('reprotect')).toBeUndefined();
    expect(purposeIsChoosable('reprotect')).toBe(false);
    expect(isIncidentRecoveryRun(reprotect)).toBe(false);
    expect(isDrillRun({ ...reprotect, scenario: 'region-outage' })).toBe(false);
  });
});
