import express, { Request, Response, Router } from 'express';
import { z } from 'zod';
import {
  PrometheusErrorType,
  PrometheusQueryData,
  PrometheusResponse,
} from '@internal/api-prometheus';
import { ENVIRONMENTS, World } from '../../world/World';
import { SimulatorFactory } from '../types';
import { instantVector, rangeMatrix } from './evaluateSliQuery';
import { parseSliQuery, UnsupportedQueryError } from './sliQueryParser';
import { parseBody } from '../../http/express';
import { parseDuration } from './duration';

export interface PrometheusSimulatorOptions {
  /** The clock of instant queries without `time`; tests pin it. */
  now?: () => number;
}

/** Prometheus refuses range queries with more points than this per series. */
const MAX_POINTS = 11_000;

const badRevisionBody = z.object({
  service: z.string().min(1),
  environment: z.enum(ENVIRONMENTS),
  revision: z.string().min(1),
  /** RFC 3339; default now. */
  since: z.iso.datetime({ offset: true }).optional(),
});

class BadParameter extends Error {}

/**
 * Prometheus' query API for the portal's SLI queries (request rate, error
 * ratio, latency quantiles per service, environment and revision), with
 * values from the world's service health model. Anything else is refused
 * with `bad_data`, as Prometheus refuses what it cannot parse.
 *
 * `/_sandbox/bad-revisions` marks revisions bad in the World for every
 * observability simulator (traces, metrics and alerts).
 */
export function prometheusSimulator(
  options: PrometheusSimulatorOptions = {},
): SimulatorFactory {
  const now = options.now ?? Date.now;
  return {
    name: 'prometheus',
    async create({ world }) {
      const router = Router();
      const form = express.urlencoded({ extended: false });

      const instant = (req: Request, res: Response) =>
        answer(res, () => {
          const params = paramsOf(req);
          const query = parseQuery(params.query);
          const time =
            params.time === undefined ? now() : parseTime(params.time, 'time');
          return {
            resultType: 'vector',
            result: instantVector(world, query, time),
          };
        });
      router.get('/api/v1/query', instant);
      router.post('/api/v1/query', form, instant);

      const range = (req: Request, res: Response) =>
        answer(res, () => {
          const params = paramsOf(req);
          const query = parseQuery(params.query);
          const start = parseTime(params.start, 'start');
          const end = parseTime(params.end, 'end');
          const step = parseStep(params.step);
          if (end < start) {
            throw new BadParameter(
              'end timestamp must not be before start time',
            );
          }
          if ((end - start) / step > MAX_POINTS) {
            throw new BadParameter(
              'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
            );
          }
          return {
            resultType: 'matrix',
            result: rangeMatrix(world, query, { start, end, step }),
          };
        });
      router.get('/api/v1/query_range', range);
      router.post('/api/v1/query_range', form, range);

      router.use('/_sandbox/bad-revisions', badRevisionsRouter(world));

      router.use((_req, res) => {
        // Prometheus' own 404 is Go's plain-text one.
        res.status(404).type('text/plain').send('404 page not found\n');
      });
      return { handler: router };
    },
  };
}

/** GET lists, POST marks and DELETE clears bad revisions of the World. */
function badRevisionsRouter(world: World): Router {
  const router = Router();
  router.use(express.json());
  const parse = (req: Request, res: Response) =>
    parseBody(badRevisionBody, req.body, res);
  router.get('/', (_req, res) => {
    res.json(world.badRevisions());
  });
  router.post('/', (req, res) => {
    const body = parse(req, res);
    if (!body) {
      return;
    }
    try {
      const since = body.since ? new Date(body.since) : undefined;
      res
        .status(201)
        .json(
          world.markRevisionBad(
            body.service,
            body.environment,
            body.revision,
            since,
          ),
        );
    } catch (error) {
      res.status(400).json({ error: String((error as Error).message) });
    }
  });
  router.delete('/', (req, res) => {
    const body = parse(req, res);
    if (body) {
      world.clearBadRevision(body.service, body.environment, body.revision);
      res.json(world.badRevisions());
    }
  });
  return router;
}

function answer(res: Response, evaluate: () => PrometheusQueryData) {
  try {
    const body: PrometheusResponse<PrometheusQueryData> = {
      status: 'success',
      data: evaluate(),
    };
    res.json(body);
  } catch (error) {
    if (
      error instanceof BadParameter ||
      error instanceof UnsupportedQueryError
    ) {
      sendError(res, 400, 'bad_data', error.message);
      return;
    }
    sendError(res, 500, 'internal', String(error));
  }
}

function sendError(
  res: Response,
  status: number,
  errorType: PrometheusErrorType,
  error: string,
) {
  const body: PrometheusResponse<never> = { status: 'error', errorType, error };
  res.status(status).json(body);
}

/** Query and form parameters, like Prometheus' `r.FormValue`. */
function paramsOf(req: Request): Record<string, string | undefined> {
  const merged = { ...(req.body ?? {}), ...req.query };
  return Object.fromEntries(
    Object.entries(merged).map(([k, v]) => [
      k,
      Array.isArray(v) ? String(v[0]) : String(v),
    ]),
  );
}

function parseQuery(query: string | undefined) {
  try {
    return parseSliQuery(query ?? '');
  } catch (error) {
    if (error instanceof UnsupportedQueryError) {
      throw new BadParameter(`invalid parameter "query": ${error.message}`);
    }
    throw error;
  }
}

/** Unix seconds (with fractions) or RFC 3339, to milliseconds. */
function parseTime(value: string | undefined, name: string): number {
  const text = value ?? '';
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  if (/^\d{4}-\d\d-\d\dT/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) {
      return ms;
    }
  }
  throw new BadParameter(
    `invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`,
  );
}

/** Float seconds or a PromQL duration (`15s`, `1m30s`), to milliseconds. */
function parseStep(value: string | undefined): number {
  const text = value ?? '';
  let ms: number | undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    ms = parseDuration(text);
  }
  if (ms === undefined) {
    throw new BadParameter(
      `invalid parameter "step": cannot parse "${text}" to a valid duration`,
    );
  }
  if (ms <= 0) {
    throw new BadParameter(
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  }
  return ms;
}
