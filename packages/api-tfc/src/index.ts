/**
 * The HCP Terraform (Terraform Cloud) API v2 contract: its JSON:API
 * documents (`shared/specs/hcp-terraform-openapi-v2-beta.json`) and the run
 * statuses with what each means. The provisioning client and the sandbox's
 * simulator both compile against these.
 *
 * @packageDocumentation
 */
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
} from './runStatus';
export type { RunStatus } from './runStatus';
export type * from './types';
