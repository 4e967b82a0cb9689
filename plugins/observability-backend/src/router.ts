import express, { ErrorRequestHandler, Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { UpstreamError } from '@internal/plugin-observability-node';
import {
  LOG_LEVELS,
  LogsResponse,
  TIME_WINDOWS,
  windowMs,
} from '@internal/plugin-observability-common';
import { AlertService } from './service/AlertService';
import { DashboardService } from './service/DashboardService';
import { EntityLoader } from './service/EntityLoader';
import { LogLinks } from './service/LogLinks';
import { decodeCursor, LogService } from './service/LogService';
import { SliService, prometheusServiceOf } from './service/SliService';
import { TraceService } from './service/TraceService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  entities: EntityLoader;
  dashboards: DashboardService;
  alerts: AlertService;
  traces: TraceService;
  slis: SliService;
  logs: LogLinks;
  /** The log search (Elasticsearch). */
  logSearch: LogService;
  /** The configured environments; others are refused with 400. */
  environments: string[];
  /** The clock of time windows; tests pin it. */
  now?: () => number;
}

const MAX_RANGE_MS = 7 * 86_400_000;
const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/, 'not a valid entity name part');
const revision = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a pod template hash');

const entityParams = z.object({ kind: name, namespace: name, name });

/** `window=1h`, or `start` and `end` (ISO times): the range a card shows. */
const timeQuery = z.object({
  window: z.enum(TIME_WINDOWS).optional(),
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional(),
});

/** Free text of the log search: printable, bounded; sent as a simple_query_string only. */
const logText = z
  .string()
  .max(500, 'must be at most 500 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

const logLevels = z
  .string()
  .transform(v => v.split(',').filter(Boolean))
  .pipe(
    z
      .array(
        z.enum(LOG_LEVELS, {
          message: `must be among ${LOG_LEVELS.join(', ')}`,
        }),
      )
      .max(LOG_LEVELS.length),
  );

const cursor = z
  .string()
  .max(200)
  .transform((v, ctx) => {
    const decoded = decodeCursor(v);
    if (!decoded) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor of this search' });
      return z.NEVER;
    }
    return decoded;
  });

const bool = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform(v => v === 'true');

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      result.error.issues
        .map(i => `${i.path.join('.') || 'query'}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}

/**
 * A card whose system failed as a whole: 504 on a timeout, 502 otherwise,
 * with Backstage's error body (so the frontend's ResponseError reads it)
 * and the problem the card shows. Everything else goes to Backstage's
 * error handler (InputError 400, NotFoundError 404...).
 */
const upstreamErrorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (!(error instanceof UpstreamError)) {
    next(error);
    return;
  }
  const statusCode = error.kind === 'timeout' ? 504 : 502;
  res.status(statusCode).json({
    error: { name: 'UpstreamError', message: error.message },
    request: { method: req.method, url: req.baseUrl + req.path },
    response: { statusCode },
    upstream: {
      system: error.system,
      kind: error.kind,
      message: error.message,
    },
  });
};

/**
 * One endpoint per card under `/entities/:kind/:namespace/:name/`. Each
 * reads the entity with the caller's credentials first (no entity, no
 * signals), validates its query and delegates to one service.
 */
export function createRouter(options: RouterOptions): express.Router {
  const { httpAuth, entities, environments } = options;
  const now = options.now ?? Date.now;
  const router = Router();

  const entityOf = async (req: Request) => {
    const ref = parse(entityParams, req.params);
    const credentials = await httpAuth.credentials(req);
    return entities.load(ref, credentials);
  };

  const timeRangeOf = (
    query: unknown,
    defaultWindow: (typeof TIME_WINDOWS)[number] = '1h',
  ) => {
    const t = parse(timeQuery, query);
    if ((t.start === undefined) !== (t.end === undefined)) {
      throw new InputError('start and end go together');
    }
    if (t.window && t.start) {
      throw new InputError('give either window or start and end, not both');
    }
    if (t.start && t.end) {
      const start = new Date(t.start);
      const end = new Date(t.end);
      if (end <= start) {
        throw new InputError('end must be after start');
      }
      if (end.getTime() - start.getTime() > MAX_RANGE_MS) {
        throw new InputError('the time range must not exceed 7 days');
      }
      return { start, end };
    }
    const end = new Date(now());
    return {
      start: new Date(end.getTime() - windowMs(t.window ?? defaultWindow)),
      end,
    };
  };

  const environment = z.string().refine(e => environments.includes(e), {
    message: `must be one of ${environments.join(', ')}`,
  });

  const base = '/entities/:kind/:namespace/:name';

  router.get(`${base}/dashboards`, async (req, res) => {
    const entity = await entityOf(req);
    res.json(await options.dashboards.list(entity));
  });

  router.get(`${base}/dashboards/panel.png`, async (req, res) => {
    const entity = await entityOf(req);
    const q = parse(
      z.object({
        instance: z.string().min(1),
        dashboard: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,40}$/, 'not a dashboard uid'),
        panel: z.coerce.number().int().min(1),
        width: z.coerce.number().int().min(100).max(2000).default(600),
        height: z.coerce.number().int().min(100).max(1500).default(300),
      }),
      { ...req.query, window: undefined, start: undefined, end: undefined },
    );
    const range = timeRangeOf({
      window: req.query.window,
      start: req.query.start,
      end: req.query.end,
    });
    const png = await options.dashboards.renderPanel(entity, {
      instance: q.instance,
      dashboardUid: q.dashboard,
      panelId: q.panel,
      from: range.start.getTime(),
      to: range.end.getTime(),
      width: q.width,
      height: q.height,
    });
    res
      .type(png.contentType)
      .set('cache-control', 'private, max-age=30')
      .send(Buffer.from(png.body));
  });

  router.get(`${base}/alerts`, async (req, res) => {
    const entity = await entityOf(req);
    res.json(await options.alerts.list(entity));
  });

  router.get(`${base}/traces`, async (req, res) => {
    const entity = await entityOf(req);
    const { window, start, end, ...rest } = req.query;
    const q = parse(
      z.object({
        environment: environment.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        errorsOnly: bool.default(false),
        operation: z.string().min(1).max(200).optional(),
      }),
      rest,
    );
    const range = timeRangeOf({ window, start, end });
    res.json(await options.traces.list(entity, { ...q, ...range }));
  });

  router.get(`${base}/traces/:traceId`, async (req, res) => {
    const entity = await entityOf(req);
    const { traceId } = parse(
      z.object({
        traceId: z
          .string()
          .regex(
            /^([0-9a-f]{16}|[0-9a-f]{32})$/i,
            'must be 16 or 32 hex digits',
          ),
      }),
      { traceId: req.params.traceId },
    );
    res.json(await options.traces.get(entity, traceId.toLowerCase()));
  });

  router.get(`${base}/slis`, async (req, res) => {
    const entity = await entityOf(req);
    const { window, start, end, ...rest } = req.query;
    const q = parse(
      z.object({
        environment: environment.optional(),
        stable: revision.optional(),
        canary: revision.optional(),
      }),
      rest,
    );
    if (q.canary && !q.stable) {
      throw new InputError('canary needs stable: give both revisions');
    }
    const range = timeRangeOf({ window, start, end });
    res.json(
      await options.slis.query(entity, {
        environments: q.environment ? [q.environment] : environments,
        ...range,
        stable: q.stable,
        revisions: q.stable && q.canary ? [q.stable, q.canary] : undefined,
      }),
    );
  });

  router.get(`${base}/logs`, async (req, res) => {
    const entity = await entityOf(req);
    const range = timeRangeOf(req.query);
    const service = prometheusServiceOf(entity);
    const body: LogsResponse = {
      service,
      start: range.start.toISOString(),
      end: range.end.toISOString(),
      links: options.logs.configured
        ? environments.map(env => ({
            environment: env,
            url: options.logs.forEnvironment(service, env, range)!,
          }))
        : [],
    };
    res.json(body);
  });

  // The entity's log lines in one environment (newest first, paged).
  router.get(`${base}/logs/search`, async (req, res) => {
    const entity = await entityOf(req);
    const { window, start, end, ...rest } = req.query;
    const q = parse(
      z
        .object({
          environment,
          levels: logLevels.optional(),
          q: logText.optional(),
          traceId: z
            .string()
            .regex(
              /^([0-9a-f]{16}|[0-9a-f]{32})$/i,
              'must be 16 or 32 hex digits',
            )
            .transform(v => v.toLowerCase())
            .optional(),
          cursor: cursor.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        })
        .strict(),
      rest,
    );
    const range = timeRangeOf({ window, start, end }, '15m');
    res.json(
      await options.logSearch.search(entity, {
        environment: q.environment,
        ...range,
        levels: q.levels?.length ? q.levels : undefined,
        text: q.q?.trim() || undefined,
        traceId: q.traceId,
        limit: q.limit,
        after: q.cursor,
      }),
    );
  });

  router.use(upstreamErrorHandler);
  return router;
}
