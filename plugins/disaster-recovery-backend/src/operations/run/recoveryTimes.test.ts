import { achievedRecoveryTimes, elapsedSeconds } from './recoveryTimes';

describe('recovery times', () => {
  const startedAt = '2026-03-01T10:00:00.000Z';

  it('measures elapsed time to a tenth of a second', () => {
    expect(
      elapsedSeconds(startedAt, new Date('2026-03-01T10:01:02.345Z')),
    ).toBe(62.3);
  });

  it('measures the RTO from start to end and the data loss from the restore point to the start', () => {
    expect(
      achievedRecoveryTimes({
        startedAt,
        finishedAt: new Date('2026-03-01T10:05:00.000Z'),
        restorePoint: '2026-03-01T09:45:30.400Z',
      }),
    ).toEqual({ achievedRtoSeconds: 300, dataLossSeconds: 870 });
  });

  it('has no data-loss window without a restore point, and never a negative one', () => {
    const finishedAt = new Date('2026-03-01T10:00:10.000Z');
    expect(achievedRecoveryTimes({ startedAt, finishedAt })).toEqual({
      achievedRtoSeconds: 10,
    });
    expect(
      achievedRecoveryTimes({
        startedAt,
        finishedAt,
        restorePoint: '2026-03-01T10:00:05.000Z',
      }).dataLossSeconds,
    ).toBe(0);
  });
});
