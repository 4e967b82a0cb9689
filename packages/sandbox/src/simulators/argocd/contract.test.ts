import { targetPaths } from '@backstage/cli-common';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';
import { ArgoCDTestSandbox, startArgoCDTestSandbox } from './argocdTestSandbox';

/*
 * The simulator's real answers against the contracts: Argo CD's swagger
 * (shared/specs/argocd-swagger.json) and the Argo Rollouts v1.9.1 CRDs.
 * The specs sit beside the repository (CI checks `shared/` out next to it).
 *
 * Both contracts leave objects open (no `additionalProperties: false`), but
 * the real servers never send unknown fields: Argo CD is Go (encoding/json
 * emits only declared fields) and Kubernetes prunes fields a CRD schema does
 * not declare. So objects are closed here, which catches a misspelt or
 * invented field — the mistake a simulator is most likely to make.
 */

const specPath = (...parts: string[]) =>
  path.resolve(targetPaths.rootDir, '..', 'shared', 'specs', ...parts);

type Schema = Record<string, any>;

/** Closes every object schema that declares properties (see above). */
function closeObjects(schema: unknown): void {
  if (Array.isArray(schema)) {
    schema.forEach(closeObjects);
    return;
  }
  if (!schema || typeof schema !== 'object') {
    return;
  }
  const node = schema as Schema;
  if (
    node.properties &&
    node.additionalProperties === undefined &&
    !node['x-kubernetes-preserve-unknown-fields']
  ) {
    node.additionalProperties = false;
  }
  Object.values(node).forEach(closeObjects);
}

function swaggerValidators() {
  const swagger = JSON.parse(
    fs.readFileSync(specPath('argocd-swagger.json'), 'utf8'),
  );
  const definitions: Record<string, Schema> = structuredClone(
    swagger.definitions,
  );
  // ResourceNode extends ResourceRef with allOf; closing both halves would
  // make each reject the other's fields, so the parent's fields move in.
  for (const definition of Object.values(definitions)) {
    for (const part of definition.allOf ?? []) {
      const parent =
        definitions[String(part.$ref).replace('#/definitions/', '')];
      definition.properties = {
        ...parent.properties,
        ...definition.properties,
      };
    }
    delete definition.allOf;
  }
  closeObjects(definitions);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'argocd', definitions });
  const cache = new Map<string, ValidateFunction>();
  return {
    definitions: swagger.definitions as Record<string, Schema>,
    validator(name: string): ValidateFunction {
      if (!swagger.definitions[name]) {
        throw new Error(`the swagger has no definition ${name}`);
      }
      if (!cache.has(name)) {
        cache.set(name, ajv.getSchema(`argocd#/definitions/${name}`)!);
      }
      return cache.get(name)!;
    },
  };
}

function crdValidators() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const byKind = new Map<string, ValidateFunction>();
  for (const file of [
    'rollout-crd-v1.9.1.yaml',
    'analysis-run-crd-v1.9.1.yaml',
    'analysis-template-crd-v1.9.1.yaml',
  ]) {
    const crd = yaml.load(
      fs.readFileSync(specPath('argo-rollouts', file), 'utf8'),
    ) as Schema;
    const version = crd.spec.versions.find(
      (v: Schema) => v.name === 'v1alpha1',
    );
    const schema = structuredClone(version.schema.openAPIV3Schema);
    closeObjects(schema);
    byKind.set(crd.spec.names.kind, ajv.compile(schema));
  }
  return (kind: string) => byKind.get(kind)!;
}

const swagger = swaggerValidators();
const crd = crdValidators();

/** What is wrong with `value` by `validate`, one line per error; empty when valid. */
function problems(
  validate: ValidateFunction,
  value: unknown,
  what: string,
): string[] {
  if (validate(value)) {
    return [];
  }
  return (validate.errors ?? []).map(
    e =>
      `${what}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(
        e.params,
      )}`,
  );
}

describe('the contract validators', () => {
  // Without these, a validator that accepts everything would pass every test.
  const app = {
    metadata: { name: 'a' },
    status: {
      history: [{ id: 0, revision: 'abc', deployedAt: '2025-01-10T10:11:40Z' }],
    },
  };

  it('accept a well-formed application', () => {
    expect(swagger.validator('v1alpha1Application')(app)).toBe(true);
  });

  it.each([
    ['an unknown field', { ...app, status: { ...app.status, healthy: true } }],
    ['a string id', { ...app, status: { history: [{ id: '0' }] } }],
    [
      'a malformed time',
      { ...app, status: { history: [{ deployedAt: 'yesterday' }] } },
    ],
    [
      'apiVersion (not part of the swagger)',
      { ...app, apiVersion: 'argoproj.io/v1alpha1' },
    ],
  ])('reject an application with %s', (_what, value) => {
    expect(swagger.validator('v1alpha1Application')(value)).toBe(false);
  });

  it('reject a Rollout with a misspelt or mistyped field', () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: {},
      spec: {},
    };
    expect(crd('Rollout')(rollout)).toBe(true);
    expect(
      crd('Rollout')({ ...rollout, status: { currentStepIndex: '1' } }),
    ).toBe(false);
    expect(
      crd('Rollout')({
        ...rollout,
        spec: { strategy: { canary: { stepz: [] } } },
      }),
    ).toBe(false);
    expect(
      crd('AnalysisRun')({
        ...rollout,
        kind: 'AnalysisRun',
        status: { phase: 'Running' },
      }),
    ).toBe(false);
  });
});

describe('api-argocd types', () => {
  // The contract's types are the swagger's definitions, generated, exported
  // under the definitions' names (so each can be found in the swagger by
  // name); their fields are the definitions' own by generation
  // (scripts/contracts-current.sh checks the generated file is current).
  const source = fs.readFileSync(
    path.resolve(
      targetPaths.rootDir,
      'packages',
      'api-argocd',
      'src',
      'argocd.ts',
    ),
    'utf8',
  );
  const aliases = [
    ...source.matchAll(/^export type (\w+) = Schemas\['(\w+)'\];$/gm),
  ];

  it('declares types', () => {
    expect(aliases.length).toBeGreaterThan(40);
  });

  it.each(aliases.map(m => [m[1], m[2]]))(
    '%s is its definition',
    (name, definitionName) => {
      expect(definitionName).toBe(name);
      expect(swagger.definitions[name]).toBeDefined();
    },
  );
});

describe('the Argo CD simulator against the contracts', () => {
  let t: ArgoCDTestSandbox;
  const APPS = '/argocd/api/v1/applications';

  beforeAll(async () => {
    t = await startArgoCDTestSandbox();
  });

  afterAll(() => t.close());

  beforeEach(async () => {
    await t.call('POST', '/admin/reset');
  });

  const resourcePath = (app: string, node: Schema) =>
    `${APPS}/${app}/resource?${new URLSearchParams({
      group: node.group ?? '',
      version: node.version,
      kind: node.kind,
      namespace: node.namespace,
      resourceName: node.name,
    })}`;

  /** Everything wrong with what the simulator says about `app` in the world's current state. */
  async function applicationProblems(
    app: string,
    state: string,
  ): Promise<string[]> {
    const found: string[] = [];
    const got = await t.call('GET', `${APPS}/${app}`);
    found.push(
      ...problems(
        swagger.validator('v1alpha1Application'),
        got.body,
        `${state}: get ${app}`,
      ),
    );

    const tree = await t.call('GET', `${APPS}/${app}/resource-tree`);
    found.push(
      ...problems(
        swagger.validator('v1alpha1ApplicationTree'),
        tree.body,
        `${state}: tree of ${app}`,
      ),
    );

    const kinds = new Set<string>();
    for (const node of tree.body.nodes) {
      const resource = await t.call('GET', resourcePath(app, node));
      const what = `${state}: ${node.kind} ${node.name}`;
      found.push(
        ...problems(
          swagger.validator('applicationApplicationResourceResponse'),
          resource.body,
          what,
        ),
      );
      if (['Rollout', 'AnalysisRun', 'AnalysisTemplate'].includes(node.kind)) {
        kinds.add(node.kind);
        found.push(
          ...problems(
            crd(node.kind),
            JSON.parse(resource.body.manifest),
            `${what} manifest`,
          ),
        );
      }
    }
    if (kinds.size !== 3) {
      found.push(
        `${state}: expected a Rollout, an AnalysisRun and an AnalysisTemplate, got ${[
          ...kinds,
        ]}`,
      );
    }

    const rollout = tree.body.nodes.find((n: Schema) => n.kind === 'Rollout');
    const actions = await t.call(
      'GET',
      resourcePath(app, rollout).replace('/resource?', '/resource/actions?'),
    );
    found.push(
      ...problems(
        swagger.validator('applicationResourceActionsListResponse'),
        actions.body,
        `${state}: actions`,
      ),
    );
    return found;
  }

  async function listProblems(state: string): Promise<string[]> {
    const list = await t.call('GET', APPS);
    return problems(
      swagger.validator('v1alpha1ApplicationList'),
      list.body,
      `${state}: list`,
    );
  }

  const patch = (app: string, value: unknown) =>
    t.call('PATCH', `${APPS}/${app}`, {
      patch: JSON.stringify(value),
      patchType: 'merge',
    });

  it('at the start of the world, with seeded services', async () => {
    await t.call('POST', '/admin/seed', { services: 3 });
    expect([
      ...(await listProblems('start')),
      ...(await applicationProblems('payments-api-prod', 'start')),
      ...(await applicationProblems('svc-0002-dev', 'start')),
    ]).toEqual([]);
  });

  it('for an app derived from git: its render, a release analysed and aborted, and a ComparisonError', async () => {
    const repo = await t.createServiceRepo('orders', { environments: ['dev'] });
    await t.call('POST', '/argocd/api/v1/projects', {
      project: {
        metadata: { name: 'orders' },
        spec: {
          sourceRepos: ['*'],
          destinations: [{ name: '*', namespace: '*' }],
        },
      },
    });
    const create = (name: string, repoURL: string) =>
      t.call('POST', APPS, {
        metadata: { name, labels: { 'app.kubernetes.io/name': 'orders' } },
        spec: {
          project: 'orders',
          source: {
            repoURL,
            path: 'chart',
            targetRevision: 'main',
            helm: { releaseName: 'orders', valueFiles: ['values-dev.yaml'] },
          },
          destination: { name: 'dev', namespace: 'orders' },
          syncPolicy: { automated: { prune: true } },
        },
      });
    const created = await create('orders-dev', repo);
    const broken = await create('broken-dev', `${t.sandbox.url}/acme/x.git`);
    const found = [
      ...problems(
        swagger.validator('v1alpha1Application'),
        created.body,
        'create',
      ),
      ...problems(
        swagger.validator('v1alpha1Application'),
        broken.body,
        'broken',
      ),
    ];
    await t.release({ service: 'orders', environment: 'dev', bad: true });
    for (const [ticks, state] of [
      [3, 'git: analysis running'],
      [8, 'git: aborted'],
    ] as const) {
      await t.tick(ticks);
      found.push(...(await listProblems(state)));
      found.push(...(await applicationProblems('orders-dev', state)));
    }
    expect(found).toEqual([]);
    expect(broken.body.status.conditions[0].type).toBe('ComparisonError');
  }, 60_000);

  it('through a release: syncing, canary paused, analysing, promoted', async () => {
    await t.release({ service: 'cart-service', environment: 'dev' });
    const found: string[] = [];
    for (const [ticks, state] of [
      [1, 'sync running'],
      [1, 'canary at 10%'],
      [1, 'canary paused'],
      [4, 'analysis running'],
      [3, 'analysis done'],
      [7, 'promoted'],
    ] as const) {
      await t.tick(ticks);
      found.push(...(await listProblems(state)));
      found.push(...(await applicationProblems('cart-service-dev', state)));
    }
    expect(found).toEqual([]);
  });

  it('through a bad release, its abort, a rollback and a terminated sync', async () => {
    const found: string[] = [];
    await t.release({
      service: 'search-service',
      environment: 'staging',
      bad: true,
    });
    await t.tick(10);
    found.push(
      ...(await applicationProblems('search-service-staging', 'aborted')),
    );

    const suspended = await patch('search-service-staging', {
      spec: { syncPolicy: { automated: null } },
    });
    found.push(
      ...problems(
        swagger.validator('v1alpha1Application'),
        suspended.body,
        'patch response',
      ),
    );
    const { history } = (await t.call('GET', `${APPS}/search-service-staging`))
      .body.status;
    const rollback = await t.call(
      'POST',
      `${APPS}/search-service-staging/rollback`,
      {
        id: history[history.length - 2].id,
      },
    );
    found.push(
      ...problems(
        swagger.validator('v1alpha1Application'),
        rollback.body,
        'rollback response',
      ),
    );
    found.push(...(await listProblems('rolling back')));
    await t.tick();
    found.push(
      ...(await applicationProblems('search-service-staging', 'rolled back')),
    );

    const sync = await t.call(
      'POST',
      `${APPS}/search-service-staging/sync`,
      {},
    );
    found.push(
      ...problems(
        swagger.validator('v1alpha1Application'),
        sync.body,
        'sync response',
      ),
    );
    const terminate = await t.call(
      'DELETE',
      `${APPS}/search-service-staging/operation`,
    );
    found.push(
      ...problems(
        swagger.validator('applicationOperationTerminateResponse'),
        terminate.body,
        'terminate',
      ),
    );
    await t.tick();
    found.push(
      ...(await applicationProblems('search-service-staging', 'terminated')),
    );
    expect(found).toEqual([]);
  });

  it('for resource actions and sessions', async () => {
    const found: string[] = [];
    await t.release({ service: 'ledger-service', environment: 'prod' });
    await t.tick(3);
    for (const action of [
      'abort',
      'retry',
      'promote-full',
      'restart',
      'pause',
      'resume',
    ]) {
      const res = await t.call(
        'POST',
        `${APPS}/ledger-service-prod/resource/actions/v2`,
        {
          action,
          group: 'argoproj.io',
          kind: 'Rollout',
          version: 'v1alpha1',
          namespace: 'ledger-service',
          resourceName: 'ledger-service',
        },
      );
      found.push(
        ...problems(
          swagger.validator('applicationApplicationResponse'),
          res.body,
          action,
        ),
      );
      found.push(
        ...(await applicationProblems(
          'ledger-service-prod',
          `after ${action}`,
        )),
      );
    }
    const session = await t.call('POST', '/argocd/api/v1/session', {
      username: 'admin',
      password: 'sandbox',
    });
    found.push(
      ...problems(
        swagger.validator('sessionSessionResponse'),
        session.body,
        'session',
      ),
    );
    expect(found).toEqual([]);
  });

  it('for every kind of error', async () => {
    await t.call('POST', `${APPS}/cart-service-dev/sync`, {});
    const errors = [
      await t.call('GET', APPS, undefined, { auth: false }),
      await t.call('GET', `${APPS}/nope`),
      await t.call('GET', `${APPS}/nope?project=default`),
      await t.call('POST', `${APPS}/cart-service-prod/rollback`, { id: 0 }),
      await t.call('POST', `${APPS}/cart-service-dev/sync`, {}),
      await t.call('GET', `${APPS}?selector=${encodeURIComponent('a in b')}`),
      await t.call('POST', '/argocd/api/v1/session', {
        username: 'admin',
        password: 'x',
      }),
      await t.call('GET', '/argocd/api/v1/nothing-here'),
    ];
    expect(errors.map(e => e.status)).toEqual([
      401, 403, 404, 400, 400, 500, 401, 404,
    ]);
    expect(
      errors.flatMap(e =>
        problems(swagger.validator('runtimeError'), e.body, `${e.status}`),
      ),
    ).toEqual([]);
    // grpc-gateway v1 repeats the message as `error`, next to the gRPC code.
    expect(
      errors.filter(
        e => e.body.error !== e.body.message || typeof e.body.code !== 'number',
      ),
    ).toEqual([]);
  });
});
