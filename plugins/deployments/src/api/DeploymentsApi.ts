import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ActionResult,
  EntityDeploymentsResponse,
  MatrixQuery,
  MatrixResponse,
  RollbackPreview,
  RolloutActionName,
} from '@internal/plugin-deployments-common';

/** Where an action applies: an entity's deployment in one environment. */
export interface DeploymentTarget {
  entityRef: string;
  environment: string;
}

/** The deployments backend's API, as the frontend uses it. */
export interface DeploymentsApi {
  getMatrix(query: MatrixQuery, signal?: AbortSignal): Promise<MatrixResponse>;
  getEntityDeployments(entityRef: string): Promise<EntityDeploymentsResponse>;
  previewRollback(
    target: DeploymentTarget,
    id: number,
  ): Promise<RollbackPreview>;
  rollback(
    target: DeploymentTarget,
    request: { id: number; reason: string },
  ): Promise<ActionResult>;
  rolloutAction(
    target: DeploymentTarget,
    action: RolloutActionName,
    reason?: string,
  ): Promise<ActionResult>;
  resumeAutoSync(
    target: DeploymentTarget,
    reason?: string,
  ): Promise<ActionResult>;
}

export const deploymentsApiRef = createApiRef<DeploymentsApi>().with({
  id: 'plugin.deployments.service',
  pluginId: 'deployments',
});
