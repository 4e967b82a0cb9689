import {
  Sandbox,
  startSandbox,
  tfcSimulator,
  MAIN_TF,
  tarball,
} from '@internal/sandbox';
import { fakeClock } from './__testUtils__/fakeClock';
import { isFinal, needsConfirmation, type Run } from '@internal/api-tfc';
import {
  TerraformCloudClient,
  TerraformCloudClientOptions,
} from './TerraformCloudClient';
import { TerraformCloudError } from './TerraformCloudError';

const TOKEN = 'sandbox-tfc-token';

describe('TerraformCloudClient against the simulator', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        tfcSimulator({
          stepMs: 10,
          outputsProcessingMs: 50,
          organizations: ['acme', { name: 'beta', costEstimation: false }],
        }),
      ],
    });
  });

  afterAll(() => sandbox.close());

  beforeEach(async () => {
    await admin('POST', '/admin/reset');
  });

  async function admin(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  }

  /** Requests the simulator received for one endpoint pattern. */
  async function callCount(endpoint: string): Promise<number> {
    const calls = await admin('GET', '/admin/calls?simulator=tfc');
    return calls.tfc?.[endpoint] ?? 0;
  }

  function makeClient(overrides: Partial<TerraformCloudClientOptions> = {}) {
    const { clock, sleeps } = fakeClock({ realMs: 20 });
    const logs: string[] = [];
    const record = (level: string) => (message: string, meta?: unknown) => {
      logs.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
    };
    const client = TerraformCloudClient.create({
      token: TOKEN,
      baseUrl: `${sandbox.url}/tfc`,
      logger: { debug: record('debug'), warn: record('warn') } as any,
      clock,
      random: () => 0.5,
      maxRetries: 3,
      ...overrides,
    });
    return { client, sleeps, logs };
  }

  async function waitForRun(
    client: TerraformCloudClient,
    runId: string,
    until: (run: Run) => boolean,
  ) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const details = await client.getRun(runId);
      if (until(details.run)) {
        return details;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `run ${runId} stuck in ${details.run.attributes.status}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  /** A workspace with variables and an uploaded configuration, through the client. */
  async function provisionable(
    client: TerraformCloudClient,
    name: string,
    variables: Record<string, string>,
    attributes: { 'auto-apply'?: boolean } = {},
  ) {
    const workspace = await client.createWorkspace('acme', {
      name,
      ...attributes,
    });
    for (const [key, value] of Object.entries(variables)) {
      await client.createVariable(workspace.id, {
        key,
        value,
        category: 'terraform',
      });
    }
    const version = await client.createConfigurationVersion(workspace.id);
    await client.uploadConfiguration(
      version.attributes['upload-url']!,
      tarball({ 'main.tf': MAIN_TF }),
    );
    await client.waitForConfigurationVersion(version.id, {
      pollIntervalMs: 10,
    });
    return { workspace, version };
  }

  it('provisions end to end: workspace, variables, upload, run, confirmation, apply, outputs, logs', async () => {
    const { client } = makeClient();

    expect((await client.getOrganization('acme')).attributes).toMatchObject({
      name: 'acme',
      'cost-estimation-enabled': true,
    });
    expect(await client.findWorkspace('acme', 'payments-dev')).toBeUndefined();

    const workspace = await client.createWorkspace('acme', {
      name: 'payments-dev',
      'auto-apply': false,
      'execution-mode': 'remote',
      description: 'Payments, dev tiers',
      tags: { service: 'payments', environment: 'dev' },
    });
    expect(workspace.attributes).toMatchObject({
      name: 'payments-dev',
      'auto-apply': false,
      'execution-mode': 'remote',
    });
    expect((await client.findWorkspace('acme', 'payments-dev'))?.id).toBe(
      workspace.id,
    );
    expect(
      (await client.listWorkspaceTagBindings(workspace.id)).map(t => [
        t.attributes.key,
        t.attributes.value,
      ]),
    ).toEqual([
      ['service', 'payments'],
      ['environment', 'dev'],
    ]);

    for (const [key, value] of Object.entries({
      service_name: 'payments',
      environment: 'dev',
      enable_database: 'true',
      enable_queue: 'false',
    })) {
      await client.createVariable(workspace.id, {
        key,
        value,
        category: 'terraform',
      });
    }
    const secret = await client.createVariable(workspace.id, {
      key: 'alert_webhook_token',
      value: 'hunter2',
      category: 'terraform',
      sensitive: true,
    });
    expect(secret.attributes).toMatchObject({ sensitive: true, value: null });
    const queueFlag = (await client.listVariables(workspace.id)).find(
      v => v.attributes.key === 'enable_queue',
    )!;
    const updated = await client.updateVariable(workspace.id, queueFlag.id, {
      value: 'true',
    });
    expect(updated.attributes.value).toBe('true');

    const version = await client.createConfigurationVersion(workspace.id);
    expect(version.attributes).toMatchObject({
      status: 'pending',
      'auto-queue-runs': false,
    });
    await client.uploadConfiguration(
      version.attributes['upload-url']!,
      tarball({ 'main.tf': MAIN_TF }),
    );
    const uploaded = await client.waitForConfigurationVersion(version.id, {
      pollIntervalMs: 10,
    });
    expect(uploaded.attributes.status).toBe('uploaded');

    const run = await client.createRun({
      workspaceId: workspace.id,
      configurationVersionId: version.id,
      attributes: { message: 'Provision payments (dev) from the portal' },
    });
    expect(run.attributes).toMatchObject({
      status: 'pending',
      message: 'Provision payments (dev) from the portal',
    });

    const waiting = await waitForRun(client, run.id, needsConfirmation);
    expect(waiting.run.attributes.status).toBe('cost_estimated');
    expect(waiting.plan?.attributes).toMatchObject({
      status: 'finished',
      'resource-additions': 10,
      'resource-changes': 0,
      'resource-destructions': 0,
    });
    expect(waiting.costEstimate?.attributes['proposed-monthly-cost']).toBe(
      '186.55',
    );
    expect(waiting.apply?.attributes.status).toBe('pending');

    await client.applyRun(run.id, 'Approved in the portal');
    const done = await waitForRun(client, run.id, r =>
      isFinal(r.attributes.status),
    );
    expect(done.run.attributes.status).toBe('applied');
    expect(done.apply?.attributes['resource-additions']).toBe(10);

    // Straight after the apply Terraform Cloud may answer 503 "still
    // processing"; the client retries that.
    const outputs = await client.getCurrentStateVersionOutputs(workspace.id);
    const byName = Object.fromEntries(
      outputs.map(o => [o.attributes.name, o.attributes]),
    );
    expect(byName.database_endpoint).toMatchObject({
      sensitive: false,
      value: 'payments-dev.cluster-c9akciq32.eu-central-1.rds.amazonaws.com',
    });
    expect(byName.queue_url.value).toBe(
      'https://sqs.eu-central-1.amazonaws.com/123456789012/payments-dev',
    );
    expect(byName.database_secret_arn.value).toMatch(
      /^arn:aws:secretsmanager:/,
    );
    expect(byName.database_password).toMatchObject({
      sensitive: true,
      value: null,
    });

    const planLogUrl = await client.getPlanLogUrl(done.plan!.id);
    const applyLogUrl = await client.getApplyLogUrl(done.apply!.id);
    expect(await (await fetch(planLogUrl!)).text()).toContain(
      'Plan: 10 to add, 0 to change, 0 to destroy.',
    );
    expect(await (await fetch(applyLogUrl!)).text()).toContain(
      'Apply complete! Resources: 10 added, 0 changed, 0 destroyed.',
    );

    const renamed = await client.updateWorkspace(workspace.id, {
      'auto-apply': true,
      tags: { owner: 'team-payments' },
    });
    expect(renamed.attributes['auto-apply']).toBe(true);
    expect(
      (await client.listWorkspaceTagBindings(workspace.id)).map(
        t => t.attributes.key,
      ),
    ).toEqual(['service', 'environment', 'owner']);
  });

  it('lets auto-apply runs finish without confirmation', async () => {
    const { client } = makeClient();
    const { workspace } = await provisionable(client, 'orders-dev', {
      enable_cache: 'true',
    });

    const run = await client.createRun({
      workspaceId: workspace.id,
      attributes: { message: 'dev applies by itself', 'auto-apply': true },
    });
    const done = await waitForRun(client, run.id, r =>
      isFinal(r.attributes.status),
    );

    expect(done.run.attributes.status).toBe('applied');
    expect(done.run.attributes['status-timestamps']['confirmed-at']).toEqual(
      expect.any(String),
    );
  });

  it('discards a run waiting for confirmation, and cancels one in progress', async () => {
    const { client } = makeClient();
    const { workspace } = await provisionable(client, 'orders-prod', {});
    const run = await client.createRun({ workspaceId: workspace.id });
    await waitForRun(client, run.id, needsConfirmation);

    await client.discardRun(run.id, 'Not today');

    expect((await client.getRun(run.id)).run.attributes.status).toBe(
      'discarded',
    );
    const next = await client.createRun({ workspaceId: workspace.id });
    await client.cancelRun(next.id, 'Changed my mind');
    expect((await client.getRun(next.id)).run.attributes.status).toBe(
      'canceled',
    );
  });

  it('sees a run error in planning (force-error)', async () => {
    const { client } = makeClient();
    const { workspace } = await provisionable(client, 'orders-dev', {});

    const run = await client.createRun({
      workspaceId: workspace.id,
      attributes: { message: 'please force-error' },
    });
    const done = await waitForRun(client, run.id, r =>
      isFinal(r.attributes.status),
    );

    expect(done.run.attributes.status).toBe('errored');
    expect(done.plan?.attributes.status).toBe('errored');
  });

  it('reports a configuration version that errored, with its message', async () => {
    const { client } = makeClient();
    const workspace = await client.createWorkspace('acme', { name: 'broken' });
    const version = await client.createConfigurationVersion(workspace.id);
    await client.uploadConfiguration(
      version.attributes['upload-url']!,
      tarball({ 'README.md': 'no terraform\n' }),
    );

    await expect(
      client.waitForConfigurationVersion(version.id, { pollIntervalMs: 10 }),
    ).rejects.toThrow(
      `waitForConfigurationVersion (GET /configuration-versions/${version.id}): the configuration version errored: no_configuration_files: The configuration archive holds no Terraform (*.tf) file`,
    );
  });

  it('gives up waiting for a configuration version that is never uploaded', async () => {
    const { client, sleeps } = makeClient();
    const workspace = await client.createWorkspace('acme', { name: 'idle' });
    const version = await client.createConfigurationVersion(workspace.id);

    await expect(
      client.waitForConfigurationVersion(version.id, {
        pollIntervalMs: 1000,
        timeoutMs: 3000,
      }),
    ).rejects.toThrow(/is still pending after 3000 ms/);
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('pages through run listings, following links.next', async () => {
    const { client } = makeClient();
    const { workspace } = await provisionable(client, 'orders-dev', {});
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push((await client.createRun({ workspaceId: workspace.id })).id);
    }
    await admin('DELETE', '/admin/calls');

    const seen: string[] = [];
    for await (const run of client.iterateRuns(workspace.id, { pageSize: 2 })) {
      seen.push(run.id);
    }

    expect(seen).toEqual([...created].reverse());
    expect(await callCount('GET /api/v2/workspaces/:workspaceId/runs')).toBe(3);

    const page = await client.listRuns(workspace.id, {
      pageNumber: 2,
      pageSize: 2,
    });
    expect(page.runs.map(r => r.id)).toEqual([created[2], created[1]]);
    expect(page.pagination).toMatchObject({
      'current-page': 2,
      'next-page': 3,
      'total-count': 5,
    });
  });

  it('stops iterating when the caller stops, without fetching further pages', async () => {
    const { client } = makeClient();
    const { workspace } = await provisionable(client, 'orders-dev', {});
    for (let i = 0; i < 4; i++) {
      await client.createRun({ workspaceId: workspace.id });
    }
    await admin('DELETE', '/admin/calls');

    for await (const run of client.iterateRuns(workspace.id, { pageSize: 2 })) {
      expect(run.type).toBe('runs');
      break;
    }

    expect(await callCount('GET /api/v2/workspaces/:workspaceId/runs')).toBe(1);
  });

  describe('errors', () => {
    it('explains a 404', async () => {
      const { client } = makeClient();

      const error = await client
        .getWorkspace('acme', 'nothing-here')
        .catch(e => e);

      expect(error).toBeInstanceOf(TerraformCloudError);
      expect(error).toMatchObject({ status: 404, kind: 'http', attempts: 1 });
      expect(error.message).toBe(
        'getWorkspace (GET /organizations/acme/workspaces/nothing-here): not found, or the token cannot see it (Terraform Cloud answers 404 for no access): not found',
      );
    });

    it('explains a 401 for a bad token', async () => {
      const { client } = makeClient({ token: 'expired' });

      await expect(client.getOrganization('acme')).rejects.toThrow(
        'getOrganization (GET /organizations/acme): unauthorized; the Terraform Cloud token is missing, invalid or expired: unauthorized',
      );
    });

    it('turns a 409 into an illegal-transition error and does not retry it', async () => {
      const { client } = makeClient();
      const { workspace } = await provisionable(client, 'orders-dev', {});
      const run = await client.createRun({ workspaceId: workspace.id });
      // Just created: pending, not waiting for confirmation.

      const error = await client.applyRun(run.id).catch(e => e);

      expect(error).toMatchObject({ status: 409, attempts: 1 });
      expect(error.message).toBe(
        `applyRun (POST /runs/${run.id}/actions/apply): transition not allowed; the run is not in a state that allows this action (e.g. applying a run that is not waiting for confirmation): transition not allowed: Run was not paused for confirmation; apply not allowed.`,
      );
    });

    it('surfaces 422 validation details', async () => {
      const { client } = makeClient();
      const workspace = await client.createWorkspace('acme', {
        name: 'payments-dev',
      });
      await client.createVariable(workspace.id, {
        key: 'replicas',
        value: '2',
        category: 'terraform',
      });

      await expect(
        client.createWorkspace('acme', { name: 'payments-dev' }),
      ).rejects.toThrow(
        'createWorkspace (POST /organizations/acme/workspaces): rejected as invalid: invalid attribute: Name has already been taken (/data/attributes/name)',
      );
      await expect(
        client.createVariable(workspace.id, {
          key: 'replicas',
          value: '3',
          category: 'terraform',
        }),
      ).rejects.toMatchObject({
        status: 422,
        errors: [
          {
            status: '422',
            title: 'invalid attribute',
            detail: 'Key has already been taken',
            source: { pointer: '/data/attributes/key' },
          },
        ],
      });
    });
  });

  describe('resilience', () => {
    it('waits as a 429 asks, then succeeds', async () => {
      const { client, sleeps, logs } = makeClient();
      await admin('PUT', '/admin/faults/tfc', { status: 429, times: 2 });

      const org = await client.getOrganization('acme');

      expect(org.id).toBe('acme');
      // The sandbox's 429 says Retry-After: 1.
      expect(sleeps).toEqual([1000, 1000]);
      expect(
        logs.filter(l =>
          l.startsWith(
            'warn Terraform Cloud rate-limited getOrganization (GET /organizations/acme)',
          ),
        ),
      ).toHaveLength(2);
    });

    it('retries a 429 even for a call that is not idempotent', async () => {
      const { client, sleeps } = makeClient();
      const { workspace } = await provisionable(client, 'orders-dev', {});
      await admin('PUT', '/admin/faults/tfc', { status: 429, times: 1 });

      const run = await client.createRun({ workspaceId: workspace.id });

      expect(run.attributes.status).toBe('pending');
      expect(sleeps).toContain(1000);
    });

    it('retries 5xx with exponential back-off and full jitter, then succeeds', async () => {
      const { client, sleeps } = makeClient({ backoffBaseMs: 400 });
      await admin('PUT', '/admin/faults/tfc', { status: 503, times: 2 });

      await expect(client.getOrganization('acme')).resolves.toMatchObject({
        id: 'acme',
      });
      // random() = 0.5 of 400 ms, then of 800 ms.
      expect(sleeps).toEqual([200, 400]);
    });

    it('gives up after maxRetries with an error naming the call', async () => {
      const { client, sleeps } = makeClient({ maxRetries: 3 });
      await admin('PUT', '/admin/faults/tfc', { status: 502 });
      await admin('DELETE', '/admin/calls');

      const error = await client.getRun('run-abc').catch(e => e);

      expect(error).toMatchObject({ status: 502, attempts: 4 });
      expect(error.message).toBe(
        'getRun (GET /runs/run-abc?include=plan,apply,cost_estimate): Terraform Cloud answered HTTP 502 after 4 attempts: Injected fault: The sandbox injected HTTP 502 into tfc',
      );
      expect(sleeps).toHaveLength(3);
      expect(await callCount('GET /api/v2/runs/run-abc')).toBe(4);
    });

    it('does not repeat creating a run after a 5xx: Terraform Cloud may have created it', async () => {
      const { client } = makeClient();
      const { workspace } = await provisionable(client, 'orders-dev', {});
      await admin('PUT', '/admin/faults/tfc', { status: 500, times: 1 });
      await admin('DELETE', '/admin/calls');

      const error = await client
        .createRun({ workspaceId: workspace.id })
        .catch(e => e);

      expect(error).toMatchObject({ status: 500, attempts: 1 });
      expect(error.message).toMatch(
        /^createRun \(POST \/runs\): Terraform Cloud answered HTTP 500 after 1 attempt: .* \(not retried: Terraform Cloud may have acted on the request; read its state before trying again\)$/,
      );
      expect(await callCount('POST /api/v2/runs')).toBe(1);
    });

    it('times out slow answers, retries, and names the call when it gives up', async () => {
      const { client } = makeClient({ timeoutMs: 100, maxRetries: 1 });
      await admin('PUT', '/admin/faults/tfc', { latencyMs: 400 });

      const error = await client.getOrganization('acme').catch(e => e);

      expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
      expect(error.message).toMatch(
        /^getOrganization \(GET \/organizations\/acme\): timed out after 100 ms \(2 attempts\)/,
      );
      await admin('DELETE', '/admin/faults/tfc');
    });

    it('succeeds when only the first attempt is slow', async () => {
      const { client, logs } = makeClient({ timeoutMs: 150 });
      await admin('PUT', '/admin/faults/tfc', { latencyMs: 500, times: 1 });

      await expect(client.getOrganization('acme')).resolves.toMatchObject({
        id: 'acme',
      });
      expect(logs.some(l => l.includes('timed out after 150 ms'))).toBe(true);
    });

    it('retries a refused connection, which surely never reached Terraform Cloud', async () => {
      const closed = await startSandbox({ port: 0, simulators: [] });
      const url = closed.url;
      await closed.close();
      const { client, sleeps } = makeClient({ baseUrl: `${url}/tfc` });

      const error = await client
        .createRun({ workspaceId: 'ws-1' })
        .catch(e => e);

      expect(error).toMatchObject({ kind: 'network', attempts: 4 });
      expect(error.message).toMatch(
        /^createRun \(POST \/runs\): could not reach Terraform Cloud \(4 attempts\)/,
      );
      expect(sleeps).toHaveLength(3);
    });
  });

  it('never logs variable values, the token or upload and log URLs', async () => {
    const { client, logs } = makeClient();
    const workspace = await client.createWorkspace('acme', {
      name: 'payments-prod',
    });
    // Faults make the client log warnings about exactly these calls.
    await admin('PUT', '/admin/faults/tfc', { status: 429, times: 1 });
    await client.createVariable(workspace.id, {
      key: 'db_master_password',
      value: 'correct-horse-battery-staple',
      category: 'terraform',
      sensitive: true,
    });
    const version = await client.createConfigurationVersion(workspace.id);
    const uploadUrl = version.attributes['upload-url']!;
    await admin('PUT', '/admin/faults/tfc', { status: 503, times: 1 });
    await client.uploadConfiguration(
      uploadUrl,
      tarball({ 'main.tf': MAIN_TF }),
    );
    await client.waitForConfigurationVersion(version.id, {
      pollIntervalMs: 10,
    });
    const run = await client.createRun({ workspaceId: workspace.id });
    const plan = (await client.getRun(run.id)).plan!;
    const logUrl = await client.getPlanLogUrl(plan.id);

    const all = logs.join('\n');
    expect(all).toContain(
      'warn Terraform Cloud rate-limited createVariable (POST /workspaces/',
    );
    expect(all).toContain(
      'warn Terraform Cloud uploadConfiguration (PUT <upload-url>) answered 503',
    );
    for (const secret of [
      'correct-horse-battery-staple',
      TOKEN,
      new URL(uploadUrl).pathname,
      new URL(logUrl!).pathname,
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('TerraformCloudClient with a stub fetch', () => {
  function stubFetch(
    answer: (url: string, init: RequestInit) => Response | undefined,
  ) {
    const calls: { url: string; init: RequestInit; at: number }[] = [];
    const { clock, sleeps } = fakeClock();
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls.push({ url, init, at: clock.now() });
      return (
        answer(url, init) ??
        new Response(JSON.stringify({ data: [] }), {
          status: 200,
          headers: { 'content-type': 'application/vnd.api+json' },
        })
      );
    }) as unknown as typeof fetch;
    const client = TerraformCloudClient.create({
      token: TOKEN,
      fetch: fetchImpl,
      clock,
    });
    return { client, calls, sleeps };
  }

  it('keeps run listings under 30 in any minute', async () => {
    const { client, calls } = stubFetch(() => undefined);

    for (let i = 0; i < 70; i++) {
      await client.listRuns('ws-1');
    }

    const times = calls.map(c => c.at);
    // A burst first, then evenly spaced.
    expect(times[9]).toBe(times[0]);
    expect(times[10]).toBeGreaterThan(times[0]);
    for (let i = 0; i + 30 < times.length; i++) {
      expect(times[i + 30] - times[i]).toBeGreaterThanOrEqual(60_000);
    }
  });

  it('throttles only run listings', async () => {
    const { client, sleeps } = stubFetch(
      () =>
        new Response(
          JSON.stringify({ data: { id: 'acme', type: 'organizations' } }),
          { status: 200 },
        ),
    );

    for (let i = 0; i < 50; i++) {
      await client.getOrganization('acme');
    }

    expect(sleeps).toEqual([]);
  });

  it('talks JSON:API with the bearer token to https://app.terraform.io/api/v2 by default', async () => {
    const { client, calls } = stubFetch(
      () =>
        new Response(JSON.stringify({ data: { id: 'run-1', type: 'runs' } }), {
          status: 201,
        }),
    );

    await client.createRun({
      workspaceId: 'ws-1',
      attributes: { message: 'hi' },
    });

    expect(calls[0].url).toBe('https://app.terraform.io/api/v2/runs');
    expect(calls[0].init.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/vnd.api+json',
    });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      data: {
        type: 'runs',
        attributes: { message: 'hi' },
        relationships: {
          workspace: { data: { type: 'workspaces', id: 'ws-1' } },
        },
      },
    });
  });

  it('uploads as octet-stream without the API token', async () => {
    const { client, calls } = stubFetch(
      () => new Response(null, { status: 200 }),
    );

    await client.uploadConfiguration(
      'https://archivist.terraform.io/v1/object/secret-object-id',
      new Uint8Array([1, 2, 3]),
    );

    expect(calls[0].init.method).toBe('PUT');
    expect(calls[0].init.headers).toEqual({
      accept: 'application/vnd.api+json',
      'content-type': 'application/octet-stream',
    });
  });

  it('does not follow a pagination link that leaves the API, but uses the page number', async () => {
    const { client, calls } = stubFetch(url => {
      const page = new URL(url).searchParams.get('page[number]') ?? '1';
      return new Response(
        JSON.stringify({
          data: [{ id: `run-${page}`, type: 'runs' }],
          links: {
            next:
              page === '1'
                ? 'https://elsewhere.example/api/v2/workspaces/ws-1/runs?page%5Bnumber%5D=2'
                : null,
          },
          meta: {
            pagination: {
              'current-page': Number(page),
              'prev-page': page === '1' ? null : 1,
              'next-page': page === '1' ? 2 : null,
            },
          },
        }),
        { status: 200 },
      );
    });

    const ids: string[] = [];
    for await (const run of client.iterateRuns('ws-1')) {
      ids.push(run.id);
    }

    expect(ids).toEqual(['run-1', 'run-2']);
    expect(calls.map(c => c.url)).toEqual([
      'https://app.terraform.io/api/v2/workspaces/ws-1/runs',
      'https://app.terraform.io/api/v2/workspaces/ws-1/runs?page%5Bnumber%5D=2',
    ]);
  });

  it('reports an answer that is not JSON', async () => {
    const { client } = stubFetch(
      () => new Response('<html>proxy login</html>', { status: 200 }),
    );

    await expect(client.getOrganization('acme')).rejects.toThrow(
      'getOrganization (GET /organizations/acme): HTTP 200 with a body that is not JSON',
    );
  });

  it('refuses to be created without a token', () => {
    expect(() => TerraformCloudClient.create({ token: '' })).toThrow(
      'TerraformCloudClient needs an API token',
    );
  });
});
