// @ts-check

/**
 * Who a workspace belongs to, and grants for services not in the catalog yet.
 *
 * `provisioning_workspace_bindings`: one row per engine workspace the portal
 * created, naming the catalog entity it was created for (its ref, and its uid
 * once the entity exists: a re-created entity with another uid does not
 * inherit it). Requests, decisions and reads are resolved through it, never
 * through the workspace's name.
 *
 * `provisioning_grants`: short-lived grants the scaffolder's
 * `provisioning:request` step obtains for one task and one service name
 * before `catalog:register`; `provisioning_grant_uses` makes each single use
 * per environment (the primary key is the guard).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('provisioning_workspace_bindings', table => {
    table.string('engine').notNullable();
    table.string('workspace_name').notNullable();
    table.primary(
      ['engine', 'workspace_name'],
      'provisioning_workspace_bindings_pk',
    );
    table.string('service').notNullable();
    table.string('environment').notNullable();
    table.string('entity_ref').notNullable();
    table
      .string('entity_uid')
      .nullable()
      .comment('null until the entity exists (created through a grant)');
    table.string('created_by').notNullable();
    table.string('grant_id').nullable();
    table.string('created_at', 32).notNullable();
    table.index(['entity_ref'], 'provisioning_workspace_bindings_entity_idx');
    table.index(['service'], 'provisioning_workspace_bindings_service_idx');
  });

  await knex.schema.createTable('provisioning_grants', table => {
    table.string('id').primary().notNullable();
    table
      .string('secret_hash', 64)
      .notNullable()
      .unique({ indexName: 'provisioning_grants_secret_uq' })
      .comment('sha256 of the grant; the grant itself is never stored');
    table.string('task_id').notNullable();
    table.string('entity_ref').notNullable();
    table.string('created_by').notNullable();
    table.string('created_at', 32).notNullable();
    table.string('expires_at', 32).notNullable();
    table.index(['task_id', 'entity_ref'], 'provisioning_grants_task_idx');
  });

  await knex.schema.createTable('provisioning_grant_uses', table => {
    table
      .string('grant_id')
      .notNullable()
      .references('id')
      .inTable('provisioning_grants')
      .onDelete('CASCADE');
    table.string('environment').notNullable();
    table.primary(['grant_id', 'environment'], 'provisioning_grant_uses_pk');
    table.string('request_id').notNullable();
    table.string('used_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('provisioning_grant_uses');
  await knex.schema.dropTable('provisioning_grants');
  await knex.schema.dropTable('provisioning_workspace_bindings');
};
