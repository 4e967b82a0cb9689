// @ts-check

/**
 * Requests (one per idempotency key) and the runs they started, one per
 * environment. Runs carry what the follower needs to pick them up again after
 * a restart (engine, scope, workspace and run ids) and a lease so that, with
 * several replicas, only one follows a run at a time. Times are ISO-8601
 * strings in UTC so SQLite and PostgreSQL compare them the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('provisioning_requests', table => {
    table.string('id').primary().notNullable();
    table
      .string('idempotency_key', 255)
      .notNullable()
      .unique({ indexName: 'provisioning_requests_idempotency_key_uq' });
    table.string('entity_ref').notNullable();
    table.string('created_by').notNullable();
    table.string('created_at', 32).notNullable();
  });

  await knex.schema.createTable('provisioning_runs', table => {
    table.string('id').primary().notNullable();
    table
      .string('request_id')
      .nullable()
      .references('id')
      .inTable('provisioning_requests')
      .onDelete('CASCADE');
    table
      .string('idempotency_key', 255)
      .notNullable()
      .unique({ indexName: 'provisioning_runs_idempotency_key_uq' });
    table.string('entity_ref').notNullable();
    table.string('service').notNullable();
    table.string('environment').notNullable();
    table.string('engine').notNullable();
    table.string('workspace_name').notNullable();
    table.string('scope').nullable();
    table.string('workspace_id').nullable();
    table.text('workspace_url').nullable();
    table.string('engine_run_id').nullable();
    table.text('run_url').nullable();
    table.string('phase').notNullable();
    table.string('raw_status').notNullable();
    table.boolean('auto_apply').notNullable();
    table.text('tiers').notNullable().comment('JSON ServiceTiers');
    table
      .text('variables')
      .notNullable()
      .comment('JSON of the non-sensitive stack variables, for retries');
    table.text('timeline').notNullable().comment('JSON RunStatusEvent[]');
    table.text('plan').nullable();
    table.text('cost_estimate').nullable();
    table.text('outputs').nullable().comment('never holds sensitive values');
    table.text('decision').nullable();
    table.text('message').nullable();
    table.string('requested_by').notNullable();
    table.string('retry_of').nullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('finished_at', 32).nullable();
    table.string('next_check_at', 32).nullable();
    table.string('lease_owner').nullable();
    table.string('lease_expires_at', 32).nullable();
    table.integer('failed_checks').notNullable().defaultTo(0);

    table.index(
      ['entity_ref', 'environment', 'created_at'],
      'provisioning_runs_entity_env_idx',
    );
    table.index(['next_check_at'], 'provisioning_runs_next_check_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('provisioning_runs');
  await knex.schema.dropTable('provisioning_requests');
};
