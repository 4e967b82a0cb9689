import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './checkServiceOwner.examples';

/**
 * Creating a service owned by a team one is not a member of. No rule of the
 * portal policy grants it, so only admins have it: ownership is what every
 * plugin authorizes by, and a user must not be able to hand a service (and
 * its infrastructure) to another team, or to a team that does not exist.
 */
export const serviceOwnerAnyPermission = createPermission({
  name: 'scaffolder.service.owner.any',
  attributes: {},
});

function parseRef(
  value: string,
  defaultKind: string,
  field: string,
): CompoundEntityRef {
  try {
    return parseEntityRef(value, { defaultKind, defaultNamespace: 'default' });
  } catch {
    throw new InputError(`The ${field} '${value}' is not an entity reference`);
  }
}

function relationTargets(entity: Entity | undefined, type: string) {
  return (entity?.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef.toLocaleLowerCase('en-US'));
}

/**
 * `catalog:service-owner:check`: the backend's check of the owner and
 * system the form offered. The form's pickers only offer existing teams and
 * systems, but a crafted request can name any string; this runs before
 * anything is created and asks the catalog as the task's user:
 *
 * - `owner` must be a Group in the catalog that the user is a member of
 *   (or the user may choose any owner: `scaffolder.service.owner.any`,
 *   admins);
 * - `system`, when given, must be a System in the catalog.
 */
export function createCheckServiceOwnerAction(options: {
  catalog: CatalogService;
  permissions: PermissionsService;
}) {
  const { catalog, permissions } = options;
  return createTemplateAction({
    id: 'catalog:service-owner:check',
    description:
      'Fails unless the owner is a team of the user who runs the template (or the user is an admin) and the system exists',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        owner: z =>
          z
            .string()
            .min(1)
            .describe('The owner group, e.g. group:default/payments'),
        system: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'The system the service belongs to, e.g. system:default/payments',
            ),
      },
    },
    async handler(ctx) {
      const userRef = ctx.user?.ref;
      if (!userRef) {
        throw new NotAllowedError(
          'This template must be run by a signed-in user',
        );
      }
      // As the user: the catalog answers what they may see.
      const credentials = await ctx.getInitiatorCredentials();

      const ownerRef = parseRef(ctx.input.owner, 'group', 'owner');
      const owner = stringifyEntityRef(ownerRef);
      if (ownerRef.kind.toLocaleLowerCase('en-US') !== 'group') {
        throw new InputError(`The owner '${owner}' must be a group (a team)`);
      }
      const group = await catalog.getEntityByRef(ownerRef, { credentials });
      if (!group) {
        throw new InputError(
          `The owner '${owner}' is not a group in the catalog; choose a team from the list`,
        );
      }

      const user = await catalog.getEntityByRef(userRef, { credentials });
      const ownerKey = owner.toLocaleLowerCase('en-US');
      const userKey = userRef.toLocaleLowerCase('en-US');
      const isMember =
        relationTargets(user, RELATION_MEMBER_OF).includes(ownerKey) ||
        relationTargets(group, RELATION_HAS_MEMBER).includes(userKey);
      if (!isMember) {
        const [decision] = await permissions.authorize(
          [{ permission: serviceOwnerAnyPermission }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          const teams = relationTargets(user, RELATION_MEMBER_OF);
          throw new NotAllowedError(
            `You are not a member of '${owner}'; a new service must be owned by one of your teams${
              teams.length > 0 ? ` (${teams.join(', ')})` : ''
            }`,
          );
        }
        ctx.logger.info(
          `'${owner}' is not one of your teams; allowed for admins`,
        );
      }

      if (ctx.input.system) {
        const systemRef = parseRef(ctx.input.system, 'system', 'system');
        const system = stringifyEntityRef(systemRef);
        const found =
          systemRef.kind.toLocaleLowerCase('en-US') === 'system'
            ? await catalog.getEntityByRef(systemRef, { credentials })
            : undefined;
        if (!found) {
          throw new InputError(
            `The system '${system}' is not a system in the catalog; choose one from the list`,
          );
        }
      }
      ctx.logger.info(
        `The owner '${owner}'${
          ctx.input.system ? ` and the system '${ctx.input.system}'` : ''
        } are valid for ${userRef}`,
      );
    },
  });
}
