/*
 * Runs carry a purpose (test, drill, recovery) and the database they acted on. Existing runs get
 * the purpose their operation and cut-over imply (the rule of `defaultRunPurpose` in -common: a
 * restore without cut-over is a test, a cut-over a recovery, a run of a scenario a drill), and the
 * database ref recorded in their output.
 */

// @ts-check

const RESTORES = ['restore', 'restore-pitr', 'restore-tenant'];
const BATCH = 500;

/**
 * @param {unknown} text
 * @returns {Record<string, unknown>}
 */
function parseOutput(text) {
  if (typeof text !== 'string' || !text) return {};
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

/**
 * @param {{ operation: string, scenario: string | null }} row
 * @param {Record<string, unknown>} output
 * @returns {string | null}
 */
function purposeOf(row, output) {
  if (row.operation === 'drill' || row.scenario) return 'drill';
  if (row.operation === 'failover' || row.operation === 'failback') {
    return 'recovery';
  }
  if (RESTORES.includes(row.operation)) {
    return output.cutOver === true ? 'recovery' : 'test';
  }
  if (row.operation === 'verify') return 'test';
  return null;
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dr_recovery_runs', table => {
    table
      .string('purpose', 16)
      .nullable()
      .comment(
        'test | drill | recovery; null for runs that neither test nor recover (backup)',
      );
    table
      .string('database_ref', 255)
      .nullable()
      .comment('Database Resource whose target the run acted on');
  });

  let after = '';
  for (;;) {
    const rows = await knex('dr_recovery_runs')
      .select('id', 'operation', 'scenario', 'output')
      .where('id', '>', after)
      .orderBy('id', 'asc')
      .limit(BATCH);
    if (!rows.length) break;
    for (const row of rows) {
      const output = parseOutput(row.output);
      const databaseRef =
        typeof output.databaseRef === 'string' ? output.databaseRef : null;
      await knex('dr_recovery_runs')
        .where('id', row.id)
        .update({
          purpose: purposeOf(row, output),
          database_ref: databaseRef,
        });
    }
    after = rows[rows.length - 1].id;
  }
  await knex.schema.alterTable('dr_recovery_runs', table => {
    table.index(['purpose', 'started_at'], 'dr_recovery_runs_purpose_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dr_recovery_runs', table => {
    table.dropIndex(['purpose', 'started_at'], 'dr_recovery_runs_purpose_idx');
  });
  await knex.schema.alterTable('dr_recovery_runs', table => {
    table.dropColumn('database_ref');
    table.dropColumn('purpose');
  });
};
