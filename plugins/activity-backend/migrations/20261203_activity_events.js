// @ts-check

/**
 * The audited actions of the portal's plugins, one row per finished event
 * (succeeded or failed; the auditor's "initiated" is not stored). Times are
 * ISO-8601 strings in UTC so SQLite and PostgreSQL compare them the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('activity_events', table => {
    table.string('id', 36).primary().notNullable();
    table.string('occurred_at', 32).notNullable();
    table.string('plugin', 64).notNullable();
    table.string('action', 128).notNullable();
    table.string('severity', 16).notNullable();
    table.string('result', 16).notNullable();
    table.string('actor', 255).nullable();
    table.string('entity_ref', 255).nullable();
    table.string('environment', 64).nullable();
    table.text('reason').nullable();
    table.text('before').nullable().comment('JSON');
    table.text('after').nullable().comment('JSON');
    table.text('error').nullable();
    table.text('meta').nullable().comment('JSON, everything the plugin sent');
    table.index(['occurred_at'], 'activity_events_occurred_at_idx');
    table.index(
      ['entity_ref', 'occurred_at'],
      'activity_events_entity_ref_idx',
    );
    table.index(['actor', 'occurred_at'], 'activity_events_actor_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('activity_events');
};
