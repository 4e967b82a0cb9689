/*
 * Who may provision what (issue 12, findings 1 and 5): requests only for
 * Components in the catalog, by their owners, or through a grant issued to
 * the scaffolder task creating the service; workspaces belong to the entity
 * they were created for; a request sets only the variables the stack lets a
 * service set. Every refusal is checked to have called nothing upstream.
 */
import type { Entity } from '@backstage/catalog-model';
import { Sandbox, startSandbox, tfcSimulator } from '@internal/sandbox';
import { TestDatabases } from '@internal/test-databases';
import {
  Instance,
  paymentsApi,
  sandboxEngine,
  startInstance,
} from './__testUtils__/harness';

jest.setTimeout(60_000);

const LENA = 'user:default/lena.fischer'; // payments: owns payments-api
const SARA = 'user:default/sara.kim'; // storefront

const databases = TestDatabases.create();

/** A Component like the catalog holds it. */
function component(
  name: string,
  options: { namespace?: string; owner: string; uid: string },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: options.uid,
    },
    spec: { type: 'service', owner: options.owner },
  };
}

describe.each(databases.eachSupportedId())('ownership on %s', databaseId => {
  let sandbox: Sandbox;
  const instances: Instance[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [tfcSimulator({ stepMs: 15, outputsProcessingMs: 20 })],
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await admin('POST', '/admin/reset');
  });
  afterEach(async () => {
    await Promise.all(instances.splice(0).map(i => i.close()));
  });

  async function admin(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  }

  /** Every Terraform Cloud call since the last reset. */
  async function tfcCallCount(): Promise<number> {
    const calls: Record<string, number> =
      (await admin('GET', '/admin/calls?simulator=tfc')).tfc ?? {};
    return Object.values(calls).reduce((a, b) => a + b, 0);
  }

  /** The workspace's Terraform variables as Terraform Cloud holds them. */
  async function workspaceVariables(workspaceId: string) {
    const res = await fetch(
      `${sandbox.url}/tfc/api/v2/workspaces/${workspaceId}/vars`,
      { headers: { authorization: 'Bearer sandbox-tfc-token' } },
    );
    const doc = (await res.json()) as {
      data: Array<{ attributes: { key: string; value: string | null } }>;
    };
    return Object.fromEntries(
      doc.data.map(v => [v.attributes.key, v.attributes.value]),
    );
  }

  async function instance(
    options: Partial<Parameters<typeof startInstance>[0]> = {},
  ) {
    const knex = options.knex ?? (await databases.init(databaseId));
    const started = await startInstance({
      engine: sandboxEngine(sandbox.url),
      ...options,
      knex,
    });
    instances.push(started);
    return { ...started, knex };
  }

  const request = (overrides: object = {}) => ({
    entityRef: 'component:default/payments-api',
    environments: ['staging'],
    tiers: { database: 'none' },
    idempotencyKey: `key-${Math.random()}`,
    ...overrides,
  });

  describe('requests for refs that are not an owned catalog Component', () => {
    it.each([
      // The probe's request: the workspace would be payments-api-staging.
      ['component:probe-sec/payments-api', 400, /namespace probe-sec/],
      ['api:default/payments-api', 400, /for Components; .* is of kind api/],
      ['resource:default/payments-api', 400, /is of kind resource/],
      ['location:default/payments-api', 400, /is of kind location/],
      // A Cyrillic а.
      ['component:default/pаyments-api', 400, /is not a service name/],
      ['component:default/Payments_Api', 400, /is not a service name/],
      ['component:default/brand-new-api', 404, /No catalog entity/],
      // An owned entity, but not sara's.
      ['component:default/payments-api', 403, /provisioning\.run\.request/],
    ])(
      "refuses sara.kim's request for %s (%d) and creates nothing upstream",
      async (entityRef, status, message) => {
        const backend = await instance();
        const res = await backend.call('POST', '/requests', {
          user: SARA,
          body: request({ entityRef }),
        });
        expect(res.status).toBe(status);
        expect(res.body.error.message).toMatch(message);
        expect(await tfcCallCount()).toBe(0);
        expect(await backend.knex('provisioning_requests')).toEqual([]);
        expect(await backend.knex('provisioning_workspace_bindings')).toEqual(
          [],
        );
        expect(backend.audits).toEqual([
          expect.objectContaining({
            eventId: 'provisioning-request',
            outcome: 'fail',
          }),
        ]);
      },
    );

    it("lets the owner request, and binds the workspace to the entity's uid", async () => {
      const backend = await instance();
      const res = await backend.call('POST', '/requests', {
        user: LENA,
        // Kinds and namespaces are case-insensitive in the catalog.
        body: request({ entityRef: 'Component:Default/payments-api' }),
      });
      expect(res.status).toBe(201);
      expect(
        await backend
          .knex('provisioning_workspace_bindings')
          .select('workspace_name', 'entity_ref', 'entity_uid'),
      ).toEqual([
        {
          workspace_name: 'payments-api-staging',
          entity_ref: 'component:default/payments-api',
          entity_uid: paymentsApi.metadata.uid,
        },
      ]);
    });

    it('refuses (409) a workspace bound to another entity before any upstream call', async () => {
      // With probe-sec allowed, sara's own Component of the same name would
      // map onto lena's workspace payments-api-staging.
      const saras = component('payments-api', {
        namespace: 'probe-sec',
        owner: 'group:default/storefront',
        uid: 'uid-probe',
      });
      const backend = await instance({
        namespaces: ['default', 'probe-sec'],
        entities: [paymentsApi, saras],
        owners: {
          'component:default/payments-api': ['group:default/payments'],
          'component:probe-sec/payments-api': ['group:default/storefront'],
        },
      });
      expect(
        (
          await backend.call('POST', '/requests', {
            user: LENA,
            body: request(),
          })
        ).status,
      ).toBe(201);
      const before = await tfcCallCount();
      const squat = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({ entityRef: 'component:probe-sec/payments-api' }),
      });
      expect(squat.status).toBe(409);
      expect(squat.body.error.message).toMatch(
        /payments-api-staging belongs to component:default\/payments-api/,
      );
      expect(await tfcCallCount()).toBe(before);

      // Lena still decides on her run; sara's view of her entity shows none of it.
      const view = await backend.call(
        'GET',
        '/entities/component/probe-sec/payments-api',
        { user: SARA },
      );
      expect(view.status).toBe(200);
      expect(view.body.environments).toEqual([]);
    });
  });

  it("resolves decisions through the workspace's binding, not the run's ref", async () => {
    const backend = await instance({
      owners: {
        'component:default/payments-api': ['group:default/payments'],
        'component:probe-sec/payments-api': ['group:default/storefront'],
      },
    });
    // A run from before bindings existed: sara's, in lena's workspace,
    // which the binding (an admin's claim) gives to payments-api.
    await backend.store.createRequest({
      id: 'q-squat',
      idempotencyKey: 'squat',
      entityRef: 'component:probe-sec/payments-api',
      createdBy: SARA,
      runs: [
        {
          id: 'a2f5e0f4-54a5-4b0e-9d43-7f1c6a1b2c3d',
          idempotencyKey: 'squat:staging',
          entityRef: 'component:probe-sec/payments-api',
          service: 'payments-api',
          environment: 'staging',
          engine: 'tfc',
          workspaceName: 'payments-api-staging',
          autoApply: false,
          tiers: {},
          variables: {},
          requestedBy: SARA,
        },
      ],
    });
    await backend.store.updateRun('a2f5e0f4-54a5-4b0e-9d43-7f1c6a1b2c3d', {
      phase: 'errored',
    });
    await backend.knex('provisioning_workspace_bindings').insert({
      engine: 'tfc',
      workspace_name: 'payments-api-staging',
      service: 'payments-api',
      environment: 'staging',
      entity_ref: 'component:default/payments-api',
      entity_uid: paymentsApi.metadata.uid,
      created_by: 'user:default/priya.sharma',
      created_at: new Date().toISOString(),
    });

    const bySara = await backend.call(
      'POST',
      '/runs/a2f5e0f4-54a5-4b0e-9d43-7f1c6a1b2c3d/retry',
      { user: SARA, body: {} },
    );
    expect(bySara.status).toBe(403);
    expect(bySara.body.error.message).toMatch(
      /on component:default\/payments-api/,
    );
    const byLena = await backend.call(
      'POST',
      '/runs/a2f5e0f4-54a5-4b0e-9d43-7f1c6a1b2c3d/retry',
      { user: LENA, body: {} },
    );
    expect(byLena.status).toBe(201);
    expect(byLena.body.entityRef).toBe('component:default/payments-api');

    // Lena's view shows the retry; the squatted run is not hers to list.
    const view = await backend.call(
      'GET',
      '/entities/component/default/payments-api',
    );
    const staging = view.body.environments.find(
      (e: any) => e.environment === 'staging',
    );
    expect(staging.runs.map((r: any) => r.id)).toEqual([byLena.body.id]);
  });

  describe('the grant for a service being created', () => {
    const NEW = 'component:default/checkout-api';

    async function grantFor(
      backend: Pick<Instance, 'call'>,
      options: { user?: string; taskId?: string; entityRef?: string } = {},
    ) {
      return backend.call('POST', '/grants', {
        user: options.user ?? SARA,
        body: {
          entityRef: options.entityRef ?? NEW,
          taskId: options.taskId ?? 'task-1',
        },
      });
    }

    it('lets the task provision each environment once, and only with the grant', async () => {
      const backend = await instance();
      backend.tasks.set('task-1', { status: 'processing', createdBy: SARA });
      const issued = await grantFor(backend);
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({ entityRef: NEW, taskId: 'task-1' });
      const { grant } = issued.body;

      const withoutGrant = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({ entityRef: NEW, environments: ['dev'] }),
      });
      expect(withoutGrant.status).toBe(404);

      const first = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({
          entityRef: NEW,
          environments: ['dev'],
          grant,
          idempotencyKey: 'task-1:provision:dev',
        }),
      });
      expect(first.status).toBe(201);
      expect(first.body.runs[0].workspaceName).toBe('checkout-api-dev');

      // The same step again (a resumed task): same answer, nothing new.
      const resumed = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({
          entityRef: NEW,
          environments: ['dev'],
          grant,
          idempotencyKey: 'task-1:provision:dev',
        }),
      });
      expect(resumed.status).toBe(200);
      expect(resumed.body.requestId).toBe(first.body.requestId);

      const calls = await tfcCallCount();
      const again = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({ entityRef: NEW, environments: ['dev'], grant }),
      });
      expect(again.status).toBe(403);
      expect(again.body.error.message).toMatch(/used already in dev/);
      expect(await tfcCallCount()).toBe(calls);

      const byOther = await backend.call('POST', '/requests', {
        user: LENA,
        body: request({ entityRef: NEW, environments: ['staging'], grant }),
      });
      expect(byOther.status).toBe(403);
      expect(byOther.body.error.message).toMatch(/issued to another user/);

      const otherName = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({
          entityRef: 'component:default/other-api',
          environments: ['staging'],
          grant,
        }),
      });
      expect(otherName.status).toBe(403);

      const staging = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({ entityRef: NEW, environments: ['staging'], grant }),
      });
      expect(staging.status).toBe(201);
      expect(await tfcCallCount()).toBeGreaterThan(calls);
    });

    it('refuses an expired grant', async () => {
      const backend = await instance({ grantTtlMs: 1 });
      backend.tasks.set('task-1', { status: 'processing', createdBy: SARA });
      const { grant } = (await grantFor(backend)).body;
      await new Promise(r => setTimeout(r, 10));
      const res = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({ entityRef: NEW, grant }),
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/expired/);
      expect(await tfcCallCount()).toBe(0);
    });

    it("refuses a grant for a name that has an entity, for another user's task, or a task that is not running", async () => {
      const backend = await instance();
      backend.tasks.set('task-1', { status: 'processing', createdBy: SARA });
      backend.tasks.set('task-2', { status: 'processing', createdBy: LENA });
      backend.tasks.set('task-3', { status: 'completed', createdBy: SARA });
      // A template of her own (registered from her repository) with a
      // provisioning:request step gets no grant.
      backend.tasks.set('task-4', {
        status: 'processing',
        createdBy: SARA,
        templateRef: 'template:default/saras-template',
      });

      const taken = await grantFor(backend, {
        entityRef: 'component:default/payments-api',
      });
      expect(taken.status).toBe(409);
      expect(taken.body.error.message).toMatch(/in the catalog already/);

      const notHers = await grantFor(backend, { taskId: 'task-2' });
      expect(notHers.status).toBe(403);
      const unknown = await grantFor(backend, { taskId: 'task-404' });
      expect(unknown.status).toBe(403);
      const finished = await grantFor(backend, { taskId: 'task-3' });
      expect(finished.status).toBe(409);
      const ownTemplate = await grantFor(backend, { taskId: 'task-4' });
      expect(ownTemplate.status).toBe(403);
      expect(ownTemplate.body.error.message).toMatch(
        /tasks of template:default\/microservice, not of template:default\/saras-template/,
      );

      const lookalike = await grantFor(backend, {
        entityRef: 'component:default/pаyments-api',
      });
      expect(lookalike.status).toBe(400);
      const api = await grantFor(backend, {
        entityRef: 'api:default/checkout-api',
      });
      expect(api.status).toBe(400);
      expect(await tfcCallCount()).toBe(0);
    });

    it('hands the workspaces to the entity once registered, and not to a re-created one', async () => {
      const owners = {
        [NEW]: ['group:default/storefront'],
      };
      const backend = await instance({ owners });
      backend.tasks.set('task-1', { status: 'processing', createdBy: SARA });
      const { grant } = (await grantFor(backend)).body;
      expect(
        (
          await backend.call('POST', '/requests', {
            user: SARA,
            body: request({ entityRef: NEW, environments: ['dev'], grant }),
          })
        ).status,
      ).toBe(201);

      // catalog:register: the entity now exists; a new grant is refused.
      backend.entities.push(
        component('checkout-api', {
          owner: 'group:default/storefront',
          uid: 'uid-1',
        }),
      );
      backend.tasks.set('task-2', { status: 'processing', createdBy: SARA });
      expect((await grantFor(backend, { taskId: 'task-2' })).status).toBe(409);
      const owned = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({ entityRef: NEW, environments: ['dev'] }),
      });
      expect(owned.status).toBe(201);

      // Deleted, and registered again by someone else: another uid.
      backend.entities.pop();
      backend.entities.push(
        component('checkout-api', {
          owner: 'group:default/storefront',
          uid: 'uid-2',
        }),
      );
      const calls = await tfcCallCount();
      const recreated = await backend.call('POST', '/requests', {
        user: SARA,
        body: request({ entityRef: NEW, environments: ['dev'] }),
      });
      expect(recreated.status).toBe(409);
      expect(recreated.body.error.message).toMatch(/earlier .*uid-1/);
      expect(await tfcCallCount()).toBe(calls);

      // And with the entity gone, no grant takes the bound name over.
      backend.entities.pop();
      backend.tasks.set('task-3', { status: 'processing', createdBy: SARA });
      const takeover = await grantFor(backend, { taskId: 'task-3' });
      expect(takeover.status).toBe(409);
      expect(takeover.body.error.message).toMatch(/checkout-api-dev belongs/);
    });
  });

  it('lets an admin (only) hand a workspace over to an entity created again', async () => {
    const NEW = 'component:default/checkout-api';
    const backend = await instance({
      owners: { [NEW]: ['group:default/storefront'] },
      entities: [
        component('checkout-api', {
          owner: 'group:default/storefront',
          uid: 'uid-1',
        }),
      ],
    });
    const req = () =>
      backend.call('POST', '/requests', {
        user: SARA,
        body: request({ entityRef: NEW, environments: ['dev'] }),
      });
    expect((await req()).status).toBe(201);
    backend.entities.splice(
      0,
      1,
      component('checkout-api', {
        owner: 'group:default/storefront',
        uid: 'uid-2',
      }),
    );
    expect((await req()).status).toBe(409);

    const path = '/workspaces/tfc/checkout-api-dev/binding';
    const bySara = await backend.call('PUT', path, {
      user: SARA,
      body: { entityRef: NEW, comment: 'mine again' },
    });
    expect(bySara.status).toBe(403);
    expect(bySara.body.error.message).toMatch(/provisioning\.workspace\.bind/);
    const notItsName = await backend.call(
      'PUT',
      '/workspaces/tfc/payments-api-dev/binding',
      {
        user: 'user:default/priya.sharma',
        body: { entityRef: NEW, comment: 'wrong one' },
      },
    );
    expect(notItsName.status).toBe(400);
    const byAdmin = await backend.call('PUT', path, {
      user: 'user:default/priya.sharma',
      body: { entityRef: NEW, comment: 'checkout-api was re-registered' },
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).toMatchObject({ entityRef: NEW, entityUid: 'uid-2' });
    expect(backend.audits.at(-1)).toMatchObject({
      eventId: 'provisioning-workspace-bind',
      outcome: 'success',
      severityLevel: 'high',
    });
    expect((await req()).status).toBe(201);
  });

  describe('variables', () => {
    it.each([
      [
        { variables: { service_name: 'other' } },
        /variables\.service_name: set by the portal/,
      ],
      [
        { sensitiveVariables: { environment: 'prod' } },
        /sensitiveVariables\.environment: set by the portal/,
      ],
      [{ sensitiveVariables: { tiers: 'x' } }, /sensitiveVariables\.tiers/],
      [
        { variables: { allow_destroy: true } },
        /variables\.allow_destroy: a platform input/,
      ],
      [
        { sensitiveVariables: { allow_destroy: 'true' } },
        /sensitiveVariables\.allow_destroy: a platform input/,
      ],
      [
        { variables: { vpc_id: 'vpc-evil' } },
        /variables\.vpc_id: a platform input/,
      ],
      [
        { variables: { eks_oidc_provider_arn: 'arn:aws:iam::1:oidc' } },
        /eks_oidc_provider_arn/,
      ],
      [
        { sensitiveVariables: { aws_account_id: '111111111111' } },
        /sensitiveVariables\.aws_account_id/,
      ],
      [
        { variables: { surprise: 'x' } },
        /variables\.surprise: the stack declares no such variable/,
      ],
      [
        { sensitiveVariables: { surprise: 'x' } },
        /sensitiveVariables\.surprise: the stack declares no such/,
      ],
    ])('refuses %j with a message naming it', async (overrides, message) => {
      const backend = await instance();
      const res = await backend.call('POST', '/requests', {
        user: LENA,
        body: request(overrides),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.message).toMatch(/A service may set: options/);
      expect(await tfcCallCount()).toBe(0);
    });

    it('sets what a service may, the platform inputs from config, and removes what is no longer asked for', async () => {
      const backend = await instance();
      const first = await backend.call('POST', '/requests', {
        user: LENA,
        body: request({ variables: { options: { service_port: 9090 } } }),
      });
      expect(first.status).toBe(201);
      const workspaceId = first.body.runs[0].workspaceId;
      expect(await workspaceVariables(workspaceId)).toMatchObject({
        options: '{ service_port = 9090 }',
        vpc_id: 'vpc-staging',
        service_name: 'payments-api',
        environment: 'staging',
      });

      const second = await backend.call('POST', '/requests', {
        user: LENA,
        body: request(),
      });
      expect(second.status).toBe(201);
      const now = await workspaceVariables(workspaceId);
      expect(now).not.toHaveProperty('options');
      expect(now).toMatchObject({ vpc_id: 'vpc-staging' });

      const described = await backend.call('GET', '/variables');
      expect(described.body.settable).toEqual(['options']);
      expect(described.body.reserved).toEqual(
        expect.arrayContaining(['allow_destroy', 'vpc_id', 'service_name']),
      );
    });
  });
});
