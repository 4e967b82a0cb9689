import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { Sandbox, startSandbox } from '../../server';
import { tarball } from './tarball';
import { ApiAnswer, tfcApi } from './__testUtils__/tfcApi';
import { tfcSimulator } from './tfcSimulator';

/**
 * The simulator's real answers, checked against the HCP Terraform OpenAPI
 * spec (v2-beta) kept in ../shared/specs beside the repository.
 */

function findRepoRoot(start: string): string {
  let dir = start;
  while (dir !== path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces
    ) {
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`no monorepo root above ${start}`);
}

const SPEC_PATH = path.resolve(
  findRepoRoot(__dirname),
  '..',
  'shared',
  'specs',
  'hcp-terraform-openapi-v2-beta.json',
);

/**
 * The resources whose attributes we check strictly: an attribute the spec
 * does not list (a typo, snake_case instead of kebab-case) fails, except the
 * extras the docs document and the spec leaves out.
 */
const STRICT_ATTRIBUTES: Record<string, string[]> = {
  organizations: [],
  workspaces: [],
  'tag-bindings': [],
  vars: [],
  'configuration-versions': [],
  runs: [],
  plans: [],
  applies: [],
  'cost-estimates': [],
  'state-versions': [],
  // "There is an additional attribute, value" (the schema's description).
  'state-version-outputs': ['value'],
};

/** OpenAPI 3.0's `nullable` as JSON Schema: also allow null, whatever else the schema says. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(toJsonSchema);
  }
  if (!node || typeof node !== 'object') {
    return node;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'example' ? value : toJsonSchema(value);
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

/** JSON pointer of a path in the spec, as a URI fragment. */
function pointer(...segments: string[]): string {
  return segments
    .map(
      s => `/${encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))}`,
    )
    .join('');
}

class Contract {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly spec: any) {
    for (const [name, extras] of Object.entries(STRICT_ATTRIBUTES)) {
      const attributes = spec.components.schemas[name].properties.attributes;
      attributes.additionalProperties = false;
      for (const extra of extras) {
        attributes.properties[extra] = {};
      }
    }
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...(toJsonSchema(spec) as object), $id: 'tfc' });
  }

  /**
   * Validates one resource against its schema in `components.schemas`, for
   * what the operation's schema leaves open (e.g. `included` of runs).
   */
  checkResource(resource: { type: string }): void {
    this.validate(
      `tfc#${pointer('components', 'schemas', resource.type)}`,
      resource,
      `included ${resource.type}`,
    );
  }

  /** Validates an answer against the spec's response for the operation and status. */
  check(method: string, template: string, answer: ApiAnswer): void {
    const operation = this.spec.paths[template]?.[method.toLowerCase()];
    if (!operation) {
      throw new Error(`the spec has no ${method} ${template}`);
    }
    const declared = String(answer.status) in operation.responses;
    const key = declared ? String(answer.status) : 'default';
    if (!(key in operation.responses)) {
      throw new Error(
        `${method} ${template}: the spec allows neither ${answer.status} nor a default response`,
      );
    }
    const content = operation.responses[key].content;
    if (!content) {
      if (answer.body !== undefined) {
        throw new Error(
          `${method} ${template} ${answer.status} must have no body`,
        );
      }
      return;
    }
    const contentType = answer.headers.get('content-type') ?? '';
    if (!contentType.startsWith('application/vnd.api+json')) {
      throw new Error(
        `${method} ${template} ${answer.status} has content type "${contentType}", not JSON:API`,
      );
    }
    const ref = `tfc#${pointer(
      'paths',
      template,
      method.toLowerCase(),
      'responses',
      key,
      'content',
      'application/vnd.api+json',
      'schema',
    )}`;
    this.validate(ref, answer.body, `${method} ${template} ${answer.status}`);
    for (const resource of answer.body?.included ?? []) {
      this.checkResource(resource);
    }
  }

  private validate(ref: string, value: unknown, what: string): void {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    if (!validate(value)) {
      throw new Error(
        `${what} breaks the contract:\n${this.ajv.errorsText(validate.errors, {
          separator: '\n',
        })}\n${JSON.stringify(value, null, 2)}`,
      );
    }
  }
}

describe('Terraform Cloud simulator contract', () => {
  let contract: Contract;
  let sandbox: Sandbox;
  let api: ReturnType<typeof tfcApi>;

  beforeAll(async () => {
    contract = new Contract(JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8')));
    sandbox = await startSandbox({
      port: 0,
      simulators: [tfcSimulator({ stepMs: 10, outputsProcessingMs: 400 })],
    });
    api = tfcApi(`${sandbox.url}/tfc`);
  });

  afterAll(() => sandbox.close());

  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
  });

  it('can fail: a misspelt attribute or a wrong type breaks it', () => {
    const answer = (body: unknown): ApiAnswer => ({
      status: 200,
      headers: new Headers({ 'content-type': 'application/vnd.api+json' }),
      body,
    });
    const plan = {
      id: 'plan-1',
      type: 'plans',
      attributes: { status: 'finished', 'resource-additions': 1 },
    };

    expect(() =>
      contract.check('GET', '/plans/{id}', answer({ data: plan })),
    ).not.toThrow();
    expect(() =>
      contract.check(
        'GET',
        '/plans/{id}',
        answer({
          data: { ...plan, attributes: { resource_additions: 1 } },
        }),
      ),
    ).toThrow(/must NOT have additional properties/);
    expect(() =>
      contract.check(
        'GET',
        '/plans/{id}',
        answer({ data: { ...plan, attributes: { status: 'done' } } }),
      ),
    ).toThrow(/must be equal to one of the allowed values/);
    expect(() =>
      contract.check('GET', '/plans/{id}', answer({ errors: 'nope' })),
    ).toThrow(/must have required property 'data'/);
  });

  it('organizations and workspaces', async () => {
    contract.check(
      'GET',
      '/organizations/{organization_name}',
      await api.call('GET', '/organizations/acme'),
    );

    const created = await api.call('POST', '/organizations/acme/workspaces', {
      data: {
        type: 'workspaces',
        attributes: { name: 'payments-dev', 'auto-apply': false },
        relationships: {
          'tag-bindings': {
            data: [
              {
                type: 'tag-bindings',
                attributes: { key: 'service', value: 'payments' },
              },
            ],
          },
        },
      },
    });
    expect(created.status).toBe(201);
    contract.check(
      'POST',
      '/organizations/{organization_name}/workspaces',
      created,
    );
    const id = created.body.data.id;

    contract.check(
      'GET',
      '/organizations/{organization_name}/workspaces/{workspace_name}',
      await api.call('GET', '/organizations/acme/workspaces/payments-dev'),
    );
    contract.check(
      'GET',
      '/workspaces/{workspace_id}',
      await api.call('GET', `/workspaces/${id}`),
    );
    const patched = await api.call('PATCH', `/workspaces/${id}`, {
      data: { type: 'workspaces', attributes: { description: 'Payments' } },
    });
    expect(patched.status).toBe(200);
    contract.check('PATCH', '/workspaces/{workspace_id}', patched);
    contract.check(
      'GET',
      '/workspaces/{workspace_id}/relationships/tag-bindings',
      await api.call('GET', `/workspaces/${id}/relationships/tag-bindings`),
    );
  });

  it('variables', async () => {
    const ws = await api.createWorkspace('payments-dev');
    const plain = await api.call('POST', `/workspaces/${ws.id}/vars`, {
      data: {
        type: 'vars',
        attributes: { key: 'replicas', value: '2', category: 'terraform' },
      },
    });
    const secret = await api.call('POST', `/workspaces/${ws.id}/vars`, {
      data: {
        type: 'vars',
        attributes: {
          key: 'API_KEY',
          value: 'abc',
          category: 'env',
          sensitive: true,
        },
      },
    });
    expect([plain.status, secret.status]).toEqual([201, 201]);
    expect(secret.body.data.attributes.value).toBeNull();
    contract.check('POST', '/workspaces/{workspace_id}/vars', plain);
    contract.check('POST', '/workspaces/{workspace_id}/vars', secret);

    contract.check(
      'PATCH',
      '/workspaces/{workspace_id}/vars/{id}',
      await api.call(
        'PATCH',
        `/workspaces/${ws.id}/vars/${plain.body.data.id}`,
        {
          data: { type: 'vars', attributes: { value: '3' } },
        },
      ),
    );
    contract.check(
      'GET',
      '/workspaces/{workspace_id}/vars',
      await api.call('GET', `/workspaces/${ws.id}/vars`),
    );
  });

  it('configuration versions, pending, uploaded and errored', async () => {
    const ws = await api.createWorkspace('payments-dev');
    const created = await api.call(
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
    contract.check(
      'POST',
      '/workspaces/{workspace_id}/configuration-versions',
      created,
    );

    const uploaded = await api.uploadConfiguration(ws.id);
    const errored = await api.uploadConfiguration(
      ws.id,
      tarball({ 'README.md': 'no terraform here\n' }),
    );
    for (const cv of [created.body.data, uploaded, errored]) {
      contract.check(
        'GET',
        '/configuration-versions/{configuration_version_id}',
        await api.call('GET', `/configuration-versions/${cv.id}`),
      );
    }
  });

  it('runs through their life: created, waiting, applied; plan, apply, cost estimate, outputs', async () => {
    const ws = await api.createWorkspace('payments-dev');
    for (const [key, value] of Object.entries({
      service_name: 'payments',
      environment: 'dev',
      enable_database: 'true',
      enable_cache: 'true',
      enable_queue: 'true',
    })) {
      await api.setVariable(ws.id, key, value);
    }
    await api.uploadConfiguration(ws.id);

    const created = await api.call('POST', '/runs', {
      data: {
        type: 'runs',
        attributes: { message: 'Provision' },
        relationships: {
          workspace: { data: { type: 'workspaces', id: ws.id } },
        },
      },
    });
    expect(created.status).toBe(201);
    contract.check('POST', '/runs', created);
    const runId = created.body.data.id;

    await api.waitForRun(runId, r => r.attributes.actions['is-confirmable']);
    const waiting = await api.call(
      'GET',
      `/runs/${runId}?include=plan,apply,cost_estimate`,
    );
    contract.check('GET', '/runs/{run_id}', waiting);
    expect(waiting.body.included.map((r: any) => r.type).sort()).toEqual([
      'applies',
      'cost-estimates',
      'plans',
    ]);
    // Strict on the real documents too: one unknown attribute fails.
    expect(() =>
      contract.check('GET', '/runs/{run_id}', {
        ...waiting,
        body: {
          data: {
            ...waiting.body.data,
            attributes: {
              ...waiting.body.data.attributes,
              'is-confirmed': true,
            },
          },
        },
      }),
    ).toThrow(/must NOT have additional properties/);

    const applied = await api.call('POST', `/runs/${runId}/actions/apply`, {
      comment: 'ok',
    });
    expect(applied.status).toBe(202);
    // The spec types the 202 body as the string "null"; the docs say there is
    // none, and that is what Terraform Cloud sends.
    expect(applied.body).toBeUndefined();

    const run = await api.waitForRun(
      runId,
      r => r.attributes.status === 'applied',
    );
    // Right away, before the outputs are processed.
    const processing = await api.call(
      'GET',
      `/workspaces/${ws.id}/current-state-version-outputs`,
    );
    expect(processing.status).toBe(503);
    contract.check(
      'GET',
      '/workspaces/{workspace_id}/current-state-version-outputs',
      processing,
    );
    contract.check(
      'GET',
      '/runs/{run_id}',
      await api.call('GET', `/runs/${runId}?include=plan,apply,cost_estimate`),
    );
    const planId = run.relationships.plan.data.id;
    const applyId = run.relationships.apply.data.id;
    const estimateId = run.relationships['cost-estimate'].data.id;
    contract.check(
      'GET',
      '/plans/{id}',
      await api.call('GET', `/plans/${planId}`),
    );
    contract.check(
      'GET',
      '/runs/{id}/plan',
      await api.call('GET', `/runs/${runId}/plan`),
    );
    contract.check(
      'GET',
      '/applies/{id}',
      await api.call('GET', `/applies/${applyId}`),
    );
    contract.check(
      'GET',
      '/cost-estimates/{id}',
      await api.call('GET', `/cost-estimates/${estimateId}`),
    );

    const outputs = await api.waitFor(
      `/workspaces/${ws.id}/current-state-version-outputs`,
      () => true,
    );
    contract.check(
      'GET',
      '/workspaces/{workspace_id}/current-state-version-outputs',
      {
        status: 200,
        headers: new Headers({ 'content-type': 'application/vnd.api+json' }),
        body: outputs,
      },
    );
    expect(
      outputs.data.find((o: any) => o.attributes.sensitive).attributes.value,
    ).toBeNull();
    contract.check(
      'GET',
      '/workspaces/{workspace_id}',
      await api.call('GET', `/workspaces/${ws.id}`),
    );
  });

  it('state versions: current (with outputs), by id, their outputs, one output; ping', async () => {
    const ping = await api.call('GET', '/ping', undefined, { token: null });
    expect(ping.status).toBe(204);
    expect(ping.headers.get('tfp-api-version')).toBe('2.6');
    expect(ping.headers.get('tfp-appname')).toBe('HCP Terraform');
    expect(ping.headers.get('x-ratelimit-limit')).toBe('30');

    const ws = await api.createWorkspace('orders-dev', { 'auto-apply': true });
    const missing = await api.call(
      'GET',
      `/workspaces/${ws.id}/current-state-version`,
    );
    expect(missing.status).toBe(404);
    contract.check(
      'GET',
      '/workspaces/{workspace_id}/current-state-version',
      missing,
    );
    await api.setVariable(ws.id, 'enable_database', 'true');
    const cv = await api.uploadConfiguration(ws.id);
    const run = await api.createRun(ws.id, {}, cv.id);
    await api.waitForRun(run.id, r => r.attributes.status === 'applied');
    // Every answer names the API version, not only the ping.
    const current = await api.waitFor(
      `/workspaces/${ws.id}/current-state-version?include=outputs`,
      data => data.attributes['resources-processed'],
    );
    contract.check('GET', '/workspaces/{workspace_id}/current-state-version', {
      status: 200,
      headers: new Headers({ 'content-type': 'application/vnd.api+json' }),
      body: current,
    });
    expect(current.data.attributes).toMatchObject({
      status: 'finalized',
      serial: 1,
      'state-version': 4,
    });
    expect(current.data.attributes.resources).toContainEqual({
      name: 'this',
      type: 'aws_rds_cluster',
      count: 1,
      module: 'module.database',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    });
    expect(current.included.map((o: any) => o.id)).toEqual(
      current.data.relationships.outputs.data.map((o: any) => o.id),
    );
    const password = current.included.find(
      (o: any) => o.attributes.name === 'database_password',
    );
    expect(password.attributes.value).toBeNull();

    const list = await api.call(
      'GET',
      `/state-versions?filter[workspace][name]=orders-dev&filter[organization][name]=acme`,
    );
    contract.check('GET', '/state-versions', list);
    expect(list.body.data.map((s: any) => s.id)).toEqual([current.data.id]);
    expect(list.body.meta.pagination['total-count']).toBe(1);
    expect(
      (
        await api.call(
          'GET',
          '/state-versions?filter[workspace][name]=orders-dev',
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await api.call(
          'GET',
          '/state-versions?filter[workspace][name]=nope&filter[organization][name]=acme',
        )
      ).status,
    ).toBe(404);

    const byId = await api.call('GET', `/state-versions/${current.data.id}`);
    contract.check('GET', '/state-versions/{state_version_id}', byId);
    expect(byId.headers.get('tfp-api-version')).toBe('2.6');
    expect(byId.body.data.id).toBe(current.data.id);
    expect(byId.body.included).toBeUndefined();

    const outputList = await api.call(
      'GET',
      `/state-versions/${current.data.id}/outputs?page[size]=2`,
    );
    contract.check(
      'GET',
      '/state-versions/{state_version_id}/outputs',
      outputList,
    );
    expect(outputList.body.data).toHaveLength(2);
    expect(outputList.body.meta.pagination['total-count']).toBe(
      current.included.length,
    );

    // One output by id reveals a sensitive value, as the docs say.
    const one = await api.call('GET', `/state-version-outputs/${password.id}`);
    contract.check(
      'GET',
      '/state-version-outputs/{state_version_output_id}',
      one,
    );
    expect(one.body.data.attributes.value).toMatch(/^sandbox-/);

    // The raw state behind the download URL.
    const raw = await fetch(
      current.data.attributes['hosted-state-download-url'],
    ).then(r => r.json());
    expect(raw).toMatchObject({ version: 4, serial: 1 });
    expect(raw.outputs.database_password.sensitive).toBe(true);

    for (const missingPath of [
      '/state-versions/sv-nope',
      '/state-version-outputs/wsout-nope',
    ]) {
      expect((await api.call('GET', missingPath)).status).toBe(404);
    }
    const badInclude = await api.call(
      'GET',
      `/state-versions/${current.data.id}?include=run.secrets`,
    );
    expect(badInclude.status).toBe(400);
  });

  it('errored and discarded runs', async () => {
    const ws = await api.createWorkspace('payments-dev');
    await api.uploadConfiguration(ws.id);
    const failing = await api.createRun(ws.id, { message: 'force-error' });
    await api.waitForRun(failing.id, r => r.attributes.status === 'errored');
    contract.check(
      'GET',
      '/runs/{run_id}',
      await api.call(
        'GET',
        `/runs/${failing.id}?include=plan,apply,cost_estimate`,
      ),
    );

    const discarded = await api.createRun(ws.id);
    await api.waitForRun(
      discarded.id,
      r => r.attributes.actions['is-confirmable'],
    );
    expect(
      (await api.call('POST', `/runs/${discarded.id}/actions/discard`)).status,
    ).toBe(202);
    contract.check(
      'GET',
      '/runs/{run_id}',
      await api.call(
        'GET',
        `/runs/${discarded.id}?include=plan,apply,cost_estimate`,
      ),
    );
  });

  it('run lists with pagination', async () => {
    const ws = await api.createWorkspace('payments-dev');
    await api.uploadConfiguration(ws.id);
    for (let i = 0; i < 3; i++) {
      await api.createRun(ws.id);
    }

    for (const page of [1, 2]) {
      const answer = await api.call(
        'GET',
        `/workspaces/${ws.id}/runs?page%5Bnumber%5D=${page}&page%5Bsize%5D=2`,
      );
      expect(answer.body.meta.pagination['current-page']).toBe(page);
      contract.check('GET', '/workspaces/{workspace_id}/runs', answer);
    }
  });

  it('error documents: 401, 404, 422, 409, 429, 400', async () => {
    contract.check(
      'GET',
      '/organizations/{organization_name}',
      await api.call('GET', '/organizations/acme', undefined, { token: 'bad' }),
    );
    const missing = await api.call(
      'GET',
      '/organizations/acme/workspaces/nothing',
    );
    expect(missing.status).toBe(404);
    contract.check(
      'GET',
      '/organizations/{organization_name}/workspaces/{workspace_name}',
      missing,
    );

    const ws = await api.createWorkspace('payments-dev');
    const duplicate = await api.call('POST', '/organizations/acme/workspaces', {
      data: { type: 'workspaces', attributes: { name: 'payments-dev' } },
    });
    expect(duplicate.status).toBe(422);
    contract.check(
      'POST',
      '/organizations/{organization_name}/workspaces',
      duplicate,
    );

    await api.uploadConfiguration(ws.id);
    const run = await api.createRun(ws.id);
    const notConfirmable = await api.call(
      'POST',
      `/runs/${run.id}/actions/apply`,
    );
    expect(notConfirmable.status).toBe(409);
    contract.check('POST', '/runs/{run_id}/actions/apply', notConfirmable);

    const badInclude = await api.call('GET', `/runs/${run.id}?include=bogus`);
    expect(badInclude.status).toBe(400);
    contract.check('GET', '/runs/{run_id}', badInclude);

    let limited: ApiAnswer | undefined;
    for (let i = 0; i < 31 && limited?.status !== 429; i++) {
      limited = await api.call('GET', `/workspaces/${ws.id}/runs`);
    }
    expect(limited?.status).toBe(429);
    contract.check('GET', '/workspaces/{workspace_id}/runs', limited!);
  });
});
