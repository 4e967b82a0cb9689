export { TerraformCloudClient } from './TerraformCloudClient';
export type {
  CreateRunInput,
  CreateVariableInput,
  CreateWorkspaceInput,
  RunDetails,
  RunPage,
  TerraformCloudClientOptions,
  TerraformCloudLogger,
  UpdateWorkspaceInput,
} from './TerraformCloudClient';
export {
  TerraformCloudError,
  isTerraformCloudNotFound,
} from './TerraformCloudError';
export type { TerraformCloudErrorKind } from './TerraformCloudError';
export type { Clock } from './backoff';
export * from '@internal/api-tfc';
export {
  TerraformCloudEngine,
  idempotencyMarker,
  phaseOfRun,
  terraformValue,
  toHcl,
} from './TerraformCloudEngine';
export type {
  TerraformCloudEngineOptions,
  TerraformCloudOrganization,
} from './TerraformCloudEngine';
export { createConfigurationArchive } from './configurationArchive';
export type { ConfigurationArchiveOptions } from './configurationArchive';
