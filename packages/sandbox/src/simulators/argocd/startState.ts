import type {
  v1alpha1ApplicationSpec,
  v1alpha1RevisionHistory,
} from '@internal/api-argocd';
import type { Environment, WorldService } from '../../world/World';
import { CanaryRollout, canarySteps } from './CanaryRollout';
import { commitSha, pick } from './deterministic';
import type { DesiredState } from './desiredState';
import type { GitCommit } from './RepoServer';

/** A commit of the service's deploy repo that changed this environment. */
export interface Commit {
  revision: string;
  image: string;
  /** The sandbox's verdict: the canary analysis of this image fails. */
  bad: boolean;
  /**
   * Git-sourced apps: what the chart rendered at this commit (with the
   * app's path and value files), and the commit as git tells it.
   */
  desired?: DesiredState;
  /** Identifies the render: (commit, path, value files, release, namespace). */
  key?: string;
  meta?: GitCommit;
}

/** The same commit rendered the same way (what Synced means). */
export function sameCommit(a: Commit | undefined, b: Commit | undefined) {
  return !!a && !!b && a.revision === b.revision && a.key === b.key;
}

/** How one application of the world starts. */
export interface ApplicationSeed {
  service: WorldService;
  environment: Environment;
  /** Promotion order of the environment (dev 0, staging 1, prod 2). */
  environmentIndex: number;
  repoURL: string;
  registry: string;
  /** A person must promote the canary past its first pause. */
  manualGate: boolean;
  /** The deterministic start of the world; history is dated before it. */
  epoch: Date;
  /** Users who may have synced by hand, for history's `initiatedBy`. */
  deployers: string[];
  /** Set for an application created through the API instead of by the world. */
  created?: CreatedApplication;
  /** The image registry's verdict, asked when a git-sourced commit is deployed. */
  badImage?: (image: string) => boolean;
}

/** What `POST /api/v1/applications` asked for. */
export interface CreatedApplication {
  name: string;
  spec: v1alpha1ApplicationSpec;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  at: Date;
}

/** Argo CD keeps 10 history entries unless `spec.revisionHistoryLimit` says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 10;
const HOUR = 3_600_000;

/**
 * The deterministic start of one application: its spec and labels, the
 * commits that changed its environment and the history of their syncs.
 * Every service has had 4 to 6 releases; each environment is one release
 * behind the one before it in promotion order.
 */
export function startState(seed: ApplicationSeed) {
  if (seed.created) {
    return createdState(seed, seed.created);
  }
  const { service, environment, epoch } = seed;
  const name = `${service.name}-${environment}`;
  const createdAt = new Date(
    epoch.getTime() - (180 + pick(service.name, 90)) * 24 * HOUR,
  ).toISOString();
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': service.name,
    environment,
    'backstage.io/kubernetes-id': service.name,
  };
  const spec: v1alpha1ApplicationSpec = {
    project: 'default',
    source: {
      repoURL: seed.repoURL,
      path: 'chart',
      targetRevision: 'main',
      helm: { valueFiles: [`values-${environment}.yaml`] },
    },
    destination: { name: environment, namespace: service.name },
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
      retry: {
        limit: 5,
        backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
      },
    },
  };

  const releases = 4 + pick(service.name, 3) - seed.environmentIndex;
  const commits: Commit[] = Array.from({ length: releases }, (_, i) => ({
    revision: commitSha(`${service.name}/${environment}/${i + 1}`),
    image: `${seed.registry}/${service.name}:1.${i + 1}.0`,
    bad: false,
  }));
  // A release a day, at a time of day that differs per app.
  const offset = pick(name, 90) * 60_000;
  const history: v1alpha1RevisionHistory[] = commits
    .map((commit, i) => {
      const deployedAt =
        epoch.getTime() -
        offset -
        seed.environmentIndex * 3 * HOUR -
        (releases - 1 - i) * 26 * HOUR -
        HOUR;
      const manual = seed.deployers.length > 0 && pick(`${name}/${i}`, 3) === 0;
      return {
        id: i,
        revision: commit.revision,
        deployStartedAt: new Date(deployedAt - 42_000).toISOString(),
        deployedAt: new Date(deployedAt).toISOString(),
        source: spec.source,
        initiatedBy: manual
          ? {
              username:
                seed.deployers[pick(commit.revision, seed.deployers.length)],
            }
          : { automated: true },
      };
    })
    .slice(-DEFAULT_HISTORY_LIMIT);
  return { createdAt, labels, spec, commits, history };
}

/**
 * A created application starts with nothing known about its source: the
 * repo-server's first refresh (ApplicationStore.refresh) reads the commit
 * from git, and its first sync deploys it.
 */
function createdState(_seed: ApplicationSeed, created: CreatedApplication) {
  return {
    createdAt: created.at.toISOString(),
    labels: created.labels,
    spec: created.spec,
    commits: [] as Commit[],
    history: [] as v1alpha1RevisionHistory[],
  };
}

/** The Rollout as the world starts: the last release fully rolled out. */
export function startRollout(options: {
  service: string;
  manualGate: boolean;
  /** The start's commits, oldest first. */
  commits: Commit[];
  history: v1alpha1RevisionHistory[];
  createdAt: string;
}): CanaryRollout {
  const { service, commits, history } = options;
  const rollout = new CanaryRollout(
    service,
    service,
    canarySteps(service, options.manualGate),
    options.createdAt,
  );
  const releases = commits.length;
  const deployedAt = history[history.length - 1].deployedAt!;
  rollout.settle(commits[releases - 1].image, releases, deployedAt);
  // It has kept the ReplicaSets of the last releases (scaled to zero), so a
  // rollback to them is within its rollback window.
  const kept = commits.slice(-4);
  rollout.replicaSets = kept.map((commit, i) => ({
    hash: rollout.templateHash(commit.image),
    image: commit.image,
    revision: releases - kept.length + i + 1,
    createdAt:
      history[history.length - kept.length + i]?.deployedAt ??
      options.createdAt,
    bad: false,
  }));
  rollout.addCompletedAnalysis(new Date(Date.parse(deployedAt) + 60_000));
  return rollout;
}
