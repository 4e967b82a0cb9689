/**
 * The GitOps tree of the clusters' add-ons (infra/gitops) and the checks
 * that keep it valid: YAML that parses, Argo CD resources of the Argo CD API's
 * shape, Gatekeeper templates and constraints that Gatekeeper can load.
 *
 * @packageDocumentation
 */

export {
  CLUSTER_ANNOTATIONS,
  ENVIRONMENTS,
  GITOPS_ROOT,
  REPO_ROOT,
  listYamlFiles,
  loadManifests,
  ofKind,
} from './manifests';
export type { Manifest } from './manifests';
export {
  ARGOCD_SWAGGER_PATH,
  CRD_REQUIRED,
  createArgoCDValidator,
  sourceProblems,
} from './argocd';
export type { ArgoCDValidator } from './argocd';
export {
  ADMISSION_TARGET,
  CONSTRAINT_API_VERSION,
  TEMPLATE_API_VERSION,
  constraintProblems,
  regoProblems,
  templateProblems,
} from './gatekeeper';
