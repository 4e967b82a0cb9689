import { Entity } from '@backstage/catalog-model';
import { TestDatabases } from '@internal/test-databases';
import {
  startTestDeployments,
  TestDeployments,
} from './__testUtils__/testDeployments';

/*
 * Issue 12, findings 2 and 3: an Argo CD application belongs to the catalog
 * entity the platform created (or an admin claimed) it for, whatever an
 * annotation says; creating applications goes through the same bindings.
 * On SQLite, and on PostgreSQL when its connection string is set.
 */

const LENA = 'user:default/lena.fischer'; // payments (owns payments-api)
const SARA = 'user:default/sara.kim'; // storefront
const ADA = 'user:default/ada.admin'; // platform-admins

const REPO = 'http://localhost:7010/acme/orders.git';

const databases = TestDatabases.create();

function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
  uid = `uid-${name}`,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', uid, annotations },
    spec: { type: 'service', lifecycle: 'experimental', owner },
  };
}

/** The Component sara registers: it claims payments-api's apps by annotation. */
const spoof = () =>
  component('probe-sec-spoof', 'group:default/storefront', {
    'argocd/app-selector': 'app.kubernetes.io/name=payments-api',
  });

const project = (name = 'orders') => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name, namespace: 'argocd' },
  spec: {
    sourceRepos: [REPO],
    destinations: [
      { name: 'dev', namespace: name },
      { name: 'prod', namespace: name },
    ],
  },
});

const application = (
  name: string,
  environment: string,
  options: { project?: string; revision?: string } = {},
) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: {
    name: `${name}-${environment}`,
    namespace: 'argocd',
    labels: { 'app.kubernetes.io/name': name, environment },
  },
  spec: {
    project: options.project ?? name,
    source: {
      repoURL: REPO,
      path: 'chart',
      targetRevision: options.revision ?? 'main',
    },
    destination: { name: environment, namespace: name },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  },
});

const orders = (options: { revision?: string } = {}) => ({
  entityRef: 'component:default/orders',
  project: project(),
  applications: [
    application('orders', 'dev', options),
    application('orders', 'prod', options),
  ],
  taskId: 'task-1',
});

describe.each(databases.eachSupportedId())('ownership on %s', databaseId => {
  let t: TestDeployments;

  async function start(
    options: Parameters<typeof startTestDeployments>[0] = {},
  ) {
    t = await startTestDeployments({
      knex: await databases.init(databaseId),
      ...options,
    });
  }
  afterEach(() => t?.close());

  const bindings = () =>
    t
      .knex('deployments_bindings')
      .select(
        'object_kind',
        'instance',
        'object_name',
        'entity_ref',
        'entity_uid',
        'source',
      )
      .orderBy(['object_kind', 'instance', 'object_name']);

  const argoApp = async (name: string, instance = 'argocd') =>
    (await t.sandboxCall('GET', `/${instance}/api/v1/applications/${name}`))
      .body;

  describe('finding 2: an annotation does not make applications yours', () => {
    beforeEach(async () => {
      await start();
      t.catalogEntities.push(spoof());
    });

    it('lists none of payments-api apps as the spoofing entity own, and warns', async () => {
      const res = await t.api(
        'GET',
        '/entities/default/component/probe-sec-spoof',
        {
          user: SARA,
        },
      );
      expect(res.status).toBe(200);
      expect(
        res.body.environments.map((e: any) => [
          e.environment,
          e.state,
          e.application,
        ]),
      ).toEqual([
        ['dev', 'missing', undefined],
        ['staging', 'missing', undefined],
        ['prod', 'missing', undefined],
      ]);
      expect(res.body.warnings).toEqual(
        ['dev', 'staging', 'prod'].map(environment => ({
          environment,
          instance: environment === 'prod' ? 'argocd-eu' : 'argocd',
          application: `payments-api-${environment}`,
          boundTo: 'component:default/payments-api',
          message: expect.stringContaining(
            `payments-api-${environment} belongs to component:default/payments-api`,
          ),
        })),
      );

      // The owner's view is unchanged, and bound.
      const owner = await t.api(
        'GET',
        '/entities/default/component/payments-api',
      );
      expect(
        owner.body.environments.map((e: any) => [e.application, e.binding]),
      ).toEqual([
        ['payments-api-dev', 'bound'],
        ['payments-api-staging', 'bound'],
        ['payments-api-prod', 'bound'],
      ]);
      expect(owner.body.warnings).toEqual([]);

      const matrix = await t.api('GET', '/matrix?search=probe-sec');
      expect(matrix.body.rows).toHaveLength(1);
      expect(matrix.body.rows[0].deployments.dev.state).toBe('missing');
      expect(matrix.body.rows[0].warnings).toHaveLength(3);
    });

    it('refuses the rollback preview and every action on them (403), changing nothing', async () => {
      const base = '/entities/default/component/probe-sec-spoof/environments';
      const before = await argoApp('payments-api-dev');
      for (const [path, body] of [
        [`${base}/dev/rollback/preview`, { id: 1 }],
        [`${base}/staging/rollback/preview`, { id: 1 }],
        [`${base}/dev/rollback`, { id: 1, reason: 'spoofed' }],
        [`${base}/dev/rollout/abort`, {}],
        [`${base}/dev/auto-sync/resume`, {}],
      ] as const) {
        const res = await t.api('POST', path, { user: SARA, body });
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.body.error.message).toMatch(
          /belongs to component:default\/payments-api/,
        );
      }
      // The refused mutations are audited, with who asked.
      expect(
        t.audit
          .filter(e => e.outcome === 'fail')
          .map(e => [e.eventId, e.meta.actor, e.meta.environment]),
      ).toEqual([
        ['deployment-rollback', SARA, 'dev'],
        ['deployment-abort', SARA, 'dev'],
        ['deployment-resume-auto-sync', SARA, 'dev'],
      ]);
      const after = await argoApp('payments-api-dev');
      expect(after.status.history).toEqual(before.status.history);
      expect(after.spec.syncPolicy).toEqual(before.spec.syncPolicy);
    });
  });

  describe('applications bound to nobody', () => {
    beforeEach(() => start({ adopt: [] }));

    it('are shown read-only; actions are refused (409) until an admin claims them', async () => {
      const view = await t.api(
        'GET',
        '/entities/default/component/payments-api',
      );
      expect(view.body.environments[0]).toMatchObject({
        application: 'payments-api-dev',
        state: 'deployed',
        binding: 'unbound',
      });
      const preview = await t.api(
        'POST',
        '/entities/default/component/payments-api/environments/dev/rollback/preview',
        { user: LENA, body: { id: 1 } },
      );
      expect(preview.status).toBe(409);
      expect(preview.body.error.message).toMatch(
        /payments-api-dev is not bound to component:default\/payments-api.*admin must claim it/,
      );

      const claim = (user: string, body: unknown) =>
        t.api('POST', '/bindings/claim', { user, body });
      const request = {
        entityRef: 'component:default/payments-api',
        applications: ['payments-api-dev', 'payments-api-prod'],
      };

      // Owners may not claim; only admins.
      const denied = await claim(LENA, request);
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toMatch(/deployments\.binding\.claim/);
      expect(await bindings()).toEqual([]);

      expect((await claim(ADA, { ...request, applications: [] })).status).toBe(
        400,
      );
      expect(
        (await claim(ADA, { ...request, entityRef: 'component:default/nope' }))
          .status,
      ).toBe(404);
      expect(
        (await claim(ADA, { ...request, applications: ['no-such-app'] }))
          .status,
      ).toBe(404);

      const claimed = await claim(ADA, request);
      expect(claimed.status).toBe(200);
      expect(claimed.body.claimed).toEqual([
        { kind: 'application', instance: 'argocd', name: 'payments-api-dev' },
        {
          kind: 'application',
          instance: 'argocd-eu',
          name: 'payments-api-prod',
        },
      ]);
      expect(await bindings()).toEqual([
        expect.objectContaining({
          object_name: 'payments-api-dev',
          entity_ref: 'component:default/payments-api',
          entity_uid: 'uid-payments-api',
          source: 'claimed',
        }),
        expect.objectContaining({ object_name: 'payments-api-prod' }),
      ]);
      expect(
        t.audit.find(
          e =>
            e.eventId === 'deployment-binding-claim' && e.outcome === 'success',
        )?.meta,
      ).toMatchObject({
        actor: ADA,
        entityRef: 'component:default/payments-api',
      });

      // Once: claiming again changes nothing; claiming for another entity is refused.
      expect((await claim(ADA, request)).body.unchanged).toHaveLength(2);
      const other = await claim(ADA, {
        entityRef: 'component:default/ledger-service',
        applications: ['payments-api-dev'],
      });
      expect(other.status).toBe(409);
      expect(other.body.error.message).toMatch(
        /belongs to component:default\/payments-api/,
      );

      const allowed = await t.api(
        'POST',
        '/entities/default/component/payments-api/environments/dev/rollback/preview',
        { user: LENA, body: { id: 1 } },
      );
      expect(allowed.status).toBe(200);
      expect(allowed.body.dryRun).toBe('passed');
    });

    it('cannot be taken by creating them again for another entity (403)', async () => {
      const res = await t.api('POST', '/applications', {
        user: SARA,
        body: {
          entityRef: 'component:default/probe-sec-spoof',
          applications: [
            application('payments-api', 'dev', { project: 'default' }),
          ],
          upsert: true,
        },
      });
      expect(res.status).toBe(400); // not its own project
      const withProject = await t.api('POST', '/applications', {
        user: SARA,
        body: {
          entityRef: 'component:default/probe-sec-spoof',
          project: project('probe-sec-spoof'),
          applications: [
            application('payments-api', 'dev', { project: 'probe-sec-spoof' }),
          ],
          upsert: true,
        },
      });
      expect(withProject.status).toBe(403);
      expect(withProject.body.error.message).toMatch(
        /Application payments-api-dev .* exists already and is bound to no entity/,
      );
      expect(await bindings()).toEqual([]);
    });
  });

  describe('entities without a deployments annotation', () => {
    const matrixRow = async (entityRef: string) =>
      (
        await t.api('GET', `/matrix?search=${entityRef.split('/')[1]}`, {
          user: SARA,
        })
      ).body.rows?.find((r: any) => r.entityRef === entityRef);

    it('show the applications created for them, in the matrix and on their page', async () => {
      await start();
      t.catalogEntities.push(
        component('orders', 'group:default/storefront', {}),
      );
      expect(
        (await t.api('POST', '/applications', { user: SARA, body: orders() }))
          .status,
      ).toBe(201);

      const page = await t.api('GET', '/entities/default/component/orders', {
        user: SARA,
      });
      expect(page.status).toBe(200);
      expect(
        page.body.environments.map((e: any) => [
          e.environment,
          e.application,
          e.binding,
        ]),
      ).toEqual([
        ['dev', 'orders-dev', 'bound'],
        ['staging', undefined, undefined],
        ['prod', 'orders-prod', 'bound'],
      ]);
      const row = await matrixRow('component:default/orders');
      expect(row?.deployments.dev).toMatchObject({ binding: 'bound' });
      expect(row?.deployments.staging).toMatchObject({ state: 'missing' });
      expect(row?.deployments.staging.error).toBeUndefined();
    });

    it('show the applications the platform config binds to them', async () => {
      await start({
        adopt: [
          {
            entity: 'component:default/legacy-payments',
            selector: 'app.kubernetes.io/name=payments-api',
          },
          {
            entity: 'component:default/nobody',
            selector: 'app.kubernetes.io/name=ledger-service',
          },
        ],
      });
      t.catalogEntities.push(
        component('legacy-payments', 'group:default/payments', {}),
      );
      await t.services.join.adopt(); // as the plugin does at start
      const row = await matrixRow('component:default/legacy-payments');
      expect(row?.deployments.dev).toMatchObject({
        application: 'payments-api-dev',
        binding: 'bound',
      });
      // A bound entity that is not in the catalog (deleted) is no row.
      expect(await matrixRow('component:default/nobody')).toBeUndefined();
    });
  });

  describe('finding 3: creating applications (argocd:create-applications)', () => {
    beforeEach(() => start());

    it('creates and binds the apps of an entity that is not registered yet; a re-run and an upsert of its own apps are fine', async () => {
      const first = await t.api('POST', '/applications', {
        user: SARA,
        body: orders(),
      });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        entityRef: 'component:default/orders',
        project: 'orders',
        dryRun: false,
        applications: [
          expect.objectContaining({
            name: 'orders-dev',
            environment: 'dev',
            instance: 'argocd',
            reused: false,
          }),
          expect.objectContaining({
            name: 'orders-prod',
            environment: 'prod',
            instance: 'argocd-eu',
            reused: false,
          }),
        ],
      });
      expect(
        (await bindings()).filter(
          b => b.entity_ref === 'component:default/orders',
        ),
      ).toEqual([
        expect.objectContaining({
          object_kind: 'application',
          instance: 'argocd',
          object_name: 'orders-dev',
          entity_uid: null,
          source: 'created',
        }),
        expect.objectContaining({
          object_kind: 'application',
          instance: 'argocd-eu',
          object_name: 'orders-prod',
        }),
        expect.objectContaining({
          object_kind: 'project',
          instance: 'argocd',
          object_name: 'orders',
        }),
        expect.objectContaining({
          object_kind: 'project',
          instance: 'argocd-eu',
          object_name: 'orders',
        }),
      ]);

      // The same task run again: Argo CD answers with the existing apps.
      const again = await t.api('POST', '/applications', {
        user: SARA,
        body: orders(),
      });
      expect(again.status).toBe(201);
      expect(again.body.applications.map((a: any) => a.reused)).toEqual([
        true,
        true,
      ]);

      // A changed spec needs upsert, and then replaces the entity's own app.
      const changed = orders({ revision: 'release' });
      const refused = await t.api('POST', '/applications', {
        user: SARA,
        body: changed,
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /Argo CD instance 'argocd' refused to create Application orders-dev/,
      );
      const upsert = await t.api('POST', '/applications', {
        user: SARA,
        body: { ...changed, upsert: true },
      });
      expect(upsert.status).toBe(201);
      expect((await argoApp('orders-dev')).spec.source.targetRevision).toBe(
        'release',
      );
    });

    it('refuses a crafted upsert over payments-api apps (403), for a new name or the owner name', async () => {
      const before = await argoApp('payments-api-dev');
      const crafted = (entityRef: string) => ({
        entityRef,
        project: project('payments-api'),
        applications: [
          application('payments-api', 'dev', {
            project: 'payments-api',
            revision: 'evil',
          }),
        ],
        upsert: true,
      });
      const asNewEntity = await t.api('POST', '/applications', {
        user: SARA,
        body: crafted('component:default/probe-sec-spoof'),
      });
      expect(asNewEntity.status).toBe(403);
      expect(asNewEntity.body.error.message).toMatch(
        /Application payments-api-dev \(Argo CD instance 'argocd'\) belongs to component:default\/payments-api/,
      );
      const asOwner = await t.api('POST', '/applications', {
        user: SARA,
        body: crafted('component:default/payments-api'),
      });
      expect(asOwner.status).toBe(403);
      expect(asOwner.body.error.message).toMatch(
        /exists in the catalog and only its owners may \(deployments\.application\.update\)/,
      );
      // A dry run is checked the same way.
      const dryRun = await t.api('POST', '/applications', {
        user: SARA,
        body: { ...crafted('component:default/probe-sec-spoof'), dryRun: true },
      });
      expect(dryRun.status).toBe(403);

      expect(await argoApp('payments-api-dev')).toEqual(
        expect.objectContaining({ spec: before.spec }),
      );
      expect(
        (await bindings()).filter(b => b.entity_ref.includes('probe-sec')),
      ).toEqual([]);
      const audited = t.audit.filter(
        e => e.eventId === 'deployment-applications-create',
      );
      expect(audited.map(e => e.outcome)).toEqual(['fail', 'fail', 'fail']);
    });

    it('refuses names another entity created first', async () => {
      expect(
        (await t.api('POST', '/applications', { user: SARA, body: orders() }))
          .status,
      ).toBe(201);
      const res = await t.api('POST', '/applications', {
        user: LENA,
        body: {
          ...orders(),
          entityRef: 'component:default/orders-copy',
          upsert: true,
        },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /belongs to component:default\/orders/,
      );
    });

    it('validates the request (400)', async () => {
      for (const body of [
        { ...orders(), entityRef: 'orders' },
        { ...orders(), applications: [] },
        { ...orders(), applications: [{ kind: 'Deployment' }] },
        {
          ...orders(),
          applications: [application('orders', 'qa')],
        },
      ]) {
        const res = await t.api('POST', '/applications', { user: SARA, body });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBeTruthy();
      }
    });

    it('takes the entity uid at its first resolution; an entity registered again under the name does not inherit the apps', async () => {
      await t.api('POST', '/applications', { user: SARA, body: orders() });
      const annotations = {
        'argocd/app-selector': 'app.kubernetes.io/name=orders',
      };
      t.catalogEntities.push(
        component('orders', 'group:default/storefront', annotations, 'uid-1'),
      );

      const first = await t.api('GET', '/entities/default/component/orders', {
        user: SARA,
      });
      expect(
        first.body.environments.find((e: any) => e.environment === 'dev'),
      ).toMatchObject({
        application: 'orders-dev',
        binding: 'bound',
      });
      expect(
        new Set(
          (await bindings())
            .filter(b => b.entity_ref === 'component:default/orders')
            .map(b => b.entity_uid),
        ),
      ).toEqual(new Set(['uid-1']));

      // Deleted and registered again (another uid): the apps are not its own.
      t.catalogEntities.splice(
        t.catalogEntities.findIndex(e => e.metadata.name === 'orders'),
        1,
      );
      t.catalogEntities.push(
        component('orders', 'group:default/storefront', annotations, 'uid-2'),
      );
      const second = await t.api('GET', '/entities/default/component/orders', {
        user: SARA,
      });
      expect(
        second.body.environments.find((e: any) => e.environment === 'dev')
          .state,
      ).toBe('missing');
      expect(second.body.warnings[0].message).toMatch(
        /earlier entity named component:default\/orders/,
      );
      const rerun = await t.api('POST', '/applications', {
        user: SARA,
        body: orders(),
      });
      expect(rerun.status).toBe(403);

      // An admin gives them to the entity that has the name now.
      const claimed = await t.api('POST', '/bindings/claim', {
        user: ADA,
        body: {
          entityRef: 'component:default/orders',
          applications: ['orders-dev'],
        },
      });
      expect(claimed.status).toBe(200);
      expect(claimed.body.claimed).toEqual([
        { kind: 'application', instance: 'argocd', name: 'orders-dev' },
      ]);
      const third = await t.api('GET', '/entities/default/component/orders', {
        user: SARA,
      });
      expect(
        third.body.environments.find((e: any) => e.environment === 'dev'),
      ).toMatchObject({ application: 'orders-dev', binding: 'bound' });
    });
  });
});
