import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { z as zod } from 'zod/v3';
import {
  MatrixQuery,
  RolloutActionName,
} from '@internal/plugin-deployments-common';
import {
  actionBody,
  environmentName,
  matrixQuery,
  parse,
  previewBody,
  mergePromotionBody,
  promoteBody,
  rollbackBody,
} from '../router';
import { ActionContext, DeploymentActions } from '../service/DeploymentActions';
import { DeploymentsJoin } from '../service/DeploymentsJoin';
import { EntityDeployments } from '../service/EntityDeployments';
import { PromotionService } from '../service/promotion/PromotionService';
import { readMatrix } from '../service/queryMatrix';
import { ENTITY_DESCRIPTION, entityRefOf } from './entityInput';

/*
 * The deployments operations as actions of Backstage's actions registry
 * (MCP tools, `backstage-cli actions execute`, the Platform CLI). Each one
 * validates with the router's schemas and calls the service method the
 * router calls, with the caller's credentials: the same permission check,
 * audit event and messages as the Deployments tab.
 */

const ENVIRONMENT_DESCRIPTION =
  'The environment, e.g. dev, staging or prod (see deployments:get-status for the ones a service has).';
const REASON_DESCRIPTION =
  'Why you do this, in a sentence: it goes to the audit log and the deployment history.';

/**
 * A service's answer as the action's output. The registry checks it against
 * the output schema at run time; the schemas describe the main fields and
 * pass the rest through, which their static types cannot say of interfaces.
 */
const out = <T extends object>(value: T) => ({ output: value as any });

export interface DeploymentsActionsOptions {
  registry: ActionsRegistryService;
  join: DeploymentsJoin;
  entities: EntityDeployments;
  actions: DeploymentActions;
  promotions: PromotionService;
}

/** The rollout actions and how a person or model should read them. */
const ROLLOUT_ACTIONS: Array<{
  name: string;
  action: RolloutActionName;
  title: string;
  description: string;
  attributes: { destructive: boolean; idempotent: boolean };
}> = [
  {
    name: 'promote-canary',
    action: 'promote',
    title: 'Promote a canary one step',
    description:
      'Moves a paused canary rollout of a service in one environment to its next step (more traffic on the new version). Refused when no canary is paused there, or when you may not promote the service (its owners may; in production, the production groups).',
    attributes: { destructive: true, idempotent: false },
  },
  {
    name: 'promote-canary-full',
    action: 'promote-full',
    title: 'Promote a canary fully',
    description:
      'Skips the remaining canary steps and analysis: the new version takes all traffic in that environment at once. Refused when no canary is in flight there, or when you may not promote the service.',
    attributes: { destructive: true, idempotent: true },
  },
  {
    name: 'abort-canary',
    action: 'abort',
    title: 'Abort a canary',
    description:
      'Aborts the canary rollout of a service in one environment: all traffic goes back to the stable version. Refused when no canary is in flight there, or when you may not abort it.',
    attributes: { destructive: true, idempotent: true },
  },
  {
    name: 'retry-canary',
    action: 'retry',
    title: 'Retry an aborted canary',
    description:
      'Starts an aborted canary rollout again from its first step. Refused when the rollout is not aborted, or when you may not retry it.',
    attributes: { destructive: false, idempotent: false },
  },
];

export function createDeploymentsActions(options: DeploymentsActionsOptions) {
  const { registry, join, entities, actions, promotions } = options;

  const context = (
    input: { entity: string; environment: string },
    credentials: BackstageCredentials,
  ): ActionContext => ({
    entityRef: entityRefOf(input.entity),
    environment: parse(environmentName, input.environment, 'environment'),
    credentials,
  });

  registry.register({
    name: 'get-status',
    title: 'Service deployment status',
    description:
      'What a service runs in each environment: revision, image tag, sync and health, auto-sync, a canary in flight and its steps, and the deployment history (whose entry ids deployments:rollback takes). Read-only.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entity: z.string().describe(ENTITY_DESCRIPTION),
          environment: z
            .string()
            .optional()
            .describe(
              'Only this environment (e.g. prod); every environment when left out.',
            ),
        }),
      output: z =>
        z
          .object({
            entityRef: z.string().describe('The service, as a full entity ref'),
            environments: z
              .array(z.record(z.any()))
              .describe(
                'One entry per environment: environment, state (deployed, missing, unavailable), revision, imageTag, sync, health, autoSync, rollout, history',
              ),
          })
          .passthrough(),
    },
    action: async ({ input }) => {
      const status = await entities.get(entityRefOf(input.entity));
      if (input.environment === undefined) return out(status);
      const environment = parse(
        environmentName,
        input.environment,
        'environment',
      );
      const shown = status.environments.filter(
        e => e.environment === environment,
      );
      if (!shown.length) {
        throw new InputError(
          `Unknown environment '${environment}'; known: ${status.environments
            .map(e => e.environment)
            .join(', ')}`,
        );
      }
      return out({ ...status, environments: shown });
    },
  });

  registry.register({
    name: 'list-deployments',
    title: 'Deployments matrix',
    description:
      'Every service and what it runs in each environment (the Deployments page), filtered, sorted and paged on the server. Read-only.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          owner: z
            .array(z.string())
            .optional()
            .describe(
              'Only services of these owners (payments or group:default/payments)',
            ),
          system: z
            .array(z.string())
            .optional()
            .describe('Only services of these systems'),
          environment: z
            .array(z.string())
            .optional()
            .describe('Only these environments (columns), e.g. ["prod"]'),
          health: z
            .array(z.string())
            .optional()
            .describe(
              'Only rows with one of these health codes in a shown environment: Healthy, Progressing, Degraded, Suspended, Missing, Unknown, or unavailable',
            ),
          search: z
            .string()
            .optional()
            .describe('A part of the name, title, owner, system or revision'),
          sort: z
            .enum(['name', 'owner', 'system', 'deployedAt', 'health'])
            .optional()
            .describe('Sort field; name by default'),
          order: z.enum(['asc', 'desc']).optional(),
          offset: z.number().int().optional().describe('Rows to skip'),
          limit: z
            .number()
            .int()
            .optional()
            .describe('Rows per page (1 to 1000; 100 by default)'),
        }),
      output: z =>
        z
          .object({
            environments: z.array(z.record(z.any())),
            rows: z
              .array(z.record(z.any()))
              .describe(
                'One row per service: name, owner, system, and deployments by environment',
              ),
            total: z.number().describe('Rows matching the filters'),
            offset: z.number(),
            limit: z.number(),
          })
          .passthrough(),
    },
    action: async ({ input }) =>
      out(
        await readMatrix(
          join,
          parse(matrixQuery, input, 'query') as MatrixQuery,
        ),
      ),
  });

  const target = (z: typeof zod) => ({
    entity: z.string().describe(ENTITY_DESCRIPTION),
    environment: z.string().describe(ENVIRONMENT_DESCRIPTION),
  });
  const actionResult = (z: typeof zod) =>
    z
      .object({
        action: z.string(),
        application: z.string().describe('The Argo CD application'),
        environment: z.string(),
        message: z.string().describe('What happened, for a person'),
        deployment: z
          .record(z.any())
          .describe('The deployment in that environment afterwards'),
      })
      .passthrough();

  registry.register({
    name: 'preview-rollback',
    title: 'Preview a rollback',
    description:
      'What rolling a service back in one environment to an earlier deployment-history entry would change (revision and image from and to, whether auto-sync gets suspended), with every check a rollback makes: permission, a running operation, an entry that exists. Changes nothing.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          ...target(z),
          historyId: z
            .number()
            .int()
            .describe(
              'The deployment-history entry to roll back to (an id from deployments:get-status)',
            ),
        }),
      output: z =>
        z
          .object({
            application: z.string(),
            environment: z.string(),
            from: z.record(z.any()).describe('revision, image, historyId now'),
            to: z
              .record(z.any())
              .describe('revision, image, historyId after the rollback'),
            suspendsAutoSync: z
              .boolean()
              .describe('Auto-sync is on and would be suspended first'),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const { id } = parse(previewBody, { id: input.historyId }, 'body');
      return out(
        await actions.previewRollback(context(input, credentials), id),
      );
    },
  });

  registry.register({
    name: 'rollback',
    title: 'Roll back a deployment',
    description:
      'Rolls a service back in one environment to an earlier deployment-history entry, suspending auto-sync first so Argo CD does not undo it (deployments:resume-auto-sync turns it back on). Needs a reason. Only the service owners may, and in production only the production groups; a refusal says why. Audited. Use deployments:preview-rollback first to see what changes.',
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          ...target(z),
          historyId: z
            .number()
            .int()
            .describe(
              'The deployment-history entry to roll back to (an id from deployments:get-status)',
            ),
          reason: z.string().describe(REASON_DESCRIPTION),
        }),
      output: actionResult,
    },
    action: async ({ input, credentials }) => {
      const body = parse(
        rollbackBody,
        { id: input.historyId, reason: input.reason },
        'body',
      );
      return out(await actions.rollback(context(input, credentials), body));
    },
  });

  for (const rollout of ROLLOUT_ACTIONS) {
    registry.register({
      name: rollout.name,
      title: rollout.title,
      description: `${rollout.description} Audited.`,
      attributes: rollout.attributes,
      schema: {
        input: z =>
          z.object({
            ...target(z),
            reason: z.string().optional().describe(REASON_DESCRIPTION),
          }),
        output: actionResult,
      },
      action: async ({ input, credentials }) => {
        const { reason } = parse(actionBody, { reason: input.reason }, 'body');
        return out(
          await actions.rolloutAction(
            context(input, credentials),
            rollout.action,
            reason,
          ),
        );
      },
    });
  }

  registry.register({
    name: 'resume-auto-sync',
    title: 'Resume auto-sync',
    description:
      'Turns Argo CD auto-sync back on for a service in one environment after a rollback suspended it: Argo CD then deploys what git says again, replacing the rolled-back version. Refused when auto-sync is on already, or when you may not. Audited.',
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...target(z),
          reason: z.string().optional().describe(REASON_DESCRIPTION),
        }),
      output: actionResult,
    },
    action: async ({ input, credentials }) => {
      const { reason } = parse(actionBody, { reason: input.reason }, 'body');
      return out(
        await actions.resumeAutoSync(context(input, credentials), reason),
      );
    },
  });

  registry.register({
    name: 'get-promotion-lane',
    title: 'Promotion lane',
    description:
      "A service's environments in promotion order (e.g. dev -> staging -> prod): what build each runs and what git says it should, and for each step what promoting to the next environment would change (image, commits, values-file diff). Read-only.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object({ entity: z.string().describe(ENTITY_DESCRIPTION) }),
      output: z =>
        z
          .object({
            entityRef: z.string(),
            environments: z
              .array(z.record(z.any()))
              .describe(
                'In promotion order: name, production, imageTag, desiredImageTag, revision, health, canaryInFlight',
              ),
            steps: z
              .array(z.record(z.any()))
              .describe(
                'One per pair of neighbours: from, to, upToDate, image before/after, commits, valuesDiff',
              ),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) =>
      out(await promotions.lane(entityRefOf(input.entity), credentials)),
  });

  const promotionTarget = (z: typeof zod) => ({
    entity: z.string().describe(ENTITY_DESCRIPTION),
    environment: z
      .string()
      .describe(
        'The environment to promote to, e.g. staging: it gets the build the environment before it in the lane runs.',
      ),
  });

  registry.register({
    name: 'preview-promotion',
    title: 'Preview a promotion',
    description:
      'What promoting a service to an environment would do (the build of the environment before it in the lane, the commits and the values-file diff), the gates (target idle, canary, SLO burn rate, firing alerts) with their status, and whether you may promote or override. Changes nothing.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object(promotionTarget(z)),
      output: z =>
        z
          .object({
            entityRef: z.string(),
            from: z.string(),
            to: z.string(),
            gates: z
              .array(z.record(z.any()))
              .describe('id, title, status (passed, failed...), detail'),
            ready: z.boolean().describe('Every gate passed'),
            allowed: z
              .boolean()
              .describe('You may promote to this environment'),
            canOverride: z
              .boolean()
              .describe('You may override failed gates (admins)'),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) =>
      out(await promotions.preview(context(input, credentials))),
  });

  registry.register({
    name: 'promote-release',
    title: 'Promote to the next environment',
    description:
      "Promotes a service to an environment with the build the environment before it runs (dev's build to staging, staging's to prod): one commit setting image.tag in the target's values file of the service repository, which Argo CD rolls out. Gated (the target idle, no failed canary, SLO burn rate, no firing alerts); admins may override failed gates with a reason. Needs a reason. Owners may promote outside production, the production groups into production; a refusal says why. Does nothing when the target already has that build. Where promotions go through a pull request (production by default), it opens one instead (or updates the one open for the same build) and returns it as pullRequest: the owners may open it, the production groups merge it with deployments:merge-promotion. Audited. Use deployments:preview-promotion first.",
    attributes: { destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...promotionTarget(z),
          reason: z.string().describe(REASON_DESCRIPTION),
          overrideReason: z
            .string()
            .optional()
            .describe(
              'Admins only: go ahead although gates failed, and why (audited). Leave out otherwise.',
            ),
        }),
      output: z =>
        z
          .object({
            entityRef: z.string(),
            from: z.string(),
            to: z.string(),
            committed: z
              .boolean()
              .describe('False when the target already had the build'),
            imageTag: z.string().describe('The build promoted'),
            message: z.string().describe('What happened, for a person'),
            commitSha: z.string().optional(),
            commitUrl: z.string().optional(),
            pullRequest: z
              .object({
                number: z.number(),
                url: z.string(),
                created: z.boolean(),
              })
              .passthrough()
              .optional()
              .describe(
                'Set when the promotion went to a pull request (nothing committed to the branch yet)',
              ),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const body = parse(
        promoteBody,
        {
          reason: input.reason,
          ...(input.overrideReason !== undefined
            ? { override: { reason: input.overrideReason } }
            : {}),
        },
        'body',
      );
      return out(await promotions.promote(context(input, credentials), body));
    },
  });

  registry.register({
    name: 'merge-promotion',
    title: 'Merge a promotion pull request',
    description:
      "Merges the open promotion pull request into an environment (production by default goes by pull request): the merge commit lands on the branch Argo CD tracks, which rolls it out. Only the holders of the environment's promote permission may (in production the production groups, e.g. SRE); a refusal says why. The gates are evaluated again now, for the build the pull request sets, which must be what the environment before it runs; admins may override failed gates with a reason. Needs a reason. Audited (who, why, pull request, merge commit).",
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          ...promotionTarget(z),
          reason: z.string().describe(REASON_DESCRIPTION),
          number: z
            .number()
            .int()
            .optional()
            .describe(
              'The pull request number; the one open for the environment when left out',
            ),
          overrideReason: z
            .string()
            .optional()
            .describe(
              'Admins only: merge although gates fail now, and why (audited). Leave out otherwise.',
            ),
        }),
      output: z =>
        z
          .object({
            entityRef: z.string(),
            from: z.string(),
            to: z.string(),
            imageTag: z.string().describe('The build promoted'),
            number: z.number(),
            url: z.string(),
            mergeSha: z.string().describe('The merge commit Argo CD deploys'),
            message: z.string().describe('What happened, for a person'),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const body = parse(
        mergePromotionBody,
        {
          reason: input.reason,
          ...(input.number !== undefined ? { number: input.number } : {}),
          ...(input.overrideReason !== undefined
            ? { override: { reason: input.overrideReason } }
            : {}),
        },
        'body',
      );
      return out(
        await promotions.mergePromotion(context(input, credentials), body),
      );
    },
  });
}
