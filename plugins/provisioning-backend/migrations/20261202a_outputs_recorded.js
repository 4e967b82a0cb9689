// @ts-check

/**
 * Where an applied run's outputs were recorded in git: the service
 * repository's `chart/values-<env>.yaml` and the commit (or why not, with
 * the attempts and when to try again), and whether the environment's held
 * Argo CD Applications were released afterwards. Sensitive outputs are
 * never written, so nothing here is secret either.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('provisioning_runs', table => {
    table
      .string('outputs_state')
      .nullable()
      .comment(
        'pending | recorded | failed | superseded; null: nothing to record',
      );
    table.text('outputs_repository').nullable();
    table.string('outputs_file').nullable();
    table.string('outputs_commit_sha').nullable();
    table.text('outputs_commit_url').nullable();
    table.string('outputs_recorded_at', 32).nullable();
    table.text('outputs_error').nullable();
    table.integer('outputs_attempts').notNullable().defaultTo(0);
    table.string('outputs_next_attempt_at', 32).nullable();
    table
      .string('sync_state')
      .nullable()
      .comment(
        'pending | released | notHeld | failed, once outputs are recorded',
      );
    table.text('sync_applications').nullable().comment('JSON string[]');
    table.text('sync_error').nullable();
    table.string('sync_released_at', 32).nullable();
    table.index(
      ['outputs_state', 'outputs_next_attempt_at'],
      'provisioning_runs_outputs_due_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('provisioning_runs', table => {
    table.dropIndex(
      ['outputs_state', 'outputs_next_attempt_at'],
      'provisioning_runs_outputs_due_idx',
    );
  });
  for (const column of [
    'outputs_state',
    'outputs_repository',
    'outputs_file',
    'outputs_commit_sha',
    'outputs_commit_url',
    'outputs_recorded_at',
    'outputs_error',
    'outputs_attempts',
    'outputs_next_attempt_at',
    'sync_state',
    'sync_applications',
    'sync_error',
    'sync_released_at',
  ]) {
    await knex.schema.alterTable('provisioning_runs', table => {
      table.dropColumn(column);
    });
  }
};
