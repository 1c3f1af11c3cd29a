import { runbookReviewDueAt, runbookReviewIntervalMs } from './runbookReview';

const DAY = 24 * 3600_000;

describe('runbook review', () => {
  // The Runbook card added calendar months (luxon), its fallback parser 30-day months, the
  // posture check 1/12 of a 365.25-day year. Rule: the policy's lengths everywhere, so the card's
  // due date is the moment the posture check turns red.
  it('makes a month 1/12 of a 365.25-day year in both syntaxes', () => {
    const month = (365.25 / 12) * DAY;
    expect(runbookReviewIntervalMs('P1M')).toBe(month);
    expect(runbookReviewIntervalMs('1mo')).toBe(month);
    expect(runbookReviewDueAt('2026-01-31', 'P1M')).toBe(
      Date.parse('2026-01-31T00:00:00Z') + month,
    );
  });

  it('caps the runbook interval by the policy and falls back to it', () => {
    const policy = 30 * DAY;
    expect(runbookReviewIntervalMs('7d', policy)).toBe(7 * DAY);
    expect(runbookReviewIntervalMs('P1Y', policy)).toBe(policy);
    expect(runbookReviewIntervalMs(undefined, policy)).toBe(policy);
    expect(runbookReviewIntervalMs('soon', policy)).toBe(policy);
    expect(runbookReviewIntervalMs('soon')).toBeUndefined();
  });

  it('has no due date without a review or an interval', () => {
    expect(runbookReviewDueAt(undefined, 'P1M')).toBeUndefined();
    expect(runbookReviewDueAt('not a date', 'P1M')).toBeUndefined();
    expect(runbookReviewDueAt('2026-01-01', undefined)).toBeUndefined();
  });
});
