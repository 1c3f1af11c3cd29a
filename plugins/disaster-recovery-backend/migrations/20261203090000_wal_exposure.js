/*
 * The primary's WAL position against the archive, read with each pgBackRest snapshot: what a
 * disaster would lose now (RPO as real exposure).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_pgbackrest_info', table => {
    table
      .text('wal_exposure')
      .nullable()
      .comment(
        'JSON: observedAt, currentLsn, archivedLsn, unarchivedSince, archiverFailing',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_pgbackrest_info', table => {
    table.dropColumn('wal_exposure');
  });
};
