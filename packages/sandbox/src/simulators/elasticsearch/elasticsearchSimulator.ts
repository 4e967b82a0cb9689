import express, {
  NextFunction,
  Request,
  RequestHandler,
  Response,
  Router,
} from 'express';
import { World } from '../../world/World';
import { SimulatorFactory } from '../types';
import {
  EsError,
  illegalArgument,
  parsingError,
  sendEsError,
  sendEsJson,
} from './esErrors';
import { LogDoc } from './logGenerator';
import {
  checkSortable,
  compareTuples,
  matchingDocs,
  MAX_RESULT_WINDOW,
  parseSort,
  resolveIndices,
  Scan,
  SortSpec,
  sortValue,
} from './logSearch';
import { compileQuery, MAPPING, valuesOf, wildcard } from './queryDsl';

export interface ElasticsearchSimulatorOptions {
  /** The clock: no line is logged after it. Tests pin it. */
  now?: () => number;
  /** The API key the cluster accepts (`Authorization: ApiKey <this>`): base64 of `id:key`. */
  apiKey?: string;
  /** A user with a password (`Authorization: Basic`). */
  user?: { username: string; password: string };
}

export const SANDBOX_ES_API_KEY = Buffer.from(
  'sandbox-portal:sandbox-elasticsearch-key',
).toString('base64');

/** The query-string parameters of `_search` and `_count` (the official client's list). */
const SEARCH_PARAMS = new Set(
  'allow_no_indices allow_partial_search_results analyzer analyze_wildcard batched_reduce_size ccs_minimize_roundtrips default_operator df docvalue_fields expand_wildcards explain ignore_throttled ignore_unavailable include_named_queries_score lenient max_concurrent_shard_requests preference pre_filter_shard_size request_cache routing _slice scroll search_type stats stored_fields suggest_field suggest_mode suggest_size suggest_text terminate_after timeout track_total_hits track_scores typed_keys rest_total_hits_as_int version _source _source_excludes _source_exclude_vectors _source_includes seq_no_primary_term q size from sort force_synthetic_source min_score error_trace filter_path human pretty'.split(
    ' ',
  ),
);

/** Search body keys it reads; the others a log search never sends are refused. */
const BODY_KEYS = new Set([
  'query',
  'sort',
  'size',
  'from',
  'search_after',
  'track_total_hits',
  '_source',
  'fields',
  'timeout',
  'track_scores',
  'version',
]);

/**
 * Elasticsearch's search API over the logs of every deployed service,
 * derived from the Jaeger simulator's traces (see logGenerator.ts): daily
 * indices `logs-<env>-YYYY.MM.DD` of the last 7 days, `_search` (query DSL
 * subset, sort, `search_after`, `from`/`size`, `track_total_hits`,
 * `_source`, `fields`) and `_count`, errors in Elasticsearch's shape, API
 * key or basic auth, the product header the official client checks.
 */
export function elasticsearchSimulator(
  options: ElasticsearchSimulatorOptions = {},
): SimulatorFactory {
  const now = options.now ?? Date.now;
  const apiKey = options.apiKey ?? SANDBOX_ES_API_KEY;
  const user = options.user ?? {
    username: 'portal',
    password: 'sandbox-elasticsearch-password',
  };
  return {
    name: 'elasticsearch',
    async create({ world }) {
      const router = Router();
      router.use(authenticate(apiKey, user));
      router.use(
        express.json({
          limit: '1mb',
          strict: false,
          type: ['application/json', 'application/vnd.elasticsearch+json'],
        }),
      );

      router.get('/', (_req, res) => sendEsJson(res, clusterInfo()));
      router.head('/', (_req, res) => {
        res.set('X-elastic-product', 'Elasticsearch').status(200).end();
      });

      const search: RequestHandler = (req, res) => {
        const params = checkParams(req);
        const body = bodyOf(req);
        sendEsJson(
          res,
          runSearch(world, req.params.index ?? '_all', params, body, now()),
        );
      };
      router.get('/_search', search);
      router.post('/_search', search);
      router.get('/:index/_search', search);
      router.post('/:index/_search', search);

      const count: RequestHandler = (req, res) => {
        const params = checkParams(req);
        const body = bodyOf(req);
        for (const key of Object.keys(body)) {
          if (key !== 'query') {
            throw parsingError(`request does not support [${key}]`);
          }
        }
        sendEsJson(
          res,
          runCount(world, req.params.index ?? '_all', params, body, now()),
        );
      };
      router.get('/_count', count);
      router.post('/_count', count);
      router.get('/:index/_count', count);
      router.post('/:index/_count', count);

      router.use((req, res) => {
        sendEsError(
          res,
          new EsError(
            400,
            'invalid_index_name_exception',
            `Invalid index name [${
              req.path.split('/')[1] ?? ''
            }], must not start with '_'.`,
          ),
        );
      });
      router.use(errorHandler);
      return {
        handler: router,
        faultBody: (status: number, message: string) =>
          new EsError(
            status,
            status === 429
              ? 'es_rejected_execution_exception'
              : 'status_exception',
            message,
          ).body(),
      };
    },
  };
}

function clusterInfo() {
  return {
    name: 'sandbox-es-0',
    cluster_name: 'sandbox-logs',
    cluster_uuid: 'c2FuZGJveC1sb2dzLWNsdXN0ZXI',
    version: {
      number: '9.1.0',
      build_flavor: 'default',
      build_type: 'docker',
      lucene_version: '10.2.2',
      minimum_wire_compatibility_version: '8.19.0',
      minimum_index_compatibility_version: '8.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

function authenticate(
  apiKey: string,
  user: { username: string; password: string },
): RequestHandler {
  const basic = `Basic ${Buffer.from(
    `${user.username}:${user.password}`,
  ).toString('base64')}`;
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (header === `ApiKey ${apiKey}` || header === basic) {
      next();
      return;
    }
    sendEsError(
      res,
      new EsError(
        401,
        'security_exception',
        header
          ? 'unable to authenticate with provided credentials and anonymous access is not allowed for this request'
          : `missing authentication credentials for REST request [${req.originalUrl.replace(
              /^\/elasticsearch/,
              '',
            )}]`,
        {
          header: {
            'WWW-Authenticate': [
              'Basic realm="security", charset="UTF-8"',
              'ApiKey',
            ],
          },
        },
      ),
    );
  };
}

/** Malformed JSON and everything unexpected: an error in Elasticsearch's shape, never a crash. */
function errorHandler(
  error: unknown,
  _req: Request,
  res: Response,
  _next: NextFunction,
) {
  if (error instanceof EsError) {
    sendEsError(res, error);
    return;
  }
  if ((error as { type?: string })?.type === 'entity.parse.failed') {
    sendEsError(
      res,
      new EsError(
        400,
        'x_content_parse_exception',
        `[1:1] Failed to parse request body: ${(error as Error).message}`,
      ),
    );
    return;
  }
  if ((error as { type?: string })?.type === 'entity.too.large') {
    sendEsError(
      res,
      new EsError(
        413,
        'content_too_long_exception',
        'request body is too large',
      ),
    );
    return;
  }
  sendEsError(
    res,
    new EsError(500, 'exception', String((error as Error)?.message ?? error)),
  );
}

type Params = Record<string, string>;

function checkParams(req: Request): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (!SEARCH_PARAMS.has(key)) {
      throw illegalArgument(
        `request [${req.path}] contains unrecognized parameter: [${key}]`,
      );
    }
    if (key === 'q') {
      // Lucene query-string syntax is not simulated: refuse rather than ignore it.
      throw illegalArgument(
        'the sandbox cluster does not support [q]; send a query in the body',
      );
    }
    params[key] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return params;
}

function bodyOf(req: Request): Record<string, unknown> {
  const body = req.body;
  if (
    body === undefined ||
    (typeof body === 'object' &&
      body !== null &&
      !Array.isArray(body) &&
      Object.keys(body).length === 0)
  ) {
    return {};
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw parsingError('request body or source parameter is required');
  }
  return body as Record<string, unknown>;
}

function tokenType(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (value === null) return 'VALUE_NULL';
  switch (typeof value) {
    case 'object':
      return 'START_OBJECT';
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return 'VALUE_NUMBER';
    default:
      return 'VALUE_BOOLEAN';
  }
}

function integer(value: unknown, name: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n)) {
    throw parsingError(`[${name}] failed to parse field [${name}]`);
  }
  if (n < 0) {
    throw illegalArgument(
      `[${name}] parameter cannot be negative, found [${n}]`,
    );
  }
  return n;
}

function shards(count: number) {
  return { total: count, successful: count, skipped: 0, failed: 0 };
}

function runSearch(
  world: World,
  index: string,
  params: Params,
  body: Record<string, unknown>,
  now: number,
) {
  const started = Date.now();
  for (const [key, value] of Object.entries(body)) {
    if (key === 'aggs' || key === 'aggregations') {
      throw illegalArgument(
        'aggregations are not supported by the sandbox cluster',
      );
    }
    if (!BODY_KEYS.has(key)) {
      throw parsingError(`Unknown key for a ${tokenType(value)} in [${key}].`);
    }
  }
  const size = integer(body.size ?? params.size, 'size', 10);
  const from = integer(body.from ?? params.from, 'from', 0);
  if (from + size > MAX_RESULT_WINDOW) {
    throw illegalArgument(
      `Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${
        from + size
      }]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`,
    );
  }
  const sort = parseSort(
    body.sort ?? (params.sort ? params.sort.split(',') : undefined),
  );
  checkSortable(sort, unmappedTypesOf(body.sort));
  const after = body.search_after;
  if (after !== undefined) {
    if (!Array.isArray(after)) {
      throw parsingError('[search_after] failed to parse field [search_after]');
    }
    if (!sort.length) {
      throw illegalArgument('Cannot use [search_after] without a [sort]');
    }
    if (after.length !== sort.length) {
      throw illegalArgument(
        `search_after has ${after.length} value(s) but sort has ${sort.length}.`,
      );
    }
    if (from > 0) {
      throw illegalArgument(
        '[from] parameter must be set to 0 when [search_after] is used.',
      );
    }
  }
  const afterTuple = after?.map((v: unknown, i: number) =>
    afterValue(v, sort[i]),
  );
  const trackRaw = body.track_total_hits ?? params.track_total_hits;
  const track = trackLimit(trackRaw);

  const indices = resolveIndices(
    index,
    now,
    params.ignore_unavailable === 'true',
  );
  const query = compileQuery(body.query, now);
  const scan: Scan = { scanned: 0, timedOut: false };
  const tupleOf = (doc: LogDoc) => sort.map(s => sortValue(doc, s.field));
  const isAfter = (doc: LogDoc) =>
    !afterTuple || compareTuples(tupleOf(doc), afterTuple, sort) > 0;

  const primary = sort[0];
  const desc = !primary || primary.order === 'desc';
  const lazy =
    (!primary || primary.field === '@timestamp') &&
    (sort.length < 2 ||
      (sort[1].field === '_doc' && sort[1].order === primary.order)) &&
    sort.length <= 2;

  const page: LogDoc[] = [];
  let total = 0;
  let skipped = 0;
  if (lazy) {
    for (const doc of matchingDocs(world, indices, query, now, desc, scan)) {
      total++;
      if (page.length < size && isAfter(doc)) {
        if (skipped < from) {
          skipped++;
        } else {
          page.push(doc);
        }
      }
      if (page.length >= size && total >= track) {
        break;
      }
    }
  } else {
    const all = [...matchingDocs(world, indices, query, now, true, scan)];
    total = all.length;
    const sorted = all
      .map(doc => ({ doc, tuple: tupleOf(doc) }))
      .sort(
        (a, b) => compareTuples(a.tuple, b.tuple, sort) || b.doc.ts - a.doc.ts,
      )
      .map(e => e.doc)
      .filter(isAfter);
    page.push(...sorted.slice(from, from + size));
  }

  const exact = !scan.timedOut && total < track;
  const hitsTotal =
    track === 0
      ? undefined
      : { value: Math.min(total, track), relation: exact ? 'eq' : 'gte' };
  const sourceFilter = body._source ?? params._source;
  const fields = Array.isArray(body.fields) ? body.fields : undefined;
  return {
    took: Date.now() - started,
    timed_out: scan.timedOut,
    _shards: shards(indices.size),
    hits: {
      ...(hitsTotal
        ? {
            total:
              params.rest_total_hits_as_int === 'true'
                ? hitsTotal.value
                : hitsTotal,
          }
        : {}),
      max_score: sort.length ? null : 1,
      hits: page.map(doc => ({
        _index: doc._index,
        _id: doc._id,
        _score: sort.length ? null : 1,
        ...(sourceFilter === false || sourceFilter === 'false'
          ? {}
          : { _source: filterSource(doc.source, sourceFilter) }),
        ...(fields ? { fields: fieldsOf(doc, fields) } : {}),
        ...(sort.length ? { sort: tupleOf(doc) } : {}),
      })),
    },
  };
}

/** How many hits to count exactly: `track_total_hits` (default 10 000). */
function trackLimit(value: unknown): number {
  if (value === undefined) {
    return MAX_RESULT_WINDOW;
  }
  if (value === true || value === 'true') {
    return Infinity;
  }
  if (value === false || value === 'false') {
    return 0;
  }
  return integer(value, 'track_total_hits', MAX_RESULT_WINDOW);
}

function runCount(
  world: World,
  index: string,
  params: Params,
  body: Record<string, unknown>,
  now: number,
) {
  const indices = resolveIndices(
    index,
    now,
    params.ignore_unavailable === 'true',
  );
  const query = compileQuery(body.query, now);
  const scan: Scan = { scanned: 0, timedOut: false };
  let count = 0;
  for (const _doc of matchingDocs(world, indices, query, now, true, scan)) {
    count++;
  }
  return {
    count,
    ...(scan.timedOut ? { terminated_early: true } : {}),
    _shards: shards(indices.size),
  };
}

function unmappedTypesOf(sort: unknown): Set<string> {
  const fields = new Set<string>();
  for (const item of Array.isArray(sort) ? sort : [sort]) {
    if (item && typeof item === 'object') {
      for (const [field, spec] of Object.entries(item)) {
        if (spec && typeof spec === 'object' && 'unmapped_type' in spec) {
          fields.add(field);
        }
      }
    }
  }
  return fields;
}

function afterValue(value: unknown, sort: SortSpec): string | number | null {
  if (value === null) {
    return null;
  }
  const type = MAPPING[sort.field];
  if (sort.field === '_doc' || type === 'long' || type === 'date') {
    let n = Number(value);
    if (
      typeof value === 'string' &&
      type === 'date' &&
      !/^-?\d+$/.test(value)
    ) {
      n = Date.parse(value);
    }
    if (!Number.isFinite(n)) {
      throw illegalArgument(
        `Failed to parse search_after value for field [${sort.field}].`,
      );
    }
    return n;
  }
  if (typeof value === 'object') {
    throw illegalArgument(
      `Failed to parse search_after value for field [${sort.field}].`,
    );
  }
  return String(value);
}

function filterSource(
  source: Record<string, unknown>,
  filter: unknown,
): Record<string, unknown> {
  const includes = includesOf(filter);
  if (!includes) {
    return source;
  }
  const patterns = includes.map(wildcard);
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(MAPPING)) {
    if (patterns.some(p => p.test(field))) {
      const [value] = valuesOf(source, field);
      if (value !== undefined) {
        setPath(out, field, value);
      }
    }
  }
  return out;
}

/** The include patterns of a `_source` filter; undefined = the whole source. */
function includesOf(filter: unknown): string[] | undefined {
  if (typeof filter === 'string' && filter !== 'true') {
    return filter.split(',');
  }
  if (Array.isArray(filter)) {
    return filter.map(String);
  }
  const includes = (filter as { includes?: unknown } | null)?.includes;
  return Array.isArray(includes) ? includes.map(String) : undefined;
}

function setPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] = (node[part] as Record<string, unknown>) ?? {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

function fieldsOf(doc: LogDoc, wanted: unknown[]): Record<string, unknown[]> {
  const patterns = wanted.map(w =>
    wildcard(
      typeof w === 'string'
        ? w
        : String((w as { field?: unknown })?.field ?? ''),
    ),
  );
  const out: Record<string, unknown[]> = {};
  for (const field of Object.keys(MAPPING)) {
    if (patterns.some(p => p.test(field))) {
      const values = valuesOf(doc.source, field);
      if (values.length) {
        out[field] = values;
      }
    }
  }
  return out;
}
