import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { z as zod } from 'zod/v3';
import { actorOf } from '../router';
import {
  decisionBodySchema,
  historyQuerySchema,
  parse,
  requestBodySchema,
  retryBodySchema,
  runIdSchema,
} from '../schemas';
import {
  CallContext,
  ProvisioningService,
} from '../service/ProvisioningService';

/*
 * The provisioning operations as actions of Backstage's actions registry
 * (MCP tools, the Platform CLI). Each validates with the router's schemas
 * and calls the service method the router calls, with the caller's
 * credentials: the same permission check, audit event and messages as the
 * Infrastructure tab.
 */

const ENTITY_DESCRIPTION =
  'The service: its catalog name (e.g. payments-api, a component in the default namespace) or a full entity ref (component:default/payments-api).';
const RUN_DESCRIPTION =
  'The provisioning run id (a UUID, from provisioning:list-runs or the Infrastructure tab).';
const COMMENT_DESCRIPTION =
  'Why you decide so, in a sentence (e.g. the change ticket): it goes to the audit log and the run.';

/** `payments-api` or a full ref, as the router's `entities/:kind/:namespace/:name` gives it. */
function entityRefOf(text: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(text.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new InputError(
      `Invalid entity: '${text}' is neither a service name like payments-api nor an entity ref like component:default/payments-api`,
    );
  }
}

/**
 * A service's answer as the action's output. The registry checks it against
 * the output schema at run time; the schemas describe the main fields and
 * pass the rest through, which their static types cannot say of interfaces.
 */
const out = <T extends object>(value: T) => ({ output: value as any });

const run = (z: typeof zod) =>
  z
    .object({
      id: z.string(),
      entityRef: z.string(),
      environment: z.string(),
      phase: z
        .string()
        .describe(
          'pending, planning, awaiting_approval, applying, applied, discarded, errored...',
        ),
      plan: z
        .record(z.any())
        .nullish()
        .describe('additions, changes, destructions'),
      decision: z
        .record(z.any())
        .nullish()
        .describe('Who approved or discarded it, when and why'),
    })
    .passthrough();

export function createProvisioningActions(options: {
  registry: ActionsRegistryService;
  service: ProvisioningService;
}) {
  const { registry, service } = options;
  const context = (credentials: BackstageCredentials): CallContext => ({
    credentials,
    actor: actorOf(credentials),
  });
  const runId = (text: string) => parse(runIdSchema, text, 'run id');

  registry.register({
    name: 'list-runs',
    title: 'Provisioning runs of a service',
    description:
      "A service's infrastructure per environment (the Infrastructure tab): the Terraform workspace and its newest provisioning runs, with phase, plan, cost estimate, outputs and who decided. Read-only.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entity: z.string().describe(ENTITY_DESCRIPTION),
          history: z
            .number()
            .int()
            .optional()
            .describe(
              'Runs per environment, newest first (1 to 100; 20 by default)',
            ),
        }),
      output: z =>
        z
          .object({
            entityRef: z.string(),
            service: z.string(),
            environments: z
              .array(
                z
                  .object({
                    environment: z.string(),
                    workspaceName: z.string(),
                    runs: z.array(run(z)),
                    totalRuns: z.number(),
                  })
                  .passthrough(),
              )
              .describe(
                'One entry per environment, in order dev, staging, prod',
              ),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const { history } = parse(
        historyQuerySchema,
        { history: input.history },
        'query',
      );
      return out(
        await service.getServiceProvisioning(
          entityRefOf(input.entity),
          context(credentials),
          history,
        ),
      );
    },
  });

  registry.register({
    name: 'get-run',
    title: 'A provisioning run',
    description:
      'One provisioning run in full: its phase, timeline, plan, cost estimate, outputs and decision. Read-only.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object({ runId: z.string().describe(RUN_DESCRIPTION) }),
      output: run,
    },
    action: async ({ input, credentials }) =>
      out(await service.getRun(runId(input.runId), context(credentials))),
  });

  const decision = (z: typeof zod) =>
    z.object({
      runId: z.string().describe(RUN_DESCRIPTION),
      comment: z.string().describe(COMMENT_DESCRIPTION),
    });

  registry.register({
    name: 'approve-run',
    title: 'Approve a provisioning run',
    description:
      'Applies the plan of a run that waits for approval (staging and prod plans wait for a person): Terraform then creates, changes or destroys what the plan says. Needs a comment. Owners of the service may in staging; in production only the production groups. Audited.',
    attributes: { destructive: true, idempotent: false },
    schema: { input: decision, output: run },
    action: async ({ input, credentials }) => {
      const { comment } = parse(
        decisionBodySchema,
        { comment: input.comment },
        'approval',
      );
      return out(
        await service.approve(
          runId(input.runId),
          comment,
          context(credentials),
        ),
      );
    },
  });

  registry.register({
    name: 'discard-run',
    title: 'Discard a provisioning run',
    description:
      'Discards the plan of a run that waits for approval: nothing is applied. Needs a comment. Same permissions as approving. Audited.',
    attributes: { destructive: false, idempotent: false },
    schema: { input: decision, output: run },
    action: async ({ input, credentials }) => {
      const { comment } = parse(
        decisionBodySchema,
        { comment: input.comment },
        'discard',
      );
      return out(
        await service.discard(
          runId(input.runId),
          comment,
          context(credentials),
        ),
      );
    },
  });

  registry.register({
    name: 'retry-run',
    title: 'Retry a provisioning run',
    description:
      'Queues a new run with the same settings as a finished run that did not apply (errored, discarded or canceled). Refused when it was retried already. Audited.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          runId: z.string().describe(RUN_DESCRIPTION),
          comment: z.string().optional().describe(COMMENT_DESCRIPTION),
        }),
      output: run,
    },
    action: async ({ input, credentials }) => {
      const { comment } = parse(
        retryBodySchema,
        { comment: input.comment },
        'retry',
      );
      return out(
        await service.retry(runId(input.runId), comment, context(credentials)),
      );
    },
  });

  registry.register({
    name: 'request',
    title: 'Request infrastructure for a service',
    description:
      'Plans the infrastructure tiers of a service (database, cache, queue, public HTTP) in the given environments: one Terraform run per environment. Dev applies by itself; staging and prod plans wait for approval (provisioning:approve-run). Only the service owners may. The same idempotencyKey gives the same runs, never a second set. Audited.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entity: z.string().describe(ENTITY_DESCRIPTION),
          environments: z
            .array(z.string())
            .describe('The environments, e.g. ["dev"] or ["dev", "staging"]'),
          tiers: z
            .object({
              database: z
                .enum(['none', 'rds-postgres', 'aurora-serverless-v2'])
                .optional(),
              cache: z.enum(['none', 'redis']).optional(),
              queue: z.enum(['none', 'sqs']).optional(),
              publicHttp: z
                .boolean()
                .optional()
                .describe('A public load balancer in front of the service'),
            })
            .describe('The tiers wanted; a tier left out is none'),
          sizes: z
            .record(z.union([z.string(), z.number()]))
            .optional()
            .describe(
              'Size overrides of the stack, e.g. { "database_min_capacity": 0.5 }',
            ),
          idempotencyKey: z
            .string()
            .optional()
            .describe(
              'Any string of yours: sending the same request again with it creates nothing twice',
            ),
        }),
      output: z =>
        z
          .object({
            created: z
              .boolean()
              .describe('false when the idempotency key was seen before'),
            runs: z.array(run(z)),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const { entity, ...rest } = input;
      const body = parse(
        requestBodySchema,
        { ...rest, entityRef: entityRefOf(entity) },
        'request',
      );
      return out(await service.request(body, context(credentials)));
    },
  });
}
