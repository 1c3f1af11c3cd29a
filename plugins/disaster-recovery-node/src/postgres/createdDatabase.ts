import { ConflictError } from '@backstage/errors';
import { StepRunner } from '../operation/steps';
import { PgConnection } from '../target/target';
import { createEmptyDatabase, dropDatabaseIfExists } from './databases';

/**
 * A database an operation creates and must drop unless it keeps it. It remembers whether the
 * database may exist: an interrupted `CREATE DATABASE` may still have committed, while a
 * conflict means the name belongs to someone else (never dropped).
 * @public
 */
export class CreatedDatabase {
  private mayExist = false;

  constructor(readonly server: PgConnection, readonly name: string) {}

  /** Whether the database may exist (created, or its creation was interrupted). */
  get exists(): boolean {
    return this.mayExist;
  }

  /** Creates the empty database from template0. */
  async create(): Promise<void> {
    try {
      await createEmptyDatabase(this.server, this.name);
    } catch (error) {
      if (!(error instanceof ConflictError)) {
        this.mayExist = true;
      }
      throw error;
    }
    this.mayExist = true;
  }

  /** Drops it, if it may exist, as a `cleanup` step that runs even after an abort. */
  async drop(steps: StepRunner, title: string): Promise<void> {
    if (!this.mayExist) {
      return;
    }
    await steps.run(
      'cleanup',
      title,
      () => dropDatabaseIfExists(this.server, this.name),
      { ignoreAbort: true },
    );
    this.mayExist = false;
  }
}
