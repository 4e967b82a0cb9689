import {
  PromotionChanges,
  PromotionGate,
  PromotionPullRequest,
} from '@internal/plugin-deployments-common';
import type { GitHubPullRequest } from '@internal/plugin-deployments-node';

/*
 * A promotion that waits as a pull request: the portal's branch per target
 * environment and build, and the body it writes (for people: the gates, the
 * commits and the values diff; for the portal: one marker line with who
 * asked and the gates at open time, which the lane shows). What a merge
 * deploys is always read from the pull request's head, never from the body.
 */

/** Every promotion branch into `environment` starts with this. */
export function promotionBranchPrefix(environment: string): string {
  return `portal/promote-${environment}-`;
}

/** `portal/promote-prod-1.4.0`: one branch per target and build, so a re-promote finds it. */
export function promotionBranch(environment: string, tag: string): string {
  return `${promotionBranchPrefix(environment)}${tag.replace(
    /[^A-Za-z0-9._-]/g,
    '-',
  )}`;
}

/** What the portal records in the body's marker line. */
export interface PromotionMarker {
  entityRef: string;
  from: string;
  to: string;
  imageTag: string;
  requestedBy: string;
  reason: string;
  gates: Array<Pick<PromotionGate, 'id' | 'title' | 'status' | 'detail'>>;
}

const MARKER = /<!-- portal-promotion (\{.*\}) -->/;

const MARK: Record<PromotionGate['status'], string> = {
  passed: '[x]',
  failed: '[ ]',
  error: '[ ]',
};

export function promotionTitle(
  service: string,
  tag: string,
  from: string,
  to: string,
): string {
  return `Promote ${service} ${tag} from ${from} to ${to}`;
}

/** The pull request's body: what a reviewer needs, and the marker. */
export function promotionBody(
  marker: PromotionMarker,
  changes: PromotionChanges,
  options: { allowedGroups: string[]; overridden: string[] },
): string {
  const { from, to, imageTag } = marker;
  const lines = [
    `${marker.requestedBy} asks to promote **${imageTag}** from **${from}** to **${to}**.`,
    '',
    `> ${marker.reason.replace(/\n/g, '\n> ')}`,
    '',
    `Only ${
      options.allowedGroups.join(', ') || 'the production groups'
    } may merge it, from the portal's Deployments tab: the portal evaluates the gates again at merge time and refuses if one fails.`,
    '',
    '## Gates when opened',
    '',
    ...marker.gates.map(
      g =>
        `- ${MARK[g.status]} ${g.title}: ${g.detail}${
          options.overridden.includes(g.id) ? ' (overridden)' : ''
        }`,
    ),
    '',
    '## What changes',
    '',
    `Image ${changes.image.before ?? 'none'} -> ${
      changes.image.after ?? imageTag
    }`,
    '',
  ];
  if (changes.commits.length) {
    lines.push(
      `### Commits ${to} gets (${changes.commits.length})`,
      '',
      ...changes.commits.map(
        c =>
          `- ${c.sha.slice(0, 7)} ${c.message}${
            c.author ? ` (${c.author})` : ''
          }`,
      ),
      '',
    );
  }
  if (changes.valuesDiff) {
    lines.push(
      `### ${changes.valuesFile ?? 'Values'}`,
      '',
      '```diff',
      changes.valuesDiff.trimEnd(),
      '```',
      '',
    );
  }
  lines.push(`<!-- portal-promotion ${JSON.stringify(marker)} -->`);
  return lines.join('\n');
}

/** The marker of a body the portal wrote; undefined for anything else. */
export function parsePromotionMarker(
  body: string,
): PromotionMarker | undefined {
  const match = MARKER.exec(body);
  if (!match) return undefined;
  try {
    const parsed = JSON.parse(match[1]);
    return parsed && typeof parsed.imageTag === 'string'
      ? (parsed as PromotionMarker)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The lane's view of an open promotion pull request. */
export function toPromotionPullRequest(
  pull: GitHubPullRequest,
  environment: { from: string; to: string },
): PromotionPullRequest {
  const marker = parsePromotionMarker(pull.body);
  const prefix = promotionBranchPrefix(environment.to);
  return {
    number: pull.number,
    url: pull.htmlUrl,
    branch: pull.head.ref,
    title: pull.title,
    from: marker?.from ?? environment.from,
    to: environment.to,
    imageTag: marker?.imageTag ?? pull.head.ref.slice(prefix.length),
    requestedBy: marker?.requestedBy,
    reason: marker?.reason,
    openedAt: pull.createdAt,
    gates: marker?.gates ?? [],
  };
}
