import { catalogDurationMs, parseCatalogDate } from './catalogDuration';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('catalogDurationMs', () => {
  it.each([
    ['15m', 15 * MIN],
    ['PT15M', 15 * MIN],
    ['1h 30m', 90 * MIN],
    ['30d', 30 * DAY],
    ['P1W', 7 * DAY],
  ])('reads %s', (text, ms) => {
    expect(catalogDurationMs(text)).toBe(ms);
  });

  it('gives a month the same length in both syntaxes (1/12 of 365.25 days)', () => {
    expect(catalogDurationMs('1mo')).toBe(catalogDurationMs('P1M'));
    expect(catalogDurationMs('P1M')).toBeCloseTo((365.25 / 12) * DAY);
  });

  it.each(['', 'soon', 'P', 'PT', '0m', '-5m', '15', 'monthly', 15])(
    'rejects %p',
    text => {
      expect(catalogDurationMs(text)).toBeUndefined();
    },
  );
});

describe('parseCatalogDate', () => {
  it('reads dates and times, UTC when no zone is given', () => {
    expect(parseCatalogDate('2026-01-15')?.toISO()).toBe(
      '2026-01-15T00:00:00.000Z',
    );
    expect(parseCatalogDate('2026-01-15T10:30:00+02:00')?.toUTC().toISO()).toBe(
      '2026-01-15T08:30:00.000Z',
    );
  });

  it('rejects impossible and malformed dates', () => {
    expect(parseCatalogDate('2026-02-30')).toBeUndefined();
    expect(parseCatalogDate('15/01/2026')).toBeUndefined();
    expect(parseCatalogDate(undefined)).toBeUndefined();
  });
});
