/*
 * Posture causes: each stored check keeps its title, reason and a cause key (check, status and
 * reason), so that a cause shared by many entities is found and shown once as a platform finding;
 * each snapshot keeps the database entity its evidence comes from and the system it is part of
 * (a database's tenants and a system's roll-up are pages of the fleet).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_posture_checks', table => {
    table.string('title', 255).nullable();
    table.text('reason').nullable();
    table
      .string('cause', 64)
      .nullable()
      .comment(
        'Hash of check id, status and reason: equal for entities failing for the same reason',
      );
    table.index(['cause'], 'dr_posture_checks_cause_idx');
  });
  await knex.schema.alterTable('dr_posture_snapshots', table => {
    table
      .string('database_ref', 255)
      .nullable()
      .comment('The database entity whose evidence the posture used');
    table
      .string('system_ref', 255)
      .nullable()
      .comment('The system the entity is part of');
    table.index(['database_ref'], 'dr_posture_snapshots_database_idx');
    table.index(['system_ref'], 'dr_posture_snapshots_system_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_posture_snapshots', table => {
    table.dropIndex(['system_ref'], 'dr_posture_snapshots_system_idx');
    table.dropIndex(['database_ref'], 'dr_posture_snapshots_database_idx');
  });
  await knex.schema.alterTable('dr_posture_checks', table => {
    table.dropIndex(['cause'], 'dr_posture_checks_cause_idx');
  });
  // A plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): knex's dropColumn rebuilds a SQLite table,
  // and inside the migration's transaction the rebuild of dr_posture_snapshots would cascade
  // and delete every row of dr_posture_checks.
  for (const [table, column] of [
    ['dr_posture_snapshots', 'system_ref'],
    ['dr_posture_snapshots', 'database_ref'],
    ['dr_posture_checks', 'cause'],
    ['dr_posture_checks', 'reason'],
    ['dr_posture_checks', 'title'],
  ]) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [table, column]);
  }
};
