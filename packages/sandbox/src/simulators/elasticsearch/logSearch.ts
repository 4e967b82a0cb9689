import { Environment, ENVIRONMENTS, World } from '../../world/World';
import { deployedServices } from '../prometheus/deployedServices';
import { profileOf, ServiceProfile } from '../jaeger/serviceProfile';
import {
  decodeTraceId,
  servedSlots,
  TRACE_PERIOD_MS,
} from '../jaeger/traceGenerator';
import {
  illegalArgument,
  indexNotFound,
  parsingError,
  shardFailure,
} from './esErrors';
import {
  indexOf,
  LogDoc,
  logsOfSlot,
  MAX_LINE_OFFSET_MS,
} from './logGenerator';
import { CompiledQuery, MAPPING, valuesOf, wildcard } from './queryDsl';

/** Days of logs the cluster keeps (its ILM policy deletes older indices). */
export const RETENTION_DAYS = 7;
/**
 * A search generates at most this many request slots (a few lines each);
 * past it, it answers what it found with `timed_out: true`, as a search
 * that ran into its timeout does.
 */
export const MAX_SCANNED_SLOTS = 50_000;
const DAY_MS = 86_400_000;
export const MAX_RESULT_WINDOW = 10_000;

export interface SortSpec {
  field: string;
  order: 'asc' | 'desc';
}

/** The indices that exist now: one per environment and day of retention. */
export function existingIndices(now: number): string[] {
  const today = Math.floor(now / DAY_MS);
  return ENVIRONMENTS.flatMap(env =>
    Array.from({ length: RETENTION_DAYS + 1 }, (_, i) =>
      indexOf(env, (today - RETENTION_DAYS + i) * DAY_MS),
    ),
  );
}

/** The indices an index expression (`logs-prod-*,logs-dev-2026.03.02`) names. */
export function resolveIndices(
  expression: string,
  now: number,
  ignoreUnavailable: boolean,
): Set<string> {
  const all = existingIndices(now);
  const selected = new Set<string>();
  for (const part of expression.split(',').map(p => p.trim())) {
    if (!part) {
      continue;
    }
    if (part === '_all' || part === '*') {
      all.forEach(i => selected.add(i));
    } else if (part.includes('*')) {
      const pattern = wildcard(part);
      all.filter(i => pattern.test(i)).forEach(i => selected.add(i));
    } else if (all.includes(part)) {
      selected.add(part);
    } else if (!ignoreUnavailable) {
      throw indexNotFound(part);
    }
  }
  return selected;
}

/** The time ranges of an environment's selected daily indices. */
function daysOf(
  indices: Set<string>,
  environment: string,
): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const index of indices) {
    const m = /^logs-(\w+)-(\d{4})\.(\d\d)\.(\d\d)$/.exec(index);
    if (m && m[1] === environment) {
      const start = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]));
      ranges.push([start, start + DAY_MS - 1]);
    }
  }
  return ranges;
}

export interface Scan {
  scanned: number;
  timedOut: boolean;
}

/** The streams (service, environment, time bounds) that can hold a match. */
function streamsOf(
  world: World,
  indices: Set<string>,
  query: CompiledQuery,
  now: number,
): Array<{
  profile: ServiceProfile;
  environment: Environment;
  lo: number;
  hi: number;
  slots?: number[];
}> {
  const c = query.constraints;
  let services: string[];
  let slotsByKey: Map<string, number[]> | undefined;
  if (c.traceIds) {
    // A trace id says where and when: only that request's lines can match.
    slotsByKey = new Map();
    for (const id of c.traceIds) {
      const origin = /^[0-9a-f]{32}$/.test(id)
        ? decodeTraceId(world, id)
        : undefined;
      if (origin) {
        const key = `${origin.service}\u0000${origin.environment}`;
        slotsByKey.set(key, [...(slotsByKey.get(key) ?? []), origin.slot]);
      }
    }
    services = [
      ...new Set([...slotsByKey.keys()].map(k => k.split('\u0000')[0])),
    ];
  } else if (c.services) {
    services = [...c.services];
  } else {
    services = deployedServices(world).map(s => s.name);
  }
  const streams = [];
  for (const service of services) {
    const profile = profileOf(world, service);
    if (!profile) {
      continue;
    }
    for (const environment of profile.environments) {
      if (c.namespaces && !c.namespaces.has(`${service}-${environment}`)) {
        continue;
      }
      const slots = slotsByKey?.get(`${service}\u0000${environment}`);
      if (slotsByKey && !slots) {
        continue;
      }
      const days = daysOf(indices, environment);
      if (!days.length) {
        continue;
      }
      const lo = Math.max(c.minTs, Math.min(...days.map(d => d[0])));
      const hi = Math.min(c.maxTs, now, Math.max(...days.map(d => d[1])));
      if (lo <= hi) {
        streams.push({ profile, environment, lo, hi, slots });
      }
    }
  }
  return streams;
}

/**
 * The documents of one service in one environment with @timestamp in
 * [lo, hi], in time order (ties by doc), generated slot by slot: a slot's
 * lines land within MAX_LINE_OFFSET_MS of its start, so what is buffered
 * beyond that mark is final.
 */
function* stream(
  world: World,
  s: {
    profile: ServiceProfile;
    environment: Environment;
    lo: number;
    hi: number;
    slots?: number[];
  },
  indices: Set<string>,
  desc: boolean,
  scan: Scan,
): Generator<LogDoc> {
  const period = TRACE_PERIOD_MS[s.environment];
  const first = Math.floor((s.lo - MAX_LINE_OFFSET_MS) / period);
  const last = Math.floor(s.hi / period);
  // Only the slots in which something serves: where nothing is deployed
  // there are no lines, and scanning them would use up the search.
  const slots: Iterable<number> = s.slots
    ? [...s.slots]
        .filter(x => x >= first && x <= last)
        .sort((a, b) => (desc ? b - a : a - b))
    : servedSlots(
        world,
        s.profile.service,
        s.environment,
        first * period,
        (last + 1) * period,
        desc ? 'newest' : 'oldest',
      );
  const order = (a: LogDoc, b: LogDoc) =>
    desc ? b.ts - a.ts || b.doc - a.doc : a.ts - b.ts || a.doc - b.doc;
  let buffer: LogDoc[] = [];
  for (const slot of slots) {
    if (scan.scanned >= MAX_SCANNED_SLOTS) {
      scan.timedOut = true;
      break;
    }
    scan.scanned++;
    for (const doc of logsOfSlot(world, s.profile, s.environment, slot)) {
      if (doc.ts >= s.lo && doc.ts <= s.hi && indices.has(doc._index)) {
        buffer.push(doc);
      }
    }
    const mark = desc
      ? slot * period + MAX_LINE_OFFSET_MS
      : (slot + 1) * period;
    const ready = buffer.filter(d => (desc ? d.ts >= mark : d.ts < mark));
    if (ready.length) {
      buffer = buffer.filter(d => (desc ? d.ts < mark : d.ts >= mark));
      yield* ready.sort(order);
    }
  }
  yield* buffer.sort(order);
}

/** Every matching document in (ts, doc) order, merged across streams. */
export function* matchingDocs(
  world: World,
  indices: Set<string>,
  query: CompiledQuery,
  now: number,
  desc: boolean,
  scan: Scan,
): Generator<LogDoc> {
  const generators = streamsOf(world, indices, query, now).map(s =>
    stream(world, s, indices, desc, scan),
  );
  const heads = generators.map(g => g.next());
  const before = (a: LogDoc, b: LogDoc) =>
    desc
      ? a.ts > b.ts || (a.ts === b.ts && a.doc > b.doc)
      : a.ts < b.ts || (a.ts === b.ts && a.doc < b.doc);
  for (;;) {
    let best = -1;
    heads.forEach((h, i) => {
      if (
        !h.done &&
        (best < 0 || before(h.value, heads[best].value as LogDoc))
      ) {
        best = i;
      }
    });
    if (best < 0) {
      return;
    }
    const doc = heads[best].value as LogDoc;
    heads[best] = generators[best].next();
    if (query.matches(doc.source)) {
      yield doc;
    }
  }
}

/** `sort` as the search body gives it: a field, `{field: order}`, `{field: {order}}` or a list of those. */
export function parseSort(value: unknown): SortSpec[] {
  if (value === undefined) {
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map(item => {
    if (typeof item === 'string') {
      const [field, order] = item.split(':');
      return {
        field,
        order: orderOf(order ?? (field === '_score' ? 'desc' : 'asc')),
      };
    }
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const entries = Object.entries(item);
      if (entries.length !== 1) {
        throw parsingError('[sort] expected a single field per sort object');
      }
      const [field, spec] = entries[0];
      if (typeof spec === 'string') {
        return { field, order: orderOf(spec) };
      }
      if (spec && typeof spec === 'object') {
        const order = (spec as { order?: unknown }).order;
        return { field, order: orderOf(order ?? 'asc') };
      }
    }
    throw parsingError(
      '[sort] malformed sort format, within the sort array, an object, or an actual string are allowed',
    );
  });
}

function orderOf(value: unknown): 'asc' | 'desc' {
  const order = String(value).toLowerCase();
  if (order !== 'asc' && order !== 'desc') {
    throw illegalArgument(`Unknown SortOrder [${String(value)}]`);
  }
  return order;
}

/** The sort value of a document for one sort field (dates in epoch millis). */
export function sortValue(doc: LogDoc, field: string): string | number | null {
  if (field === '_doc') {
    return doc.doc;
  }
  if (field === '_score') {
    return null;
  }
  const [value] = valuesOf(doc.source, field);
  if (value === undefined) {
    return null;
  }
  switch (MAPPING[field]) {
    case 'date':
      return Date.parse(String(value));
    case 'long':
      return Number(value);
    default:
      return String(value);
  }
}

export function checkSortable(sort: SortSpec[], unmappedTypes: Set<string>) {
  for (const { field } of sort) {
    if (field === '_doc' || field === '_score' || unmappedTypes.has(field)) {
      continue;
    }
    const type = MAPPING[field];
    if (!type) {
      throw shardFailure(`No mapping found for [${field}] in order to sort on`);
    }
    if (type === 'text') {
      throw illegalArgument(
        `Fielddata is disabled on [${field}] in [logs]. Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead.`,
      );
    }
  }
}

/** Compares sort tuples in the sort's orders; missing values last. */
export function compareTuples(
  a: Array<string | number | null>,
  b: Array<string | number | null>,
  sort: SortSpec[],
): number {
  for (let i = 0; i < sort.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const cmp = x < y ? -1 : 1;
    return sort[i].order === 'desc' ? -cmp : cmp;
  }
  return 0;
}
