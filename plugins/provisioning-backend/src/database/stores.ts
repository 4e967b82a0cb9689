import type { DatabaseService } from '@backstage/backend-plugin-api';
import { BindingStore } from './BindingStore';
import { GrantStore } from './GrantStore';
import { RunStore } from './RunStore';

/** The plugin's stores on one database (migrated once, by the run store). */
export interface Stores {
  runs: RunStore;
  bindings: BindingStore;
  grants: GrantStore;
}

export async function createStores(options: {
  database: DatabaseService;
}): Promise<Stores> {
  const runs = await RunStore.create(options);
  const knex = await options.database.getClient();
  return {
    runs,
    bindings: new BindingStore(knex),
    grants: new GrantStore(knex),
  };
}
