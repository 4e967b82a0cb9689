import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  TIME_WINDOWS,
  TimeWindow,
  windowMs,
} from '@internal/plugin-observability-common';
import { UpstreamError } from '@internal/plugin-observability-node';
import { RouterOptions } from '../router';

/*
 * The SLI and traces cards as actions of Backstage's actions registry (MCP
 * tools, the Platform CLI): the entity is read with the caller's
 * credentials first, as the router does, then the same service answers.
 */

const ENTITY_DESCRIPTION =
  'The service: its catalog name (e.g. payments-api, a component in the default namespace) or a full entity ref (component:default/payments-api).';
const WINDOW_DESCRIPTION = `How far back from now: one of ${TIME_WINDOWS.join(
  ', ',
)} (1h by default).`;

/**
 * A service's answer as the action's output. The registry checks it against
 * the output schema at run time; the schemas describe the main fields and
 * pass the rest through, which their static types cannot say of interfaces.
 */
const out = <T extends object>(value: T) => ({ output: value as any });

export function createObservabilityActions(
  options: Pick<
    RouterOptions,
    'entities' | 'slis' | 'traces' | 'environments' | 'now'
  > & { registry: ActionsRegistryService },
) {
  const { registry, entities, slis, traces, environments } = options;
  const now = options.now ?? Date.now;

  const entityOf = (text: string, credentials: BackstageCredentials) => {
    let ref;
    try {
      ref = parseEntityRef(text.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
    } catch {
      throw new InputError(
        `Invalid entity: '${text}' is neither a service name like payments-api nor an entity ref like component:default/payments-api`,
      );
    }
    return entities.load(ref, credentials);
  };
  const environmentOf = (environment: string | undefined) => {
    if (environment !== undefined && !environments.includes(environment)) {
      throw new InputError(
        `environment: must be one of ${environments.join(', ')}`,
      );
    }
    return environment;
  };
  const rangeOf = (window: string | undefined) => {
    if (window !== undefined && !TIME_WINDOWS.includes(window as TimeWindow)) {
      throw new InputError(`window: must be one of ${TIME_WINDOWS.join(', ')}`);
    }
    const end = new Date(now());
    const start = new Date(
      end.getTime() - windowMs((window as TimeWindow) ?? '1h'),
    );
    return { start, end };
  };
  // The router answers a failed upstream with a 502/504 body of its own;
  // here it is a 503 with the same message, which MCP clients show.
  const upstream = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof UpstreamError) {
        throw new ServiceUnavailableError(error.message);
      }
      throw error;
    }
  };

  registry.register({
    name: 'get-slis',
    title: 'Service level indicators',
    description:
      "A service's request rate, error ratio and p95/p99 latency per environment over a recent window, from Prometheus: the latest values, and the time series when asked for. An environment whose Prometheus fails carries its error; the others are unaffected. Read-only.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entity: z.string().describe(ENTITY_DESCRIPTION),
          environment: z
            .string()
            .optional()
            .describe(
              `Only this environment (${environments.join(
                ', ',
              )}); all when left out.`,
            ),
          window: z.string().optional().describe(WINDOW_DESCRIPTION),
          includeSeries: z
            .boolean()
            .optional()
            .describe(
              'Also return the time series (about 120 points per series); only the latest values by default.',
            ),
        }),
      output: z =>
        z
          .object({
            service: z.string(),
            start: z.string(),
            end: z.string(),
            environments: z
              .array(z.record(z.any()))
              .describe(
                'Per environment: latest (per SLI: total, stable, canary), error when Prometheus failed, series when asked for',
              ),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const entity = await entityOf(input.entity, credentials);
      const environment = environmentOf(input.environment);
      const result = await upstream(() =>
        slis.query(entity, {
          environments: environment ? [environment] : environments,
          ...rangeOf(input.window),
        }),
      );
      return out(
        input.includeSeries
          ? result
          : {
              ...result,
              environments: result.environments.map(
                ({ series: _series, ...rest }) => rest,
              ),
            },
      );
    },
  });

  registry.register({
    name: 'list-error-traces',
    title: 'Recent error traces',
    description:
      "A service's recent traces that failed (a span with status ERROR), newest first, from Jaeger: root operation, duration, error span count, and links to the trace in Jaeger and to its logs. Read-only.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entity: z.string().describe(ENTITY_DESCRIPTION),
          environment: z
            .string()
            .optional()
            .describe(
              `Only this environment (${environments.join(
                ', ',
              )}); all when left out.`,
            ),
          window: z.string().optional().describe(WINDOW_DESCRIPTION),
          limit: z
            .number()
            .int()
            .optional()
            .describe('At most this many traces (1 to 100; 20 by default)'),
          operation: z
            .string()
            .optional()
            .describe('Only traces whose root operation is this one'),
        }),
      output: z =>
        z
          .object({
            service: z.string(),
            searchUrl: z.string().describe('The same search in Jaeger'),
            traces: z
              .array(z.record(z.any()))
              .describe(
                'traceId, rootOperation, startTime, durationMs, errorSpanCount, traceUrl, logsUrl',
              ),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const entity = await entityOf(input.entity, credentials);
      const limit = input.limit ?? 20;
      if (limit < 1 || limit > 100) {
        throw new InputError('limit: must be between 1 and 100');
      }
      if (input.operation !== undefined && !input.operation.trim()) {
        throw new InputError('operation: must not be empty');
      }
      return out(
        await upstream(() =>
          traces.list(entity, {
            environment: environmentOf(input.environment),
            ...rangeOf(input.window),
            limit,
            errorsOnly: true,
            operation: input.operation,
          }),
        ),
      );
    },
  });
}
