import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GitHubPullRequests,
  GitHubWriteError,
} from '@internal/plugin-deployments-node';
import {
  BulkUpgradeResult,
  MANIFEST_PATH,
  pavedRoadBulkUpgradePermission,
  pavedRoadUpgradePermission,
  UpgradeResult,
} from '@internal/plugin-paved-road-common';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import { DriftService, parseManifest, ServiceSnapshot } from './DriftService';
import { compareVersions } from './semver';
import { threeWayMerge } from './threeWayMerge';
import { asUpstreamError } from './upstreamErrors';

export interface UpgradeServiceOptions {
  drift: DriftService;
  pulls: GitHubPullRequests;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
}

export interface CallContext {
  credentials: BackstageCredentials;
  request?: Request;
}

/** The files of the upgrade, and the ones left with conflict markers. */
export interface UpgradePlan {
  changes: Map<string, string>;
  conflicts: string[];
  /** Files the new version drops that the team left as rendered: deleted. */
  deleted: string[];
  /** Files the new version drops that the team changed: kept, and listed as conflicts. */
  keptChanged: string[];
}

/**
 * base = the template rendered at the recorded version, theirs = at the
 * current one, ours = the repository. Files the template lists (owned or
 * shared, in either version's manifest) are merged three ways; the rest of
 * the repository is the team's and is never touched. A file of the old
 * version's manifest the new one no longer renders is deleted when the team
 * left it as rendered, and kept (a conflict to decide) when it changed it.
 */
export function planUpgrade(
  base: Map<string, string>,
  theirs: Map<string, string>,
  ours: Map<string, string>,
  labels: { ours: string; theirs: string },
): UpgradePlan {
  const listed = new Set<string>();
  const baseManifest = parseManifest(base.get(MANIFEST_PATH));
  for (const manifest of [
    baseManifest,
    parseManifest(theirs.get(MANIFEST_PATH)),
  ]) {
    for (const path of [...manifest.owned, ...manifest.shared])
      listed.add(path);
  }
  const baseListed = new Set([...baseManifest.owned, ...baseManifest.shared]);
  const changes = new Map<string, string>();
  const conflicts: string[] = [];
  const deleted: string[] = [];
  const keptChanged: string[] = [];
  for (const path of [...listed].sort()) {
    const b = base.get(path);
    const t = theirs.get(path);
    const o = ours.get(path);
    if (t === undefined) {
      if (b === undefined || o === undefined || !baseListed.has(path)) continue;
      if (o === b) deleted.push(path);
      else {
        keptChanged.push(path);
        conflicts.push(path);
      }
      continue;
    }
    // The team deleted a file the template still renders and did not change: keep it deleted.
    if (o === undefined && b !== undefined && b === t) continue;
    const merged = threeWayMerge(o ?? '', b ?? '', t, labels);
    if (merged.text !== o) changes.set(path, merged.text);
    if (merged.conflict) conflicts.push(path);
  }
  return { changes, conflicts, deleted, keptChanged };
}

/**
 * Upgrade pull requests: one branch per template in each repository
 * (`paved-road/upgrade-<template>`), rebuilt from the default branch on
 * every run, and one open pull request on it, updated rather than opened
 * twice. Permission-checked as the caller and audited.
 */
export class UpgradeService {
  constructor(private readonly options: UpgradeServiceOptions) {}

  private async authorize(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: pavedRoadUpgradePermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not upgrade ${entityRef}: only its owners may`,
      );
    }
  }

  private async audited<T>(
    eventId: string,
    ctx: CallContext,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: ctx.request,
      meta,
    });
    try {
      const result = await fn();
      // What was done (pull request, files, conflicts) goes with the event.
      await event.success({ meta: JSON.parse(JSON.stringify(result)) });
      return result;
    } catch (caught) {
      const error = asUpstreamError(caught);
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  async upgrade(entityRef: string, ctx: CallContext): Promise<UpgradeResult> {
    return this.audited('paved-road-upgrade', ctx, { entityRef }, async () => {
      await this.authorize(entityRef, ctx.credentials);
      const entity = await this.options.drift.entity(
        entityRef,
        ctx.credentials,
      );
      return this.open(await this.options.drift.snapshot(entity));
    });
  }

  /** Admins: an upgrade pull request on each service of a selection. */
  async upgradeMany(
    entityRefs: string[],
    ctx: CallContext,
  ): Promise<BulkUpgradeResult> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: pavedRoadBulkUpgradePermission }],
      { credentials: ctx.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Only platform admins may upgrade several services at once',
      );
    }
    const results: BulkUpgradeResult['results'] = [];
    for (const entityRef of entityRefs) {
      try {
        results.push({ ok: true, ...(await this.upgrade(entityRef, ctx)) });
      } catch (error) {
        results.push({
          ok: false,
          entityRef,
          error: String((error as Error)?.message ?? error),
        });
      }
    }
    return { results };
  }

  private async open(snapshot: ServiceSnapshot): Promise<UpgradeResult> {
    const { record, currentVersion, versions, repository } = snapshot;
    const entityRef = stringifyEntityRef(snapshot.entity);
    if (compareVersions(record.version, currentVersion) >= 0) {
      throw new ConflictError(
        `${entityRef} is at ${record.version}, the template's current version: nothing to upgrade`,
      );
    }
    const [base, theirs] = await Promise.all([
      this.options.drift.render(versions, record.version, record, repository),
      this.options.drift.render(versions, currentVersion, record, repository),
    ]);
    const plan = planUpgrade(base, theirs, snapshot.files, {
      ours: `${repository.branch} (your repository)`,
      theirs: `template ${currentVersion}`,
    });
    const branch = this.options.drift.branchFor(record.templateRef);
    const head = await this.options.pulls.branchSha(
      repository,
      repository.branch,
    );
    if (!head) {
      throw new ConflictError(
        `${repository.htmlUrl} has no branch ${repository.branch}`,
      );
    }
    // Rebuilt from the default branch each time: the pull request always
    // holds exactly this upgrade, however often it is asked for.
    await this.options.pulls.setBranch(repository, branch, head);
    // One commit for the whole upgrade (GitHub's Git database API).
    const files = new Map<string, string | null>(plan.changes);
    for (const path of plan.deleted) files.set(path, null);
    if (files.size > 0) {
      await this.options.pulls.commitFiles(repository, {
        branch,
        message: `Upgrade ${record.templateRef} from ${record.version} to ${currentVersion}`,
        files,
      });
    }
    const title = `Upgrade ${record.templateRef} from ${record.version} to ${currentVersion}`;
    const body = await this.describe(snapshot, plan);
    const [existing] = await this.options.pulls.list(repository, {
      head: branch,
      state: 'open',
    });
    let pull;
    try {
      pull = existing
        ? await this.options.pulls.update(repository, existing.number, {
            title,
            body,
          })
        : await this.options.pulls.create(repository, {
            title,
            body,
            head: branch,
            base: repository.branch,
          });
    } catch (error) {
      if (
        error instanceof GitHubWriteError &&
        /No commits/.test(error.message)
      ) {
        throw new ConflictError(
          `The upgrade changes nothing in ${repository.htmlUrl}: its files already match ${currentVersion}`,
        );
      }
      throw error;
    }
    return {
      entityRef,
      fromVersion: record.version,
      toVersion: currentVersion,
      pullRequest: {
        number: pull.number,
        url: pull.htmlUrl,
        created: !existing,
      },
      files: [...plan.changes.keys(), ...plan.deleted],
      conflicts: plan.conflicts,
    };
  }

  private async describe(
    snapshot: ServiceSnapshot,
    plan: UpgradePlan,
  ): Promise<string> {
    const { record, currentVersion, versions } = snapshot;
    const lines = [
      `The Paved road upgrades this repository from **${record.templateRef} ${record.version}** to **${currentVersion}**: the template rendered again with the answers recorded in \`catalog-info.yaml\`, merged three ways into your files (base: the template at ${record.version}, theirs: at ${currentVersion}, ours: your repository). Merging records ${currentVersion} in \`catalog-info.yaml\`.`,
      '',
    ];
    if (plan.conflicts.length > 0) {
      lines.push(
        '## Conflicts to resolve',
        '',
        'You and the template changed the same lines. These files hold conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`); resolve them on this branch before merging:',
        '',
        ...plan.conflicts
          .filter(path => !plan.keptChanged.includes(path))
          .map(path => `- \`${path}\``),
        '',
      );
    }
    lines.push(
      '## Files changed',
      '',
      ...[...plan.changes.keys()].map(path => `- \`${path}\``),
      '',
    );
    if (plan.deleted.length > 0) {
      lines.push(
        '## Deleted',
        '',
        `No longer part of the template at ${currentVersion}, and unchanged by you:`,
        '',
        ...plan.deleted.map(path => `- \`${path}\``),
        '',
      );
    }
    if (plan.keptChanged.length > 0) {
      lines.push(
        '## Dropped by the template, changed by you',
        '',
        `The template no longer has these files at ${currentVersion}, but you changed them: kept; delete them on this branch if you do not need them:`,
        '',
        ...plan.keptChanged.map(path => `- \`${path}\``),
        '',
      );
    }
    const changelog = await versions.changelog(record.version, currentVersion);
    if (changelog.length > 0) {
      lines.push(
        '## What changed in the template',
        '',
        ...changelog.map(s => s.replace(/^## /, '### ')),
        '',
      );
    }
    return lines.join('\n');
  }

  /** Merges the open upgrade pull request (its head as read), then has the catalog read the new version. */
  async merge(
    entityRef: string,
    ctx: CallContext,
  ): Promise<{ number: number; sha: string }> {
    return this.audited(
      'paved-road-upgrade-merge',
      ctx,
      { entityRef },
      async () => {
        await this.authorize(entityRef, ctx.credentials);
        const entity = await this.options.drift.entity(
          entityRef,
          ctx.credentials,
        );
        const snapshot = await this.options.drift.snapshot(entity);
        const branch = this.options.drift.branchFor(
          snapshot.record.templateRef,
        );
        const [open] = await this.options.pulls.list(snapshot.repository, {
          head: branch,
          state: 'open',
        });
        if (!open) {
          throw new ConflictError(
            `${entityRef} has no open upgrade pull request`,
          );
        }
        const detail = await this.options.pulls.get(
          snapshot.repository,
          open.number,
        );
        let merged;
        try {
          merged = await this.options.pulls.merge(
            snapshot.repository,
            open.number,
            {
              sha: detail.head.sha ?? undefined,
            },
          );
        } catch (error) {
          if (
            error instanceof GitHubWriteError &&
            (error.reason === 'notMergeable' || error.reason === 'conflict')
          ) {
            throw new ConflictError(
              `GitHub did not merge ${open.htmlUrl}: ${error.message}`,
            );
          }
          throw error;
        }
        await this.options.catalog
          .refreshEntity(entityRef, { credentials: ctx.credentials })
          .catch(() => undefined);
        return { number: open.number, sha: merged.sha };
      },
    );
  }
}
