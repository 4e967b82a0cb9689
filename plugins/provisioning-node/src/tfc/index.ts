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
export {
  CONFIRMABLE_RUN_STATUSES,
  DISCARDABLE_RUN_STATUSES,
  FINAL_RUN_STATUSES,
  RUN_STATUSES,
  SUCCESSFUL_RUN_STATUSES,
  isFailed,
  isFinal,
  isInProgress,
  isRunStatus,
  isSuccessful,
  needsConfirmation,
} from '@internal/api-tfc';
export type { RunStatus } from '@internal/api-tfc';
export type * from '@internal/api-tfc';
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
