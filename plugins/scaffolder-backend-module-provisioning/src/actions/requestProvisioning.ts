import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { HttpTransport } from '@internal/http-transport';
import type {
  ProvisioningGrant,
  ProvisioningRequestBody,
  ProvisioningRequestResult,
} from '@internal/plugin-provisioning-common';
import { examples } from './requestProvisioning.examples';

/** What the action returns per environment. */
export interface RequestedWorkspace {
  environment: string;
  workspaceName: string;
  workspaceId: string | null;
  workspaceUrl: string | null;
  runId: string;
  runUrl: string | null;
  phase: string;
}

/**
 * `provisioning:request`: asks the provisioning backend for the service's
 * tiers in each environment, as the user who runs the template (so the
 * permission policy decides). The idempotency key is the task id and step
 * id: a retried or re-run task gets the same workspaces and runs back
 * instead of queueing new ones.
 *
 * The template runs this step before `catalog:register`: while the entity
 * is not in the catalog the backend answers 404, and the action asks for a
 * grant bound to this task and this service name (issued only for a name no
 * entity and no other entity's workspace has) and presents it.
 */
export function createRequestProvisioningAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  fetch?: typeof fetch;
}) {
  const { discovery, auth } = options;
  return createTemplateAction({
    id: 'provisioning:request',
    description:
      "Requests a service's AWS tiers (database, cache, queue, public HTTP) in each environment: Terraform Cloud workspace <service>-<env>, plan, and apply (dev) or approval in the portal (staging, prod)",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              "The service's catalog entity ref, e.g. component:default/payments-api",
            ),
        environments: z =>
          z
            .array(z.string())
            .min(1)
            .describe('Environments to provision, e.g. [dev, staging, prod]'),
        tiers: z =>
          z
            .object({
              database: z
                .enum(['none', 'rds-postgres', 'aurora-serverless-v2'])
                .optional(),
              cache: z.enum(['none', 'redis']).optional(),
              queue: z.enum(['none', 'sqs']).optional(),
              publicHttp: z.boolean().optional(),
            })
            .describe('Which tiers the service uses'),
        sizes: z =>
          z
            .record(z.string(), z.union([z.string(), z.number()]).nullable())
            .optional()
            .describe(
              'Size overrides of the service-tiers stack, e.g. { database_min_capacity: 0.5 }',
            ),
        idempotencyKey: z =>
          z
            .string()
            .optional()
            .describe(
              'Defaults to <task id>:<step id>:<environments>; the same key never provisions twice',
            ),
      },
      output: {
        requestId: z => z.string().describe('The provisioning request'),
        workspaces: z =>
          z
            .array(
              z.object({
                environment: z.string(),
                workspaceName: z.string(),
                workspaceId: z.string().nullable(),
                workspaceUrl: z.string().nullable(),
                runId: z.string(),
                runUrl: z.string().nullable(),
                phase: z.string(),
              }),
            )
            .describe('One entry per environment: workspace and run'),
        workspaceUrls: z =>
          z
            .record(z.string(), z.string())
            .describe('Workspace URL per environment'),
      },
    },
    async handler(ctx) {
      // Sizes a template leaves empty (a tier not chosen renders as '')
      // take the stack's environment preset.
      const sizes = Object.fromEntries(
        Object.entries(ctx.input.sizes ?? {}).filter(
          (entry): entry is [string, string | number] =>
            entry[1] !== '' && entry[1] !== null && entry[1] !== undefined,
        ),
      );
      const body: ProvisioningRequestBody = {
        entityRef: ctx.input.entityRef,
        environments: ctx.input.environments,
        tiers: ctx.input.tiers,
        ...(Object.keys(sizes).length > 0 && { sizes }),
        idempotencyKey:
          ctx.input.idempotencyKey ??
          // The environments are part of the key: a step with `each` runs
          // once per environment under one task and step id (the scaffolder
          // does not tell an action which item it runs for).
          [
            ctx.task.id,
            ctx.step?.id ?? 'provisioning',
            [...ctx.input.environments].sort().join(','),
          ].join(':'),
      };
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would request ${JSON.stringify(body.tiers)} for ${
            body.entityRef
          } in ${body.environments.join(', ')}`,
        );
        ctx.output('requestId', 'dry-run');
        ctx.output(
          'workspaces',
          body.environments.map(environment => ({
            environment,
            workspaceName: `${body.entityRef.split('/').pop()}-${environment}`,
            workspaceId: null,
            workspaceUrl: null,
            runId: 'dry-run',
            runUrl: null,
            phase: 'starting',
          })),
        );
        ctx.output('workspaceUrls', {});
        return;
      }

      // The backend is idempotent on the key; the checkpoint also spares
      // the call when the task resumes after this step finished.
      const result = await ctx.checkpoint({
        key: `provisioning-request-${body.idempotencyKey}`,
        fn: async () => {
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: await ctx.getInitiatorCredentials(),
            targetPluginId: 'provisioning',
          });
          const http = new HttpTransport({
            system: 'provisioning',
            baseUrl: await discovery.getBaseUrl('provisioning'),
            headers: { authorization: `Bearer ${token}` },
            fetch: options.fetch,
            // Starting runs in every environment can take a while.
            timeoutMs: 60_000,
          });
          const post = <T>(
            path: string,
            payload: unknown,
            idempotent: boolean,
          ) =>
            http.json<T>({
              method: 'POST',
              path,
              json: payload,
              idempotent,
              signal: ctx.signal,
            });
          // The backend is idempotent on the key: a request may be repeated.
          const request = (payload: ProvisioningRequestBody) =>
            post<ProvisioningRequestResult>('/requests', payload, true);
          let answer: ProvisioningRequestResult;
          try {
            answer = await request(body);
          } catch (error) {
            if (!NotFoundError.is(error)) {
              throw error;
            }
            // Not in the catalog yet: the service this task is creating.
            const { grant } = await post<ProvisioningGrant>(
              '/grants',
              { entityRef: body.entityRef, taskId: ctx.task.id },
              false,
            );
            ctx.logger.info(
              `${body.entityRef} is not in the catalog yet: requesting with a grant for this task`,
            );
            answer = await request({ ...body, grant });
          }
          // Array.from: plain arrays of this realm, whatever realm the
          // fetch implementation parsed the JSON in (the template renderer
          // refuses arrays with another prototype).
          const workspaces: RequestedWorkspace[] = Array.from(
            answer.runs,
            run => ({
              environment: run.environment,
              workspaceName: run.workspaceName,
              workspaceId: run.workspaceId ?? null,
              workspaceUrl: run.workspaceUrl ?? null,
              runId: run.id,
              runUrl: run.runUrl ?? null,
              phase: run.phase,
            }),
          );
          return {
            requestId: answer.requestId,
            created: answer.created,
            workspaces: workspaces as any,
          };
        },
      });

      const workspaces = result.workspaces as unknown as RequestedWorkspace[];
      ctx.logger.info(
        `${
          result.created ? 'Requested' : 'Already requested (same key)'
        }: ${workspaces.map(w => `${w.workspaceName} ${w.phase}`).join(', ')}`,
      );
      const failed = workspaces.filter(w => w.phase === 'errored');
      if (failed.length > 0) {
        ctx.logger.warn(
          `Could not start ${failed
            .map(w => w.workspaceName)
            .join(', ')}: retry them from the Infrastructure tab`,
        );
      }
      ctx.output('requestId', result.requestId);
      ctx.output('workspaces', workspaces);
      ctx.output(
        'workspaceUrls',
        Object.fromEntries(
          workspaces
            .filter(w => w.workspaceUrl)
            .map(w => [w.environment, w.workspaceUrl!]),
        ),
      );
    },
  });
}
