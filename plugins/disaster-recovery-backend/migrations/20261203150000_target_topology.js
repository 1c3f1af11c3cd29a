/*
 * Which configured server of each target is its primary now, and which one streams from it:
 * switchover, failover and reprotect runs change it; the operations and the replication
 * collector read it. A target without a row has the configured roles.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dr_target_topology', table => {
    table.comment('Current primary/standby roles of each target');
    table.string('target', 255).primary().notNullable();
    table
      .string('primary_server', 16)
      .notNullable()
      .comment('Configured server that is the primary now: primary | standby');
    table
      .string('standby_server', 16)
      .nullable()
      .comment(
        'Configured server that streams from it, null when none does (after a failover, until reprotect)',
      );
    table.dateTime('changed_at').notNullable();
    table
      .string('run_id', 255)
      .nullable()
      .comment('The recovery run that made this change');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dr_target_topology');
};
