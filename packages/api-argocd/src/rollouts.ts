/*
 * The parts of Argo Rollouts' custom resources that the deployments plugin
 * reads: the `openAPIV3Schema`s of the Argo Rollouts v1.9.1 CRDs
 * (spec/argo-rollouts/*-crd-v1.9.1.yaml, copies of shared/specs), generated
 * into generated/rollouts.ts by `yarn generate` and named here after the Go
 * types of argoproj/argo-rollouts (pkg/apis/rollouts/v1alpha1). We get these
 * objects as live manifests from Argo CD
 * (`GET /api/v1/applications/{name}/resource`).
 */
import type { v1ObjectMeta } from './argocd';
import type { components } from './generated/rollouts';

type Schemas = components['schemas'];
type Defined<T> = NonNullable<T>;

/** `T` with the types of `U`'s keys replaced by `U`'s. */
type Override<T, U> = Omit<T, keyof U> & U;

/*
 * Hand-typed: the values of `phase` fields the CRDs type as any string. Argo
 * Rollouts defines them in pkg/apis/rollouts/v1alpha1 (RolloutPhase in
 * types.go, AnalysisPhase in analysis_types.go) and documents them in
 * docs/features/specification.md and docs/features/analysis.md.
 */

/** `status.phase` of a Rollout (Argo Rollouts >= 1.0). */
export type RolloutPhase = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';

/** `status.phase` of an AnalysisRun, its metric results and measurements. */
export type AnalysisPhase =
  | 'Pending'
  | 'Running'
  | 'Successful'
  | 'Failed'
  | 'Error'
  | 'Inconclusive';

/** A Kubernetes int-or-string (`x-kubernetes-int-or-string`). */
export type IntOrString = number | string;

/**
 * The CRDs leave `metadata` open (`type: object`): it is Kubernetes'
 * ObjectMeta, which every object has and Argo CD's swagger defines.
 */
type KubernetesObject<TKind extends string> = {
  apiVersion?: 'argoproj.io/v1alpha1';
  kind?: TKind;
  metadata: v1ObjectMeta;
};

// ---------------------------------------------------------------------------
// Rollout

export type RolloutSpec = Schemas['Rollout']['spec'];
export type RolloutStrategy = Defined<RolloutSpec['strategy']>;
export type CanaryStrategy = Defined<RolloutStrategy['canary']>;
export type BlueGreenStrategy = Defined<RolloutStrategy['blueGreen']>;
/** One step of a canary; exactly one of its fields is set. */
export type CanaryStep = Defined<CanaryStrategy['steps']>[number];
export type RolloutPause = Defined<CanaryStep['pause']>;
export type RolloutAnalysis = Defined<CanaryStep['analysis']>;
export type RolloutAnalysisTemplate = Defined<
  RolloutAnalysis['templates']
>[number];
export type AnalysisRunArgument = Defined<RolloutAnalysis['args']>[number];
export type ALBTrafficRouting = Defined<
  Defined<CanaryStrategy['trafficRouting']>['alb']
>;
export type PodTemplateSpec = Defined<RolloutSpec['template']>;

type SpecRolloutStatus = Defined<Schemas['Rollout']['status']>;
export type PauseCondition = Defined<
  SpecRolloutStatus['pauseConditions']
>[number];
export type RolloutCondition = Defined<SpecRolloutStatus['conditions']>[number];
export type RolloutAnalysisRunStatus = Override<
  Defined<Defined<SpecRolloutStatus['canary']>['currentStepAnalysisRunStatus']>,
  { status: AnalysisPhase }
>;
export type CanaryStatus = Override<
  Defined<SpecRolloutStatus['canary']>,
  {
    currentStepAnalysisRunStatus?: RolloutAnalysisRunStatus;
    currentBackgroundAnalysisRunStatus?: RolloutAnalysisRunStatus;
    /**
     * Not in the v1.9.1 CRD: before Argo Rollouts 0.8 the stable ReplicaSet
     * was recorded here, and Argo CD's Rollout health check still reads it
     * (resource_customizations/argoproj.io/Rollout/health.lua).
     */
    stableRS?: string;
  }
>;
export type TrafficWeights = Defined<CanaryStatus['weights']>;
export type WeightDestination = TrafficWeights['canary'];
export type RolloutStatus = Override<
  SpecRolloutStatus,
  { phase?: RolloutPhase; canary?: CanaryStatus }
>;

export type Rollout = Override<
  Schemas['Rollout'],
  KubernetesObject<'Rollout'> & { status?: RolloutStatus }
>;

// ---------------------------------------------------------------------------
// AnalysisRun, AnalysisTemplate

export type AnalysisRunSpec = Schemas['AnalysisRun']['spec'];
export type Metric = AnalysisRunSpec['metrics'][number];
export type PrometheusMetric = Defined<Metric['provider']['prometheus']>;

type SpecAnalysisRunStatus = Defined<Schemas['AnalysisRun']['status']>;
type SpecMetricResult = Defined<SpecAnalysisRunStatus['metricResults']>[number];
export type Measurement = Override<
  Defined<SpecMetricResult['measurements']>[number],
  { phase: AnalysisPhase }
>;
export type MetricResult = Override<
  SpecMetricResult,
  { phase: AnalysisPhase; measurements?: Measurement[] }
>;
export type RunSummary = Defined<SpecAnalysisRunStatus['runSummary']>;
export type AnalysisRunStatus = Override<
  SpecAnalysisRunStatus,
  { phase: AnalysisPhase; metricResults?: MetricResult[] }
>;

export type AnalysisRun = Override<
  Schemas['AnalysisRun'],
  KubernetesObject<'AnalysisRun'> & { status?: AnalysisRunStatus }
>;

export type AnalysisTemplate = Override<
  Schemas['AnalysisTemplate'],
  KubernetesObject<'AnalysisTemplate'>
>;
