/**
 * The HCP Terraform (Terraform Cloud) API v2 contract: its JSON:API
 * documents (`shared/specs/hcp-terraform-openapi-v2-beta.json`) and the run
 * statuses with what each means. The provisioning client and the sandbox's
 * simulator both compile against these.
 *
 * @packageDocumentation
 */
export * from './runStatus';
export type * from './types';
