import { render, screen } from '@testing-library/react';
import { StatusChip, toCheckStatus } from './StatusChip';
import {
  formatBreach,
  formatIsoDuration,
  formatRate,
  formatSeconds,
  durationSeconds,
} from './format';

describe('StatusChip', () => {
  it('never renders an unknown or unrecognised status as pass', () => {
    render(
      <>
        <StatusChip status="unknown" />
        <StatusChip status={'ok' as any} />
        <StatusChip status={undefined} />
      </>,
    );
    const chips = screen.getAllByText('Unknown');
    expect(chips).toHaveLength(3);
    for (const chip of chips) {
      expect(chip.closest('[data-status]')).toHaveAttribute(
        'data-status',
        'unknown',
      );
    }
    expect(screen.queryByText('Pass')).not.toBeInTheDocument();
  });

  it('narrows values to check statuses', () => {
    expect(toCheckStatus('pass')).toBe('pass');
    expect(toCheckStatus('PASS')).toBe('unknown');
    expect(toCheckStatus(null)).toBe('unknown');
  });
});

describe('format', () => {
  it('formats durations compactly', () => {
    expect(formatSeconds(3 * 3600 + 25 * 60 + 5)).toBe('3h 25m');
    expect(formatSeconds(3600 + 5)).toBe('1h');
    expect(formatSeconds(0)).toBe('0s');
    expect(formatSeconds(null)).toBe('no evidence');
    expect(formatIsoDuration('PT15M')).toBe('15m');
    expect(formatIsoDuration('P1D')).toBe('1d');
    expect(formatIsoDuration('4h')).toBe('4h');
  });

  // The frontend had its own parsers (365-day years, 30-day months); it uses the policy's now.
  it('parses ISO and compact durations with the policy lengths', () => {
    expect(durationSeconds('PT4H')).toBe(14400);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('7y')).toBe(7 * 365.25 * 86400);
    expect(durationSeconds('P7Y')).toBe(durationSeconds('7y'));
    expect(durationSeconds('P1M')).toBe((365.25 / 12) * 86400);
    expect(durationSeconds('soon')).toBeUndefined();
    expect(formatIsoDuration('P7Y')).toBe('7y');
    expect(formatIsoDuration('P1M')).toBe('1mo');
  });

  it('formats rates and missing rates', () => {
    expect(formatRate(0.9876)).toBe('98.8 %');
    expect(formatRate(0)).toBe('0.0 %');
    expect(formatRate(null)).toBe('no evidence');
  });

  it('says when a check breaches or breached', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(formatBreach('2025-06-01T15:00:00Z', now)).toBe(
      'breaches in 3 hours',
    );
    expect(formatBreach('2025-05-31T12:00:00Z', now)).toBe(
      'breached 1 day ago',
    );
    expect(formatBreach(undefined, now)).toBe('—');
  });
});
