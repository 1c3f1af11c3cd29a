import type { DrillCalendarStatus } from '../drills/calendar';
import type { DrillKind } from '../drills/drillKinds';

/** One scenario of the DR test calendar over the fleet: how many entities stand where. @public */
export interface FleetDrillCalendarScenario {
  scenario: string;
  title: string;
  kind: DrillKind;
  /** Calendar cadence id (e.g. `quarterly`). */
  cadence: string;
  /** Whether the scheduler runs this drill when it is due. */
  scheduled: boolean;
  /** Entities per calendar status of this scenario (never drilled, current, due, overdue). */
  counts: Record<DrillCalendarStatus, number>;
  /** Entities whose last drill of this scenario succeeded. */
  lastSucceeded: number;
  /** Entities whose last drill of this scenario failed. */
  lastFailed: number;
  /** The newest drill of this scenario anywhere in the fleet (ISO 8601). */
  lastDrillAt?: string;
}

/** Response of `GET /drills/calendar`: the policy's test calendar over the fleet the caller may read. @public */
export interface FleetDrillCalendarResponse {
  /** The moment the calendar was computed for (ISO 8601). */
  at: string;
  /** Entities counted (the fleet the caller may read). */
  totalEntities: number;
  scenarios: FleetDrillCalendarScenario[];
}

/** Every calendar status of a drill, in the order the fleet page shows them. @public */
export const DRILL_CALENDAR_STATUSES: readonly DrillCalendarStatus[] = [
  'overdue',
  'due',
  'never',
  'current',
];
