import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ActionResult,
  DoraMetrics,
  DoraWindow,
  ReleaseTimeline,
  EntityDeploymentsResponse,
  MatrixQuery,
  MatrixResponse,
  MergePromotionRequest,
  MergePromotionResult,
  PromoteRequest,
  PromoteResult,
  PromotionLane,
  PromotionPreview,
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
  /** The environments in promotion order and what promoting would change. */
  getPromotionLane(entityRef: string): Promise<PromotionLane>;
  /** The gates and changes of promoting into `target.environment`. */
  previewPromotion(target: DeploymentTarget): Promise<PromotionPreview>;
  promote(
    target: DeploymentTarget,
    request: PromoteRequest,
  ): Promise<PromoteResult>;
  /** Merges the open promotion pull request into `target.environment` (gates evaluated again). */
  mergePromotion(
    target: DeploymentTarget,
    request: MergePromotionRequest,
  ): Promise<MergePromotionResult>;
  /** Asks those who may promote to `target.environment` (they are notified). */
  requestPromotion(
    target: DeploymentTarget,
    request: { reason: string },
  ): Promise<{ message: string; notified: string[] }>;
  /** DORA metrics of a service, or of a team when the ref is a Group's. */
  getDora(entityRef: string, days: DoraWindow): Promise<DoraMetrics>;
  /** Each release of a service and every environment it reached. */
  getReleases(entityRef: string): Promise<ReleaseTimeline>;
}

export const deploymentsApiRef = createApiRef<DeploymentsApi>().with({
  id: 'plugin.deployments.service',
  pluginId: 'deployments',
});
