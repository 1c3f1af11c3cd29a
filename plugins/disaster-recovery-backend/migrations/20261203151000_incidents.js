/*
 * Incidents (the plan's incident response): the incidents with their affected entities, every
 * event of their timeline, a per-year counter that numbers them INC-YYYY-NNN without gaps or
 * repeats across backend replicas, and the escalation steps and reminders already sent (each
 * claimed once by its primary key, so replicas and restarts never send one twice).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dr_incident_sequences', table => {
    table.comment('Last incident number given out per year');
    table.integer('year').primary().comment('Year of declaration (UTC)');
    table.integer('last_number').notNullable();
  });

  await knex.schema.createTable('dr_incidents', table => {
    table.comment('Incidents declared in the portal');
    table.string('id', 32).primary().comment('INC-YYYY-NNN');
    table.integer('year').notNullable();
    table.integer('number').notNullable();
    table.string('severity', 32).notNullable().comment('Policy severity id');
    table.string('title', 255).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('investigating | identified | monitoring | resolved');
    table.text('impact').notNullable().comment('Impact as told to people');
    table
      .string('impact_level', 16)
      .nullable()
      .comment('critical | high | medium | low');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('declared_at', { useTz: true }).notNullable();
    table.string('declared_by', 255).notNullable();
    table.text('roles').notNullable().comment('JSON: role id -> entity ref');
    table
      .timestamp('last_update_at', { useTz: true })
      .notNullable()
      .comment('Last status update or the declaration');
    table.timestamp('acknowledged_at', { useTz: true }).nullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.text('root_cause').nullable();
    table
      .boolean('drill')
      .notNullable()
      .defaultTo(false)
      .comment('A response drill, not a real incident');
    table.unique(['year', 'number'], { indexName: 'dr_incidents_number_uniq' });
    table.index(['status', 'declared_at'], 'dr_incidents_status_idx');
  });

  await knex.schema.createTable('dr_incident_entities', table => {
    table.comment('Entities an incident affects');
    table
      .string('incident_id', 32)
      .notNullable()
      .references('id')
      .inTable('dr_incidents')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table
      .string('role', 16)
      .notNullable()
      .comment('tenant | system | database');
    table.primary(['incident_id', 'entity_ref']);
    table.index(['entity_ref'], 'dr_incident_entities_ref_idx');
  });

  await knex.schema.createTable('dr_incident_events', table => {
    table.comment('Timeline of every incident');
    table.bigIncrements('id').primary();
    table
      .string('incident_id', 32)
      .notNullable()
      .references('id')
      .inTable('dr_incidents')
      .onDelete('CASCADE');
    table.string('type', 16).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable();
    table.text('message').nullable();
    table.string('status', 16).nullable();
    table.string('role', 64).nullable();
    table.string('assignee', 255).nullable();
    table.integer('step').nullable();
    table.index(['incident_id', 'id'], 'dr_incident_events_incident_idx');
  });

  await knex.schema.createTable('dr_incident_notices', table => {
    table.comment(
      'Escalation steps and update reminders sent, each claimed exactly once',
    );
    table
      .string('incident_id', 32)
      .notNullable()
      .references('id')
      .inTable('dr_incidents')
      .onDelete('CASCADE');
    table
      .string('notice', 64)
      .notNullable()
      .comment('escalation:<step> or reminder:<n>');
    table.timestamp('claimed_at', { useTz: true }).notNullable();
    table.primary(['incident_id', 'notice']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dr_incident_notices');
  await knex.schema.dropTable('dr_incident_events');
  await knex.schema.dropTable('dr_incident_entities');
  await knex.schema.dropTable('dr_incidents');
  await knex.schema.dropTable('dr_incident_sequences');
};
