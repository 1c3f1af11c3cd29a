import {
  formatDuration,
  parseDuration,
  tryParseDuration,
  tryParseFrequency,
} from './duration';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const YEAR = 365.25 * DAY;

describe('parseDuration', () => {
  it.each([
    ['15m', 15 * MIN, 'PT15M'],
    ['4h', 4 * HOUR, 'PT4H'],
    ['90d', 90 * DAY, 'P90D'],
    ['7y', 7 * YEAR, 'P7Y'],
    ['1h 30m', 90 * MIN, 'PT1H30M'],
    ['2 hours', 2 * HOUR, 'PT2H'],
    ['1.5h', 1.5 * HOUR, 'PT1.5H'],
    ['30s', 30_000, 'PT30S'],
  ])('reads the human string %s', (text, ms, iso) => {
    const d = parseDuration(text);
    expect(d.ms).toBe(ms);
    expect(d.text).toBe(text);
    expect(d.iso).toBe(iso);
  });

  it.each([
    ['PT15M', 15 * MIN],
    ['PT4H', 4 * HOUR],
    ['P90D', 90 * DAY],
    ['P7Y', 7 * YEAR],
    ['P1DT2H', DAY + 2 * HOUR],
    ['pt15m', 15 * MIN],
  ])('reads the ISO 8601 duration %s', (text, ms) => {
    expect(parseDuration(text).ms).toBe(ms);
  });

  it('gives both syntaxes the same length, so 7y and P7Y compare equal', () => {
    expect(parseDuration('P7Y').ms).toBe(parseDuration('7y').ms);
    expect(parseDuration('P1M').ms).toBe(parseDuration('1mo').ms);
    expect(parseDuration('P3M').ms).toBe(parseDuration('3mo').ms);
  });

  it.each([
    ['', /is not a duration/],
    ['soon', /is not a duration/],
    ['15', /is not a duration/],
    ['15 parsecs', /unknown unit 'parsecs'/],
    ['5 foo 3m', /unknown unit 'foo'/],
    ['-5m', /is not a duration/],
    ['P', /not a valid ISO 8601 duration/],
    ['P7X', /not a valid ISO 8601 duration/],
    ['PT-5M', /negative/],
  ])('rejects %j with a clear message', (text, message) => {
    const result = tryParseDuration(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('rejects values that are not strings', () => {
    expect(tryParseDuration(15).ok).toBe(false);
    expect(tryParseDuration(undefined).ok).toBe(false);
  });

  it('throws an InputError naming the field', () => {
    expect(() =>
      parseDuration('4 fortnights-ish', 'tiers.standard.rto'),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(
          /^tiers\.standard\.rto: '4 fortnights-ish'/,
        ),
      }),
    );
  });
});

describe('tryParseFrequency', () => {
  it('accepts on-change as a special value', () => {
    expect(tryParseFrequency('on-change')).toEqual({
      ok: true,
      value: { onChange: true, text: 'on-change' },
    });
  });

  it('accepts words from the plan and durations', () => {
    const hourly = tryParseFrequency('hourly');
    expect(hourly.ok && !hourly.value.onChange && hourly.value.ms).toBe(HOUR);
    const daily = tryParseFrequency('Daily');
    expect(daily.ok && !daily.value.onChange && daily.value.ms).toBe(DAY);
    const iso = tryParseFrequency('PT1H');
    expect(iso.ok && !iso.value.onChange && iso.value.ms).toBe(HOUR);
  });

  it('rejects nonsense and says what is accepted', () => {
    const r = tryParseFrequency('whenever');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/on-change/);
  });
});

describe('formatDuration', () => {
  it.each([
    [4 * MIN + 12_000, '4m 12s'],
    [2 * HOUR, '2h'],
    [3 * DAY, '3 days'],
    [DAY, '1 day'],
    [DAY + 3 * HOUR, '1 day 3h'],
    [DAY + 3_000, '1 day'],
    [7 * YEAR, '7 years'],
    [YEAR + 2 * DAY, '1 year 2 days'],
    [850, '850ms'],
    [0, '0ms'],
    [-90_000, '-1m 30s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
