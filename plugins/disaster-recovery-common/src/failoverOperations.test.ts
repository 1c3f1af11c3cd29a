import { failoverOperationFor } from './failoverOperations';

describe('failoverOperationFor', () => {
  it('maps each action to the executor operation, a preflight to a dry run', () => {
    expect(failoverOperationFor({ action: 'preflight' })).toEqual({
      operation: 'switchover',
      parameters: {},
      dryRun: true,
    });
    expect(
      failoverOperationFor({
        action: 'preflight',
        mode: 'failover',
        acceptRisks: ['old-primary-unreachable'],
      }),
    ).toEqual({
      operation: 'failover',
      parameters: { acceptRisks: ['old-primary-unreachable'] },
      dryRun: true,
    });
    expect(failoverOperationFor({ action: 'switchover' })).toEqual({
      operation: 'switchover',
      parameters: {},
      dryRun: false,
    });
    expect(
      failoverOperationFor({
        action: 'failover',
        acceptRisks: ['lag-beyond-rpo'],
        incidentStartedAt: '2026-01-01T10:00:00Z',
      }),
    ).toEqual({
      operation: 'failover',
      parameters: {
        acceptRisks: ['lag-beyond-rpo'],
        incidentStartedAt: '2026-01-01T10:00:00Z',
      },
      dryRun: false,
    });
    expect(
      failoverOperationFor({ action: 'reprotect', allowBasebackup: false }),
    ).toEqual({
      operation: 'reprotect',
      parameters: { allowBasebackup: false },
      dryRun: false,
    });
  });

  it.each([
    [{ action: 'switchover', mode: 'failover' }, /mode applies to a preflight/],
    [
      { action: 'switchover', incidentStartedAt: '2026-01-01T10:00:00Z' },
      /incidentStartedAt applies to failovers/,
    ],
    [
      { action: 'reprotect', acceptRisks: ['fence-failed'] },
      /acceptRisks applies/,
    ],
    [{ action: 'failover', allowBasebackup: true }, /allowBasebackup applies/],
    [
      { action: 'failover', acceptRisks: ['two-primaries'] },
      /unknown risk "two-primaries"/,
    ],
    [{ action: 'promote' }, /action must be/],
  ])('refuses %j naming the field', (request, message) => {
    expect(() => failoverOperationFor(request as any)).toThrow(message);
  });
});
