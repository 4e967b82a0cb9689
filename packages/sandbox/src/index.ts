export { startSandbox, DEFAULT_WORLD_DIR } from './server';
export type { Sandbox, SandboxOptions } from './server';
export { World, ENVIRONMENTS } from './world/World';
export type { Environment, WorldService, WorldUser } from './world/World';
export type { Fault } from './admin/FaultInjector';
export type {
  Simulator,
  SimulatorContext,
  SimulatorFactory,
} from './simulators/types';
export { argocdSimulator } from './simulators/argocd';
export type { ArgoCDSimulatorOptions } from './simulators/argocd';
export {
  githubApi,
  githubSimulator,
  SANDBOX_GITHUB_TOKEN,
} from './simulators/github';
export type { GithubSimulatorOptions } from './simulators/github';
export { grafanaSimulator } from './simulators/grafana';
export type { GrafanaSimulatorOptions } from './simulators/grafana';
export { prometheusSimulator } from './simulators/prometheus';
export { jaegerSimulator } from './simulators/jaeger';
export type {
  KubeObject,
  Workload,
  WorkloadSource,
} from './world/ClusterWorkloads';
export { helm, helmBinary } from './helm';
export type { HelmResult } from './helm';
export {
  renderServiceRepository,
  renderServiceSkeleton,
  sampleAnswers,
} from './world/serviceSkeleton';
export type { SkeletonValues } from './world/serviceSkeleton';
export { publishRepository } from './simulators/argocd/publishRepository';

// What the tests of the portal's packages start or compare against: every
// consumer imports the sandbox by its name, never `@internal/sandbox/src/...`.
export {
  SANDBOX_ARGOCD_TOKEN,
  startArgoCDTestSandbox,
} from './simulators/argocd/argocdTestSandbox';
export type { ArgoCDTestSandbox } from './simulators/argocd/argocdTestSandbox';
export * from './simulators/tfc';
export { MAIN_TF, tarball } from './simulators/tfc/tarball';
export * from './simulators/cloudformation';
export * from './simulators/elasticsearch';
export { stableRevision } from './simulators/prometheus';
export { chartObjects, workloadOf } from './simulators/grafana/chartObjects';
export { shapeDifferences } from './simulators/grafana/sameShape';
export type { ShapeOptions } from './simulators/grafana/sameShape';
