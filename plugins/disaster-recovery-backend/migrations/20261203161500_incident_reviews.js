/*
 * Post-incident reviews: the review opened when an incident is resolved and its action items; a
 * recovery run can name the incident it serves, so the review lists it with its achieved RTO and
 * data loss.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dr_incident_reviews', table => {
    table.comment('Post-incident reviews, opened when an incident is resolved');
    table
      .string('incident_id', 32)
      .primary()
      .references('id')
      .inTable('dr_incidents')
      .onDelete('CASCADE');
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.string('opened_by', 255).notNullable();
  });

  await knex.schema.createTable('dr_incident_action_items', table => {
    table.comment('Action items of post-incident reviews');
    table.bigIncrements('id').primary();
    table
      .string('incident_id', 32)
      .notNullable()
      .references('incident_id')
      .inTable('dr_incident_reviews')
      .onDelete('CASCADE');
    table.text('text').notNullable();
    table.string('owner', 255).nullable().comment('User or group entity ref');
    table.timestamp('added_at', { useTz: true }).notNullable();
    table.string('added_by', 255).notNullable();
    table.index(['incident_id', 'id'], 'dr_incident_action_items_idx');
  });

  await knex.schema.alterTable('dr_recovery_runs', table => {
    table
      .string('incident_id', 32)
      .nullable()
      .comment('Incident (INC-YYYY-NNN) the run serves');
    table.index(['incident_id'], 'dr_recovery_runs_incident_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_recovery_runs', table => {
    table.dropIndex(['incident_id'], 'dr_recovery_runs_incident_idx');
  });
  await knex.schema.alterTable('dr_recovery_runs', table => {
    table.dropColumn('incident_id');
  });
  await knex.schema.dropTable('dr_incident_action_items');
  await knex.schema.dropTable('dr_incident_reviews');
};
