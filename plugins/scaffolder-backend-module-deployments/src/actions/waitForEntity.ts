import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './waitForEntity.examples';

/**
 * `catalog:entity:wait`: waits until the catalog serves the entity that
 * `catalog:register` just registered. Registration only queues the location
 * for processing (backstage#6301, #8597), so without this the task's "Open
 * in the catalog" link lands on "Entity not found" for a while. It polls; after
 * the timeout it warns and lets the task finish, since the entity still
 * arrives by itself.
 */
export function createWaitForEntityAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  /** Between two reads of the catalog. */
  pollMs?: number;
}) {
  const { catalog, auth, pollMs = 1000 } = options;
  return createTemplateAction({
    id: 'catalog:entity:wait',
    description:
      'Waits until the catalog serves an entity (after catalog:register), so links to it work when the task ends',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe('The entity to wait for, e.g. component:default/orders'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(600)
            .optional()
            .describe('How long to wait at most (default 60 s)'),
      },
      output: {
        found: z =>
          z.boolean().describe('Whether the catalog served it in time'),
      },
    },
    async handler(ctx) {
      if (ctx.isDryRun) {
        ctx.output('found', true);
        return;
      }
      const entityRef = stringifyEntityRef(parseEntityRef(ctx.input.entityRef));
      const deadline = Date.now() + (ctx.input.timeoutSeconds ?? 60) * 1000;
      const credentials = await auth.getOwnServiceCredentials();
      for (;;) {
        if (await catalog.getEntityByRef(entityRef, { credentials })) {
          ctx.logger.info(`${entityRef} is in the catalog`);
          ctx.output('found', true);
          return;
        }
        if (Date.now() >= deadline || ctx.signal?.aborted) break;
        await new Promise(resolve => setTimeout(resolve, pollMs));
      }
      ctx.logger.warn(
        `${entityRef} is not in the catalog yet; it appears once the catalog has processed its location`,
      );
      ctx.output('found', false);
    },
  });
}
