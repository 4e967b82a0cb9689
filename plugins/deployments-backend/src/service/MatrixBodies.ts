import { MatrixQuery, MatrixRow } from '@internal/plugin-deployments-common';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { DeploymentsJoin } from './DeploymentsJoin';
import { queryMatrix } from './queryMatrix';

/** The encodings a body is kept in besides plain JSON, best first. */
export const MATRIX_ENCODINGS = ['br', 'gzip'] as const;
export type MatrixEncoding = (typeof MATRIX_ENCODINGS)[number] | 'identity';

/**
 * While every watch is open, `refreshedAt` is "now" on each request; a
 * body is then served again for this long while the rows stay the same
 * (its `refreshedAt` up to this old: when the rows were known current,
 * which they still are). Without the watch, `refreshedAt` is the list's
 * time and a body is served again until either changes.
 */
const MAX_AGE_MS = 1000;
/** Bodies kept per set of rows (one per query shape in use). */
const MAX_BODIES = 64;

const compressors: Record<
  Exclude<MatrixEncoding, 'identity'>,
  (body: Buffer) => Promise<Buffer>
> = {
  // The levels of the backend's compression middleware (compression 1.8).
  br: body =>
    promisify(zlib.brotliCompress)(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: body => promisify(zlib.gzip)(body),
};

interface Body {
  at: number;
  /** A weak ETag of the JSON, made once (express would hash every send). */
  etag: string;
  refreshedAt: string;
  live: boolean;
  json: Buffer;
  encoded: Map<MatrixEncoding, Promise<Buffer>>;
}

/**
 * The matrix API's response bodies, serialised and compressed once per
 * query and set of rows rather than once per request: with 20 clients on
 * a page of 100 rows (~240 KiB of JSON), JSON.stringify and the
 * compression middleware were three quarters of a request's time, and
 * between two watch events most requests ask what another just asked.
 * Compression runs on libuv's thread pool (zlib's async API), off the
 * event loop. The bodies of a set of rows go when the join hands out new
 * rows (a WeakMap on the rows array).
 */
export class MatrixBodies {
  private readonly byRows = new WeakMap<MatrixRow[], Map<string, Body>>();

  constructor(
    private readonly options: { now?: () => number; maxAgeMs?: number } = {},
  ) {}

  /** The body of `query` now, in `encoding` (as the response sends it). */
  async read(
    join: DeploymentsJoin,
    query: MatrixQuery,
    encoding: MatrixEncoding,
  ): Promise<Buffer> {
    return (await this.response(join, query, encoding)).body;
  }

  /** The body of `query` now in `encoding`, and its ETag. */
  async response(
    join: DeploymentsJoin,
    query: MatrixQuery,
    encoding: MatrixEncoding,
  ): Promise<{ body: Buffer; etag: string }> {
    const joined = await join.current();
    const now = this.options.now?.() ?? Date.now();
    let bodies = this.byRows.get(joined.rows);
    if (!bodies) {
      bodies = new Map();
      this.byRows.set(joined.rows, bodies);
    }
    const key = canonical(query);
    let body = bodies.get(key);
    const fresh =
      body &&
      (body.live && joined.live
        ? now - body.at < (this.options.maxAgeMs ?? MAX_AGE_MS)
        : body.refreshedAt === joined.refreshedAt);
    if (!body || !fresh) {
      const response = queryMatrix(
        joined.rows,
        joined.environments,
        query,
        joined.refreshedAt,
      );
      const json = Buffer.from(JSON.stringify(response));
      body = {
        at: now,
        etag: `W/"${createHash('sha1').update(json).digest('base64url')}"`,
        refreshedAt: joined.refreshedAt,
        live: !!joined.live,
        json,
        encoded: new Map(),
      };
      if (bodies.size >= MAX_BODIES) bodies.clear();
      bodies.set(key, body);
    }
    if (encoding === 'identity') return { body: body.json, etag: body.etag };
    let encoded = body.encoded.get(encoding);
    if (!encoded) {
      encoded = compressors[encoding](body.json);
      body.encoded.set(encoding, encoded);
      // A failed compression is not kept for the next request.
      encoded.catch(() => body!.encoded.delete(encoding));
    }
    return { body: await encoded, etag: body.etag };
  }
}

/** The same query however its parameters were ordered or repeated. */
function canonical(query: MatrixQuery): string {
  return JSON.stringify(
    Object.keys(query)
      .sort()
      .map(k => [k, query[k as keyof MatrixQuery]]),
  );
}
