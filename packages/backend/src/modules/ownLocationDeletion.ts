import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** A registered catalog location, as the catalog API returns it. */
export interface RegisteredLocation {
  id: string;
  type: string;
  target: string;
}

/**
 * Who may unregister a location they registered: the rule.
 *
 * `catalog.location.delete` is a basic permission (the policy never sees
 * which location), so the portal policy keeps it for admins. Everyone else
 * may delete a registered location when **every entity it brought into the
 * catalog is theirs**: the user may delete each of them
 * (`catalog.entity.delete`, which the policy allows to the entity's owners),
 * and there is at least one. The Location entities the catalog generates for
 * the location itself have no owner and do not count. So unregistering gives
 * no power the user did not already have over those entities, and a
 * location that brought in a service of another team stays until its owners
 * or an admin remove it.
 *
 * The same rule guards changing a location's target (`PUT`), which the
 * catalog allows with `catalog.location.create` (everyone): otherwise anyone
 * could point another team's location at a file of their own.
 */
export async function authorizeOwnLocationDeletion(
  services: {
    catalog: CatalogService;
    permissions: PermissionsService;
    auth: AuthService;
  },
  id: string,
  credentials: BackstageCredentials,
  /** What the user wants to do, for the messages. */
  verb: 'remove' | 'change' = 'remove',
): Promise<RegisteredLocation> {
  const { catalog, permissions, auth } = services;
  const location = await catalog.getLocationById(id, { credentials });
  if (!location) {
    throw new NotFoundError(`Found no location with ID ${id}`);
  }

  // All entities of the location, whether the user can read them or not.
  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: `${location.type}:${location.target}`,
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  const refs = items
    .filter(entity => entity.kind.toLocaleLowerCase('en-US') !== 'location')
    .map(entity => stringifyEntityRef(entity));
  if (refs.length === 0) {
    throw new NotAllowedError(
      `The location ${location.target} has no entities you own; ask a platform admin to ${verb} it`,
    );
  }

  const decisions = await permissions.authorize(
    refs.map(resourceRef => ({
      permission: catalogEntityDeletePermission,
      resourceRef,
    })),
    { credentials },
  );
  const foreign = refs.filter(
    (_ref, i) => decisions[i].result !== AuthorizeResult.ALLOW,
  );
  if (foreign.length > 0) {
    throw new NotAllowedError(
      `The location ${
        location.target
      } also holds entities you do not own (${foreign.join(
        ', ',
      )}); ask their owners or a platform admin to ${verb} it`,
    );
  }
  return location;
}
