import { TrainingRecordRequest } from '@dr-portal/backstage-plugin-disaster-recovery-common';

export type {
  TrainingCourseItem,
  TrainingCourseListResponse,
  TrainingRecordCreateResponse,
  TrainingRecordItem,
  TrainingRecordListResponse,
  TrainingRecordQuery,
  TrainingStatusResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** A completion to store: the checked request and who recorded it. @public */
export interface NewTrainingRecord extends TrainingRecordRequest {
  /** User entity ref (or `service:<subject>`) of who recorded it. */
  recordedBy: string;
}
