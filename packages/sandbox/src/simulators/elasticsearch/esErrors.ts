import { Response } from 'express';

/**
 * An Elasticsearch error: the body is
 * `{"error":{"root_cause":[{type,reason,...}],"type","reason",...},"status"}`,
 * as the REST layer renders an ElasticsearchException.
 */
export class EsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly extra: Record<string, unknown> = {},
    /** The wrapping exception (search_phase_execution_exception), if any. */
    readonly outer?: { type: string; reason: string },
  ) {
    super(reason);
  }

  body(): Record<string, unknown> {
    const cause = { type: this.type, reason: this.reason, ...this.extra };
    const error = this.outer
      ? {
          root_cause: [cause],
          type: this.outer.type,
          reason: this.outer.reason,
          phase: 'query',
          grouped: true,
          failed_shards: [{ shard: 0, index: null, reason: cause }],
        }
      : { root_cause: [cause], ...cause };
    return { error, status: this.status };
  }
}

export const parsingError = (reason: string) =>
  new EsError(400, 'parsing_exception', reason, { line: 1, col: 1 });

export const illegalArgument = (reason: string) =>
  new EsError(400, 'illegal_argument_exception', reason);

/** A failure of the query on the shards (e.g. sorting on an unmapped field). */
export const shardFailure = (reason: string) =>
  new EsError(
    400,
    'query_shard_exception',
    reason,
    {},
    { type: 'search_phase_execution_exception', reason: 'all shards failed' },
  );

export function indexNotFound(index: string): EsError {
  return new EsError(
    404,
    'index_not_found_exception',
    `no such index [${index}]`,
    {
      'resource.type': 'index_or_alias',
      'resource.id': index,
      index_uuid: '_na_',
      index,
    },
  );
}

export function sendEsError(res: Response, error: EsError) {
  res.status(error.status);
  if (error.status === 401) {
    res.set('WWW-Authenticate', [
      'Basic realm="security", charset="UTF-8"',
      'ApiKey',
    ]);
  }
  sendEsJson(res, error.body());
}

/** Elasticsearch's answer headers: the client refuses a 2xx without the product header. */
export function sendEsJson(res: Response, body: unknown) {
  res
    .set('X-elastic-product', 'Elasticsearch')
    .type('application/vnd.elasticsearch+json;compatible-with=9')
    .send(JSON.stringify(body));
}
