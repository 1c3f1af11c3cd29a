import { Knex } from 'knex';
import {
  NewTrainingRecord,
  TrainingRecordItem,
  TrainingRecordQuery,
} from '../training/types';
import { iso } from './conversions';
import { TrainingStore } from './TrainingStore';

const TABLE = 'dr_training_records';

/** Default and largest page of `listRecords`. */
export const TRAINING_PAGE = { defaultLimit: 100, maxLimit: 1000 } as const;

type Row = {
  id: number | string;
  person: string;
  course: string;
  completed: string;
  expires: string | null;
  evidence: string | null;
  recorded_by: string;
  recorded_at: unknown;
};

function toItem(row: Row): TrainingRecordItem {
  return {
    id: String(row.id),
    person: row.person,
    course: row.course,
    completed: row.completed,
    ...(row.expires ? { expires: row.expires } : {}),
    ...(row.evidence ? { evidence: row.evidence } : {}),
    recordedBy: row.recorded_by,
    recordedAt: iso(row.recorded_at),
  };
}

/**
 * The knex implementation of the training store, in the plugin's own database (SQLite or
 * PostgreSQL), table `dr_training_records`.
 *
 * @public
 */
export class DatabaseTrainingStore implements TrainingStore {
  /** A store over the plugin database's client; the persistence context has migrated it. */
  static create(options: { knex: Knex }): DatabaseTrainingStore {
    return new DatabaseTrainingStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async addRecord(
    record: NewTrainingRecord,
  ): Promise<{ record: TrainingRecordItem; created: boolean }> {
    // Insert-or-keep in one statement, so that of two concurrent requests for the same
    // completion exactly one creates it (the unique index decides).
    const inserted = await this.db<Row>(TABLE)
      .insert({
        person: record.person,
        course: record.course,
        completed: record.completed,
        expires: record.expires ?? null,
        evidence: record.evidence ?? null,
        recorded_by: record.recordedBy,
        recorded_at: new Date() as unknown as string,
      })
      .onConflict(['person', 'course', 'completed'])
      .ignore()
      .returning('id');
    const stored = await this.findRecord(record);
    if (!stored) {
      throw new Error(
        `Training record of ${record.person} for ${record.course} on ${record.completed} was not stored`,
      );
    }
    return { record: stored, created: inserted.length > 0 };
  }

  async findRecord(key: {
    person: string;
    course: string;
    completed: string;
  }): Promise<TrainingRecordItem | undefined> {
    const row = await this.db<Row>(TABLE)
      .where({
        person: key.person,
        course: key.course,
        completed: key.completed,
      })
      .first();
    return row ? toItem(row) : undefined;
  }

  async listRecords(
    query: TrainingRecordQuery,
  ): Promise<{ items: TrainingRecordItem[]; totalItems: number }> {
    const filtered = () => {
      const q = this.db<Row>(TABLE);
      if (query.person) q.where('person', query.person);
      if (query.course) q.where('course', query.course);
      return q;
    };
    const order = query.order ?? 'asc';
    const limit = Math.min(
      query.limit ?? TRAINING_PAGE.defaultLimit,
      TRAINING_PAGE.maxLimit,
    );
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select('*')
        .orderBy('id', order)
        .offset(query.offset ?? 0)
        .limit(limit),
      filtered().count({ count: '*' }),
    ]);
    return { items: (rows as Row[]).map(toItem), totalItems: Number(count) };
  }
}
