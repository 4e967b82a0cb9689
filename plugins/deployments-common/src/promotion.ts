/*
 * The promotion lane: an entity's environments in promotion order (the order
 * of `deployments.argocd.instances[].environments`), what runs in each, and
 * what promoting a build to the next environment would change. A promotion
 * is a commit on the service repository: the target's `image.tag` in its
 * values file set to the source's.
 */

/** One commit of the service repository. */
export interface CommitInfo {
  sha: string;
  author?: string;
  date?: string;
  /** The first line of the message. */
  message: string;
  url?: string;
}

/** What one environment runs, as Argo CD and the repository say. */
export interface LaneEnvironment {
  name: string;
  production: boolean;
  application?: string;
  state: 'deployed' | 'missing' | 'unavailable';
  error?: string;
  /** The image running now (the stable one while a canary is in flight). */
  image?: string;
  imageTag?: string;
  /** The image tag git asks for (`image.tag` of the values file at the tracked branch). */
  desiredImageTag?: string;
  /** The commit of the chart that is deployed. */
  revision?: string;
  commit?: CommitInfo;
  deployedAt?: string;
  deployedBy?: string;
  health?: string;
  sync?: string;
  operationRunning?: boolean;
  canaryInFlight?: boolean;
  /** Set when the newest canary aborted. */
  abortExplanation?: RollbackExplanation;
  /** Promotions into this environment go through a pull request (`deployments.promotion.pullRequestEnvironments`). */
  viaPullRequest?: boolean;
  /** The open promotion pull request into this environment, if any. */
  pullRequest?: PromotionPullRequest;
}

/** A promotion waiting as a pull request on the service repository. */
export interface PromotionPullRequest {
  number: number;
  url: string;
  /** The portal's branch, `portal/promote-<env>-<tag>`. */
  branch: string;
  title: string;
  from: string;
  to: string;
  imageTag: string;
  /** Who asked for it (the user ref), and why, as the portal wrote them in the body. */
  requestedBy?: string;
  reason?: string;
  openedAt: string;
  /** The gates when it was opened (they are evaluated again at merge). */
  gates: Array<Pick<PromotionGate, 'id' | 'title' | 'status' | 'detail'>>;
  /** May the caller merge it (the target's promote permission)? */
  canMerge?: boolean;
}

/** What promoting from one environment to the next would change. */
export interface PromotionChanges {
  from: string;
  to: string;
  image: { before?: string; after?: string };
  /** The commits between the target's deployed revision and the source's, newest first. */
  commits: CommitInfo[];
  /** A unified diff of the target's values file, deployed -> after the promotion. */
  valuesDiff: string;
  valuesFile?: string;
  /** Promoting would change nothing: the target runs (or is set to) the source's tag. */
  upToDate: boolean;
  /** Why the changes could not be read, if they could not. */
  error?: string;
  /**
   * Why there is nothing to promote now, in words (e.g. "Nothing runs in dev
   * yet"): the lane disables its button with it, the backend refuses with it.
   */
  blocked?: string;
}

/** What the lane and the backend say when the source environment runs no build. */
export function nothingRunsIn(environment: string): string {
  return `Nothing runs in ${environment} yet`;
}

export interface PromotionLane {
  entityRef: string;
  repository?: { owner: string; repo: string; url: string };
  environments: LaneEnvironment[];
  /** One per pair of neighbours, in order. */
  steps: PromotionChanges[];
}

export type GateStatus = 'passed' | 'failed' | 'error';

/** One check that must pass before a build moves on. */
export interface PromotionGate {
  id: 'canary' | 'alerts' | 'burn-rate' | 'target-idle';
  title: string;
  status: GateStatus;
  /** What was measured, in words. */
  detail: string;
  /** An admin may override it when it failed (not the target being busy). */
  overridable: boolean;
}

export interface PromotionPreview {
  entityRef: string;
  from: string;
  to: string;
  changes: PromotionChanges;
  gates: PromotionGate[];
  /** True when every gate passed. */
  ready: boolean;
  /** May the caller promote to this environment (permission)? */
  allowed: boolean;
  /** May the caller override failed gates? */
  canOverride: boolean;
  /** Promoting opens (or updates) a pull request instead of committing to the branch. */
  viaPullRequest: boolean;
  /** May the caller merge a promotion pull request into this environment? */
  canMerge: boolean;
  /** The promotion pull request already open for this environment. */
  pullRequest?: PromotionPullRequest;
}

export interface PromoteRequest {
  reason: string;
  /** Admins: go ahead although overridable gates failed, and why. */
  override?: { reason: string };
}

export interface PromoteResult {
  entityRef: string;
  from: string;
  to: string;
  /** False when the target already ran the source's build: nothing was committed. */
  committed: boolean;
  message: string;
  imageTag: string;
  commitSha?: string;
  commitUrl?: string;
  gates: PromotionGate[];
  overridden: string[];
  /** Set when the promotion went to a pull request (nothing was committed to the branch). */
  pullRequest?: PromotionPullRequest & { created: boolean };
}

/** Merging the open promotion pull request (the production groups). */
export interface MergePromotionRequest {
  reason: string;
  /** The pull request; the one open for the environment when absent. */
  number?: number;
  /** Admins: merge although overridable gates fail now, and why. */
  override?: { reason: string };
}

export interface MergePromotionResult {
  entityRef: string;
  from: string;
  to: string;
  imageTag: string;
  number: number;
  url: string;
  /** The merge commit on the tracked branch: what Argo CD deploys. */
  mergeSha: string;
  message: string;
  gates: PromotionGate[];
  overridden: string[];
}

/** Why a canary aborted, in words, from its failed AnalysisRun. */
export interface RollbackExplanation {
  /** e.g. "The canary of 1.4.0 was aborted at 12:03: success-rate failed ..." */
  summary: string;
  analysisRun?: string;
  metric?: string;
  successCondition?: string;
  failureLimit?: number;
  /** The measured values, oldest first. */
  values: string[];
  failedMeasurements?: number;
  at?: string;
  /** Traffic went back to the stable version by itself. */
  automatic: boolean;
  stableImage?: string;
  canaryImage?: string;
  /** The canary's pod template hash: the failing traces' revision. */
  canaryRevision?: string;
}
