import type {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  activityAdminReadPermission,
  ActivityFacets,
  ActivityPage,
  ActivityQuery,
} from '@internal/plugin-activity-common';
import { ActivityStore } from '../database/ActivityStore';

/** How many of the teams' entities "your teams" looks at. */
const MAX_TEAM_ENTITIES = 2000;

/**
 * Who reads what: the activity of an entity is for those who can read the
 * entity (asked of the catalog with the caller's credentials); the whole
 * log, with its filters and export, needs `activity.admin.read`.
 */
export class ActivityReader {
  constructor(
    private readonly options: {
      store: ActivityStore;
      catalog: CatalogService;
      permissions: PermissionsService;
      userInfo: UserInfoService;
    },
  ) {}

  async forEntity(
    entityRef: string,
    credentials: BackstageCredentials,
    page: { offset?: number; limit?: number },
  ): Promise<ActivityPage> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No catalog entity ${entityRef}`);
    }
    return this.options.store.list({
      entityRef: stringifyEntityRef(entity),
      ...page,
    });
  }

  /**
   * The activity on the entities the caller's teams own (those the caller
   * can read), and the caller's own actions.
   */
  async forTeams(
    credentials: BackstageCredentials,
    page: { offset?: number; limit?: number },
  ): Promise<ActivityPage> {
    const { userEntityRef, ownershipEntityRefs } =
      await this.options.userInfo.getUserInfo(credentials);
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { 'relations.ownedBy': ownershipEntityRefs },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
        limit: MAX_TEAM_ENTITIES,
      },
      { credentials },
    );
    return this.options.store.list({
      entityRefs: items.map(e => stringifyEntityRef(e)),
      orActor: userEntityRef,
      ...page,
    });
  }

  async search(
    query: ActivityQuery,
    credentials: BackstageCredentials,
  ): Promise<ActivityPage> {
    await this.authorizeAdmin(credentials);
    return this.options.store.list(query);
  }

  async facets(credentials: BackstageCredentials): Promise<ActivityFacets> {
    await this.authorizeAdmin(credentials);
    return this.options.store.facets();
  }

  private async authorizeAdmin(credentials: BackstageCredentials) {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: activityAdminReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${activityAdminReadPermission.name} (the whole activity log is for platform admins; the Activity tab of a service shows its own)`,
      );
    }
  }
}
