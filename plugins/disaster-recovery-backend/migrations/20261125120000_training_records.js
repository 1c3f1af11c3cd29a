/*
 * DR training completions recorded in the portal (the "record DR training" template). The
 * catalog module's TrainingRecordEntityProvider emits each row as a TrainingRecord entity.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dr_training_records', table => {
    table.comment('DR training completions recorded in the portal');
    table
      .bigIncrements('id')
      .primary()
      .comment(
        'Record id, increasing: pages ordered by id stay stable while records are added',
      );
    table
      .string('person', 255)
      .notNullable()
      .comment('User entity ref, lower case (user:default/jane.doe)');
    table.string('course', 255).notNullable().comment('Course id from policy');
    table
      .string('completed', 10)
      .notNullable()
      .comment('Completion date, YYYY-MM-DD (text: no time zone shifts)');
    table
      .string('expires', 10)
      .nullable()
      .comment('YYYY-MM-DD the completion stops counting; null: never');
    table.string('evidence', 2048).nullable().comment('Link to the evidence');
    table
      .string('recorded_by', 255)
      .notNullable()
      .comment('User or service that recorded it');
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    table.unique(['person', 'course', 'completed'], {
      indexName: 'dr_training_records_completion_uniq',
    });
    table.index(['person'], 'dr_training_records_person_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dr_training_records');
};
