/*
 * Evidence store of the disaster-recovery backend: indexed backups and index cursors,
 * pgBackRest info snapshots, replication observations, verification and recovery runs,
 * per-target locks, and posture snapshots with their history.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dr_backups', table => {
    table.comment('Logical backups indexed from object storage');
    table.bigIncrements('id').primary();
    table
      .string('target', 255)
      .notNullable()
      .comment('Target name from app-config');
    table.string('bucket', 255).notNullable();
    table.string('key', 1024).notNullable();
    table.bigInteger('size_bytes').notNullable();
    table.string('etag', 255).nullable();
    table.string('sha256', 255).nullable();
    table.string('sse', 255).nullable().comment('Server-side encryption');
    table.string('storage_class', 255).nullable();
    table.string('region', 255).nullable();
    table
      .string('data_class', 255)
      .nullable()
      .comment('Null: the whole database');
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table.timestamp('last_modified', { useTz: true }).notNullable();
    table.double('duration_seconds').nullable();
    table.timestamp('indexed_at', { useTz: true }).notNullable();
    table
      .timestamp('seen_at', { useTz: true })
      .notNullable()
      .comment('Last time a listing returned the object');
    table
      .timestamp('deleted_at', { useTz: true })
      .nullable()
      .comment('Set when a full rescan no longer finds the object');
    table.unique(['bucket', 'key'], {
      indexName: 'dr_backups_bucket_key_uniq',
    });
    table.index(['target', 'taken_at'], 'dr_backups_target_taken_at_idx');
  });

  await knex.schema.createTable('dr_index_cursors', table => {
    table.comment(
      'Per target: the last object key the incremental indexer has seen',
    );
    table.string('target', 255).primary();
    table.string('bucket', 255).notNullable();
    table.string('prefix', 1024).notNullable().defaultTo('');
    table.string('last_key', 1024).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('last_full_scan_at', { useTz: true }).nullable();
  });

  await knex.schema.createTable('dr_pgbackrest_info', table => {
    table.comment('Snapshots of `pgbackrest info --output=json` per target');
    table.bigIncrements('id').primary();
    table.string('target', 255).notNullable();
    table.string('stanza', 255).notNullable();
    table.integer('status_code').nullable();
    table.text('status_message').nullable();
    table.text('backups').notNullable().comment('JSON array of backups');
    table.string('archive_min', 255).nullable();
    table.string('archive_max', 255).nullable();
    table.timestamp('last_archived_at', { useTz: true }).nullable();
    table.timestamp('pitr_start', { useTz: true }).nullable();
    table.timestamp('pitr_end', { useTz: true }).nullable();
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.index(['target', 'observed_at'], 'dr_pgbackrest_info_target_idx');
  });

  await knex.schema.createTable('dr_replication_status', table => {
    table.comment('Streaming replication observations per target');
    table.bigIncrements('id').primary();
    table.string('target', 255).notNullable();
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.boolean('standby_connected').notNullable();
    table.double('replay_lag_seconds').nullable();
    table.bigInteger('lag_bytes').nullable();
    table.text('detail').nullable().comment('JSON');
    table.index(['target', 'observed_at'], 'dr_replication_status_target_idx');
  });

  await knex.schema.createTable('dr_verification_runs', table => {
    table.comment('Backup verification results');
    table.string('id', 64).primary();
    table.string('target', 255).notNullable();
    table
      .bigInteger('backup_id')
      .nullable()
      .comment('dr_backups.id when one backup was verified');
    table.string('status', 16).notNullable().comment('pass | fail');
    table.string('mode', 16).notNullable().comment('quick | full');
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).notNullable();
    table.string('run_id', 64).nullable().comment('dr_recovery_runs.id');
    table.text('detail').nullable().comment('JSON');
    table.index(['target', 'finished_at'], 'dr_verification_runs_target_idx');
    table.index(['backup_id'], 'dr_verification_runs_backup_idx');
  });

  await knex.schema.createTable('dr_recovery_runs', table => {
    table.comment(
      'Recovery runs: backup, verify, restore, failover, failback, drill',
    );
    table.string('id', 64).primary();
    table.string('operation', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('target', 255).notNullable();
    table.string('initiated_by', 255).notNullable();
    table.string('status', 16).notNullable();
    table.boolean('dry_run').notNullable().defaultTo(false);
    table.string('scenario', 255).nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.text('steps').notNullable().comment('JSON array of RecoveryRunStep');
    table.double('achieved_rto_seconds').nullable();
    table.double('data_loss_seconds').nullable();
    table.string('restore_point', 64).nullable();
    table.text('error').nullable();
    table.text('output').nullable().comment('JSON');
    table.index(['entity_ref', 'started_at'], 'dr_recovery_runs_entity_idx');
    table.index(['target', 'started_at'], 'dr_recovery_runs_target_idx');
    table.index(['operation', 'started_at'], 'dr_recovery_runs_operation_idx');
  });

  await knex.schema.createTable('dr_locks', table => {
    table.comment(
      'One lock per target, held by a recovery run; the primary key makes it conflict-safe across replicas',
    );
    table.string('target', 255).primary();
    table.string('owner', 255).notNullable();
    table.string('run_id', 64).nullable();
    table
      .string('token', 64)
      .notNullable()
      .comment('Secret of the holder; heartbeats and releases must present it');
    table.timestamp('acquired_at', { useTz: true }).notNullable();
    table.timestamp('heartbeat_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('dr_posture_snapshots', table => {
    table.comment(
      'The latest posture of every evaluated entity, for paging, sorting and filtering',
    );
    table.string('entity_ref', 255).primary();
    table.string('title', 255).notNullable();
    table.string('tier', 255).notNullable();
    table.string('owner', 255).nullable();
    table.string('target', 255).nullable();
    table.string('overall', 16).notNullable();
    table
      .integer('overall_rank')
      .notNullable()
      .comment('0 fail, 1 unknown, 2 warn, 3 pass');
    table.text('checks').notNullable().comment('JSON array of CheckResult');
    table
      .text('check_statuses')
      .notNullable()
      .comment(
        'JSON array of {id, status}: the compact form a fleet page returns',
      );
    table.timestamp('next_breach_at', { useTz: true }).nullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.index(
      ['overall_rank', 'entity_ref'],
      'dr_posture_snapshots_rank_idx',
    );
    table.index(['tier'], 'dr_posture_snapshots_tier_idx');
    table.index(['owner'], 'dr_posture_snapshots_owner_idx');
    table.index(['next_breach_at'], 'dr_posture_snapshots_breach_idx');
  });

  await knex.schema.createTable('dr_posture_checks', table => {
    table.comment(
      'Status of each check of each snapshot, for the failing-check filter',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('dr_posture_snapshots')
      .onDelete('CASCADE');
    table.string('check_id', 255).notNullable();
    table.string('status', 16).notNullable();
    table.primary(['entity_ref', 'check_id']);
    table.index(['check_id', 'status'], 'dr_posture_checks_check_status_idx');
  });

  await knex.schema.createTable('dr_posture_history', table => {
    table.comment('Posture of one entity each time it changed');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('overall', 16).notNullable();
    table.text('checks').notNullable().comment('JSON array of {id, status}');
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'evaluated_at'],
      'dr_posture_history_entity_idx',
    );
  });

  await knex.schema.createTable('dr_fleet_history', table => {
    table.comment(
      'Fleet-wide counts by overall status after each evaluation round',
    );
    table.bigIncrements('id').primary();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.integer('pass').notNullable();
    table.integer('warn').notNullable();
    table.integer('fail').notNullable();
    table.integer('unknown').notNullable();
    table.index(['evaluated_at'], 'dr_fleet_history_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dr_fleet_history');
  await knex.schema.dropTable('dr_posture_history');
  await knex.schema.dropTable('dr_posture_checks');
  await knex.schema.dropTable('dr_posture_snapshots');
  await knex.schema.dropTable('dr_locks');
  await knex.schema.dropTable('dr_recovery_runs');
  await knex.schema.dropTable('dr_verification_runs');
  await knex.schema.dropTable('dr_replication_status');
  await knex.schema.dropTable('dr_pgbackrest_info');
  await knex.schema.dropTable('dr_index_cursors');
  await knex.schema.dropTable('dr_backups');
};
