/** Seconds from an ISO 8601 moment to a date, to a tenth of a second. */
export function elapsedSeconds(fromIso: string, to: Date): number {
  return Math.round((to.getTime() - Date.parse(fromIso)) / 100) / 10;
}

/**
 * What a recovery achieved: its RTO (from the run's start to its end, to a tenth of a second)
 * and, when it restored to a known point, its data-loss window (from that point to the run's
 * start, in whole seconds, never negative).
 */
export function achievedRecoveryTimes(options: {
  startedAt: string;
  finishedAt: Date;
  restorePoint?: string;
}): { achievedRtoSeconds: number; dataLossSeconds?: number } {
  const achievedRtoSeconds = elapsedSeconds(
    options.startedAt,
    options.finishedAt,
  );
  if (!options.restorePoint) {
    return { achievedRtoSeconds };
  }
  const dataLossSeconds = Math.max(
    0,
    Math.round(
      (Date.parse(options.startedAt) - Date.parse(options.restorePoint)) / 1000,
    ),
  );
  return { achievedRtoSeconds, dataLossSeconds };
}
