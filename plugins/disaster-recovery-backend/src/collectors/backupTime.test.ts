import { parseTime, takenAtFromKey } from './backupTime';

describe('takenAtFromKey', () => {
  it('reads the product key stamp, not the date folders', () => {
    expect(
      takenAtFromKey(
        'prod/ecommerce/2026/01/02/ecommerce_20260102T030405Z.dump',
      ),
    ).toEqual(new Date('2026-01-02T03:04:05Z'));
  });

  it("reads the plan scripts' stamp", () => {
    expect(
      takenAtFromKey('database/full_backup_20240131_235959.dump.gz'),
    ).toEqual(new Date('2024-01-31T23:59:59Z'));
  });

  it('refuses keys without a valid stamp', () => {
    expect(takenAtFromKey('database/latest.dump')).toBeUndefined();
    expect(
      takenAtFromKey('database/full_backup_20241331_000000.dump'),
    ).toBeUndefined();
    expect(takenAtFromKey('database/x_120240101_000000.dump')).toBeUndefined();
  });
});

describe('parseTime', () => {
  it('parses ISO times and refuses junk', () => {
    expect(parseTime('2026-01-01T00:00:00Z')).toEqual(
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(parseTime('yesterday')).toBeUndefined();
    expect(parseTime(undefined)).toBeUndefined();
  });
});
