/**
 * A training course as `trainingStatus` needs it. The policy's `DrTrainingCourse` has this shape,
 * so `policy.training.courses` can be passed as it is.
 *
 * @public
 */
export interface TrainingCourseInput {
  /** Course id, e.g. `quarterly-dr-procedures`. */
  id: string;
  title?: string;
  /** How long a completion counts; never expires (except by the record's own date) when absent. */
  validity?: { ms: number };
  /** Who must hold the course. */
  requiredFor: {
    everyone?: boolean;
    /** Response role ids, e.g. `incident-commander`. */
    roles?: readonly string[];
    /** Group refs, e.g. `group:default/on-call` (shorthand `on-call` means the same). */
    groups?: readonly string[];
  };
}

/** A response role as `roleCoverage` needs it (the policy's `DrResponseRole` fits). @public */
export interface ResponseRoleInput {
  id: string;
  title?: string;
  /** People with current training the role needs; 2 (a primary and a backup) when absent. */
  minimumTrained?: number;
}

/** One person as the training functions see them. @public */
export interface TrainingPerson {
  /** User entity ref (`user:default/jane.doe`; shorthand `jane.doe` is accepted). */
  ref: string;
  /** Refs of the groups they belong to. */
  groups: readonly string[];
  /** Response role ids they hold. */
  roles: readonly string[];
}

/** One completion of a course (from a TrainingRecord entity or the plugin's store). @public */
export interface TrainingRecordInput {
  /** Entity ref or store id of the record, for evidence links. */
  ref?: string;
  /** User ref of who completed it. */
  person: string;
  course: string;
  /** Completion date or time (ISO 8601). */
  completed: string;
  /** Date or time (ISO 8601) the completion stops counting, when the record says so. */
  expires?: string;
  evidence?: string;
}

/**
 * State of one required course for one person: `done` (current), `due` (current but expiring within
 * the due-soon window), `expired` (the latest completion no longer counts), `missing` (never done).
 *
 * @public
 */
export type TrainingState = 'done' | 'due' | 'expired' | 'missing';

/** One required course of a person and its state. @public */
export interface CourseTrainingStatus {
  course: string;
  title?: string;
  state: TrainingState;
  /** Why it is required: `everyone`, `role:<id>` or a group ref. */
  requiredBecause: string[];
  /** Completion of the record the state is based on. */
  completed?: string;
  /** When that completion stops counting (ISO 8601); absent when it never expires. */
  expiresAt?: string;
  /** Ref of the record the state is based on. */
  record?: string;
}

/** A person's required DR training and its state. @public */
export interface PersonTrainingStatus {
  /** Normalized user ref. */
  person: string;
  /** Every course required of the person, in the order of the course list. */
  courses: CourseTrainingStatus[];
  /** Whether every required course is done or due (none missing or expired). */
  current: boolean;
  /** When the first current course expires (ISO 8601). */
  expiresAt?: string;
  /** Ids of required courses that are missing or expired. */
  missing: string[];
  /** Ids of required courses that expire within the due-soon window. */
  due: string[];
}

/** How many people with current training hold a response role. @public */
export interface RoleCoverage {
  role: string;
  title?: string;
  minimumTrained: number;
  /** `pass` when at least `minimumTrained` people in the role have current training. */
  status: 'pass' | 'fail';
  /** Why, in words. */
  reason: string;
  /** People in the role whose required training is current, with when it first expires. */
  people: Array<{ ref: string; trainingExpiresAt?: string }>;
  /** People in the role whose training is not current, with the missing or expired course ids. */
  untrained: Array<{ ref: string; missing: string[] }>;
}
