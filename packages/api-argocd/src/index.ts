/**
 * The Argo CD API contract: the objects of Argo CD's swagger
 * (`shared/specs/argocd-swagger.json`), the Argo Rollouts resources Argo CD
 * shows in an application's tree, and Argo CD's health assessment of those
 * resources. The deployments client and the sandbox's simulator both compile
 * against these, so neither can drift from the other silently.
 *
 * @packageDocumentation
 */
export * from './argocd';
export * from './rollouts';
export {
  analysisRunHealth,
  isWorseHealth,
  rolloutHealth,
  toHealthStatus,
} from './health';
export type { AssessedHealthStatus, ResourceHealth } from './health';
