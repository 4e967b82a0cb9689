import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import {
  CommitInfo,
  deploymentsPromotionOverridePermission,
  LaneEnvironment,
  MergePromotionRequest,
  MergePromotionResult,
  nothingRunsIn,
  PromoteRequest,
  PromoteResult,
  PromotionChanges,
  PromotionGate,
  PromotionLane,
  PromotionPreview,
  PromotionPullRequest,
  releasePromotePermissionFor,
} from '@internal/plugin-deployments-common';
import {
  GitHubPullRequest,
  GitHubPullRequests,
  GitHubRepository,
  GitHubWriteError,
  GitHubWriter,
  parseGitHubRepositoryUrl,
} from '@internal/plugin-deployments-node';
import type { Request } from 'express';
import { imageTag } from '../summarize';
import { actorOf } from '../upstreamObjects';
import { LaneInput, LaneReader } from './ArgoLaneReader';
import { ReleaseRecorder } from '../dora/ReleaseRecorder';
import { DeploymentNotifier } from '../notify/DeploymentNotifier';
import { GateSignals } from './GateSignals';
import { alertsGate, burnRateGate, canaryGate, targetIdleGate } from './gates';
import { getImageTag, setImageTag, unifiedDiff } from './valuesFile';
import {
  promotionBody,
  promotionBranch,
  promotionBranchPrefix,
  promotionTitle,
  toPromotionPullRequest,
} from './promotionPullRequest';

/** Who asks to promote into which environment (the target). */
export interface PromotionContext {
  entityRef: string;
  /** The target environment; the source is the one before it in the lane. */
  environment: string;
  credentials: BackstageCredentials;
  /** The HTTP request, for the audit log (absent when an action calls). */
  request?: Request;
}

type GitWriter = Pick<
  GitHubWriter,
  'readFileAt' | 'compareCommits' | 'commitFile' | 'defaultBranch'
>;

type PullRequests = Pick<
  GitHubPullRequests,
  'branchSha' | 'setBranch' | 'list' | 'get' | 'create' | 'update' | 'merge'
>;

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);
const short = (sha?: string) => (sha ? sha.slice(0, 7) : '?');
const firstLine = (text: string) => text.split('\n')[0];

/** The image that takes the traffic: the stable one while a canary runs. */
function runningImage(env: LaneInput): string | undefined {
  const d = env.detail;
  return d.rollout?.stableImage ?? d.images?.[d.images.length - 1];
}

function withTag(image: string | undefined, tag: string): string {
  if (!image) return tag;
  const current = imageTag(image);
  return current
    ? `${image.slice(0, -current.length)}${tag}`
    : `${image}:${tag}`;
}

interface Resolved {
  entityRef: string;
  repository?: GitHubRepository & { url: string };
  repositoryError?: string;
  environments: LaneInput[];
  /** image.tag of each environment's values file at the tracked branch. */
  desired: Map<string, { tag?: string; content?: string; error?: string }>;
}

/**
 * Promotion through git: the lane of an entity (environments in the order
 * the deployments config gives them, what runs in each, what promoting to
 * the next would change), its gates, and the promotion itself, one commit
 * setting the target's `image.tag` to the source's in the service
 * repository bound to the entity. `promote` is the one code path: the REST
 * API and any action call it.
 */
export class PromotionService {
  constructor(
    private readonly options: {
      lanes: LaneReader;
      writer: GitWriter;
      signals: GateSignals;
      catalog: CatalogService;
      permissions: PermissionsService;
      auditor: AuditorService;
      slo: number;
      burnRateThreshold: number;
      /** Keeps the promotion for the release timeline and DORA (who shipped what). */
      records?: Pick<ReleaseRecorder, 'recordPromotion'>;
      /** Tells the allowed groups that a promotion waits for them. */
      notifier?: Pick<DeploymentNotifier, 'promotionWaits'>;
      /** Who may promote to production (`permission.portal.production.allowedGroups`), for the request's notification. */
      productionGroups?: string[];
      /** Opens and merges the promotion pull requests. */
      pulls?: PullRequests;
      /**
       * Environments a promotion reaches through a pull request that the
       * target's promote permission merges (`deployments.promotion.pullRequestEnvironments`).
       */
      pullRequestEnvironments?: string[];
    },
  ) {}

  /**
   * An owner who may not promote to the target (production) asks those who
   * may: audited as `deployment-release-promote-request`, and the allowed
   * groups and the owners are notified with a link to the card. Only the
   * entity's owners may ask (the non-production promote permission).
   */
  async requestPromotion(
    ctx: PromotionContext,
    request: { reason: string },
  ): Promise<{ message: string; notified: string[] }> {
    const reason = request.reason?.trim() ?? '';
    if (reason.length < 3) {
      throw new InputError('a reason is required (at least 3 characters)');
    }
    const actor = actorOf(ctx.credentials);
    const meta: JsonObject = {
      action: 'release-promote-request',
      actor,
      entityRef: ctx.entityRef,
      to: ctx.environment,
      reason,
    };
    const event = await this.options.auditor.createEvent({
      eventId: 'deployment-release-promote-request',
      severityLevel: 'low',
      request: ctx.request,
      meta,
    });
    try {
      const { resolved, source, target } = await this.pair(ctx);
      const from = source.detail.environment;
      const to = target.detail.environment;
      Object.assign(meta, { entityRef: resolved.entityRef, from, to });
      if (await this.allowed(ctx, target)) {
        throw new ConflictError(
          `You may promote ${resolved.entityRef} to ${to} yourself: nobody needs to be asked.`,
        );
      }
      const [owner] = await this.options.permissions.authorize(
        [
          {
            permission: releasePromotePermissionFor(false),
            resourceRef: resolved.entityRef,
          },
        ],
        { credentials: ctx.credentials },
      );
      if (owner.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Only the owners of ${resolved.entityRef} may ask for its promotion to ${to}.`,
        );
      }
      const tag = this.sourceTag(source, to);
      meta.imageTag = tag;
      const groups = target.detail.production
        ? this.options.productionGroups ?? []
        : [];
      await this.options.notifier?.promotionWaits({
        entityRef: resolved.entityRef,
        from,
        to,
        imageTag: tag,
        requester: actor,
        reason,
        allowedGroups: groups,
      });
      await event.success({ meta: { ...meta, notified: groups } });
      return {
        notified: groups,
        message: `Asked ${
          groups.length ? groups.join(', ') : 'the owners'
        } to promote ${tag} from ${from} to ${to}.`,
      };
    } catch (error) {
      await event.fail({ meta, error: error as Error });
      throw error;
    }
  }

  async lane(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<PromotionLane> {
    const resolved = await this.resolve(entityRef);
    const environments = resolved.environments.map(env =>
      this.laneEnvironment(env, resolved),
    );
    await Promise.all(
      resolved.environments.map(async (env, i) => {
        if (!this.viaPullRequest(env) || i === 0) return;
        environments[i].viaPullRequest = true;
        const canMerge = await this.allowed(
          {
            entityRef: resolved.entityRef,
            environment: env.detail.environment,
            credentials,
          },
          env,
        );
        environments[i].pullRequest = await this.pullRequestOf(
          resolved,
          resolved.environments[i - 1],
          env,
          canMerge,
        );
      }),
    );
    const steps: PromotionChanges[] = [];
    for (let i = 0; i + 1 < resolved.environments.length; i++) {
      steps.push(
        await this.changes(
          resolved,
          resolved.environments[i],
          resolved.environments[i + 1],
        ),
      );
    }
    await this.attachCommits(resolved, environments);
    return {
      entityRef: resolved.entityRef,
      repository: resolved.repository && {
        owner: resolved.repository.owner,
        repo: resolved.repository.repo,
        url: resolved.repository.url,
      },
      environments,
      steps,
    };
  }

  /** The dialog: what would change, the gates, and whether the caller may go ahead. */
  async preview(ctx: PromotionContext): Promise<PromotionPreview> {
    const { resolved, source, target } = await this.pair(ctx);
    const viaPullRequest = this.viaPullRequest(target);
    const [changes, gates, canMerge, owner, canOverride] = await Promise.all([
      this.changes(resolved, source, target),
      this.gates(ctx, source, target),
      this.allowed(ctx, target),
      viaPullRequest ? this.isOwner(ctx) : Promise.resolve(false),
      this.canOverride(ctx),
    ]);
    const pullRequest = await this.pullRequestOf(
      resolved,
      source,
      target,
      canMerge,
    );
    return {
      viaPullRequest,
      canMerge: viaPullRequest && canMerge,
      pullRequest,
      entityRef: resolved.entityRef,
      from: source.detail.environment,
      to: target.detail.environment,
      changes,
      gates,
      ready: gates.every(g => g.status === 'passed'),
      // What the button does: commit, or open the pull request (owners too).
      allowed: canMerge || owner,
      canOverride,
    };
  }

  /**
   * Promotes the source's build to the target: permission-checked as the
   * caller, gated, audited (who, why, from, to, commit, overrides), and a
   * no-op when the target is already set to that build.
   */
  async promote(
    ctx: PromotionContext,
    request: PromoteRequest,
  ): Promise<PromoteResult> {
    const reason = request.reason?.trim() ?? '';
    if (reason.length < 3) {
      throw new InputError('a reason is required (at least 3 characters)');
    }
    const actor = actorOf(ctx.credentials);
    const meta: JsonObject = {
      action: 'release-promote',
      actor,
      entityRef: ctx.entityRef,
      to: ctx.environment,
      reason,
      override: request.override?.reason ?? null,
    };
    const event = await this.options.auditor.createEvent({
      eventId: 'deployment-release-promote',
      severityLevel: 'medium',
      request: ctx.request,
      meta,
    });
    try {
      const { resolved, source, target } = await this.pair(ctx);
      const from = source.detail.environment;
      const to = target.detail.environment;
      Object.assign(meta, { entityRef: resolved.entityRef, from, to });
      const viaPull = this.viaPullRequest(target);
      const mayMerge = await this.allowed(ctx, target);
      if (!mayMerge && !(viaPull && (await this.isOwner(ctx)))) {
        const permission = releasePromotePermissionFor(
          target.detail.production,
        );
        throw new NotAllowedError(
          target.detail.production
            ? `You may not promote ${resolved.entityRef} to ${to}: production promotions (${permission.name}) are limited to the production groups.`
            : `You may not promote ${resolved.entityRef} to ${to}: only its owners may (${permission.name}).`,
        );
      }
      this.assertBound(resolved, source);
      this.assertBound(resolved, target);
      const repository = this.repository(resolved);
      const tag = this.sourceTag(source, to);
      const desired = resolved.desired.get(to);
      meta.imageTag = tag;
      meta.before = desired?.tag ?? null;
      const gates = await this.gates(ctx, source, target);
      if (desired?.tag === tag) {
        const result: PromoteResult = {
          entityRef: resolved.entityRef,
          from,
          to,
          committed: false,
          imageTag: tag,
          gates,
          overridden: [],
          message:
            imageTag(runningImage(target)) === tag
              ? `${to} already runs ${tag}: nothing to promote.`
              : `${to} is already set to ${tag} in git; Argo CD is deploying it. Nothing was committed.`,
        };
        await event.success({ meta: { ...meta, committed: false } });
        return result;
      }
      const failed = await this.passGates(ctx, gates, request.override, {
        tag,
        from,
        to,
        meta,
      });
      const overridden = failed.map(g => g.id);
      const commitMessage = await this.commitMessage(ctx, {
        service: resolved.entityRef.split('/').pop()!,
        tag,
        from,
        to,
        reason,
        overridden: failed,
        overrideReason: request.override?.reason?.trim(),
      });
      if (viaPull) {
        const opened = await this.openPullRequest(ctx, {
          resolved,
          source,
          target,
          tag,
          reason,
          gates,
          overridden,
          commitMessage,
          mayMerge,
        });
        await event.success({
          meta: {
            ...meta,
            committed: false,
            pullRequest: opened.number,
            pullRequestCreated: opened.created,
          },
        });
        return {
          entityRef: resolved.entityRef,
          from,
          to,
          committed: false,
          imageTag: tag,
          gates,
          overridden,
          pullRequest: opened,
          message: `${opened.created ? 'Opened' : 'Updated'} pull request #${
            opened.number
          } to promote ${tag} from ${from} to ${to}: ${
            mayMerge
              ? 'merge it to roll it out.'
              : `waiting for ${this.productionGroupsText()} to merge it.`
          }${
            overridden.length
              ? ` Gates overridden: ${overridden.join(', ')}.`
              : ''
          }`,
        };
      }
      const branch = target.source!.targetRevision;
      let commit;
      try {
        commit = await this.options.writer.commitFile({
          repository,
          path: target.source!.valuesFile,
          branch: branch === 'HEAD' ? undefined : branch,
          message: commitMessage,
          change: current => {
            if (current === undefined) {
              throw new ConflictError(
                `${target.source!.valuesFile} does not exist in ${
                  repository.owner
                }/${repository.repo}`,
              );
            }
            return setImageTag(current, tag);
          },
        });
      } catch (error) {
        if (error instanceof ConflictError) throw error;
        throw new ServiceUnavailableError(
          `Could not commit the promotion to ${repository.owner}/${
            repository.repo
          }: ${message(error)}. Nothing was changed.`,
        );
      }
      if (commit.committed && commit.commitSha) {
        await this.options.records
          ?.recordPromotion({
            entityRef: resolved.entityRef,
            from,
            to,
            imageTag: tag,
            commitSha: commit.commitSha,
            actor,
            reason,
            promotedAt: new Date().toISOString(),
          })
          .catch(() => undefined); // the commit is made: a record is not worth a failure
      }
      if (commit.committed) {
        // Argo CD would see the commit at its next poll (minutes): ask now.
        // Best effort: the commit is made, whatever Argo CD answers.
        await this.options.lanes
          .refresh?.(to, target.detail.application!)
          .catch(() => undefined);
      }
      const result: PromoteResult = {
        entityRef: resolved.entityRef,
        from,
        to,
        committed: commit.committed,
        imageTag: tag,
        commitSha: commit.commitSha,
        commitUrl: commit.commitUrl,
        gates,
        overridden,
        message: commit.committed
          ? `Promoted ${tag} from ${from} to ${to}: commit ${short(
              commit.commitSha,
            )} on ${repository.owner}/${
              repository.repo
            }; Argo CD rolls it out.${
              overridden.length
                ? ` Gates overridden: ${overridden.join(', ')}.`
                : ''
            }`
          : `${to} is already set to ${tag} in git: nothing was committed.`,
      };
      await event.success({
        meta: {
          ...meta,
          committed: commit.committed,
          commit: commit.commitSha ?? null,
        },
      });
      return result;
    } catch (error) {
      await event.fail({ meta, error: error as Error });
      throw error;
    }
  }

  // ---- pull requests ----

  private viaPullRequest(target: LaneInput): boolean {
    return (
      !!this.options.pulls &&
      (this.options.pullRequestEnvironments ?? []).includes(
        target.detail.environment,
      )
    );
  }

  private productionGroupsText(): string {
    return this.options.productionGroups?.length
      ? this.options.productionGroups.join(', ')
      : 'the production groups';
  }

  /** The branch Argo CD tracks for the target: what the pull request merges into. */
  private async baseBranch(
    repository: GitHubRepository,
    target: LaneInput,
  ): Promise<string> {
    const branch = target.source!.targetRevision;
    return branch === 'HEAD'
      ? this.options.writer.defaultBranch(repository)
      : branch;
  }

  /** The open promotion pull requests into the target, newest first. */
  private async openPromotionPulls(
    repository: GitHubRepository,
    base: string,
    to: string,
  ): Promise<GitHubPullRequest[]> {
    const prefix = promotionBranchPrefix(to);
    const open = await this.options.pulls!.list(repository, {
      state: 'open',
      base,
    });
    return open.filter(p => p.head.ref.startsWith(prefix));
  }

  /**
   * Opens the promotion as a pull request, or updates the one open for the
   * same build (its branch rebuilt from the base: it always holds exactly
   * this promotion); one for another build into the same target is closed
   * as superseded. Nothing lands on the tracked branch until it is merged.
   */
  private async openPullRequest(
    ctx: PromotionContext,
    p: {
      resolved: Resolved;
      source: LaneInput;
      target: LaneInput;
      tag: string;
      reason: string;
      gates: PromotionGate[];
      overridden: string[];
      commitMessage: string;
      mayMerge: boolean;
    },
  ): Promise<PromotionPullRequest & { created: boolean }> {
    const pulls = this.options.pulls!;
    const { resolved, source, target, tag } = p;
    const repository = this.repository(resolved);
    const from = source.detail.environment;
    const to = target.detail.environment;
    const requester = actorOf(ctx.credentials);
    try {
      const base = await this.baseBranch(repository, target);
      const branch = promotionBranch(to, tag);
      const open = await this.openPromotionPulls(repository, base, to);
      const existing = open.find(pull => pull.head.ref === branch);
      const baseSha = await pulls.branchSha(repository, base);
      if (!baseSha) {
        throw new ConflictError(
          `${repository.owner}/${repository.repo} has no branch ${base}`,
        );
      }
      await pulls.setBranch(repository, branch, baseSha);
      await this.options.writer.commitFile({
        repository,
        path: target.source!.valuesFile,
        branch,
        message: p.commitMessage,
        change: current => {
          if (current === undefined) {
            throw new ConflictError(
              `${target.source!.valuesFile} does not exist in ${
                repository.owner
              }/${repository.repo}`,
            );
          }
          return setImageTag(current, tag);
        },
      });
      const marker = {
        entityRef: resolved.entityRef,
        from,
        to,
        imageTag: tag,
        requestedBy: requester,
        reason: p.reason,
        gates: p.gates.map(g => ({
          id: g.id,
          title: g.title,
          status: g.status,
          detail: g.detail,
        })),
      };
      const changes = await this.changes(resolved, source, target);
      const title = promotionTitle(
        resolved.entityRef.split('/').pop()!,
        tag,
        from,
        to,
      );
      const body = promotionBody(marker, changes, {
        allowedGroups: this.options.productionGroups ?? [],
        overridden: p.overridden,
      });
      const pull = existing
        ? await pulls.update(repository, existing.number, { title, body })
        : await pulls.create(repository, { title, body, head: branch, base });
      for (const other of open) {
        if (other.number === pull.number) continue;
        // Superseded by this build; best effort (it would fail the gates' tag check at merge anyway).
        await pulls
          .update(repository, other.number, { state: 'closed' })
          .catch(() => undefined);
      }
      if (!p.mayMerge) {
        await this.options.notifier?.promotionWaits({
          entityRef: resolved.entityRef,
          from,
          to,
          imageTag: tag,
          requester,
          reason: `${p.reason} (pull request #${pull.number}: ${pull.htmlUrl})`,
          allowedGroups: this.options.productionGroups ?? [],
        });
      }
      return {
        ...toPromotionPullRequest(pull, { from, to }),
        canMerge: p.mayMerge,
        created: !existing,
      };
    } catch (error) {
      if (
        error instanceof ConflictError ||
        error instanceof NotAllowedError ||
        error instanceof InputError
      ) {
        throw error;
      }
      throw new ServiceUnavailableError(
        `Could not open the promotion pull request on ${repository.owner}/${
          repository.repo
        }: ${message(error)}. Nothing was changed on the tracked branch.`,
      );
    }
  }

  /** The open promotion pull request into an environment, as the lane shows it. */
  private async pullRequestOf(
    resolved: Resolved,
    source: LaneInput | undefined,
    target: LaneInput,
    canMerge: boolean,
  ): Promise<PromotionPullRequest | undefined> {
    if (!this.viaPullRequest(target) || !resolved.repository) return undefined;
    if (!target.source) return undefined;
    try {
      const base = await this.baseBranch(resolved.repository, target);
      const [newest] = await this.openPromotionPulls(
        resolved.repository,
        base,
        target.detail.environment,
      );
      return (
        newest && {
          ...toPromotionPullRequest(newest, {
            from: source?.detail.environment ?? '',
            to: target.detail.environment,
          }),
          canMerge,
        }
      );
    } catch {
      return undefined; // the lane shows what it can; the merge says why
    }
  }

  /**
   * Merges the open promotion pull request into the target: the target's
   * promote permission (the production groups), checked as the caller; the
   * gates evaluated again now, for the build the pull request's head sets
   * (which must be what the source runs); audited (who, why, number, merge
   * commit). Argo CD deploys the merge commit.
   */
  async mergePromotion(
    ctx: PromotionContext,
    request: MergePromotionRequest,
  ): Promise<MergePromotionResult> {
    const reason = request.reason?.trim() ?? '';
    if (reason.length < 3) {
      throw new InputError('a reason is required (at least 3 characters)');
    }
    const actor = actorOf(ctx.credentials);
    const meta: JsonObject = {
      action: 'release-promote-merge',
      actor,
      entityRef: ctx.entityRef,
      to: ctx.environment,
      reason,
      pullRequest: request.number ?? null,
      override: request.override?.reason ?? null,
    };
    const event = await this.options.auditor.createEvent({
      eventId: 'deployment-release-promote-merge',
      severityLevel: 'high',
      request: ctx.request,
      meta,
    });
    try {
      const { resolved, source, target } = await this.pair(ctx);
      const from = source.detail.environment;
      const to = target.detail.environment;
      Object.assign(meta, { entityRef: resolved.entityRef, from, to });
      if (!this.viaPullRequest(target)) {
        throw new ConflictError(
          `Promotions to ${to} are commits, not pull requests: promote instead.`,
        );
      }
      if (!(await this.allowed(ctx, target))) {
        const permission = releasePromotePermissionFor(
          target.detail.production,
        );
        throw new NotAllowedError(
          `You may not merge the promotion of ${
            resolved.entityRef
          } to ${to}: merging needs ${
            permission.name
          }, which ${this.productionGroupsText()} hold. Waiting for them.`,
        );
      }
      this.assertBound(resolved, source);
      this.assertBound(resolved, target);
      const repository = this.repository(resolved);
      const pulls = this.options.pulls!;
      const base = await this.baseBranch(repository, target);
      const open = await this.openPromotionPulls(repository, base, to);
      const pull = request.number
        ? open.find(p => p.number === request.number)
        : open[0];
      if (!pull) {
        throw new ConflictError(
          request.number
            ? `#${request.number} is not an open promotion pull request into ${to} of ${repository.owner}/${repository.repo}`
            : `${resolved.entityRef} has no open promotion pull request into ${to}: promote first.`,
        );
      }
      meta.pullRequest = pull.number;
      const detail = await pulls.get(repository, pull.number);
      const headSha = detail.head.sha;
      if (!headSha) {
        throw new ConflictError(
          `The branch of #${pull.number} is gone: promote again to rebuild it.`,
        );
      }
      // What the merge would deploy: read from the head, not from the body.
      const content = await this.options.writer.readFileAt(
        repository,
        target.source!.valuesFile,
        headSha,
      );
      const pullTag = content === undefined ? undefined : getImageTag(content);
      const tag = this.sourceTag(source, to);
      meta.imageTag = pullTag ?? null;
      if (pullTag !== tag) {
        throw new ConflictError(
          `#${pull.number} sets ${to} to ${
            pullTag ?? 'no image tag'
          }, but ${from} runs ${tag} now, and the gates speak for what ${from} runs: promote again to update the pull request. Nothing was merged.`,
        );
      }
      const gates = await this.gates(ctx, source, target);
      const failed = await this.passGates(ctx, gates, request.override, {
        tag,
        from,
        to,
        meta,
        verb: 'merge the promotion of',
        nothing: 'Nothing was merged.',
      });
      const overridden = failed.map(g => g.id);
      const service = resolved.entityRef.split('/').pop()!;
      const trailers = await this.commitMessage(ctx, {
        service,
        tag,
        from,
        to,
        reason,
        overridden: failed,
        overrideReason: request.override?.reason?.trim(),
      });
      let merged;
      try {
        merged = await pulls.merge(repository, pull.number, {
          sha: headSha,
          commitTitle: `${promotionTitle(service, tag, from, to)} (#${
            pull.number
          })`,
          // The body of the promotion's message (reason, overrides, trailers) with Merged-by.
          commitMessage: trailers
            .split('\n')
            .slice(2)
            .join('\n')
            .replace('Promoted-by:', 'Merged-by:'),
        });
      } catch (error) {
        if (
          error instanceof GitHubWriteError &&
          (error.reason === 'notMergeable' || error.reason === 'conflict')
        ) {
          throw new ConflictError(
            `GitHub did not merge ${pull.htmlUrl}: ${error.message}. Nothing was merged.`,
          );
        }
        throw new ServiceUnavailableError(
          `Could not merge ${pull.htmlUrl}: ${message(
            error,
          )}. Nothing was merged.`,
        );
      }
      meta.mergeSha = merged.sha;
      await this.options.records
        ?.recordPromotion({
          entityRef: resolved.entityRef,
          from,
          to,
          imageTag: tag,
          commitSha: merged.sha,
          actor,
          reason,
          promotedAt: new Date().toISOString(),
        })
        .catch(() => undefined); // merged: a record is not worth a failure
      await this.options.lanes
        .refresh?.(to, target.detail.application!)
        .catch(() => undefined);
      await event.success({ meta });
      return {
        entityRef: resolved.entityRef,
        from,
        to,
        imageTag: tag,
        number: pull.number,
        url: pull.htmlUrl,
        mergeSha: merged.sha,
        gates,
        overridden,
        message: `Merged #${
          pull.number
        }: ${tag} from ${from} to ${to}, merge commit ${short(merged.sha)} on ${
          repository.owner
        }/${repository.repo}; Argo CD rolls it out.${
          overridden.length
            ? ` Gates overridden: ${overridden.join(', ')}.`
            : ''
        }`,
      };
    } catch (error) {
      await event.fail({ meta, error: error as Error });
      throw error;
    }
  }

  // ---- reading ----

  private async resolve(entityRef: string): Promise<Resolved> {
    const lane = await this.options.lanes.read(entityRef);
    const repos = new Map<string, GitHubRepository & { url: string }>();
    for (const env of lane.environments) {
      if (!env.source) continue;
      const parsed = parseGitHubRepositoryUrl(env.source.repoURL);
      if (parsed) {
        repos.set(`${parsed.host}/${parsed.owner}/${parsed.repo}`, {
          host: parsed.host,
          owner: parsed.owner,
          repo: parsed.repo,
          url: parsed.htmlUrl,
        });
      }
    }
    let repositoryError: string | undefined;
    if (repos.size > 1) {
      repositoryError = `the environments of ${entityRef} deploy from ${
        repos.size
      } repositories (${[...repos.keys()].join(
        ', ',
      )}): a promotion copies a tag within one repository`;
    } else if (!repos.size) {
      repositoryError = `no application bound to ${entityRef} deploys from a GitHub repository`;
    }
    const repository = repos.size === 1 ? [...repos.values()][0] : undefined;
    const desired = new Map<
      string,
      { tag?: string; content?: string; error?: string }
    >();
    await Promise.all(
      lane.environments.map(async env => {
        if (!env.source || !repository) return;
        try {
          const content = await this.options.writer.readFileAt(
            repository,
            env.source.valuesFile,
            env.source.targetRevision,
          );
          desired.set(env.detail.environment, {
            content,
            tag: content === undefined ? undefined : getImageTag(content),
            error:
              content === undefined
                ? `${env.source.valuesFile} does not exist`
                : undefined,
          });
        } catch (error) {
          desired.set(env.detail.environment, { error: message(error) });
        }
      }),
    );
    return {
      entityRef: lane.entityRef,
      repository,
      repositoryError,
      environments: lane.environments,
      desired,
    };
  }

  private laneEnvironment(env: LaneInput, resolved: Resolved): LaneEnvironment {
    const d = env.detail;
    const image = runningImage(env);
    const current = d.history.find(h => h.current);
    return {
      name: d.environment,
      production: d.production,
      application: d.application,
      state: d.state,
      error: d.error ?? env.sourceError ?? env.foreign,
      image,
      imageTag: imageTag(image),
      desiredImageTag: resolved.desired.get(d.environment)?.tag,
      revision: d.revision,
      commit:
        d.revision && current
          ? {
              sha: d.revision,
              author: current.author,
              message: firstLine(current.message ?? ''),
            }
          : undefined,
      deployedAt: d.deployedAt,
      deployedBy: d.deployedBy,
      health: d.health,
      sync: d.sync,
      operationRunning: d.operationRunning,
      canaryInFlight: d.canaryInFlight,
      abortExplanation: d.rollout?.abortExplanation,
    };
  }

  /** Commit links for the lane (the commit's URL in the repository). */
  private async attachCommits(
    resolved: Resolved,
    environments: LaneEnvironment[],
  ): Promise<void> {
    if (!resolved.repository) return;
    for (const env of environments) {
      if (env.commit) {
        env.commit.url = `${resolved.repository.url}/commit/${env.commit.sha}`;
      }
    }
  }

  private async changes(
    resolved: Resolved,
    source: LaneInput,
    target: LaneInput,
  ): Promise<PromotionChanges> {
    const from = source.detail.environment;
    const to = target.detail.environment;
    const before = runningImage(target);
    const base: PromotionChanges = {
      from,
      to,
      image: { before },
      commits: [],
      valuesDiff: '',
      valuesFile: target.source?.valuesFile,
      upToDate: false,
    };
    const tag = imageTag(runningImage(source));
    if (!tag) {
      return { ...base, blocked: nothingRunsIn(from) };
    }
    base.image.after = withTag(before ?? runningImage(source), tag);
    const repository = resolved.repository;
    if (!repository || !target.source) {
      return {
        ...base,
        error:
          resolved.repositoryError ??
          target.sourceError ??
          `${to} has no application bound to ${resolved.entityRef}`,
      };
    }
    const desired = resolved.desired.get(to);
    base.upToDate = desired?.tag === tag;
    const errors: string[] = [];
    if (desired?.error) errors.push(desired.error);
    // The commits the target would get: between what runs there and what runs in the source.
    const fromRev = target.detail.revision;
    const toRev = source.detail.revision;
    if (fromRev && toRev && fromRev !== toRev) {
      try {
        const commits = await this.options.writer.compareCommits(
          repository,
          fromRev,
          toRev,
        );
        base.commits = commits.map(
          (c): CommitInfo => ({
            sha: c.sha,
            author: c.author,
            date: c.date,
            message: firstLine(c.message),
            url: c.url,
          }),
        );
      } catch (error) {
        errors.push(`commits: ${message(error)}`);
      }
    }
    if (desired?.content !== undefined) {
      try {
        const deployed = fromRev
          ? await this.options.writer.readFileAt(
              repository,
              target.source.valuesFile,
              fromRev,
            )
          : undefined;
        base.valuesDiff = unifiedDiff(
          target.source.valuesFile,
          deployed ?? '',
          setImageTag(desired.content, tag),
        );
      } catch (error) {
        errors.push(`values: ${message(error)}`);
      }
    }
    return errors.length ? { ...base, error: errors.join('; ') } : base;
  }

  private async pair(ctx: PromotionContext) {
    const resolved = await this.resolve(ctx.entityRef);
    const index = resolved.environments.findIndex(
      e => e.detail.environment === ctx.environment,
    );
    if (index < 0) {
      throw new InputError(
        `Unknown environment '${ctx.environment}'; the lane of ${
          resolved.entityRef
        } is ${resolved.environments
          .map(e => e.detail.environment)
          .join(' -> ')}`,
      );
    }
    if (index === 0) {
      throw new InputError(
        `${ctx.environment} is the first environment of the lane: builds reach it from CI, not by promotion`,
      );
    }
    return {
      resolved,
      source: resolved.environments[index - 1],
      target: resolved.environments[index],
    };
  }

  private assertBound(resolved: Resolved, env: LaneInput) {
    const name = env.detail.environment;
    if (env.foreign && !env.bound) {
      throw new NotAllowedError(`${env.foreign}. Nothing was changed.`);
    }
    if (env.detail.state === 'unavailable') {
      throw new ServiceUnavailableError(
        env.detail.error ?? `The Argo CD instance of ${name} is unavailable`,
      );
    }
    if (!env.detail.application) {
      throw new NotFoundError(
        `${resolved.entityRef} has no Argo CD application in ${name}`,
      );
    }
    if (!env.bound) {
      throw new ConflictError(
        `${env.detail.application} is not bound to ${resolved.entityRef}: only the entity's annotation matches it, which grants no rights. An admin must claim it first. Nothing was changed.`,
      );
    }
    if (!env.source) {
      throw new ConflictError(
        `Cannot promote through ${name}: ${
          env.sourceError ?? 'its source is unknown'
        }`,
      );
    }
  }

  private repository(resolved: Resolved): GitHubRepository {
    if (!resolved.repository) {
      throw new ConflictError(
        `Cannot promote ${resolved.entityRef}: ${resolved.repositoryError}`,
      );
    }
    return resolved.repository;
  }

  /** The build the source runs; refused (as the lane says) when it runs none. */
  private sourceTag(source: LaneInput, to: string): string {
    const tag = imageTag(runningImage(source));
    if (!tag) {
      throw new ConflictError(
        `${nothingRunsIn(
          source.detail.environment,
        )}: there is no build to promote to ${to}. Nothing was changed.`,
      );
    }
    return tag;
  }

  /**
   * The gates' verdict for a promotion or a merge: the target must be idle
   * (no override); other failures refuse unless an admin overrides them
   * with a reason (recorded in `meta`). Returns the overridden gates.
   */
  private async passGates(
    ctx: PromotionContext,
    gates: PromotionGate[],
    override: { reason: string } | undefined,
    p: {
      tag: string;
      from: string;
      to: string;
      meta: JsonObject;
      verb?: string;
      nothing?: string;
    },
  ): Promise<PromotionGate[]> {
    const { tag, from, to } = p;
    const nothing = p.nothing ?? 'Nothing was committed.';
    const idle = gates.find(g => g.id === 'target-idle')!;
    if (idle.status !== 'passed') {
      throw new ConflictError(
        `Cannot ${p.verb ? `${p.verb} ${tag}` : 'promote'} to ${to} now: ${
          idle.detail
        } ${nothing}`,
      );
    }
    const failed = gates.filter(g => g.status !== 'passed');
    if (failed.length && !override) {
      throw new ConflictError(
        `Cannot ${p.verb ?? 'promote'} ${tag} from ${from} to ${to}: ${failed
          .map(g => `${g.title}: ${g.detail}`)
          .join(' ')} ${nothing}`,
      );
    }
    if (failed.length) {
      if (!(await this.canOverride(ctx))) {
        throw new NotAllowedError(
          `You may not override the failed gates (${
            deploymentsPromotionOverridePermission.name
          } is for admins): ${failed.map(g => g.title).join('; ')}. ${nothing}`,
        );
      }
      const why = override?.reason?.trim() ?? '';
      if (why.length < 3) {
        throw new InputError(
          'an override needs its own reason (at least 3 characters)',
        );
      }
      p.meta.overridden = failed.map(g => g.id);
    }
    return failed;
  }

  // ---- gates and permissions ----

  private async gates(
    ctx: PromotionContext,
    source: LaneInput,
    target: LaneInput,
  ): Promise<PromotionGate[]> {
    const from = source.detail.environment;
    const entity = await this.options.catalog.getEntityByRef(ctx.entityRef, {
      credentials: ctx.credentials,
    });
    const unknown = (id: 'alerts' | 'burn-rate', title: string) => ({
      id,
      title,
      status: 'error' as const,
      detail: `Cannot be evaluated: ${ctx.entityRef} is not in the catalog`,
      overridable: true,
    });
    const [alerts, burn] = entity
      ? await Promise.all([
          this.options.signals
            .firingAlerts(entity, from)
            .then(r => alertsGate(from, r)),
          this.options.signals.errorRatios(entity, from).then(windows =>
            burnRateGate(from, windows, {
              slo: this.options.slo,
              threshold: this.options.burnRateThreshold,
            }),
          ),
        ])
      : [
          unknown('alerts', `No alert fires for the service in ${from}`),
          unknown('burn-rate', `Error budget burn rate in ${from}`),
        ];
    return [
      targetIdleGate(target.detail),
      canaryGate(source.detail),
      alerts,
      burn,
    ];
  }

  private async allowed(
    ctx: PromotionContext,
    target: LaneInput,
  ): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [
        {
          permission: releasePromotePermissionFor(target.detail.production),
          resourceRef: ctx.entityRef,
        },
      ],
      { credentials: ctx.credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** The entity's owners (the non-production promote permission): who may open a pull request. */
  private async isOwner(ctx: PromotionContext): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [
        {
          permission: releasePromotePermissionFor(false),
          resourceRef: ctx.entityRef,
        },
      ],
      { credentials: ctx.credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async canOverride(ctx: PromotionContext): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: deploymentsPromotionOverridePermission }],
      { credentials: ctx.credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Authored by the portal, on behalf of the user: the trailer names them. */
  private async commitMessage(
    ctx: PromotionContext,
    p: {
      service: string;
      tag: string;
      from: string;
      to: string;
      reason: string;
      overridden: PromotionGate[];
      overrideReason?: string;
    },
  ): Promise<string> {
    const userRef = actorOf(ctx.credentials);
    let user: Entity | undefined;
    try {
      user = userRef.startsWith('user:')
        ? await this.options.catalog.getEntityByRef(userRef, {
            credentials: ctx.credentials,
          })
        : undefined;
    } catch {
      user = undefined; // the trailer falls back to the ref
    }
    const profile = (user?.spec?.profile ?? {}) as {
      displayName?: string;
      email?: string;
    };
    const name = profile.displayName ?? userRef;
    const email =
      profile.email ?? `${userRef.split('/').pop()}@users.noreply.portal`;
    const lines = [
      `Promote ${p.service} ${p.tag} from ${p.from} to ${p.to}`,
      '',
      p.reason,
    ];
    if (p.overridden.length) {
      lines.push(
        '',
        `Gates overridden by ${userRef}: ${p.overridden
          .map(g => g.id)
          .join(', ')}. Why: ${p.overrideReason}`,
      );
    }
    lines.push(
      '',
      `Promoted-by: ${userRef}`,
      `Co-authored-by: ${name} <${email}>`,
    );
    return lines.join('\n');
  }
}
