import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { helmTemplate } from '../../helm';
import type { KubeObject } from '../../world/ClusterWorkloads';

/** A commit as git tells it. */
export interface GitCommit {
  sha: string;
  /** `Name <email>`, as Argo CD's revision metadata gives it. */
  author: string;
  /** ISO 8601 commit date. */
  date: string;
  message: string;
}

/** A commit of a branch's first-parent history, with the files it changed. */
export interface LoggedCommit extends GitCommit {
  files: string[];
}

/** What to render: Argo CD's ApplicationSource of one Helm app, at a commit. */
export interface RenderRequest {
  repoURL: string;
  sha: string;
  path: string;
  valueFiles: string[];
  releaseName: string;
  namespace: string;
}

/** A git or Helm failure, with the tool's own message (Argo CD shows that). */
export class RepoError extends Error {}

export interface RepoServerOptions {
  /** Where the bare mirrors of the repositories live. */
  cacheDir: string;
  /** HTTP Basic credentials for the repositories (Argo CD's repo creds). */
  credentials?: { username: string; password: string };
}

/**
 * Argo CD's repo-server: resolves an Application's `targetRevision` with
 * `git ls-remote`, fetches the commit into a bare mirror with the real git
 * binary over smart HTTP, and renders the chart at that commit with the real
 * Helm binary. Renders are cached by (commit, path, value files, release,
 * namespace): a commit never changes, so neither does its render.
 */
export class RepoServer {
  private readonly mirrors = new Map<string, Promise<string>>();
  private readonly renders = new Map<string, Promise<KubeObject[]>>();
  private readonly inflightRefs = new Map<
    string,
    Promise<Map<string, string>>
  >();
  private readonly commitInfo = new Map<string, GitCommit>();
  /** One git operation per mirror at a time: concurrent fetches fight over refs. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly options: RepoServerOptions) {}

  /** Resolves a branch, tag, `HEAD` or SHA of the repository to a commit SHA. */
  async resolve(repoURL: string, revision: string): Promise<string> {
    const wanted = revision || 'HEAD';
    if (/^[0-9a-f]{40}$/.test(wanted)) {
      return wanted;
    }
    const refs = await this.lsRemote(repoURL);
    const sha =
      refs.get(wanted) ??
      refs.get(`refs/heads/${wanted}`) ??
      refs.get(`refs/tags/${wanted}^{}`) ??
      refs.get(`refs/tags/${wanted}`);
    if (!sha) {
      throw new RepoError(
        `unable to resolve '${wanted}' to a commit SHA: no such branch or tag in ${repoURL}`,
      );
    }
    return sha;
  }

  /** The commit's author, date and message (fetched first when needed). */
  async commit(repoURL: string, sha: string): Promise<GitCommit> {
    const key = `${repoURL}\u0000${sha}`;
    const known = this.commitInfo.get(key);
    if (known) return known;
    const mirror = await this.mirrorWith(repoURL, sha);
    const out = await this.git(
      ['log', '-1', '--format=%H%x00%an <%ae>%x00%aI%x00%B', sha],
      mirror,
    );
    const [full, author, date, ...message] = out.split('\u0000');
    const info = {
      sha: full.trim(),
      author,
      date: new Date(date).toISOString(),
      message: message.join('\u0000').trim(),
    };
    this.commitInfo.set(key, info);
    return info;
  }

  /**
   * The first-parent history up to `sha`, oldest first, each commit with
   * the files it changed (the root commit: every file).
   */
  async log(repoURL: string, sha: string): Promise<LoggedCommit[]> {
    const mirror = await this.mirrorWith(repoURL, sha);
    const out = await this.git(
      [
        'log',
        '--reverse',
        '--first-parent',
        '--root',
        '--name-only',
        '--format=%x1e%H%x1f%an <%ae>%x1f%aI%x1f%B%x1f',
        sha,
      ],
      mirror,
    );
    return out
      .split('\u001e')
      .filter(chunk => chunk.trim())
      .map(chunk => {
        const [full, author, date, message, files = ''] = chunk.split('\u001f');
        return {
          sha: full.trim(),
          author,
          date: new Date(date).toISOString(),
          message: message.trim(),
          files: files.split('\n').filter(f => f.trim()),
        };
      });
  }

  /** `helm template` of the source at the commit, as parsed objects. */
  render(request: RenderRequest): Promise<KubeObject[]> {
    const key = JSON.stringify(request);
    let rendered = this.renders.get(key);
    if (!rendered) {
      rendered = this.renderNow(request);
      this.renders.set(key, rendered);
      // Failures are not cached: the next poll retries (e.g. a flaky fetch).
      rendered.catch(() => this.renders.delete(key));
    }
    return rendered;
  }

  /**
   * Commits a change to a branch and pushes it, as CI does: clones the
   * branch, lets `edit` change files in the work tree (answering the commit
   * message, or undefined for nothing to commit), and answers the new SHA.
   */
  async commitAndPush(
    repoURL: string,
    branch: string,
    edit: (workTree: string) => Promise<string | undefined>,
    author: { name: string; email: string },
  ): Promise<string | undefined> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-ci-'));
    try {
      await this.git(
        ['clone', '--quiet', '--depth', '1', '--branch', branch, repoURL, dir],
        undefined,
      );
      const message = await edit(dir);
      if (!message) return undefined;
      const status = await this.git(['status', '--porcelain'], dir);
      if (!status.trim()) return undefined;
      await this.git(['add', '--all'], dir);
      await this.git(
        [
          '-c',
          `user.name=${author.name}`,
          '-c',
          `user.email=${author.email}`,
          'commit',
          '--quiet',
          '-m',
          message,
        ],
        dir,
      );
      await this.git(['push', '--quiet', 'origin', `HEAD:${branch}`], dir);
      const sha = (await this.git(['rev-parse', 'HEAD'], dir)).trim();
      this.inflightRefs.delete(repoURL); // the branch moved: ask again
      return sha;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Forgets the refs of a repository (or all), so the next resolve asks git again. */
  invalidate(repoURL?: string): void {
    if (repoURL === undefined) {
      this.inflightRefs.clear();
    } else {
      this.inflightRefs.delete(repoURL);
    }
  }

  private lsRemote(repoURL: string): Promise<Map<string, string>> {
    let refs = this.inflightRefs.get(repoURL);
    if (!refs) {
      refs = this.git(['ls-remote', repoURL], undefined).then(out => {
        const map = new Map<string, string>();
        for (const line of out.split('\n')) {
          const [sha, ref] = line.split('\t');
          if (sha && ref) map.set(ref, sha);
        }
        return map;
      });
      this.inflightRefs.set(repoURL, refs);
      // One answer per poll: the next `invalidate` (the poll) asks again.
      refs.catch(() => this.inflightRefs.delete(repoURL));
    }
    return refs;
  }

  /** The mirror of the repository, fetched until it has `sha`. */
  private async mirrorWith(repoURL: string, sha: string): Promise<string> {
    const mirror = await this.mirror(repoURL);
    const previous = this.locks.get(mirror) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => this.fetchInto(mirror, repoURL, sha));
    this.locks.set(mirror, next);
    return next;
  }

  private async fetchInto(
    mirror: string,
    repoURL: string,
    sha: string,
  ): Promise<string> {
    const has = await this.git(['cat-file', '-e', `${sha}^{commit}`], mirror)
      .then(() => true)
      .catch(() => false);
    if (!has) {
      await this.git(
        [
          'fetch',
          '--quiet',
          '--force',
          '--prune',
          repoURL,
          '+refs/heads/*:refs/heads/*',
          '+refs/tags/*:refs/tags/*',
        ],
        mirror,
      );
      await this.git(['cat-file', '-e', `${sha}^{commit}`], mirror).catch(
        () => {
          throw new RepoError(
            `unable to resolve '${sha}' to a commit SHA in ${repoURL}`,
          );
        },
      );
    }
    return mirror;
  }

  private mirror(repoURL: string): Promise<string> {
    let mirror = this.mirrors.get(repoURL);
    if (!mirror) {
      const dir = path.join(
        this.options.cacheDir,
        `${createHash('sha256')
          .update(repoURL)
          .digest('hex')
          .slice(0, 16)}.git`,
      );
      mirror = (async () => {
        if (!fs.existsSync(path.join(dir, 'HEAD'))) {
          fs.mkdirSync(dir, { recursive: true });
          await this.git(['init', '--quiet', '--bare', dir], undefined);
        }
        return dir;
      })();
      this.mirrors.set(repoURL, mirror);
      mirror.catch(() => this.mirrors.delete(repoURL));
    }
    return mirror;
  }

  private async renderNow(request: RenderRequest): Promise<KubeObject[]> {
    const mirror = await this.mirrorWith(request.repoURL, request.sha);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-render-'));
    try {
      const source = request.path.replace(/^\/+|\/+$/g, '') || '.';
      await this.extract(mirror, request.sha, source, dir);
      const chartDir = path.join(dir, source);
      if (!fs.existsSync(path.join(chartDir, 'Chart.yaml'))) {
        throw new RepoError(
          `${request.path}: app path does not exist or has no Chart.yaml at ${request.sha}`,
        );
      }
      const result = await helmTemplate({
        chartDir,
        releaseName: request.releaseName,
        namespace: request.namespace,
        valueFiles: request.valueFiles,
      });
      if (!result.ok) {
        // Helm's message without the temp directory, as Argo CD shows it.
        throw new RepoError(
          `helm template . --name-template ${request.releaseName} --namespace ${
            request.namespace
          } failed exit status 1: ${result.stderr.split(dir).join('').trim()}`,
        );
      }
      const objects = yaml
        .loadAll(result.stdout)
        .filter(
          (doc): doc is KubeObject =>
            !!doc && typeof doc === 'object' && 'kind' in doc,
        );
      for (const object of objects) {
        object.metadata ??= { name: '' };
        object.metadata.namespace ??= request.namespace;
      }
      return objects;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** `git archive <sha> <path> | tar -x`: the source tree at the commit. */
  private async extract(
    mirror: string,
    sha: string,
    source: string,
    dir: string,
  ): Promise<void> {
    const archive = spawn(
      'git',
      ['--git-dir', mirror, 'archive', '--format=tar', sha, '--', source],
      { env: this.env() },
    );
    const tar = spawn('tar', ['-x', '-C', dir]);
    const errors: Buffer[] = [];
    archive.stderr.on('data', chunk => errors.push(chunk));
    archive.stdout.pipe(tar.stdin);
    const exit = (child: typeof tar) =>
      new Promise<number | null>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
      });
    // Both must have finished: either may close first.
    const [archiveCode, tarCode] = await Promise.all([
      exit(archive),
      exit(tar),
    ]);
    if (archiveCode !== 0) {
      throw new RepoError(
        Buffer.concat(errors).toString().trim() ||
          `git archive exited with ${archiveCode}`,
      );
    }
    if (tarCode !== 0) {
      throw new RepoError(`tar exited with ${tarCode}`);
    }
  }

  private env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    };
  }

  private git(args: string[], cwd: string | undefined): Promise<string> {
    const auth = this.options.credentials;
    const config = auth
      ? [
          '-c',
          `http.extraHeader=Authorization: Basic ${Buffer.from(
            `${auth.username}:${auth.password}`,
          ).toString('base64')}`,
        ]
      : [];
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        [...config, ...args],
        { cwd, env: this.env(), maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) {
            reject(
              new RepoError(
                `git ${args[0]}: ${String(stderr || error.message).trim()}`,
              ),
            );
          } else {
            resolve(stdout);
          }
        },
      );
    });
  }
}
