import { pointInTimeOutsideWindow } from './recoveryWindow';

describe('pointInTimeOutsideWindow', () => {
  const window = {
    earliest: '2026-12-01T10:00:01.000Z',
    latest: '2026-12-03T15:00:00.000Z',
  };

  it('accepts both ends and the inside', () => {
    for (const t of [window.earliest, window.latest, '2026-12-02T00:00:00Z']) {
      expect(
        pointInTimeOutsideWindow(window, new Date(t), 'x'),
      ).toBeUndefined();
    }
  });

  it('refuses a time before or after, naming the window', () => {
    expect(
      pointInTimeOutsideWindow(
        window,
        new Date('2026-12-01T10:00:00Z'),
        'target main',
      ),
    ).toBe(
      'targetTime 2026-12-01T10:00:00.000Z is outside the PITR window 2026-12-01T10:00:01.000Z .. 2026-12-03T15:00:00.000Z of target main',
    );
    expect(
      pointInTimeOutsideWindow(window, new Date('2026-12-03T15:00:01Z'), 'x'),
    ).toMatch(/outside the PITR window/);
  });

  it('refuses an invalid date', () => {
    expect(pointInTimeOutsideWindow(window, new Date('nope'), 'x')).toBe(
      'targetTime is not a valid date',
    );
  });
});
