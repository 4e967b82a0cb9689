import { Sandbox, startSandbox } from '../../server';
import { tarball } from './tarball';
import { tfcApi } from './__testUtils__/tfcApi';
import { tfcSimulator } from './tfcSimulator';

const STEP_MS = 20;

describe('tfcSimulator', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof tfcApi>;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        tfcSimulator({
          stepMs: STEP_MS,
          // Long enough to see the 503 of outputs still being processed.
          outputsProcessingMs: 300,
          organizations: ['acme', { name: 'beta', costEstimation: false }],
        }),
      ],
    });
    api = tfcApi(`${sandbox.url}/tfc`);
  });

  afterAll(() => sandbox.close());

  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
  });

  const call = (...args: Parameters<ReturnType<typeof tfcApi>['call']>) =>
    api.call(...args);

  /** A workspace with the given Terraform variables and an uploaded configuration. */
  async function readyWorkspace(
    name: string,
    variables: Record<string, string>,
    options: { organization?: string; autoApply?: boolean } = {},
  ) {
    const ws = await api.createWorkspace(
      name,
      { 'auto-apply': options.autoApply ?? false },
      options.organization,
    );
    for (const [key, value] of Object.entries(variables)) {
      await api.setVariable(ws.id, key, value);
    }
    const cv = await api.uploadConfiguration(ws.id);
    return { ws, cv };
  }

  describe('authentication', () => {
    it.each([
      ['no token', null],
      ['a wrong token', 'not-the-token'],
    ])('answers 401 with a JSON:API error for %s', async (_, token) => {
      const res = await call('GET', '/organizations/acme', undefined, {
        token,
      });

      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain(
        'application/vnd.api+json',
      );
      expect(res.body).toEqual({
        errors: [{ status: '401', title: 'unauthorized' }],
      });
    });

    it('answers 404 (not 403) for an organization the token cannot see', async () => {
      const res = await call('GET', '/organizations/someone-else');

      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        errors: [{ status: '404', title: 'not found' }],
      });
    });

    it('serves the configured organizations', async () => {
      const acme = await call('GET', '/organizations/acme');
      const beta = await call('GET', '/organizations/beta');

      expect(acme.body.data).toMatchObject({
        id: 'acme',
        type: 'organizations',
        attributes: { name: 'acme', 'cost-estimation-enabled': true },
      });
      expect(beta.body.data.attributes['cost-estimation-enabled']).toBe(false);
    });
  });

  describe('workspaces', () => {
    it('creates a workspace with tags, finds it by name and by id', async () => {
      const created = await call('POST', '/organizations/acme/workspaces', {
        data: {
          type: 'workspaces',
          attributes: {
            name: 'payments-dev',
            'auto-apply': true,
            'execution-mode': 'remote',
          },
          relationships: {
            'tag-bindings': {
              data: [
                {
                  type: 'tag-bindings',
                  attributes: { key: 'service', value: 'payments' },
                },
                {
                  type: 'tag-bindings',
                  attributes: { key: 'environment', value: 'dev' },
                },
              ],
            },
          },
        },
      });

      expect(created.status).toBe(201);
      const ws = created.body.data;
      expect(ws).toMatchObject({
        id: expect.stringMatching(/^ws-[A-Za-z0-9]{16}$/),
        type: 'workspaces',
        attributes: {
          name: 'payments-dev',
          'auto-apply': true,
          'execution-mode': 'remote',
          'resource-count': 0,
        },
        relationships: {
          organization: { data: { id: 'acme', type: 'organizations' } },
          'current-run': { data: null },
        },
        links: {
          self: '/tfc/api/v2/organizations/acme/workspaces/payments-dev',
        },
      });

      const byName = await call(
        'GET',
        '/organizations/acme/workspaces/payments-dev',
      );
      const byId = await call('GET', `/workspaces/${ws.id}`);
      expect(byName.body.data).toEqual(ws);
      expect(byId.body.data).toEqual(ws);

      const tags = await call(
        'GET',
        `/workspaces/${ws.id}/relationships/tag-bindings`,
      );
      expect(
        tags.body.data.map((t: any) => [t.attributes.key, t.attributes.value]),
      ).toEqual([
        ['service', 'payments'],
        ['environment', 'dev'],
      ]);
    });

    it('refuses a second workspace of the same name in the organization with 422', async () => {
      await api.createWorkspace('payments-dev');

      const again = await call('POST', '/organizations/acme/workspaces', {
        data: { type: 'workspaces', attributes: { name: 'payments-dev' } },
      });

      expect(again.status).toBe(422);
      expect(again.body).toEqual({
        errors: [
          {
            status: '422',
            title: 'invalid attribute',
            detail: 'Name has already been taken',
            source: { pointer: '/data/attributes/name' },
          },
        ],
      });
      // Another organization may use the name.
      await expect(
        api.createWorkspace('payments-dev', {}, 'beta'),
      ).resolves.toBeDefined();
    });

    it.each([
      [{ name: 'has spaces' }, '/data/attributes/name'],
      [{}, '/data/attributes/name'],
      [{ name: 'ok', 'auto-apply': 'yes' }, '/data/attributes/auto-apply'],
      [
        { name: 'ok', 'execution-mode': 'cloud' },
        '/data/attributes/execution-mode',
      ],
      [
        { name: 'ok', 'execution-mode': 'agent' },
        '/data/attributes/agent-pool-id',
      ],
    ])('answers 422 for attributes %j', async (attributes, pointer) => {
      const res = await call('POST', '/organizations/acme/workspaces', {
        data: { type: 'workspaces', attributes },
      });

      expect(res.status).toBe(422);
      expect(res.body.errors[0].source).toEqual({ pointer });
    });

    it('answers 422 for a tag with characters tags may not have', async () => {
      const res = await call('POST', '/organizations/acme/workspaces', {
        data: {
          type: 'workspaces',
          attributes: { name: 'ws' },
          relationships: {
            'tag-bindings': {
              data: [
                {
                  type: 'tag-bindings',
                  attributes: { key: 'team', value: 'a b' },
                },
              ],
            },
          },
        },
      });

      expect(res.status).toBe(422);
      expect(res.body.errors[0].source.pointer).toBe(
        '/data/relationships/tag-bindings',
      );
    });

    it('updates attributes and adds or changes tags without dropping others', async () => {
      const ws = await api.createWorkspace('payments-dev');
      await call('PATCH', `/workspaces/${ws.id}`, {
        data: {
          type: 'workspaces',
          attributes: {},
          relationships: {
            'tag-bindings': {
              data: [
                { type: 'tag-bindings', attributes: { key: 'a', value: '1' } },
                { type: 'tag-bindings', attributes: { key: 'b', value: '2' } },
              ],
            },
          },
        },
      });

      const updated = await call(
        'PATCH',
        '/organizations/acme/workspaces/payments-dev',
        {
          data: {
            type: 'workspaces',
            attributes: { 'auto-apply': true, description: 'Payments, dev' },
            relationships: {
              'tag-bindings': {
                data: [
                  {
                    type: 'tag-bindings',
                    attributes: { key: 'b', value: '3' },
                  },
                ],
              },
            },
          },
        },
      );

      expect(updated.status).toBe(200);
      expect(updated.body.data.attributes).toMatchObject({
        name: 'payments-dev',
        'auto-apply': true,
        description: 'Payments, dev',
      });
      const tags = await call(
        'GET',
        `/workspaces/${ws.id}/relationships/tag-bindings`,
      );
      expect(
        tags.body.data.map((t: any) => [t.attributes.key, t.attributes.value]),
      ).toEqual([
        ['a', '1'],
        ['b', '3'],
      ]);
    });

    it('answers 404 for workspaces that do not exist', async () => {
      expect(
        (await call('GET', '/organizations/acme/workspaces/nothing')).status,
      ).toBe(404);
      expect(
        (await call('GET', '/workspaces/ws-doesnotexist0000')).status,
      ).toBe(404);
    });
  });

  describe('variables', () => {
    it('never shows the value of a sensitive variable', async () => {
      const ws = await api.createWorkspace('payments-dev');

      const created = await api.setVariable(ws.id, 'db_password', 's3cr3t!', {
        sensitive: true,
        description: 'Master password',
      });
      await api.setVariable(ws.id, 'environment', 'dev');

      expect(created.attributes).toMatchObject({
        key: 'db_password',
        value: null,
        sensitive: true,
        category: 'terraform',
        hcl: false,
        description: 'Master password',
      });
      const list = await call('GET', `/workspaces/${ws.id}/vars`);
      expect(list.status).toBe(200);
      expect(
        list.body.data.map((v: any) => [v.attributes.key, v.attributes.value]),
      ).toEqual([
        ['db_password', null],
        ['environment', 'dev'],
      ]);
      expect(JSON.stringify(list.body)).not.toContain('s3cr3t!');
    });

    it('updates a variable and changes its version-id', async () => {
      const ws = await api.createWorkspace('payments-dev');
      const v = await api.setVariable(ws.id, 'replicas', '2');

      const updated = await call('PATCH', `/workspaces/${ws.id}/vars/${v.id}`, {
        data: { type: 'vars', id: v.id, attributes: { value: '3' } },
      });

      expect(updated.status).toBe(200);
      expect(updated.body.data.attributes).toMatchObject({
        key: 'replicas',
        value: '3',
      });
      expect(updated.body.data.attributes['version-id']).not.toBe(
        v.attributes['version-id'],
      );
    });

    it('deletes a variable (204), and answers 404 for one that is gone', async () => {
      const ws = await api.createWorkspace('payments-dev');
      const v = await api.setVariable(ws.id, 'replicas', '2');
      await api.setVariable(ws.id, 'environment', 'dev');

      const deleted = await call('DELETE', `/workspaces/${ws.id}/vars/${v.id}`);
      expect(deleted.status).toBe(204);
      const list = await call('GET', `/workspaces/${ws.id}/vars`);
      expect(list.body.data.map((x: any) => x.attributes.key)).toEqual([
        'environment',
      ]);
      expect(
        (await call('DELETE', `/workspaces/${ws.id}/vars/${v.id}`)).status,
      ).toBe(404);
    });

    it('answers 422 for a key taken in the same category, not in another', async () => {
      const ws = await api.createWorkspace('payments-dev');
      await api.setVariable(ws.id, 'REGION', 'eu-central-1');

      const again = await call('POST', `/workspaces/${ws.id}/vars`, {
        data: {
          type: 'vars',
          attributes: { key: 'REGION', value: 'x', category: 'terraform' },
        },
      });
      const asEnv = await call('POST', `/workspaces/${ws.id}/vars`, {
        data: {
          type: 'vars',
          attributes: { key: 'REGION', value: 'x', category: 'env' },
        },
      });

      expect(again.status).toBe(422);
      expect(again.body.errors[0].detail).toBe('Key has already been taken');
      expect(asEnv.status).toBe(201);
    });

    it('answers 422 when a sensitive variable would become readable', async () => {
      const ws = await api.createWorkspace('payments-dev');
      const v = await api.setVariable(ws.id, 'token', 'abc', {
        sensitive: true,
      });

      const res = await call('PATCH', `/workspaces/${ws.id}/vars/${v.id}`, {
        data: { type: 'vars', id: v.id, attributes: { sensitive: false } },
      });

      expect(res.status).toBe(422);
      expect(res.body.errors[0].source.pointer).toBe(
        '/data/attributes/sensitive',
      );
    });
  });

  describe('configuration versions', () => {
    it('is pending with an upload URL, then uploaded once a tar.gz with .tf files arrives', async () => {
      const ws = await api.createWorkspace('payments-dev');
      const created = await call(
        'POST',
        `/workspaces/${ws.id}/configuration-versions`,
        {
          data: {
            type: 'configuration-versions',
            attributes: { 'auto-queue-runs': false },
          },
        },
      );
      expect(created.status).toBe(201);
      const cv = created.body.data;
      expect(cv.attributes).toMatchObject({
        status: 'pending',
        'auto-queue-runs': false,
        'upload-url': expect.stringMatching(
          new RegExp(`^${sandbox.url}/tfc/archivist/v1/object/`),
        ),
      });

      // The upload URL is the authorisation: no token.
      const upload = await fetch(cv.attributes['upload-url'], {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: tarball({ 'main.tf': 'terraform {}\n' }),
      });
      expect(upload.status).toBe(200);

      const shown = await call('GET', `/configuration-versions/${cv.id}`);
      expect(shown.body.data.attributes['upload-url']).toBeUndefined();
      const uploaded = await api.waitFor(
        `/configuration-versions/${cv.id}`,
        data => data.attributes.status !== 'pending',
      );
      expect(uploaded.data.attributes).toMatchObject({
        status: 'uploaded',
        error: null,
        'status-timestamps': { 'uploaded-at': expect.any(String) },
      });
    });

    it('errors with a message when the upload is not a tar.gz of .tf files', async () => {
      const ws = await api.createWorkspace('payments-dev');

      const cv = await api.uploadConfiguration(
        ws.id,
        Buffer.from('just some text'),
      );

      const shown = await call('GET', `/configuration-versions/${cv.id}`);
      expect(shown.body.data.attributes).toMatchObject({
        status: 'errored',
        error: 'invalid_archive',
        'error-message':
          'The configuration is not a gzip-compressed archive (.tar.gz)',
      });
      // And runs cannot use it.
      const run = await call('POST', '/runs', {
        data: {
          type: 'runs',
          attributes: {},
          relationships: {
            workspace: { data: { type: 'workspaces', id: ws.id } },
          },
        },
      });
      expect(run.status).toBe(422);
      expect(run.body.errors[0].detail).toMatch(/is errored, not uploaded/);
    });

    it('takes an upload URL once', async () => {
      const ws = await api.createWorkspace('payments-dev');
      const cv = await api.uploadConfiguration(ws.id);

      const again = await fetch(cv.attributes['upload-url'], {
        method: 'PUT',
        body: tarball({ 'main.tf': 'terraform {}\n' }),
      });

      expect(again.status).toBe(404);
    });
  });

  describe('runs', () => {
    it('plans, estimates cost, waits for confirmation, then applies and records outputs', async () => {
      const { ws, cv } = await readyWorkspace('payments-dev', {
        service_name: 'payments',
        environment: 'dev',
        enable_database: 'true',
        enable_queue: 'true',
      });

      const run = await api.createRun(
        ws.id,
        { message: 'Provision payments (dev)' },
        cv.id,
      );
      expect(run.attributes).toMatchObject({
        status: 'pending',
        message: 'Provision payments (dev)',
        'auto-apply': false,
        actions: { 'is-confirmable': false, 'is-cancelable': true },
      });

      const waiting = await api.waitForRun(
        run.id,
        r => r.attributes.actions['is-confirmable'],
      );
      expect(waiting.attributes.status).toBe('cost_estimated');
      expect(Object.keys(waiting.attributes['status-timestamps'])).toEqual([
        'plan-queueable-at',
        'plan-queued-at',
        'planning-at',
        'planned-at',
        'cost-estimating-at',
        'cost-estimated-at',
      ]);
      const details = await call(
        'GET',
        `/runs/${run.id}?include=plan,apply,cost_estimate`,
      );
      const byType = (type: string) =>
        details.body.included.find((r: any) => r.type === type);
      // Base (2) + database (5) + queue (3) resources.
      expect(byType('plans').attributes).toMatchObject({
        status: 'finished',
        'has-changes': true,
        'resource-additions': 10,
        'resource-changes': 0,
        'resource-destructions': 0,
      });
      expect(byType('cost-estimates').attributes).toMatchObject({
        status: 'finished',
        'prior-monthly-cost': '0.00',
        'proposed-monthly-cost': '186.55',
      });
      expect(byType('applies').attributes.status).toBe('pending');

      const applied = await call('POST', `/runs/${run.id}/actions/apply`, {
        comment: 'Approved in the portal',
      });
      expect(applied.status).toBe(202);
      expect(applied.body).toBeUndefined();

      const done = await api.waitForRun(
        run.id,
        r => r.attributes.status === 'applied',
      );
      expect(Object.keys(done.attributes['status-timestamps'])).toEqual(
        expect.arrayContaining([
          'confirmed-at',
          'apply-queued-at',
          'applying-at',
          'applied-at',
        ]),
      );
      const workspace = await call('GET', `/workspaces/${ws.id}`);
      expect(workspace.body.data.attributes['resource-count']).toBe(10);

      const outputs = await api.waitFor(
        `/workspaces/${ws.id}/current-state-version-outputs`,
        () => true,
      );
      expect(
        Object.fromEntries(
          outputs.data.map((o: any) => [
            o.attributes.name,
            [o.attributes.value, o.attributes.sensitive],
          ]),
        ),
      ).toEqual({
        service_role_arn: [
          'arn:aws:iam::123456789012:role/payments-dev',
          false,
        ],
        database_endpoint: [
          'payments-dev.cluster-c9akciq32.eu-central-1.rds.amazonaws.com',
          false,
        ],
        database_port: [5432, false],
        database_secret_arn: [
          expect.stringMatching(
            /^arn:aws:secretsmanager:eu-central-1:123456789012:secret:payments-dev\//,
          ),
          false,
        ],
        database_password: [null, true],
        queue_url: [
          'https://sqs.eu-central-1.amazonaws.com/123456789012/payments-dev',
          false,
        ],
        dead_letter_queue_url: [
          'https://sqs.eu-central-1.amazonaws.com/123456789012/payments-dev-dlq',
          false,
        ],
      });
    });

    it('waits at planned when the organization has no cost estimation', async () => {
      const { ws } = await readyWorkspace(
        'payments-dev',
        { enable_cache: 'true' },
        { organization: 'beta' },
      );

      const run = await api.createRun(ws.id);
      const waiting = await api.waitForRun(
        run.id,
        r => r.attributes.actions['is-confirmable'],
      );

      expect(waiting.attributes.status).toBe('planned');
      expect(waiting.relationships['cost-estimate']).toEqual({ data: null });
    });

    it('answers 503 while new outputs are processed, 404 before any apply', async () => {
      const ws = await api.createWorkspace('payments-dev', {
        'auto-apply': true,
      });
      expect(
        (
          await call(
            'GET',
            `/workspaces/${ws.id}/current-state-version-outputs`,
          )
        ).status,
      ).toBe(404);
      await api.uploadConfiguration(ws.id);
      const run = await api.createRun(ws.id);
      await api.waitForRun(run.id, r => r.attributes.status === 'applied');

      const early = await call(
        'GET',
        `/workspaces/${ws.id}/current-state-version-outputs`,
      );

      expect(early.status).toBe(503);
      expect(early.body.errors[0].detail).toMatch(/being processed/);
    });

    it('applies by itself when the workspace auto-applies', async () => {
      const { ws } = await readyWorkspace(
        'payments-dev',
        { enable_queue: 'true' },
        { autoApply: true },
      );

      const run = await api.createRun(ws.id);
      const done = await api.waitForRun(run.id, r =>
        ['applied', 'errored'].includes(r.attributes.status),
      );

      expect(done.attributes.status).toBe('applied');
      expect(done.attributes['auto-apply']).toBe(true);
    });

    it('lets the run override auto-apply', async () => {
      const { ws } = await readyWorkspace(
        'payments-dev',
        {},
        { autoApply: true },
      );

      const run = await api.createRun(ws.id, { 'auto-apply': false });
      const waiting = await api.waitForRun(
        run.id,
        r => r.attributes.actions['is-confirmable'],
      );

      expect(waiting.attributes.status).toBe('cost_estimated');
    });

    it('finishes without apply when nothing changed, and counts changes from changed settings', async () => {
      const { ws } = await readyWorkspace(
        'payments-dev',
        { enable_database: 'true', database_instance_class: 'db.r6g.large' },
        { autoApply: true },
      );
      const first = await api.createRun(ws.id);
      await api.waitForRun(first.id, r => r.attributes.status === 'applied');

      const same = await api.createRun(ws.id);
      const unchanged = await api.waitForRun(same.id, r =>
        ['planned_and_finished', 'applied'].includes(r.attributes.status),
      );
      expect(unchanged.attributes).toMatchObject({
        status: 'planned_and_finished',
        'has-changes': false,
      });

      const vars = await call('GET', `/workspaces/${ws.id}/vars`);
      const instanceClass = vars.body.data.find(
        (v: any) => v.attributes.key === 'database_instance_class',
      );
      const enableDatabase = vars.body.data.find(
        (v: any) => v.attributes.key === 'enable_database',
      );
      await call('PATCH', `/workspaces/${ws.id}/vars/${instanceClass.id}`, {
        data: { type: 'vars', attributes: { value: 'db.r6g.xlarge' } },
      });
      await api.setVariable(ws.id, 'enable_cache', 'true');
      const changed = await api.createRun(ws.id);
      await api.waitForRun(changed.id, r => r.attributes.status === 'applied');
      const plan = await call('GET', `/runs/${changed.id}/plan`);
      expect(plan.body.data.attributes).toMatchObject({
        'resource-additions': 2,
        'resource-changes': 5,
        'resource-destructions': 0,
      });

      await call('PATCH', `/workspaces/${ws.id}/vars/${enableDatabase.id}`, {
        data: { type: 'vars', attributes: { value: 'false' } },
      });
      const shrink = await api.createRun(ws.id);
      await api.waitForRun(shrink.id, r => r.attributes.status === 'applied');
      const shrinkPlan = await call('GET', `/runs/${shrink.id}/plan`);
      expect(shrinkPlan.body.data.attributes).toMatchObject({
        'resource-additions': 0,
        'resource-changes': 0,
        'resource-destructions': 5,
      });
    });

    it.each([
      ['the run message', { message: 'please force-error now' }, {}],
      ['a workspace variable', {}, { note: 'force-error' }],
    ])(
      'errors in planning when %s says force-error',
      async (_, runAttributes, variables) => {
        const { ws } = await readyWorkspace('payments-dev', variables);

        const run = await api.createRun(ws.id, runAttributes);
        const done = await api.waitForRun(run.id, r =>
          ['errored', 'cost_estimated', 'planned'].includes(
            r.attributes.status,
          ),
        );

        expect(done.attributes.status).toBe('errored');
        expect(Object.keys(done.attributes['status-timestamps'])).toContain(
          'errored-at',
        );
        const plan = (await call('GET', `/runs/${run.id}/plan`)).body.data;
        expect(plan.attributes.status).toBe('errored');
        const log = await (await fetch(plan.attributes['log-read-url'])).text();
        expect(log).toContain('Error: forced failure');
      },
    );

    it('answers 409 to apply and discard while planning, 202 to cancel', async () => {
      // Slow steps, so that the run is surely still planning during the calls.
      const slow = await startSandbox({
        port: 0,
        simulators: [tfcSimulator({ stepMs: 400 })],
      });
      try {
        const slowApi = tfcApi(`${slow.url}/tfc`);
        const ws = await slowApi.createWorkspace('payments-dev');
        await slowApi.uploadConfiguration(ws.id);
        const run = await slowApi.createRun(ws.id);
        await slowApi.waitForRun(
          run.id,
          r => r.attributes.status === 'planning',
        );

        const apply = await slowApi.call(
          'POST',
          `/runs/${run.id}/actions/apply`,
        );
        const discard = await slowApi.call(
          'POST',
          `/runs/${run.id}/actions/discard`,
        );
        const cancel = await slowApi.call(
          'POST',
          `/runs/${run.id}/actions/cancel`,
          { comment: 'stuck' },
        );

        expect(apply.status).toBe(409);
        expect(apply.body).toEqual({
          errors: [
            {
              status: '409',
              title: 'transition not allowed',
              detail: 'Run was not paused for confirmation; apply not allowed.',
            },
          ],
        });
        expect(discard.status).toBe(409);
        expect(discard.body.errors[0].detail).toBe(
          'Run was not paused for confirmation or priority; discard not allowed.',
        );
        expect(cancel.status).toBe(202);
        const canceled = (await slowApi.call('GET', `/runs/${run.id}`)).body
          .data;
        expect(canceled.attributes).toMatchObject({
          status: 'canceled',
          'canceled-at': expect.any(String),
          actions: { 'is-cancelable': false },
        });
        expect(
          (await slowApi.call('POST', `/runs/${run.id}/actions/cancel`)).status,
        ).toBe(409);
      } finally {
        await slow.close();
      }
    });

    it('discards a run waiting for confirmation; the next queued run then starts', async () => {
      const { ws } = await readyWorkspace('payments-dev', {
        enable_queue: 'true',
      });
      const first = await api.createRun(ws.id);
      await api.waitForRun(
        first.id,
        r => r.attributes.actions['is-confirmable'],
      );
      const second = await api.createRun(ws.id);
      await new Promise(resolve => setTimeout(resolve, STEP_MS * 3));

      const queued = (await call('GET', `/runs/${second.id}`)).body.data;
      expect(queued.attributes).toMatchObject({
        status: 'pending',
        actions: { 'is-discardable': true },
      });

      expect(
        (await call('POST', `/runs/${first.id}/actions/discard`)).status,
      ).toBe(202);
      expect(
        (await call('GET', `/runs/${first.id}`)).body.data.attributes.status,
      ).toBe('discarded');
      const next = await api.waitForRun(
        second.id,
        r => r.attributes.actions['is-confirmable'],
      );
      expect(next.attributes.status).toBe('cost_estimated');
    });

    it('answers 404 for runs, plans and applies that do not exist', async () => {
      for (const path of [
        '/runs/run-doesnotexist0000',
        '/plans/plan-doesnotexist000',
        '/applies/apply-doesnotexist00',
      ]) {
        expect((await call('GET', path)).status).toBe(404);
      }
      expect(
        (await call('POST', '/runs/run-doesnotexist0000/actions/apply')).status,
      ).toBe(404);
    });

    it('answers 400 for an include runs do not have', async () => {
      const { ws } = await readyWorkspace('payments-dev', {});
      const run = await api.createRun(ws.id);

      const res = await call('GET', `/runs/${run.id}?include=plan,nonsense`);

      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({
        title: 'Invalid include parameter',
        source: { parameter: 'include' },
      });
    });

    it('serves plan and apply logs without a token', async () => {
      const { ws } = await readyWorkspace(
        'payments-dev',
        { enable_database: 'true' },
        { autoApply: true },
      );
      const run = await api.createRun(ws.id);
      await api.waitForRun(run.id, r => r.attributes.status === 'applied');
      const details = await call('GET', `/runs/${run.id}?include=plan,apply`);
      const [plan, apply] = details.body.included;

      const planLog = await (
        await fetch(plan.attributes['log-read-url'])
      ).text();
      const applyLog = await (
        await fetch(apply.attributes['log-read-url'])
      ).text();

      expect(planLog).toContain('Plan: 7 to add, 0 to change, 0 to destroy.');
      expect(applyLog).toContain('Apply complete! Resources: 7 added');
      expect(applyLog).toContain('database_password = <sensitive>');
    });
  });

  describe('run lists', () => {
    async function workspaceWithRuns(count: number) {
      const { ws } = await readyWorkspace('payments-dev', {});
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        ids.push((await api.createRun(ws.id, { message: `run ${i}` })).id);
      }
      return { ws, ids };
    }

    it('pages newest first with meta.pagination and absolute links', async () => {
      const { ws, ids } = await workspaceWithRuns(5);

      const page2 = await call(
        'GET',
        `/workspaces/${ws.id}/runs?page%5Bnumber%5D=2&page%5Bsize%5D=2`,
      );

      expect(page2.status).toBe(200);
      expect(page2.body.data.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
      expect(page2.body.meta.pagination).toEqual({
        'current-page': 2,
        'page-size': 2,
        'prev-page': 1,
        'next-page': 3,
        'total-pages': 3,
        'total-count': 5,
      });
      const listUrl = `${sandbox.url}/tfc/api/v2/workspaces/${ws.id}/runs`;
      expect(page2.body.links).toEqual({
        self: `${listUrl}?page%5Bnumber%5D=2&page%5Bsize%5D=2`,
        first: `${listUrl}?page%5Bnumber%5D=1&page%5Bsize%5D=2`,
        prev: `${listUrl}?page%5Bnumber%5D=1&page%5Bsize%5D=2`,
        next: `${listUrl}?page%5Bnumber%5D=3&page%5Bsize%5D=2`,
        last: `${listUrl}?page%5Bnumber%5D=3&page%5Bsize%5D=2`,
      });

      const last = await fetch(page2.body.links.last, {
        headers: { authorization: 'Bearer sandbox-tfc-token' },
      }).then(r => r.json());
      expect(last.data.map((r: any) => r.id)).toEqual([ids[0]]);
      expect(last.links.next).toBeNull();
      expect(last.meta.pagination['next-page']).toBeNull();
    });

    it('leaves plan-only runs out unless filter[operation] asks for them', async () => {
      const { ws } = await readyWorkspace('payments-dev', {});
      await api.createRun(ws.id);
      const speculative = await api.createRun(ws.id, { 'plan-only': true });

      const all = await call('GET', `/workspaces/${ws.id}/runs`);
      const planOnly = await call(
        'GET',
        `/workspaces/${ws.id}/runs?filter%5Boperation%5D=plan_only`,
      );

      expect(all.body.data).toHaveLength(1);
      expect(planOnly.body.data.map((r: any) => r.id)).toEqual([
        speculative.id,
      ]);
    });

    it('answers 429 with Retry-After after 30 listings in a minute, other endpoints unaffected', async () => {
      const ws = await api.createWorkspace('payments-dev');
      for (let i = 0; i < 30; i++) {
        expect((await call('GET', `/workspaces/${ws.id}/runs`)).status).toBe(
          200,
        );
      }

      const limited = await call('GET', `/workspaces/${ws.id}/runs`);

      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(limited.headers.get('x-ratelimit-limit')).toBe('30');
      expect(limited.body).toEqual({
        errors: [
          {
            status: '429',
            title: 'Too many requests',
            detail: "You have exceeded the API's rate limit.",
          },
        ],
      });
      expect((await call('GET', `/workspaces/${ws.id}`)).status).toBe(200);
      // A reset forgets the window too.
      await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
      const again = await api.createWorkspace('payments-dev');
      expect((await call('GET', `/workspaces/${again.id}/runs`)).status).toBe(
        200,
      );
    });
  });

  it('forgets workspaces and runs on reset', async () => {
    const { ws } = await readyWorkspace('payments-dev', {});
    const run = await api.createRun(ws.id);

    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });

    expect((await call('GET', `/workspaces/${ws.id}`)).status).toBe(404);
    expect((await call('GET', `/runs/${run.id}`)).status).toBe(404);
    expect((await call('GET', '/organizations/acme')).status).toBe(200);
  });

  it('answers JSON:API errors for malformed bodies and unknown paths', async () => {
    const bad = await fetch(
      `${sandbox.url}/tfc/api/v2/organizations/acme/workspaces`,
      {
        method: 'POST',
        headers: {
          authorization: 'Bearer sandbox-tfc-token',
          'content-type': 'application/vnd.api+json',
        },
        body: '{"data": ',
      },
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].title).toBe('bad request');

    const unknown = await call('GET', '/no/such/thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].title).toBe('not found');
  });
});
