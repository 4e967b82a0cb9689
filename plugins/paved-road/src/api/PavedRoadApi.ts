import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  BulkUpgradeResult,
  ServiceDrift,
  ServiceDriftList,
  UpgradeResult,
} from '@internal/plugin-paved-road-common';

/** The Paved road backend (`/api/paved-road`). */
export interface PavedRoadApi {
  listServices(filter?: { owner?: string }): Promise<ServiceDriftList>;
  getService(entityRef: string): Promise<ServiceDrift>;
  /** Opens the upgrade pull request of one service, or updates the open one. */
  upgrade(entityRef: string): Promise<UpgradeResult>;
  /** Admins: the same for a selection of services. */
  upgradeMany(entityRefs: string[]): Promise<BulkUpgradeResult>;
  /** Merges the open upgrade pull request. */
  merge(entityRef: string): Promise<{ number: number; sha: string }>;
}

export const pavedRoadApiRef = createApiRef<PavedRoadApi>({
  id: 'plugin.paved-road.service',
});
