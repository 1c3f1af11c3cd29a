import { formatIncidentId, parseIncidentId } from './incidentId';

describe('incident ids', () => {
  it("formats the plan's INC-YYYY-NNN form and keeps every digit past 999", () => {
    expect(formatIncidentId(2026, 1)).toBe('INC-2026-001');
    expect(formatIncidentId(2026, 42)).toBe('INC-2026-042');
    expect(formatIncidentId(2026, 1000)).toBe('INC-2026-1000');
  });

  it('parses what it formats and nothing else', () => {
    expect(parseIncidentId('INC-2026-001')).toEqual({ year: 2026, number: 1 });
    expect(parseIncidentId('INC-2026-1000')).toEqual({
      year: 2026,
      number: 1000,
    });
    expect(parseIncidentId('INC-2026-000')).toBeUndefined();
    expect(parseIncidentId('INC-26-001')).toBeUndefined();
    expect(parseIncidentId('inc-2026-001')).toBeUndefined();
  });

  it('refuses numbers and years that do not fit', () => {
    expect(() => formatIncidentId(2026, 0)).toThrow(/positive integer/);
    expect(() => formatIncidentId(26, 1)).toThrow(/four digits/);
  });
});
