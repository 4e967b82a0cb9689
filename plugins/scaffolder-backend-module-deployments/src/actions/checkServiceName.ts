import { AuthService } from '@backstage/backend-plugin-api';
import { ANNOTATION_ORIGIN_LOCATION } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './checkServiceName.examples';

/** Kinds whose names a new service must not take: what people link and search by. */
const KINDS = ['Component', 'API', 'Resource', 'System'];

/**
 * `catalog:service-name:check`: the backend's second check of the name the
 * form checked live. It runs before anything is created, so a crafted
 * request or a name taken since the form was filled stops the task with a
 * clear message instead of half-creating a service. A name taken by the
 * entity this template registered from the same repository (a re-run) is
 * not a conflict.
 */
export function createCheckServiceNameAction(options: {
  catalog: CatalogService;
  auth: AuthService;
}) {
  const { catalog, auth } = options;
  return createTemplateAction({
    id: 'catalog:service-name:check',
    description:
      'Fails when a Component, API, Resource or System with the name already exists in the catalog',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .min(3)
            .max(40)
            .regex(
              /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
              'lower-case letters, digits and hyphens; starts with a letter, ends with a letter or digit',
            )
            .describe('The new service name'),
        repositoryUrl: z =>
          z
            .string()
            .optional()
            .describe(
              "The service repository's web URL: an entity registered from a file in it is this service (a re-run), not a conflict",
            ),
      },
      output: {
        locationRegistered: z =>
          z
            .boolean()
            .describe(
              'Whether a catalog location in the service repository is registered already (a re-run): catalog:register may then find it existing',
            ),
      },
    },
    async handler(ctx) {
      const { name, repositoryUrl } = ctx.input;
      // The service's own view: a person who cannot see an entity must
      // still not take its name.
      const credentials = await auth.getOwnServiceCredentials();
      const { items } = await catalog.getEntities(
        { filter: { kind: KINDS, 'metadata.name': name } },
        { credentials },
      );
      // GitHub locations may name the same file with /blob/ or /tree/.
      const conflicts = items.filter(
        entity =>
          !repositoryUrl ||
          !entity.metadata.annotations?.[
            ANNOTATION_ORIGIN_LOCATION
          ]?.startsWith(`url:${repositoryUrl.replace(/\/+$/, '')}/`),
      );
      if (conflicts.length > 0) {
        const taken = conflicts
          .map(
            e =>
              `${e.kind.toLocaleLowerCase('en-US')}:${
                e.metadata.namespace ?? 'default'
              }/${e.metadata.name}`,
          )
          .join(', ');
        throw new InputError(
          `The name '${name}' is taken in the catalog (${taken}); choose another name`,
        );
      }
      ctx.logger.info(`The name '${name}' is free in the catalog`);

      // A run that failed after catalog:register stored the location must
      // not fail again on "location already exists" when it is re-run;
      // the entity may not even be processed yet, so look at locations.
      const prefix = repositoryUrl
        ? `${repositoryUrl.replace(/\/+$/, '')}/`
        : undefined;
      const { items: locations } = prefix
        ? await catalog.getLocations({}, { credentials })
        : { items: [] };
      const locationRegistered = locations.some(
        location =>
          location.type === 'url' && location.target.startsWith(prefix!),
      );
      if (locationRegistered) {
        ctx.logger.info(
          `A catalog location in ${repositoryUrl} is registered already (a re-run)`,
        );
      }
      ctx.output('locationRegistered', locationRegistered);
    },
  });
}
