import type {
  v1alpha1ApplicationSource,
  v1alpha1RevisionHistory,
} from '@internal/api-argocd';
import type { Environment } from '../../world/World';
import { pick } from './deterministic';
import { setImageTag } from './desiredState';
import type { GitPerson, LaterCommit } from './publishRepository';
import type { LoggedCommit } from './RepoServer';
import { DEFAULT_HISTORY_LIMIT } from './startState';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The past of a sample service's repository: created from the template
 * weeks ago, then a few releases, each a commit of `image.tag` into
 * `chart/values-<env>.yaml` per environment in promotion order, by the
 * owning team's people. The newest release has not reached the last
 * environment yet (prod is one release behind). Deterministic per service,
 * dated relative to `now` (all in the past).
 */
export function sampleReleases(options: {
  service: string;
  /** In promotion order. */
  environments: Environment[];
  /** The repository's files as the template rendered them (tag `firstTag`). */
  files: Map<string, string>;
  /** The owning team's people; a bot when there are none. */
  people: GitPerson[];
  now: Date;
}): { created: Date; author: GitPerson; later: LaterCommit[] } {
  const { service, environments, now } = options;
  const people = options.people.length
    ? options.people
    : [{ name: 'backstage-bot', email: 'backstage-bot@acme.example' }];
  const person = (seed: string) => people[pick(seed, people.length)];
  const releases = 3 + pick(service, 3);
  // A release every four days or so, the newest two days ago.
  const releasedAt = (k: number) =>
    new Date(
      now.getTime() -
        (releases - k) * 4 * DAY -
        2 * DAY -
        pick(`${service}/${k}`, 8) * HOUR,
    );
  const created = new Date(
    releasedAt(1).getTime() - (10 + pick(service, 20)) * DAY,
  );
  const values = new Map(options.files);
  const later: LaterCommit[] = [];
  for (let k = 1; k <= releases; k++) {
    const tag = `1.${k}.0`;
    const reached =
      k === releases && environments.length > 1
        ? environments.slice(0, -1)
        : environments;
    reached.forEach((environment, i) => {
      const file = `chart/values-${environment}.yaml`;
      const text = values.get(file);
      if (text === undefined) return;
      values.set(file, setImageTag(text, tag));
      later.push({
        files: new Map([[file, values.get(file)!]]),
        message:
          i === 0
            ? `Release ${service} ${tag} to ${environment}`
            : `Promote ${service} ${tag} from ${
                reached[i - 1]
              } to ${environment}`,
        author: person(`${service}/${tag}/${environment}`),
        // Each environment a working day after the one before it.
        date: new Date(releasedAt(k).getTime() + i * 20 * HOUR),
      });
    });
  }
  return { created, author: person(`${service}/created`), later };
}

/** The file of the app's source a path of the repository is, if any. */
function sourceFile(file: string, path: string): string | undefined {
  const base = path.replace(/^\/+|\/+$/g, '');
  if (!base || base === '.') return file;
  return file.startsWith(`${base}/`) ? file.slice(base.length + 1) : undefined;
}

/**
 * The sync history Argo CD would have recorded for an auto-synced Helm app
 * over the commits of its branch: a commit that changes what the app
 * renders (its chart, or one of its own value files; not another
 * environment's `values-*.yaml`) makes it OutOfSync, and the next poll
 * (within Argo CD's three minutes) syncs it; other commits leave it Synced
 * with no history entry. The first commit is the app's first sync. Ids
 * count from 0; only the newest `limit` entries are kept.
 */
export function pastSyncs(
  log: LoggedCommit[],
  source: v1alpha1ApplicationSource,
  limit = DEFAULT_HISTORY_LIMIT,
): v1alpha1RevisionHistory[] {
  const path = source.path ?? '.';
  const own = new Set(source.helm?.valueFiles ?? []);
  const changesRender = (commit: LoggedCommit) =>
    commit.files.some(file => {
      const inSource = sourceFile(file, path);
      if (inSource === undefined) return false;
      const otherValues =
        /^values-[^/]+\.ya?ml$/.test(inSource) && !own.has(inSource);
      return !otherValues;
    });
  const history: v1alpha1RevisionHistory[] = [];
  log.forEach((commit, i) => {
    if (i > 0 && !changesRender(commit)) return;
    const committed = Date.parse(commit.date);
    const startedAt = committed + (20 + pick(commit.sha, 160)) * 1000;
    history.push({
      id: history.length,
      revision: commit.sha,
      deployStartedAt: new Date(startedAt).toISOString(),
      deployedAt: new Date(
        startedAt + (30 + pick(`${commit.sha}/sync`, 60)) * 1000,
      ).toISOString(),
      source,
      initiatedBy: { automated: true },
    });
  });
  return history.slice(-limit);
}
