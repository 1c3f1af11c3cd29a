import {
  NewTrainingRecord,
  TrainingRecordItem,
  TrainingRecordQuery,
} from '../training/types';

/** Storage of the DR training completions recorded in the portal. @public */
export interface TrainingStore {
  /**
   * Stores a completion. A completion of the same course by the same person on the same day is
   * the same record: it is returned with `created: false` and nothing is written.
   */
  addRecord(
    record: NewTrainingRecord,
  ): Promise<{ record: TrainingRecordItem; created: boolean }>;
  /** Finds the record of one completion (person, course, day). */
  findRecord(key: {
    person: string;
    course: string;
    completed: string;
  }): Promise<TrainingRecordItem | undefined>;
  /** A page of records, with the number of all matching records. */
  listRecords(
    query: TrainingRecordQuery,
  ): Promise<{ items: TrainingRecordItem[]; totalItems: number }>;
}
