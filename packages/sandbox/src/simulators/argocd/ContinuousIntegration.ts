import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import type { RepoServer } from './RepoServer';
import { setImageTag } from './desiredState';

/** The workflow of the template's skeleton this plays (`.github/workflows/ci.yaml`). */
export const CI_WORKFLOW = '.github/workflows/ci.yaml';

/** GitHub's own account for commits made by a workflow with GITHUB_TOKEN. */
export const ACTIONS_BOT = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export interface ContinuousIntegrationOptions {
  repoServer: RepoServer;
  /** How long "the workflow" takes from the push to its tag-bump commit. */
  delayMs: number;
  /** Registers the image the workflow built (always a good build). */
  registerImage: (image: string) => void;
  /** After its commit: the branch moved, the app should look again. */
  pushed: (repoURL: string) => void;
  /** Where a failed run is told (the world's error list). */
  onError: (error: unknown) => void;
}

/**
 * The sandbox's GitHub Actions for the skeleton's `ci` workflow: a push to a
 * repository's main branch builds the image `<image.repository>:<sha>` and
 * commits that tag to `chart/values-dev.yaml` as `github-actions[bot]`
 * ("Deploy <sha7> to dev [skip ci]"), so a service created from the template
 * reaches dev without anyone playing CI. As on GitHub, a commit whose message
 * says `[skip ci]` runs nothing; commits that change only environment value
 * files (a release, a promotion, recorded outputs) are not rebuilt either,
 * since they change no code (`paths-ignore` in a real workflow).
 */
export class ContinuousIntegration {
  private readonly seen = new Set<string>();

  constructor(private readonly options: ContinuousIntegrationOptions) {}

  /** A branch head was seen: runs the workflow once per new commit. */
  async observe(repoURL: string, branch: string, sha: string): Promise<void> {
    if (branch !== 'main') return;
    const key = `${repoURL}\u0000${sha}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const log = await this.options.repoServer.log(repoURL, sha);
    const head = log[log.length - 1];
    if (!head || !triggers(head.message, head.files)) return;
    const timer = setTimeout(() => {
      this.run(repoURL, sha).catch(this.options.onError);
    }, this.options.delayMs);
    timer.unref?.();
  }

  /** The build and the tag bump; answers the new commit, if any. */
  async run(repoURL: string, sha: string): Promise<string | undefined> {
    const commit = await this.options.repoServer.commitAndPush(
      repoURL,
      'main',
      async dir => {
        if (!existsSync(path.join(dir, CI_WORKFLOW))) return undefined;
        const values = path.join(dir, 'chart', 'values.yaml');
        const devValues = path.join(dir, 'chart', 'values-dev.yaml');
        if (!existsSync(values) || !existsSync(devValues)) return undefined;
        const repository = (
          yaml.load(await readFile(values, 'utf8')) as {
            image?: { repository?: string };
          }
        )?.image?.repository;
        if (!repository) return undefined;
        this.options.registerImage(`${repository}:${sha}`);
        const text = await readFile(devValues, 'utf8');
        await writeFile(devValues, setImageTag(text, sha));
        return `Deploy ${sha.slice(0, 7)} to dev [skip ci]`;
      },
      ACTIONS_BOT,
    );
    if (commit) this.options.pushed(repoURL);
    return commit;
  }
}

/** Whether a push of this commit runs the workflow. */
export function triggers(message: string, files: string[]): boolean {
  if (/\[(skip ci|ci skip|no ci|skip actions|actions skip)\]/i.test(message)) {
    return false;
  }
  return files.some(file => !/^chart\/values-[^/]+\.yaml$/.test(file));
}
