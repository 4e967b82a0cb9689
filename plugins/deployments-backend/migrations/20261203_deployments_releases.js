// @ts-check

/**
 * The portal's own deployment records, for the release timeline and the
 * DORA metrics.
 *
 * `deployments_releases`: one row per Argo CD history entry of an
 * application bound to an entity (what was deployed where, when, by whom),
 * and how it ended there: replaced by a newer one, its canary aborted, or
 * rolled back. Rows are written by observing Argo CD (the history keeps only
 * the last few entries, so the table is what remembers 90 days).
 *
 * `deployments_promotions`: the portal's promotions (who, why, from, to,
 * the commit), joined to the row whose revision is that commit.
 *
 * `deployments_actions`: the portal's rollbacks and aborts (who, why,
 * when): Argo CD names the portal's account as the initiator, this names
 * the person.
 *
 * Times are ISO-8601 strings in UTC so SQLite and PostgreSQL compare them
 * the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments_releases', table => {
    table.increments('id');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('lower-case kind:namespace/name');
    table.string('environment', 64).notNullable();
    table.boolean('production').notNullable().defaultTo(false);
    table.string('application', 255).notNullable();
    table.integer('history_id').notNullable().comment('Argo CD history id');
    table.string('revision', 64).notNullable().comment('chart commit');
    table.string('image_tag', 128).nullable();
    table
      .string('committed_at', 32)
      .nullable()
      .comment('author date of the revision');
    table.string('started_at', 32).nullable();
    table.string('deployed_at', 32).nullable();
    table.string('deployed_by', 255).nullable();
    table
      .boolean('is_rollback')
      .notNullable()
      .defaultTo(false)
      .comment('Argo CD redeployed an earlier revision');
    table.string('healthy_at', 32).nullable().comment('first seen healthy');
    table
      .string('outcome', 16)
      .notNullable()
      .defaultTo('running')
      .comment('running | replaced | aborted | rolled-back');
    table.string('ended_at', 32).nullable();
    table.string('ended_by', 255).nullable();
    table.text('end_reason').nullable();
    table.unique(['entity_ref', 'environment', 'application', 'history_id'], {
      indexName: 'deployments_releases_entry_uq',
    });
    table.index(
      ['entity_ref', 'started_at'],
      'deployments_releases_entity_idx',
    );
  });
  await knex.schema.createTable('deployments_promotions', table => {
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('from_environment', 64).notNullable();
    table.string('to_environment', 64).notNullable();
    table.string('image_tag', 128).notNullable();
    table.string('commit_sha', 64).notNullable();
    table.string('actor', 255).notNullable();
    table.text('reason').nullable();
    table.string('promoted_at', 32).notNullable();
    table.unique(['entity_ref', 'to_environment', 'commit_sha'], {
      indexName: 'deployments_promotions_commit_uq',
    });
  });
  await knex.schema.createTable('deployments_actions', table => {
    table.increments('id');
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 64).notNullable();
    table.string('action', 32).notNullable().comment('rollback | abort | ...');
    table.string('actor', 255).notNullable();
    table.text('reason').nullable();
    table.string('at', 32).notNullable();
    table.index(
      ['entity_ref', 'environment'],
      'deployments_actions_entity_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments_actions');
  await knex.schema.dropTable('deployments_promotions');
  await knex.schema.dropTable('deployments_releases');
};
