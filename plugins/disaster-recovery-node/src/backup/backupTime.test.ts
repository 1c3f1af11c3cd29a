import {
  BACKUP_CLOCK_SKEW_MS,
  backupTakenAt,
  takenAtFromKey,
} from './backupTime';

const uploaded = new Date('2026-12-03T07:41:12Z');

describe('takenAtFromKey', () => {
  it("reads the product's stamp, not its date folders", () => {
    expect(
      takenAtFromKey(
        'prod/ecommerce/2026/12/03/ecommerce_20261203T073000Z.dump',
      ),
    ).toEqual(new Date('2026-12-03T07:30:00Z'));
  });

  it("reads the plan's stamp as UTC", () => {
    expect(takenAtFromKey('ecommerce_20261203_073000.dump')).toEqual(
      new Date('2026-12-03T07:30:00Z'),
    );
    expect(
      takenAtFromKey('database/full_backup_20240131_235959.dump.gz'),
    ).toEqual(new Date('2024-01-31T23:59:59Z'));
  });

  it('takes the last stamp of a key', () => {
    expect(
      takenAtFromKey('run_20260101_000000/ecommerce_20260102_030405.dump'),
    ).toEqual(new Date('2026-01-02T03:04:05Z'));
  });

  it('finds no stamp in arbitrary names, impossible dates or longer digit runs', () => {
    for (const key of [
      'database/latest.dump',
      'ecommerce.dump',
      'ecommerce-2026-12-03.dump',
      'database/full_backup_20241331_000000.dump',
      'database/full_backup_20240230_000000.dump',
      'database/full_backup_20240101_246000.dump',
      'database/x_120240101_000000.dump',
      'database/x_20240101_0000001.dump',
    ]) {
      expect({ key, at: takenAtFromKey(key) }).toEqual({ key, at: undefined });
    }
  });
});

describe('backupTakenAt', () => {
  it('prefers the taken-at metadata over the key stamp and LastModified', () => {
    expect(
      backupTakenAt({
        key: 'prod/ecommerce/2026/12/03/ecommerce_20261203T073000Z.dump',
        lastModified: uploaded,
        takenAtMetadata: '2026-12-03T07:29:58.123Z',
      }),
    ).toEqual({
      takenAt: new Date('2026-12-03T07:29:58.123Z'),
      source: 'metadata',
    });
  });

  it("uses the stamp of the product's and the plan's keys without metadata", () => {
    expect(
      backupTakenAt({
        key: 'prod/ecommerce/2026/12/03/ecommerce_20261203T073000Z.dump',
        lastModified: uploaded,
      }),
    ).toEqual({ takenAt: new Date('2026-12-03T07:30:00Z'), source: 'key' });
    // The plan's script: a plain PUT of `ecommerce_<YYYYMMDD_HHMMSS>.dump`, no metadata.
    expect(
      backupTakenAt({
        key: 'ecommerce_20261203_073000.dump',
        lastModified: uploaded,
      }),
    ).toEqual({ takenAt: new Date('2026-12-03T07:30:00Z'), source: 'key' });
  });

  it('uses LastModified for arbitrary names and unreadable metadata', () => {
    expect(
      backupTakenAt({ key: 'backups/nightly.dump', lastModified: uploaded }),
    ).toEqual({ takenAt: uploaded, source: 'last-modified' });
    expect(
      backupTakenAt({
        key: 'backups/nightly.dump',
        lastModified: uploaded,
        takenAtMetadata: 'yesterday',
      }),
    ).toEqual({ takenAt: uploaded, source: 'last-modified' });
  });

  it('does not believe a time after the upload beyond the clock skew', () => {
    // A stamp written in local time two hours ahead of UTC.
    expect(
      backupTakenAt({
        key: 'ecommerce_20261203_094000.dump',
        lastModified: uploaded,
      }),
    ).toEqual({ takenAt: uploaded, source: 'last-modified' });
    // Metadata in the future falls back to the key's stamp.
    expect(
      backupTakenAt({
        key: 'ecommerce_20261203_073000.dump',
        lastModified: uploaded,
        takenAtMetadata: '2027-01-01T00:00:00Z',
      }),
    ).toEqual({ takenAt: new Date('2026-12-03T07:30:00Z'), source: 'key' });
    // Within the skew it is believed.
    const justAfter = new Date(uploaded.getTime() + BACKUP_CLOCK_SKEW_MS);
    expect(
      backupTakenAt({
        key: 'x.dump',
        lastModified: uploaded,
        takenAtMetadata: justAfter.toISOString(),
      }),
    ).toEqual({ takenAt: justAfter, source: 'metadata' });
  });

  it('keeps the time of a copied backup when its LastModified is the copy', () => {
    const copied = new Date('2026-12-04T01:00:00Z');
    expect(
      backupTakenAt({
        key: 'dr-copy/ecommerce/2026/12/03/ecommerce_20261203T073000Z.dump',
        lastModified: copied,
      }),
    ).toEqual({ takenAt: new Date('2026-12-03T07:30:00Z'), source: 'key' });
  });
});
