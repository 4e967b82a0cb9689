import { illegalArgument, parsingError } from './esErrors';
import { matchesSimpleQuery, parseSimpleQuery } from './simpleQueryString';

/*
 * The query DSL subset a log search sends: bool (filter, must, should,
 * must_not, minimum_should_match), term, terms, range, exists, match_all,
 * match_none, match, simple_query_string; anything else is the parsing
 * error Elasticsearch gives. Each query compiles to a predicate over a
 * document's _source, plus what its required clauses say about the
 * documents' time, service and trace (so the simulator only generates the
 * documents that can match).
 */

export type FieldType = 'date' | 'keyword' | 'text' | 'long';

/** The index template of the log indices (ECS, as Fluent Bit ships it). */
export const MAPPING: Record<string, FieldType> = {
  '@timestamp': 'date',
  'log.level': 'keyword',
  'log.logger': 'keyword',
  message: 'text',
  'service.name': 'keyword',
  'service.environment': 'keyword',
  'kubernetes.namespace': 'keyword',
  'kubernetes.pod.name': 'keyword',
  'kubernetes.container.name': 'keyword',
  'kubernetes.labels.rollouts-pod-template-hash': 'keyword',
  'host.name': 'keyword',
  'trace.id': 'keyword',
  'span.id': 'keyword',
  'error.type': 'keyword',
  'error.message': 'text',
  'http.request.method': 'keyword',
  'http.response.status_code': 'long',
  'url.path': 'keyword',
  'event.duration': 'long',
};

/** What the required clauses of a query allow; undefined = anything. */
export interface Constraints {
  minTs: number;
  maxTs: number;
  services?: Set<string>;
  namespaces?: Set<string>;
  traceIds?: Set<string>;
}

export interface CompiledQuery {
  matches(source: Record<string, unknown>): boolean;
  constraints: Constraints;
}

type Predicate = (source: Record<string, unknown>) => boolean;

/** The values of a field (`a.b.c`) in _source, nested or with dotted keys. */
export function valuesOf(source: unknown, path: string): unknown[] {
  if (source === null || typeof source !== 'object') {
    return [];
  }
  const object = source as Record<string, unknown>;
  const found: unknown[] = [];
  if (path in object) {
    found.push(...flat(object[path]));
  }
  const parts = path.split('.');
  for (let i = 1; i < parts.length; i++) {
    const head = parts.slice(0, i).join('.');
    if (head in object) {
      found.push(...valuesOf(object[head], parts.slice(i).join('.')));
    }
  }
  return found;
}

function flat(value: unknown): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value.flatMap(flat) : [value];
}

/** Standard-analyzer-like tokens: lower case, split on what is not a word. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_.']+/u)
    .map(t => t.replace(/^[.']+|[.']+$/g, ''))
    .filter(Boolean);
}

export function compileQuery(query: unknown, now: number): CompiledQuery {
  const constraints: Constraints = { minTs: -Infinity, maxTs: Infinity };
  if (query === undefined) {
    return { matches: () => true, constraints };
  }
  const predicate = compile(query, now, constraints);
  return { matches: predicate, constraints };
}

function single(query: unknown, where: string): [string, unknown] {
  if (!query || typeof query !== 'object' || Array.isArray(query)) {
    throw parsingError(
      `[${where}] query malformed, no start_object after query name`,
    );
  }
  const entries = Object.entries(query);
  if (entries.length !== 1) {
    throw parsingError(
      entries.length
        ? `[${where}] query malformed, expected a single key, found [${entries
            .map(e => e[0])
            .join(', ')}]`
        : `query malformed, empty clause found at [1:1]`,
    );
  }
  return entries[0];
}

/**
 * Compiles one query; `required` is where constraints may be recorded (set
 * only for clauses every match must meet: bool.filter/must of a required query).
 */
function compile(
  query: unknown,
  now: number,
  required: Constraints | undefined,
): Predicate {
  const [type, body] = single(query, 'query');
  switch (type) {
    case 'match_all':
      return () => true;
    case 'match_none':
      return () => false;
    case 'bool':
      return compileBool(body, now, required);
    case 'term':
      return compileTerm(body, required);
    case 'terms':
      return compileTerms(body, required);
    case 'range':
      return compileRange(body, now, required);
    case 'exists': {
      const field = objectOf(body, 'exists').field;
      if (typeof field !== 'string') {
        throw parsingError('[exists] must be provided with a [field]');
      }
      return source => valuesOf(source, field).length > 0;
    }
    case 'match':
      return compileMatch(body);
    case 'simple_query_string':
      return compileSimpleQueryString(body);
    default:
      throw parsingError(`unknown query [${type}]`);
  }
}

function objectOf(body: unknown, where: string): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw parsingError(
      `[${where}] query malformed, no start_object after query name`,
    );
  }
  return body as Record<string, unknown>;
}

function clauses(value: unknown): unknown[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

function compileBool(
  body: unknown,
  now: number,
  required: Constraints | undefined,
): Predicate {
  const bool = objectOf(body, 'bool');
  const known = [
    'filter',
    'must',
    'should',
    'must_not',
    'minimum_should_match',
    'boost',
    '_name',
  ];
  for (const key of Object.keys(bool)) {
    if (!known.includes(key)) {
      throw parsingError(`[bool] query does not support [${key}]`);
    }
  }
  const all = [...clauses(bool.filter), ...clauses(bool.must)].map(q =>
    compile(q, now, required),
  );
  const should = clauses(bool.should).map(q => compile(q, now, undefined));
  const mustNot = clauses(bool.must_not).map(q => compile(q, now, undefined));
  // Without filter/must, at least one should clause must match.
  let minimum = all.length ? 0 : Math.min(1, should.length);
  if (bool.minimum_should_match !== undefined) {
    minimum = Number.parseInt(String(bool.minimum_should_match), 10) || 0;
  }
  return source =>
    all.every(p => p(source)) &&
    !mustNot.some(p => p(source)) &&
    should.filter(p => p(source)).length >= minimum;
}

function fieldAndValue(body: unknown, type: string): [string, unknown] {
  const [field, spec] = single(body, type);
  if (spec && typeof spec === 'object' && !Array.isArray(spec)) {
    const value = (spec as Record<string, unknown>).value;
    if (value === undefined) {
      throw parsingError(
        `[${type}] query does not support [${Object.keys(spec)[0] ?? ''}]`,
      );
    }
    return [field, value];
  }
  return [field, spec];
}

function equals(field: string, stored: unknown, wanted: unknown): boolean {
  const type = MAPPING[field];
  if (type === 'text') {
    return tokenize(String(stored)).includes(String(wanted));
  }
  if (type === 'long') {
    return Number(stored) === Number(wanted);
  }
  if (type === 'date') {
    return Date.parse(String(stored)) === toMillis(wanted, 0, false);
  }
  return String(stored) === String(wanted);
}

function record(
  required: Constraints | undefined,
  field: string,
  values: unknown[],
) {
  if (!required) {
    return;
  }
  const key = (
    {
      'service.name': 'services',
      'kubernetes.namespace': 'namespaces',
      'trace.id': 'traceIds',
    } as const
  )[field as 'service.name'];
  if (!key) {
    return;
  }
  const wanted = new Set(values.map(String));
  const before = required[key];
  required[key] = before
    ? new Set([...before].filter(v => wanted.has(v)))
    : wanted;
}

function compileTerm(
  body: unknown,
  required: Constraints | undefined,
): Predicate {
  const [field, value] = fieldAndValue(body, 'term');
  if (value === null || typeof value === 'object') {
    throw parsingError(`[term] query does not support array of values`);
  }
  record(required, field, [value]);
  return source => valuesOf(source, field).some(v => equals(field, v, value));
}

function compileTerms(
  body: unknown,
  required: Constraints | undefined,
): Predicate {
  const terms = objectOf(body, 'terms');
  const fields = Object.keys(terms).filter(k => k !== 'boost' && k !== '_name');
  if (fields.length !== 1) {
    throw parsingError(`[terms] query does not support multiple fields`);
  }
  const [field] = fields;
  const values = terms[field];
  if (!Array.isArray(values)) {
    throw parsingError(`[terms] query does not support [${field}]`);
  }
  record(required, field, values);
  return source =>
    valuesOf(source, field).some(v => values.some(w => equals(field, v, w)));
}

/** Epoch millis of a date value: ISO 8601, epoch millis or date math on `now`. */
function toMillis(value: unknown, now: number, roundUp: boolean): number {
  if (typeof value === 'number') {
    return value;
  }
  const text = String(value);
  if (/^-?\d+$/.test(text)) {
    return Number(text);
  }
  const math = /^now(?:([+-])(\d+)([smhdw]))?(?:\/([smhd]))?$/.exec(text);
  if (math) {
    const unit = {
      s: 1000,
      m: 60_000,
      h: 3_600_000,
      d: 86_400_000,
      w: 604_800_000,
    };
    let t = now;
    if (math[1]) {
      t += (math[1] === '-' ? -1 : 1) * Number(math[2]) * unit[math[3] as 's'];
    }
    if (math[4]) {
      const size = unit[math[4] as 's'];
      t = Math.floor(t / size) * size + (roundUp ? size - 1 : 0);
    }
    return t;
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw parsingError(
      `failed to parse date field [${text}] with format [strict_date_optional_time||epoch_millis]`,
    );
  }
  return parsed;
}

function compileRange(
  body: unknown,
  now: number,
  required: Constraints | undefined,
): Predicate {
  const [field, spec] = single(body, 'range');
  const bounds = objectOf(spec, 'range');
  const type = MAPPING[field];
  const known = [
    'gte',
    'gt',
    'lte',
    'lt',
    'format',
    'time_zone',
    'boost',
    'relation',
  ];
  for (const key of Object.keys(bounds)) {
    if (!known.includes(key)) {
      throw parsingError(`[range] query does not support [${key}]`);
    }
  }
  const convert = (v: unknown, up: boolean): number | string => {
    if (type === 'date') {
      return toMillis(v, now, up);
    }
    return type === 'long' ? Number(v) : String(v);
  };
  const gte = bounds.gte ?? bounds.gt;
  const lte = bounds.lte ?? bounds.lt;
  const lower =
    gte === undefined || gte === null
      ? undefined
      : convert(gte, bounds.gt !== undefined);
  const upper =
    lte === undefined || lte === null
      ? undefined
      : convert(lte, bounds.lte !== undefined);
  if (field === '@timestamp' && required) {
    if (typeof lower === 'number') {
      required.minTs = Math.max(
        required.minTs,
        bounds.gt !== undefined ? lower + 1 : lower,
      );
    }
    if (typeof upper === 'number') {
      required.maxTs = Math.min(
        required.maxTs,
        bounds.lt !== undefined ? upper - 1 : upper,
      );
    }
  }
  return source =>
    valuesOf(source, field).some(raw => {
      const v = type === 'date' ? Date.parse(String(raw)) : convert(raw, false);
      if (lower !== undefined) {
        const c = order(v, lower);
        if (bounds.gt !== undefined ? c <= 0 : c < 0) {
          return false;
        }
      }
      if (upper !== undefined) {
        const c = order(v, upper);
        if (bounds.lt !== undefined ? c >= 0 : c > 0) {
          return false;
        }
      }
      return true;
    });
}

/** -1, 0 or 1 (NaN compares as equal to nothing: after everything). */
function order(a: number | string, b: number | string): number {
  if (a === b) return 0;
  return (a as number) < (b as number) ? -1 : 1;
}

function compileMatch(body: unknown): Predicate {
  const [field, spec] = single(body, 'match');
  const options =
    spec && typeof spec === 'object'
      ? (spec as Record<string, unknown>)
      : { query: spec };
  if (options.query === undefined) {
    throw parsingError('[match] requires query value');
  }
  const and = String(options.operator ?? 'or').toLowerCase() === 'and';
  const wanted = tokenize(String(options.query));
  return source => {
    const values = valuesOf(source, field);
    const type = MAPPING[field];
    if (type !== 'text') {
      return values.some(v => equals(field, v, options.query));
    }
    const tokens = new Set(values.flatMap(v => tokenize(String(v))));
    return and
      ? wanted.every(t => tokens.has(t))
      : wanted.some(t => tokens.has(t));
  };
}

function compileSimpleQueryString(body: unknown): Predicate {
  const options = objectOf(body, 'simple_query_string');
  if (typeof options.query !== 'string') {
    throw parsingError('[simple_query_string] requires query value');
  }
  const fieldsOption = options.fields ?? ['*'];
  if (
    !Array.isArray(fieldsOption) ||
    fieldsOption.some(f => typeof f !== 'string')
  ) {
    throw parsingError('[simple_query_string] query does not support [fields]');
  }
  const operator = String(options.default_operator ?? 'or').toLowerCase();
  if (operator !== 'or' && operator !== 'and') {
    throw illegalArgument(
      `No enum constant org.elasticsearch.index.query.Operator.${operator.toUpperCase()}`,
    );
  }
  // Field names with wildcards and boosts (`message^2`, `kubernetes.*`).
  const fields = Object.keys(MAPPING).filter(field =>
    (fieldsOption as string[]).some(pattern =>
      wildcard(pattern.replace(/\^[\d.]+$/, '')).test(field),
    ),
  );
  const tree = parseSimpleQuery(options.query, operator === 'and');
  return source => matchesSimpleQuery(tree, source, fields);
}

/** A field or index pattern (`*` wildcards) as a regular expression. */
export function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}
