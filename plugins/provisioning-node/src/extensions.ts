import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ProvisioningEngine } from './engine/ProvisioningEngine';

/**
 * Lets backend modules add provisioning engines (e.g. AWS CloudFormation)
 * next to the Terraform Cloud engine the provisioning backend builds from
 * its own configuration. Which engine a service uses is configuration
 * (`provisioning.engines`).
 */
export interface ProvisioningEnginesExtensionPoint {
  addEngine(engine: ProvisioningEngine): void;
}

export const provisioningEnginesExtensionPoint =
  createExtensionPoint<ProvisioningEnginesExtensionPoint>({
    id: 'provisioning.engines',
  });
