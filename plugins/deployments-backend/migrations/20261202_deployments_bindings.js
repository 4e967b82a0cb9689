// @ts-check

/**
 * Bindings: which catalog entity an Argo CD Application or AppProject
 * belongs to. A binding is written when the portal creates the object (the
 * scaffolder, before the entity is registered: then only the ref and the
 * task are known), when an admin claims an adopted object, or from the
 * platform's `deployments.adopt` config. `entity_uid` is filled the first
 * time the entity is resolved, so an entity re-created under the same name
 * (another uid) does not inherit the objects. Times are ISO-8601 strings in
 * UTC so SQLite and PostgreSQL compare them the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments_bindings', table => {
    table.increments('id');
    table
      .string('object_kind', 32)
      .notNullable()
      .comment('application | project');
    table.string('instance', 255).notNullable().comment('Argo CD instance');
    table.string('object_name', 255).notNullable();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('lower-case kind:namespace/name');
    table.string('entity_uid', 64).nullable();
    table
      .string('source', 32)
      .notNullable()
      .comment('created | claimed | config');
    table.string('task_id', 64).nullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.unique(['object_kind', 'instance', 'object_name'], {
      indexName: 'deployments_bindings_object_uq',
    });
    table.index(['entity_ref'], 'deployments_bindings_entity_ref_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments_bindings');
};
