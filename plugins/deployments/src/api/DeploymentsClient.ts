import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
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
import { DeploymentsApi, DeploymentTarget } from './DeploymentsApi';

const enc = encodeURIComponent;

/** Calls `/api/deployments` through the fetch API (which adds the user's token). */
export class DeploymentsClient implements DeploymentsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getMatrix(
    query: MatrixQuery,
    signal?: AbortSignal,
  ): Promise<MatrixResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (Array.isArray(value)) {
        if (value.length) params.set(key, value.join(','));
      } else if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const text = params.toString();
    return this.call(
      'GET',
      `/matrix${text ? `?${text}` : ''}`,
      undefined,
      signal,
    );
  }

  async getEntityDeployments(
    entityRef: string,
  ): Promise<EntityDeploymentsResponse> {
    return this.call('GET', this.entityPath(entityRef));
  }

  async previewRollback(
    target: DeploymentTarget,
    id: number,
  ): Promise<RollbackPreview> {
    return this.call('POST', `${this.envPath(target)}/rollback/preview`, {
      id,
    });
  }

  async rollback(
    target: DeploymentTarget,
    request: { id: number; reason: string },
  ): Promise<ActionResult> {
    return this.call('POST', `${this.envPath(target)}/rollback`, request);
  }

  async rolloutAction(
    target: DeploymentTarget,
    action: RolloutActionName,
    reason?: string,
  ): Promise<ActionResult> {
    return this.call('POST', `${this.envPath(target)}/rollout/${enc(action)}`, {
      reason,
    });
  }

  async resumeAutoSync(
    target: DeploymentTarget,
    reason?: string,
  ): Promise<ActionResult> {
    return this.call('POST', `${this.envPath(target)}/auto-sync/resume`, {
      reason,
    });
  }

  async getPromotionLane(entityRef: string): Promise<PromotionLane> {
    return this.call('GET', `${this.entityPath(entityRef)}/promotion`);
  }

  async previewPromotion(target: DeploymentTarget): Promise<PromotionPreview> {
    return this.call('POST', `${this.envPath(target)}/promotion/preview`, {});
  }

  async promote(
    target: DeploymentTarget,
    request: PromoteRequest,
  ): Promise<PromoteResult> {
    return this.call('POST', `${this.envPath(target)}/promotion`, request);
  }

  async mergePromotion(
    target: DeploymentTarget,
    request: MergePromotionRequest,
  ): Promise<MergePromotionResult> {
    return this.call(
      'POST',
      `${this.envPath(target)}/promotion/merge`,
      request,
    );
  }

  async requestPromotion(
    target: DeploymentTarget,
    request: { reason: string },
  ): Promise<{ message: string; notified: string[] }> {
    return this.call(
      'POST',
      `${this.envPath(target)}/promotion/request`,
      request,
    );
  }

  async getDora(entityRef: string, days: DoraWindow): Promise<DoraMetrics> {
    return this.call('GET', `${this.entityPath(entityRef)}/dora?days=${days}`);
  }

  async getReleases(entityRef: string): Promise<ReleaseTimeline> {
    return this.call('GET', `${this.entityPath(entityRef)}/releases`);
  }

  private entityPath(entityRef: string) {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `/entities/${enc(namespace)}/${enc(kind)}/${enc(name)}`;
  }

  private envPath(target: DeploymentTarget) {
    return `${this.entityPath(target.entityRef)}/environments/${enc(
      target.environment,
    )}`;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('deployments');
    const response = await this.options.fetchApi.fetch(`${base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
      signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}

/** The backend's message (what to do), not "Request failed with 409". */
export function errorMessage(error: unknown): string {
  const body = (error as ResponseError)?.body;
  return body?.error?.message ?? (error as Error)?.message ?? String(error);
}
