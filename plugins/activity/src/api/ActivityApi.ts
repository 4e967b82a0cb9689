import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ActivityFacets,
  ActivityPage,
  ActivityQuery,
} from '@internal/plugin-activity-common';

/** The activity backend (`/api/activity`). */
export interface ActivityApi {
  /** What happened to an entity the caller can read. */
  getEntityActivity(
    entityRef: string,
    page?: { offset?: number; limit?: number },
  ): Promise<ActivityPage>;
  /** What happened to the caller's teams' entities, and what the caller did. */
  getTeamsActivity(page?: {
    offset?: number;
    limit?: number;
  }): Promise<ActivityPage>;
  /** The whole log (needs `activity.admin.read`). */
  searchActivity(query: ActivityQuery): Promise<ActivityPage>;
  getFacets(): Promise<ActivityFacets>;
  /** The CSV export of the whole log, filtered like `searchActivity`. */
  exportCsv(query: ActivityQuery): Promise<Blob>;
}

export const activityApiRef = createApiRef<ActivityApi>({
  id: 'plugin.activity.service',
});
