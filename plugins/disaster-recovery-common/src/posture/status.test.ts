import {
  compareStatus,
  overallStatus,
  statusRank,
  summarizeStatuses,
} from './status';
import { CHECK_STATUSES, CheckStatus } from './types';

describe('overallStatus and summarizeStatuses', () => {
  it('orders fail > unknown > warn > pass and treats no checks as unknown', () => {
    expect(overallStatus(['pass', 'warn', 'unknown', 'fail'])).toBe('fail');
    expect(overallStatus(['pass', 'warn', 'unknown'])).toBe('unknown');
    expect(overallStatus(['pass', 'warn'])).toBe('warn');
    expect(overallStatus(['pass'])).toBe('pass');
    expect(overallStatus([])).toBe('unknown');
  });

  it('ranks a value that is not a status as unknown, never as a pass', () => {
    expect(overallStatus(['pass', 'bogus' as CheckStatus])).toBe('unknown');
    expect(summarizeStatuses(['bogus' as CheckStatus])).toEqual({
      pass: 0,
      warn: 0,
      fail: 0,
      unknown: 1,
    });
  });

  it('sorts worst first with the same order as the overall status', () => {
    const statuses: CheckStatus[] = ['pass', 'warn', 'fail', 'unknown'];
    expect([...statuses].sort(compareStatus)).toEqual([...CHECK_STATUSES]);
    expect(CHECK_STATUSES.map(statusRank)).toEqual([0, 1, 2, 3]);
  });

  it('counts statuses of checks, postures or bare statuses', () => {
    expect(summarizeStatuses(['pass', 'fail', 'fail'])).toEqual({
      pass: 1,
      warn: 0,
      fail: 2,
      unknown: 0,
    });
    expect(
      summarizeStatuses([{ status: 'warn' }, { overall: 'unknown' }]),
    ).toEqual({
      pass: 0,
      warn: 1,
      fail: 0,
      unknown: 1,
    });
  });
});
