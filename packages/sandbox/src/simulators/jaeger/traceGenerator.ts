import {
  OtlpKeyValue,
  OtlpResourceSpans,
  OtlpSpan,
  SPAN_KIND,
  STATUS_CODE,
} from '@internal/api-jaeger';
import { Environment, ENVIRONMENTS, World } from '../../world/World';
import {
  hash32,
  K8S_SAFE,
  randomHex,
  seededRandom,
  stableId,
} from '../prometheus/seededRandom';
import { deployedServices } from '../prometheus/deployedServices';
import { revisionsAt } from '../prometheus/serviceHealth';
import { childSpecs, HTTP_SCOPE, ServiceProfile } from './serviceProfile';

/**
 * How often a sampled trace of a service starts, per environment: trace
 * slots are fixed in time, so a trace id always means the same trace.
 */
export const TRACE_PERIOD_MS: Record<Environment, number> = {
  prod: 5_000,
  staging: 20_000,
  dev: 60_000,
};

/** A trace of one request to one service, with its resource and spans. */
export interface GeneratedTrace {
  traceId: string;
  /** Start of the root span, ms since the epoch. */
  startMs: number;
  resourceSpans: OtlpResourceSpans;
}

/** A slot's trace starts in the first 90 % of the slot while all of it is served. */
const SAMPLED_SHARE = 0.9;

/**
 * The trace of `service` in `environment` in time slot `slot` (start =
 * slot * period): its revision is drawn by the revisions' traffic shares at
 * that time, and it fails as often as that revision's error ratio says.
 * Undefined when nothing serves the environment during the slot (nothing
 * deployed yet); a slot in which something starts serving has its trace in
 * the part that is served, so a first deploy's first minute has a trace.
 */
export function traceAt(
  world: World,
  profile: ServiceProfile,
  environment: Environment,
  slot: number,
): GeneratedTrace | undefined {
  const { service } = profile;
  const random = seededRandom('trace', service, environment, slot);
  const startMs = startInSlot(world, service, environment, slot, random());
  if (startMs === undefined) {
    return undefined;
  }
  const revisions = revisionsAt(world, service, environment, startMs);
  if (!revisions.length) {
    return undefined;
  }
  const revision = pickByTraffic(revisions, random());
  const failed = random() < revision.errorRatio;
  const route = profile.routes[Math.floor(random() * profile.routes.length)];
  // Most requests are well below the 95th percentile, a few above it.
  const draw = random();
  const durationMs =
    draw < 0.95
      ? revision.latencyP95 * 1000 * (0.2 + 0.8 * (draw / 0.95) ** 3)
      : revision.latencyP95 * 1000 +
        (revision.latencyP99 - revision.latencyP95) *
          1000 *
          ((draw - 0.95) / 0.05);

  const traceId = traceIdOf(service, environment, slot, random);
  const startUs = startMs * 1000 + Math.floor(random() * 1000);
  const durationUs = Math.max(200, Math.round(durationMs * 1000));
  const rootId = randomHex(random, 8);
  const id = /\{id\}/.test(route.route)
    ? String(100000 + Math.floor(random() * 900000))
    : undefined;
  const root: OtlpSpan = {
    traceId,
    spanId: rootId,
    name: `${route.method} ${route.route}`,
    kind: SPAN_KIND.SERVER,
    startTimeUnixNano: nanos(startUs),
    endTimeUnixNano: nanos(startUs + durationUs),
    attributes: attributes({
      'http.request.method': route.method,
      'http.route': route.route,
      'url.path': id ? route.route.replace('{id}', id) : route.route,
      'url.scheme': 'http',
      'server.address': `${service}.${service}-${environment}.svc`,
      'network.protocol.version': '1.1',
      'http.response.status_code': failed ? 500 : successStatus(route.method),
      ...(failed ? { 'error.type': '500' } : {}),
    }),
    status: failed ? { code: STATUS_CODE.ERROR } : {},
  };

  const specs = childSpecs(profile, route, environment);
  // The call that broke the request: the database if there is one.
  const culprit = failed
    ? specs.find(s => s.attributes['db.system.name'] === 'postgresql') ??
      specs[0]
    : undefined;
  let cursorUs = startUs + Math.round(durationUs * 0.05);
  const children = specs.map(spec => {
    const share = spec.share[0] + random() * (spec.share[1] - spec.share[0]);
    const childUs = Math.max(50, Math.round(durationUs * share));
    const span: OtlpSpan = {
      traceId,
      spanId: randomHex(random, 8),
      parentSpanId: rootId,
      name: spec.name,
      kind: spec.kind,
      startTimeUnixNano: nanos(cursorUs),
      endTimeUnixNano: nanos(cursorUs + childUs),
      attributes: attributes(spec.attributes),
      status: spec === culprit ? errorStatus(spec.name) : {},
      ...(spec === culprit
        ? { events: [exceptionEvent(spec.name, cursorUs + childUs)] }
        : {}),
    };
    cursorUs += childUs + Math.round(durationUs * 0.02);
    return { scope: spec.scope, span };
  });

  const pod = stableId(
    K8S_SAFE,
    5,
    'pod',
    service,
    environment,
    revision.revision,
    Math.floor(random() * 3),
  );
  const scopes = [
    { scope: HTTP_SCOPE, spans: [root] },
    ...children.map(c => ({ scope: c.scope, spans: [c.span] })),
  ];
  return {
    traceId,
    startMs,
    resourceSpans: {
      resource: {
        attributes: attributes({
          'service.name': service,
          'service.namespace': profile.system,
          'deployment.environment.name': environment,
          'k8s.namespace.name': `${service}-${environment}`,
          'k8s.pod.name': `${service}-${revision.revision}-${pod}`,
          'k8s.pod.labels.rollouts-pod-template-hash': revision.revision,
          'telemetry.sdk.language': 'nodejs',
          'telemetry.sdk.name': 'opentelemetry',
        }),
      },
      scopeSpans: scopes,
    },
  };
}

/**
 * Where in its slot a trace starts (`draw` in [0, 1)): anywhere in the
 * sampled part of the slot while something serves all of it; else soon
 * after the served part begins (the first requests reach the pods as soon
 * as they are ready: a first deploy's trace is there within seconds, not
 * up to a period later); undefined when nothing serves any of it.
 */
function startInSlot(
  world: World,
  service: string,
  environment: Environment,
  slot: number,
  draw: number,
): number | undefined {
  const period = TRACE_PERIOD_MS[environment];
  const start = slot * period;
  const sampledEnd = start + period * SAMPLED_SHARE;
  // From just before the slot: whether it served already when the slot began.
  const spans = world.servingSpans(
    service,
    environment,
    start - 1,
    start + period,
  );
  const [first] = spans;
  if (first && first[0] === start - 1 && first[1] >= sampledEnd) {
    return start + Math.floor(draw * period * SAMPLED_SHARE); // as ever
  }
  if (first && first[0] === start - 1) {
    first[0] = start;
  }
  const served = spans.reduce((sum, [a, b]) => sum + (b - a), 0);
  let offset = draw * Math.min(served, period * (1 - SAMPLED_SHARE));
  for (const [a, b] of spans) {
    if (offset < b - a) {
      return Math.floor(a + offset);
    }
    offset -= b - a;
  }
  return undefined;
}

/**
 * The trace slots of a service in an environment that may hold a trace
 * starting in [startMs, endMs): those in which something serves, newest
 * first (or oldest first), so a search spends its scan on times with
 * requests and an environment where nothing is deployed costs nothing.
 */
export function* servedSlots(
  world: World,
  service: string,
  environment: Environment,
  startMs: number,
  endMs: number,
  order: 'newest' | 'oldest' = 'newest',
): Generator<number> {
  const period = TRACE_PERIOD_MS[environment];
  const first = Math.floor(startMs / period);
  const last = Math.floor((endMs - 1) / period);
  if (first > last) {
    return;
  }
  // Slot ranges, oldest first, merged where they touch.
  const ranges: Array<[number, number]> = [];
  for (const [a, b] of world.servingSpans(
    service,
    environment,
    first * period,
    (last + 1) * period,
  )) {
    const lo = Math.max(first, Math.floor(a / period));
    const hi = Math.min(last, Math.floor((b - 1) / period));
    const previous = ranges[ranges.length - 1];
    if (previous && lo <= previous[1] + 1) {
      previous[1] = Math.max(previous[1], hi);
    } else if (lo <= hi) {
      ranges.push([lo, hi]);
    }
  }
  if (order === 'oldest') {
    for (const [lo, hi] of ranges) {
      for (let slot = lo; slot <= hi; slot++) yield slot;
    }
    return;
  }
  for (let i = ranges.length - 1; i >= 0; i--) {
    const [lo, hi] = ranges[i];
    for (let slot = hi; slot >= lo; slot--) yield slot;
  }
}

/**
 * Where a trace id came from: ids are `slot (8 hex) + service/environment
 * hash (8 hex) + random (16 hex)`, so any id the simulator ever gave out can
 * be generated again, even after a restart.
 */
export function decodeTraceId(
  world: World,
  traceId: string,
): { service: string; environment: Environment; slot: number } | undefined {
  const slot = parseInt(traceId.slice(0, 8), 16);
  const key = parseInt(traceId.slice(8, 16), 16);
  for (const { name } of deployedServices(world)) {
    for (const environment of ENVIRONMENTS) {
      if (hash32('trace-key', name, environment) === key) {
        return { service: name, environment, slot };
      }
    }
  }
  return undefined;
}

/** The string form of an attribute value, for Jaeger's attribute filter. */
export function attributeText(attribute: OtlpKeyValue): string {
  const v = attribute.value;
  return String(
    v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue ?? '',
  );
}

function traceIdOf(
  service: string,
  environment: Environment,
  slot: number,
  random: () => number,
): string {
  const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${hex8(slot)}${hex8(
    hash32('trace-key', service, environment),
  )}${randomHex(random, 8)}`;
}

function successStatus(method: string): number {
  return method === 'POST' ? 201 : 200;
}

function pickByTraffic<T extends { requestRate: number }>(
  revisions: T[],
  draw: number,
): T {
  const total = revisions.reduce((sum, r) => sum + r.requestRate, 0);
  let threshold = draw * total;
  for (const revision of revisions) {
    threshold -= revision.requestRate;
    if (threshold < 0) {
      return revision;
    }
  }
  return revisions[revisions.length - 1];
}

function attributes(values: Record<string, string | number>): OtlpKeyValue[] {
  return Object.entries(values).map(([key, value]) => ({
    key,
    value:
      typeof value === 'number'
        ? { intValue: String(value) }
        : { stringValue: value },
  }));
}

function nanos(us: number): string {
  return (BigInt(us) * 1000n).toString();
}

function errorStatus(name: string) {
  return {
    code: STATUS_CODE.ERROR,
    message: name.startsWith('GET')
      ? 'Connection is closed.'
      : 'canceling statement due to statement timeout',
  };
}

function exceptionEvent(name: string, atUs: number) {
  const { message } = errorStatus(name);
  return {
    timeUnixNano: nanos(atUs),
    name: 'exception',
    attributes: attributes({
      'exception.type': 'Error',
      'exception.message': message,
    }),
  };
}
