import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ProvisioningRequestBody,
  ProvisioningRequestResult,
  ProvisioningRun,
  RunLogEntry,
  ServiceProvisioning,
} from '@internal/plugin-provisioning-common';

/** The provisioning backend's REST API, as the frontend uses it. */
export interface ProvisioningApi {
  getServiceProvisioning(
    entityRef: string,
    options?: { history?: number },
  ): Promise<ServiceProvisioning>;
  getRun(runId: string): Promise<ProvisioningRun>;
  /** The runs waiting for an approval the caller may give. */
  listRunsToDecide(): Promise<ProvisioningRun[]>;
  getRunLog(runId: string): Promise<RunLogEntry[]>;
  request(body: ProvisioningRequestBody): Promise<ProvisioningRequestResult>;
  approve(runId: string, comment: string): Promise<ProvisioningRun>;
  discard(runId: string, comment: string): Promise<ProvisioningRun>;
  retry(runId: string, comment?: string): Promise<ProvisioningRun>;
}

export const provisioningApiRef = createApiRef<ProvisioningApi>({
  id: 'plugin.provisioning.service',
});
