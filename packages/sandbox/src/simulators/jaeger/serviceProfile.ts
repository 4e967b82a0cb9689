import { JaegerOperation, SPAN_KIND } from '@internal/api-jaeger';
import { Environment, World } from '../../world/World';
import { KubeObject } from '../../world/ClusterWorkloads';
import {
  deployedService,
  safeObjects,
  workloadsOf,
} from '../prometheus/deployedServices';
import { hash32 } from '../prometheus/seededRandom';

/** An HTTP route a service serves; each trace is one request to one route. */
export interface Route {
  method: 'GET' | 'POST';
  route: string;
}

/** A span a request makes below its server span, decided by the service's tags. */
export interface ChildSpec {
  name: string;
  kind: number;
  /** The instrumentation library that records it. */
  scope: { name: string; version: string };
  attributes: Record<string, string>;
  /** Share of the request's duration it takes. */
  share: [number, number];
}

/** What a service looks like in traces: its routes and what it calls. */
export interface ServiceProfile {
  service: string;
  system: string;
  /** `payments-api` -> `payments`: the noun of its routes, tables and queues. */
  resource: string;
  tags: string[];
  routes: Route[];
  /** Where it runs, so where it has traces. */
  environments: Environment[];
}

export const HTTP_SCOPE = {
  name: '@opentelemetry/instrumentation-http',
  version: '0.57.2',
};
const PG_SCOPE = {
  name: '@opentelemetry/instrumentation-pg',
  version: '0.51.1',
};
const REDIS_SCOPE = {
  name: '@opentelemetry/instrumentation-ioredis',
  version: '0.47.1',
};
const SQS_SCOPE = {
  name: '@opentelemetry/instrumentation-aws-sdk',
  version: '0.49.1',
};

/**
 * The profile of a deployed service (see `deployedServices.ts`); undefined
 * for services that neither the World has nor any cluster runs.
 */
export function profileOf(
  world: World,
  service: string,
): ServiceProfile | undefined {
  const known = deployedService(world, service);
  if (!known) {
    return undefined;
  }
  const resource =
    service.replace(/-(api|service|web|worker|detector)$/, '') || service;
  return {
    service,
    system: known.system,
    resource,
    tags: tagsOf(world, service, known.generated),
    environments: known.environments,
    routes: [
      { method: 'GET', route: `/${resource}` },
      { method: 'GET', route: `/${resource}/{id}` },
      { method: 'POST', route: `/${resource}` },
    ],
  };
}

/** What one request to `route` calls, in order. */
export function childSpecs(
  profile: ServiceProfile,
  route: Route,
  environment: string,
): ChildSpec[] {
  const table = profile.resource.replace(/-/g, '_');
  const children: ChildSpec[] = [];
  if (profile.tags.includes('redis') && route.method === 'GET') {
    children.push({
      name: 'GET',
      kind: SPAN_KIND.CLIENT,
      scope: REDIS_SCOPE,
      attributes: {
        'db.system.name': 'redis',
        'db.operation.name': 'GET',
        'db.query.text': `GET ${profile.resource}:?`,
        'server.address': `${profile.system}-cache.${environment}.internal`,
      },
      share: [0.01, 0.05],
    });
  }
  if (profile.tags.includes('postgres')) {
    const operation = route.method === 'GET' ? 'SELECT' : 'INSERT';
    children.push({
      name: `${operation} ${table}`,
      kind: SPAN_KIND.CLIENT,
      scope: PG_SCOPE,
      attributes: {
        'db.system.name': 'postgresql',
        'db.namespace': table,
        'db.operation.name': operation,
        'db.collection.name': table,
        'db.query.text':
          operation === 'SELECT'
            ? `SELECT * FROM ${table} WHERE id = $1`
            : `INSERT INTO ${table} (id, payload) VALUES ($1, $2)`,
        'server.address': `${profile.service}-db.${environment}.internal`,
      },
      share: [0.2, 0.6],
    });
  }
  if (profile.tags.includes('sqs') && route.method === 'POST') {
    const queue = `${profile.resource}-events`;
    children.push({
      name: `send ${queue}`,
      kind: SPAN_KIND.PRODUCER,
      scope: SQS_SCOPE,
      attributes: {
        'messaging.system': 'aws_sqs',
        'messaging.operation.type': 'send',
        'messaging.destination.name': queue,
      },
      share: [0.03, 0.1],
    });
  }
  return children;
}

/** Every span name of a service with its kind, as Jaeger's operations index has them. */
export function operationsOf(profile: ServiceProfile): JaegerOperation[] {
  const kinds: Record<number, string> = {
    [SPAN_KIND.SERVER]: 'server',
    [SPAN_KIND.CLIENT]: 'client',
    [SPAN_KIND.PRODUCER]: 'producer',
  };
  const operations = new Map<string, JaegerOperation>();
  for (const route of profile.routes) {
    const server = `${route.method} ${route.route}`;
    operations.set(server, { name: server, spanKind: 'server' });
    // The environment only changes attributes, never span names.
    for (const child of childSpecs(profile, route, 'prod')) {
      operations.set(child.name, {
        name: child.name,
        spanKind: kinds[child.kind],
      });
    }
  }
  return [...operations.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The variable by which a container is told where a tier is. */
const TIER_ENV = {
  postgres: 'DATABASE_HOST',
  redis: 'REDIS_HOST',
  sqs: 'SQS_QUEUE_URL',
} as const;

const POD_OWNERS = ['Rollout', 'Deployment', 'StatefulSet'];

/**
 * What a service talks to: the catalog's tags for the sample services; for
 * the others what their deployment says (the chart wires `DATABASE_HOST`,
 * `REDIS_HOST` and `SQS_QUEUE_URL` for the tiers it was created with);
 * seeded services whose deployment says nothing get a stable mix.
 */
function tagsOf(world: World, service: string, generated: boolean): string[] {
  const catalogTags = world.tagsOf(service);
  if (catalogTags.length) {
    return catalogTags;
  }
  const env = containerEnvOf(world, service);
  if (env) {
    return Object.entries(TIER_ENV)
      .filter(([, variable]) => env.has(variable))
      .map(([tag]) => tag);
  }
  return generated ? generatedTags(service) : [];
}

/**
 * The env variable names of the service's containers in any cluster, or
 * undefined when no pod template of it declares any (a deployer that
 * renders no env, as the invented Rollouts of seeded services).
 */
function containerEnvOf(
  world: World,
  service: string,
): Set<string> | undefined {
  const names = new Set<string>();
  for (const { workload } of workloadsOf(world, service)) {
    for (const object of safeObjects(workload)) {
      for (const variable of envOf(object)) {
        names.add(variable);
      }
    }
  }
  return names.size ? names : undefined;
}

function envOf(object: KubeObject): string[] {
  if (!POD_OWNERS.includes(object.kind)) {
    return [];
  }
  const spec = object.spec as
    | { template?: { spec?: { containers?: { env?: { name?: string }[] }[] } } }
    | undefined;
  return (spec?.template?.spec?.containers ?? []).flatMap(c =>
    (c.env ?? []).flatMap(e => (e.name ? [e.name] : [])),
  );
}

/** Generated services have no catalog tags: give each a stable mix of backends. */
function generatedTags(service: string): string[] {
  const h = hash32('tags', service);
  return [
    'postgres',
    ...(h % 2 ? ['redis'] : []),
    ...(h % 3 === 0 ? ['sqs'] : []),
  ];
}
