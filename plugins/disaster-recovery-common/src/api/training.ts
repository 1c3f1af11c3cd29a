import { PersonTrainingStatus } from '../training/types';

/**
 * Shapes of the disaster-recovery backend's training routes (`/training-records`,
 * `/training-status`, `/training-courses`), shared by the backend router, the client, the
 * scaffolder action and the catalog's training provider.
 */

/** A completion to record: the body of `POST /training-records`. @public */
export interface TrainingRecordRequest {
  /** User entity ref (`user:default/jane.doe`, or shorthand `jane.doe`). */
  person: string;
  /** Course id from the policy. */
  course: string;
  /** Completion date, `YYYY-MM-DD`. */
  completed: string;
  /** Expiry date, `YYYY-MM-DD`; by default completion plus the course validity. */
  expires?: string;
  /** Link (http or https) to the evidence: certificate, drill report. */
  evidence?: string;
}

/** One DR training completion recorded in the portal, as the REST API returns it. @public */
export interface TrainingRecordItem {
  /** Store id (increasing with each new record). */
  id: string;
  /** User entity ref, lower case (`user:default/jane.doe`). */
  person: string;
  /** Course id from the policy. */
  course: string;
  /** Completion date, `YYYY-MM-DD`. */
  completed: string;
  /** Date the completion stops counting, `YYYY-MM-DD`; absent when it never expires. */
  expires?: string;
  /** Link to the evidence (certificate, drill report). */
  evidence?: string;
  /** User entity ref (or `service:<subject>`) of who recorded it. */
  recordedBy: string;
  /** When it was recorded (ISO 8601). */
  recordedAt: string;
}

/** Query of `GET /training-records`. @public */
export interface TrainingRecordQuery {
  /** Only this person's records (normalized user ref). */
  person?: string;
  /** Only this course. */
  course?: string;
  offset?: number;
  limit?: number;
  /** By id, i.e. by when recorded; `asc` (default) keeps pages stable while records are added. */
  order?: 'asc' | 'desc';
}

/** Response of `GET /training-records`. @public */
export interface TrainingRecordListResponse {
  items: TrainingRecordItem[];
  /** Records matching the filters (not just this page). */
  totalItems: number;
  offset: number;
  limit: number;
}

/** Response of `POST /training-records`: the record, and whether it is new (201) or was already there (200). @public */
export interface TrainingRecordCreateResponse {
  record: TrainingRecordItem;
  created: boolean;
}

/** Response of `GET /training-status/:namespace/:name`. @public */
export interface TrainingStatusResponse extends PersonTrainingStatus {
  /** Groups of the person, from the catalog. */
  groups: string[];
  /** Response roles of the person (from their groups' `dr.platform.io/response-role`). */
  roles: string[];
  /** The moment the states were computed for (ISO 8601). */
  evaluatedAt: string;
}

/** One course of the policy, as `GET /training-courses` returns it. @public */
export interface TrainingCourseItem {
  id: string;
  title: string;
  /** How long a completion counts (ISO 8601 duration); absent when it never expires. */
  validity?: string;
  /** How long a completion counts, milliseconds. */
  validityMs?: number;
  requiredFor: { everyone: boolean; roles: string[]; groups: string[] };
}

/** Response of `GET /training-courses`. @public */
export interface TrainingCourseListResponse {
  items: TrainingCourseItem[];
}
