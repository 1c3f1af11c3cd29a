import {
  formatLsn,
  parseLsn,
  segmentEndLsn,
  walExposure,
  WalPositionReading,
} from './walExposure';

const MiB16 = 16 * 1024 * 1024;
const reading = (more: Partial<WalPositionReading>): WalPositionReading => ({
  observedAt: '2026-12-03T10:00:00.000Z',
  currentLsn: '0/6000000',
  lastArchivedWal: '000000010000000000000005',
  lastArchivedAt: '2026-12-03T09:58:00.000Z',
  segmentBytes: MiB16,
  ...more,
});

describe('WAL positions', () => {
  it('parses and formats LSNs as PostgreSQL writes them', () => {
    expect(parseLsn('0/5000060')).toBe(0x5000060n);
    expect(parseLsn('1A/FF')).toBe((0x1an << 32n) | 0xffn);
    expect(formatLsn(parseLsn('1A/B0000028')!)).toBe('1A/B0000028');
    expect(parseLsn('5000060')).toBeUndefined();
    expect(parseLsn(undefined)).toBeUndefined();
  });

  it('gives the end of a complete segment and nothing for other archive files', () => {
    expect(segmentEndLsn('000000010000000000000005', MiB16)).toBe(0x6000000n);
    expect(segmentEndLsn('0000000200000001000000FF', MiB16)).toBe(0x200000000n);
    // 64 MiB segments: 64 per log id.
    expect(segmentEndLsn('00000001000000000000003F', 64 * 1024 * 1024)).toBe(
      0x100000000n,
    );
    expect(
      segmentEndLsn('000000010000000000000005.00000028.backup', MiB16),
    ).toBeUndefined();
    expect(segmentEndLsn('00000002.history', MiB16)).toBeUndefined();
    expect(
      segmentEndLsn('000000010000000000000005.partial', MiB16),
    ).toBeUndefined();
  });
});

describe('walExposure', () => {
  it('has nothing unarchived when the current position is the end of the archived segment', () => {
    expect(walExposure(reading({}))).toEqual({
      observedAt: '2026-12-03T10:00:00.000Z',
      currentLsn: '0/6000000',
      archivedLsn: '0/6000000',
    });
  });

  it('dates unarchived records from the last archiving without a previous reading', () => {
    const e = walExposure(reading({ currentLsn: '0/6000100' }));
    expect(e?.unarchivedSince).toBe('2026-12-03T09:58:00.000Z');
  });

  it('dates them after a previous reading whose records are all archived now', () => {
    const e = walExposure(reading({ currentLsn: '0/6000100' }), {
      observedAt: '2026-12-03T09:59:30.000Z',
      currentLsn: '0/6000000',
      archivedLsn: '0/6000000',
    });
    expect(e?.unarchivedSince).toBe('2026-12-03T09:59:30.000Z');
  });

  it('keeps the start while the archive does not move', () => {
    const e = walExposure(reading({ currentLsn: '0/6000900' }), {
      observedAt: '2026-12-03T09:59:30.000Z',
      currentLsn: '0/6000100',
      archivedLsn: '0/6000000',
      unarchivedSince: '2026-12-03T09:50:00.000Z',
    });
    expect(e?.unarchivedSince).toBe('2026-12-03T09:50:00.000Z');
  });

  it('uses the newer of the archiver and the repository, and reports a failing archiver', () => {
    const e = walExposure(
      reading({
        currentLsn: '0/7000010',
        archiveMax: '000000010000000000000006',
        lastFailedAt: '2026-12-03T09:59:00.000Z',
      }),
    );
    expect(e?.archivedLsn).toBe('0/7000000');
    expect(e?.archiverFailing).toBe(true);
    expect(e?.unarchivedSince).toBe('2026-12-03T09:58:00.000Z');
  });

  it('cannot tell without an archived segment', () => {
    expect(
      walExposure(reading({ lastArchivedWal: '00000002.history' })),
    ).toBeUndefined();
    expect(
      walExposure(reading({ lastArchivedWal: undefined })),
    ).toBeUndefined();
  });
});
