import { mockServices } from '@internal/backend-test-stubs';
import { ApplicationIndex } from './ApplicationIndex';
import type { ArgoCDInstances, InstanceSnapshot } from './ArgoCDInstances';
import type { BindingIndex } from './BindingIndex';
import { DeploymentsJoin } from './DeploymentsJoin';
import type { DeployedEntity, EntityIndex, EntityList } from './EntityIndex';
import { ApplicationRecord } from './summarize';

const app = (service: string, revision: string): ApplicationRecord => ({
  name: `${service}-dev`,
  environment: 'dev',
  labels: { 'app.kubernetes.io/name': service },
  summary: {
    environment: 'dev',
    instance: 'argocd',
    state: 'deployed',
    revision,
  } as ApplicationRecord['summary'],
});

const entity = (name: string): DeployedEntity => ({
  entityRef: `component:default/${name}`,
  kind: 'Component',
  namespace: 'default',
  name,
  selector: `app.kubernetes.io/name=${name}`,
});

/** The join over fakes of its three inputs, which the test moves by hand. */
function setup(services: string[]) {
  const index = new ApplicationIndex();
  services.forEach(s => index.upsert(app(s, 'r1'), '1'));
  let list: EntityList = {
    fetchedAt: '2026-12-03T10:00:00.000Z',
    entities: services.map(entity),
  };
  const instances = {
    environments: () => [{ name: 'dev', instance: 'argocd' }],
    snapshots: async (): Promise<InstanceSnapshot[]> => [
      {
        instance: 'argocd',
        ok: true,
        fetchedAt: list.fetchedAt,
        applications: index,
        version: index.version,
      },
    ],
  } as unknown as ArgoCDInstances;
  const bindings = {
    current: async () => ({
      version: 1,
      byObject: new Map(),
      byEntity: new Map(),
    }),
  } as unknown as BindingIndex;
  const entities = { list: async () => list } as unknown as EntityIndex;
  const join = new DeploymentsJoin(instances, entities, bindings, {
    adopt: [],
    logger: mockServices.logger(),
  });
  return {
    join,
    index,
    readCatalog(next: DeployedEntity[], at: string) {
      list = { fetchedAt: at, entities: next };
    },
  };
}

describe('DeploymentsJoin', () => {
  it('recomputes only the row whose selector matches a changed app', async () => {
    const t = setup(['a', 'b', 'c']);
    const before = await t.join.current();
    expect(before.rows.map(r => r.deployments.dev.revision)).toEqual([
      'r1',
      'r1',
      'r1',
    ]);

    t.index.upsert(app('b', 'r2'), '2');
    const after = await t.join.current();
    expect(after.rows.map(r => r.deployments.dev.revision)).toEqual([
      'r1',
      'r2',
      'r1',
    ]);
    expect(after.rows[0]).toBe(before.rows[0]);
    expect(after.rows[1]).not.toBe(before.rows[1]);
    expect(after.rows[2]).toBe(before.rows[2]);
  });

  it('patches from the last patch: a later change leaves earlier rows alone', async () => {
    const t = setup(['a', 'b', 'c']);
    await t.join.current();
    t.index.upsert(app('b', 'r2'), '2');
    const first = await t.join.current();
    expect(await t.join.current()).toMatchObject({ rows: first.rows });

    t.index.upsert(app('c', 'r2'), '3');
    const second = await t.join.current();
    expect(second.rows[1]).toBe(first.rows[1]);
    expect(second.rows[2]).not.toBe(first.rows[2]);
    expect(second.rows.map(r => r.deployments.dev.revision)).toEqual([
      'r1',
      'r2',
      'r2',
    ]);
  });

  it('shows a new app on the row whose selector now matches it', async () => {
    const t = setup(['a', 'b']);
    const before = await t.join.current();
    t.index.upsert({ ...app('a', 'r9'), name: 'other-dev' }, '5');
    t.index.delete('a-dev');
    const after = await t.join.current();
    expect(after.rows[0].deployments.dev.revision).toBe('r9');
    expect(after.rows[1]).toBe(before.rows[1]);
  });

  it('keeps the rows when the catalog is read again and says the same', async () => {
    const t = setup(['a', 'b']);
    const before = await t.join.current();
    t.readCatalog(['a', 'b'].map(entity), '2026-12-03T10:01:00.000Z');
    const same = await t.join.current();
    expect(same.rows).toBe(before.rows);

    t.readCatalog(
      [{ ...entity('a'), title: 'A' }, entity('b')],
      '2026-12-03T10:02:00.000Z',
    );
    const changed = await t.join.current();
    expect(changed.rows).not.toBe(before.rows);
    expect(changed.rows[0].title).toBe('A');
  });
});
