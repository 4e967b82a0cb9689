/*
 * The parts of Argo Rollouts' custom resources that the deployments plugin
 * reads, named after the Go types of argoproj/argo-rollouts v1.9.1
 * (pkg/apis/rollouts/v1alpha1) and shaped by their CRDs
 * (shared/specs/argo-rollouts/*-crd-v1.9.1.yaml). We get these objects as
 * live manifests from Argo CD (`GET /api/v1/applications/{name}/resource`).
 */
import { v1ObjectMeta, v1Time } from './argocd';

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

export interface RolloutPause {
  /** Absent: paused until promoted. A number is seconds; a string e.g. `30s`. */
  duration?: IntOrString;
}

export interface RolloutAnalysisTemplate {
  templateName?: string;
  clusterScope?: boolean;
}

export interface AnalysisRunArgument {
  name: string;
  value?: string;
}

export interface RolloutAnalysis {
  templates?: RolloutAnalysisTemplate[];
  args?: AnalysisRunArgument[];
  /** Labels and annotations the controller puts on the AnalysisRuns it creates. */
  analysisRunMetadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/** One step of a canary; exactly one of its fields is set. */
export interface CanaryStep {
  setWeight?: number;
  pause?: RolloutPause;
  analysis?: RolloutAnalysis;
  setCanaryScale?: { weight?: number; replicas?: number };
}

export interface ALBTrafficRouting {
  ingress?: string;
  servicePort: number;
  rootService?: string;
}

export interface CanaryStrategy {
  steps?: CanaryStep[];
  canaryService?: string;
  stableService?: string;
  trafficRouting?: { alb?: ALBTrafficRouting };
  /** Background analysis, run during the whole canary. */
  analysis?: RolloutAnalysis & { startingStep?: number };
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
}

export interface BlueGreenStrategy {
  activeService: string;
  previewService?: string;
  autoPromotionEnabled?: boolean;
}

export interface RolloutStrategy {
  canary?: CanaryStrategy;
  blueGreen?: BlueGreenStrategy;
}

export interface PodTemplateSpec {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: {
    containers: Array<{
      name: string;
      image?: string;
      ports?: Array<{
        containerPort: number;
        name?: string;
        protocol?: string;
      }>;
      resources?: {
        requests?: Record<string, string>;
        limits?: Record<string, string>;
      };
    }>;
  };
}

export interface RolloutSpec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string> };
  template?: PodTemplateSpec;
  /** Argo Rollouts >= 1.1: the pod template lives in a referenced workload. */
  workloadRef?: { apiVersion?: string; kind?: string; name?: string };
  strategy?: RolloutStrategy;
  /** Paused by a user (`kubectl argo rollouts pause`). */
  paused?: boolean;
  restartAt?: v1Time;
  revisionHistoryLimit?: number;
  /** Rolling back to one of the last N revisions skips the canary steps. */
  rollbackWindow?: { revisions?: number };
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
}

export interface PauseCondition {
  /** CanaryPauseStep, BlueGreenPause, InconclusiveAnalysisRun, ... */
  reason: string;
  startTime: v1Time;
}

export interface RolloutCondition {
  /** InvalidSpec, Available, Progressing, ReplicaFailure, Paused, Completed, Healthy. */
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: v1Time;
  lastUpdateTime: v1Time;
}

export interface WeightDestination {
  weight: number;
  podTemplateHash?: string;
  serviceName?: string;
}

export interface TrafficWeights {
  canary: WeightDestination;
  stable: WeightDestination;
  additional?: WeightDestination[];
  verified?: boolean;
}

export interface RolloutAnalysisRunStatus {
  name: string;
  status: AnalysisPhase;
  message?: string;
}

export interface CanaryStatus {
  /** Only with traffic routing: the weights the router was last set to. */
  weights?: TrafficWeights;
  currentStepAnalysisRunStatus?: RolloutAnalysisRunStatus;
  currentBackgroundAnalysisRunStatus?: RolloutAnalysisRunStatus;
  /** Before Argo Rollouts 0.8 the stable ReplicaSet was recorded here. */
  stableRS?: string;
}

export interface RolloutStatus {
  phase?: RolloutPhase;
  message?: string;
  /** Set by an abort (Argo CD's `abort` action); cleared by `retry`. */
  abort?: boolean;
  abortedAt?: v1Time;
  /** Set by Argo CD's `promote-full` action until the controller acts on it. */
  promoteFull?: boolean;
  /** Non-empty while paused (by a pause step or analysis); `resume` clears it. */
  pauseConditions?: PauseCondition[];
  /** True when the controller (a pause step), not a user, paused the rollout. */
  controllerPause?: boolean;
  /** Index into spec.strategy.canary.steps; equals steps.length when done. */
  currentStepIndex?: number;
  currentStepHash?: string;
  /** Pod template hash of the desired (newest) ReplicaSet. */
  currentPodHash?: string;
  /** Pod template hash of the stable ReplicaSet; equals currentPodHash when fully promoted. */
  stableRS?: string;
  /** A string: a number in Argo Rollouts >= 0.10, a hash before. */
  observedGeneration?: string;
  workloadObservedGeneration?: string;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  HPAReplicas?: number;
  selector?: string;
  restartedAt?: v1Time;
  conditions?: RolloutCondition[];
  canary?: CanaryStatus;
  blueGreen?: { activeSelector?: string; previewSelector?: string };
}

export interface Rollout {
  apiVersion?: 'argoproj.io/v1alpha1';
  kind?: 'Rollout';
  metadata: v1ObjectMeta;
  spec: RolloutSpec;
  status?: RolloutStatus;
}

export interface PrometheusMetric {
  address?: string;
  query?: string;
}

export interface Metric {
  name: string;
  interval?: string;
  initialDelay?: string;
  count?: IntOrString;
  successCondition?: string;
  failureCondition?: string;
  failureLimit?: IntOrString;
  inconclusiveLimit?: IntOrString;
  provider: { prometheus?: PrometheusMetric; [provider: string]: unknown };
}

export interface Measurement {
  phase: AnalysisPhase;
  value?: string;
  message?: string;
  startedAt?: v1Time;
  finishedAt?: v1Time;
}

export interface MetricResult {
  name: string;
  phase: AnalysisPhase;
  message?: string;
  count?: number;
  successful?: number;
  failed?: number;
  inconclusive?: number;
  error?: number;
  consecutiveError?: number;
  measurements?: Measurement[];
}

export interface RunSummary {
  count?: number;
  successful?: number;
  failed?: number;
  inconclusive?: number;
  error?: number;
}

export interface AnalysisRunSpec {
  metrics: Metric[];
  args?: AnalysisRunArgument[];
  /** Set when the owning rollout no longer needs the run (e.g. it aborted). */
  terminate?: boolean;
}

export interface AnalysisRunStatus {
  phase: AnalysisPhase;
  message?: string;
  startedAt?: v1Time;
  completedAt?: v1Time;
  metricResults?: MetricResult[];
  runSummary?: RunSummary;
}

export interface AnalysisRun {
  apiVersion?: 'argoproj.io/v1alpha1';
  kind?: 'AnalysisRun';
  metadata: v1ObjectMeta;
  spec: AnalysisRunSpec;
  status?: AnalysisRunStatus;
}

export interface AnalysisTemplate {
  apiVersion?: 'argoproj.io/v1alpha1';
  kind?: 'AnalysisTemplate';
  metadata: v1ObjectMeta;
  spec: { metrics: Metric[]; args?: AnalysisRunArgument[] };
}
