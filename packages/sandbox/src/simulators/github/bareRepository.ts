import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join as joinPath } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One entry of a tree, as `git ls-tree -l` lists it. */
export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  /** Bytes, for blobs. */
  size: number;
  /** Relative to the repository root. */
  path: string;
}

/**
 * A bare git repository on disk, read with the git CLI: what the simulated
 * GitHub serves through its contents, trees and tarball endpoints is exactly
 * what was pushed.
 */
export class BareRepository {
  constructor(readonly dir: string) {}

  static async init(dir: string, defaultBranch: string) {
    await mkdir(dir, { recursive: true });
    await run('git', [
      'init',
      '--quiet',
      '--bare',
      `--initial-branch=${defaultBranch}`,
      dir,
    ]);
    // Pushes are authenticated by the simulator before git sees them.
    await run('git', ['-C', dir, 'config', 'http.receivepack', 'true']);
    return new BareRepository(dir);
  }

  private async git(args: string[]): Promise<string> {
    const { stdout } = await run('git', ['-C', this.dir, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  }

  /** Stores a blob (`git hash-object -w`); answers its SHA. */
  async writeBlob(content: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', [
        '-C',
        this.dir,
        'hash-object',
        '-w',
        '--stdin',
      ]);
      let out = '';
      child.stdout.on('data', chunk => (out += chunk));
      child.on('error', reject);
      child.on('close', code =>
        code === 0
          ? resolve(out.trim())
          : reject(new Error(`git hash-object exited ${code}`)),
      );
      child.stdin.end(content);
    });
  }

  /** Whether `sha` names an object of `type` here. */
  async hasObject(sha: string, type: 'blob' | 'tree' | 'commit') {
    if (!/^[0-9a-f]{40}$/.test(sha)) return false;
    try {
      return (await this.git(['cat-file', '-t', sha])).trim() === type;
    } catch {
      return false;
    }
  }

  /**
   * A tree made of `base` (a tree SHA, or none) with entries set or, with a
   * null SHA, removed (a folder's path removes everything below it), as
   * GitHub's `POST /git/trees` makes it: built in a scratch index.
   */
  async writeTree(
    base: string | undefined,
    entries: Array<{ path: string; mode: string; sha: string | null }>,
  ): Promise<string> {
    const scratch = await mkdtemp(joinPath(os.tmpdir(), 'github-index-'));
    const env = { ...process.env, GIT_INDEX_FILE: joinPath(scratch, 'index') };
    const git = async (args: string[]) =>
      (
        await run('git', ['-C', this.dir, ...args], {
          env,
          maxBuffer: 64 * 1024 * 1024,
        })
      ).stdout;
    try {
      await git(base ? ['read-tree', base] : ['read-tree', '--empty']);
      // `update-index --index-info` works without a work tree; mode 0
      // removes a path.
      const lines: string[] = [];
      for (const entry of entries) {
        if (entry.sha === null) {
          const below = (await git(['ls-files', '-z', '--', entry.path]))
            .split('\0')
            .filter(Boolean);
          for (const file of below) lines.push(`0 ${'0'.repeat(40)}\t${file}`);
        } else {
          lines.push(`${entry.mode} ${entry.sha}\t${entry.path}`);
        }
      }
      await new Promise<void>((resolve, reject) => {
        const child = spawn(
          'git',
          ['-C', this.dir, 'update-index', '--add', '--index-info'],
          { env },
        );
        let stderr = '';
        child.stderr.on('data', chunk => (stderr += chunk));
        child.on('error', reject);
        child.on('close', code =>
          code === 0
            ? resolve()
            : reject(new Error(`git update-index: ${stderr.trim()}`)),
        );
        child.stdin.end(lines.map(l => `${l}\n`).join(''));
      });
      return (await git(['write-tree'])).trim();
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** A commit of `tree` with these parents, author and committer as given (`POST /git/commits`). */
  async createCommit(options: {
    tree: string;
    parents: string[];
    message: string;
    author: { name: string; email: string; date?: string };
    committer?: { name: string; email: string; date?: string };
  }): Promise<string> {
    const committer = options.committer ?? options.author;
    const { stdout } = await run(
      'git',
      [
        '-C',
        this.dir,
        'commit-tree',
        options.tree,
        ...options.parents.flatMap(p => ['-p', p]),
        '-m',
        options.message,
      ],
      {
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: options.author.name,
          GIT_AUTHOR_EMAIL: options.author.email,
          ...(options.author.date
            ? { GIT_AUTHOR_DATE: options.author.date }
            : {}),
          GIT_COMMITTER_NAME: committer.name,
          GIT_COMMITTER_EMAIL: committer.email,
          ...(committer.date ? { GIT_COMMITTER_DATE: committer.date } : {}),
        },
      },
    );
    return stdout.trim();
  }

  /**
   * Replays the commits of `base..head` (merges skipped) one by one onto
   * `onto`, each with its author and message and GitHub as committer, as a
   * rebase merge does: the last new commit, or undefined when a commit does
   * not apply (a conflict).
   */
  async rebase(
    onto: string,
    base: string,
    head: string,
  ): Promise<string | undefined> {
    const commits = (
      await this.git([
        'rev-list',
        '--reverse',
        '--no-merges',
        `${base}..${head}`,
      ])
    )
      .split('\n')
      .filter(Boolean);
    const scratch = await mkdtemp(joinPath(os.tmpdir(), 'github-rebase-'));
    const env = { ...process.env, GIT_INDEX_FILE: joinPath(scratch, 'index') };
    let current = onto;
    try {
      for (const commit of commits) {
        const info = await this.readCommit(commit);
        const parent = info.parents[0];
        await run('git', ['-C', this.dir, 'read-tree', current], { env });
        const applied = await new Promise<boolean>((resolve, reject) => {
          const diff = spawn('git', [
            '-C',
            this.dir,
            'diff-tree',
            '-p',
            '--binary',
            parent ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
            commit,
          ]);
          const apply = spawn('git', ['-C', this.dir, 'apply', '--cached'], {
            env,
          });
          diff.stdout.pipe(apply.stdin);
          diff.on('error', reject);
          apply.on('error', reject);
          apply.on('close', code => resolve(code === 0));
        });
        if (!applied) return undefined;
        const { stdout: tree } = await run(
          'git',
          ['-C', this.dir, 'write-tree'],
          { env },
        );
        current = await this.createCommit({
          tree: tree.trim(),
          parents: [current],
          message: info.message,
          author: info.author,
          committer: { name: 'GitHub', email: 'noreply@github.com' },
        });
      }
      return current;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** A commit's tree, parents, people and message (`GET /git/commits/{sha}`). */
  async readCommit(sha: string): Promise<{
    tree: string;
    parents: string[];
    author: { name: string; email: string; date: string };
    committer: { name: string; email: string; date: string };
    message: string;
  }> {
    const out = await this.git([
      'show',
      '-s',
      '--format=%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B',
      sha,
    ]);
    const [tree, parents, an, ae, ad, cn, ce, cd, message] = out.split('\0');
    return {
      tree,
      parents: parents.split(' ').filter(Boolean),
      author: { name: an, email: ae, date: ad },
      committer: { name: cn, email: ce, date: cd },
      message: message.replace(/\n$/, ''),
    };
  }

  /** Points HEAD at a branch: what a clone checks out (GitHub's default branch). */
  async setHead(branch: string): Promise<void> {
    await this.git(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  }

  /** The commit a branch, tag or SHA names; undefined when it names none. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    if (!/^[\w./-]+$/.test(ref) || ref.startsWith('-')) {
      return undefined;
    }
    try {
      return (
        await this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
      ).trim();
    } catch {
      return undefined;
    }
  }

  async branches(): Promise<{ name: string; sha: string }[]> {
    const out = await this.git([
      'for-each-ref',
      '--format=%(refname:short) %(objectname)',
      'refs/heads',
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [name, sha] = line.split(' ');
        return { name, sha };
      });
  }

  /** Entries of the tree at `path` (the root for ''), or of every subtree with `recursive`. */
  async listTree(
    commit: string,
    path: string,
    recursive = false,
  ): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-l', '-z'];
    if (recursive) args.push('-r', '-t');
    args.push(path ? `${commit}:${path}` : commit);
    let out: string;
    try {
      out = await this.git(args);
    } catch {
      return [];
    }
    return out
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const [meta, name] = line.split('\t');
        const [mode, type, sha, size] = meta.split(/\s+/);
        return {
          mode,
          type: type as TreeEntry['type'],
          sha,
          size: size === '-' ? 0 : Number(size),
          path: path ? `${path}/${name}` : name,
        };
      });
  }

  /** The object at `path` in `commit`: a blob's entry, 'tree', or undefined. */
  async entryAt(
    commit: string,
    path: string,
  ): Promise<TreeEntry | 'tree' | undefined> {
    if (!path) return 'tree';
    const parent = path.includes('/')
      ? path.slice(0, path.lastIndexOf('/'))
      : '';
    const entry = (await this.listTree(commit, parent)).find(
      e => e.path === path,
    );
    if (!entry) return undefined;
    return entry.type === 'tree' ? 'tree' : entry;
  }

  async readBlob(sha: string): Promise<Buffer> {
    const { stdout } = await run(
      'git',
      ['-C', this.dir, 'cat-file', 'blob', sha],
      {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return stdout;
  }

  /** A commit as `git show` prints it: header, message and patch. */
  async show(commit: string): Promise<string> {
    return this.git(['show', '--no-color', '--format=fuller', commit, '--']);
  }

  async commitDate(commit: string): Promise<Date> {
    return new Date(
      (await this.git(['show', '-s', '--format=%cI', commit])).trim(),
    );
  }

  /** Commits reachable from `head` but not `base` (`git log base..head`), oldest first. */
  async log(
    base: string,
    head: string,
  ): Promise<
    Array<{
      sha: string;
      name: string;
      email: string;
      date: string;
      committerDate: string;
      message: string;
    }>
  > {
    const out = await this.git([
      'log',
      '--reverse',
      '--format=%H%x00%an%x00%ae%x00%aI%x00%cI%x00%B%x1e',
      `${base}..${head}`,
    ]);
    return out
      .split('\x1e')
      .map(r => r.replace(/^\n/, ''))
      .filter(Boolean)
      .map(record => {
        const [sha, name, email, date, committerDate, message] =
          record.split('\0');
        return {
          sha,
          name,
          email,
          date,
          committerDate,
          message: message.trimEnd(),
        };
      });
  }

  /**
   * Merges two commits without a work tree (`git merge-tree --write-tree`,
   * git >= 2.38): the merged tree, or the files that conflict.
   */
  async mergeTree(
    base: string,
    head: string,
  ): Promise<{ tree: string } | { conflicts: string[] }> {
    try {
      const out = await this.git([
        'merge-tree',
        '--write-tree',
        '--name-only',
        '--no-messages',
        base,
        head,
      ]);
      return { tree: out.split('\n')[0].trim() };
    } catch (error) {
      // Exit status 1: conflicts; stdout holds the tree, then the conflicted files.
      const e = error as { code?: number; stdout?: string };
      if (e.code === 1 && typeof e.stdout === 'string') {
        const [, ...files] = e.stdout.split('\n').filter(Boolean);
        return { conflicts: [...new Set(files)] };
      }
      throw error;
    }
  }

  /** A commit of `tree` with these parents, by `author` (committed by GitHub, as GitHub does). */
  async commitTree(
    tree: string,
    parents: string[],
    message: string,
    author: string,
  ): Promise<string> {
    const { stdout } = await run(
      'git',
      [
        '-C',
        this.dir,
        'commit-tree',
        tree,
        ...parents.flatMap(p => ['-p', p]),
        '-m',
        message,
      ],
      {
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: author,
          GIT_AUTHOR_EMAIL: `${author}@users.noreply.github.com`,
          GIT_COMMITTER_NAME: 'GitHub',
          GIT_COMMITTER_EMAIL: 'noreply@github.com',
        },
      },
    );
    return stdout.trim();
  }

  /**
   * Moves a ref to `sha`, only if it still points at `expected` (forty
   * zeros: only if it does not exist yet): false when it moved meanwhile.
   */
  async updateRef(
    ref: string,
    sha: string,
    expected?: string,
  ): Promise<boolean> {
    try {
      await this.git([
        'update-ref',
        ref,
        sha,
        ...(expected !== undefined ? [expected] : []),
      ]);
      return true;
    } catch {
      return false;
    }
  }

  async deleteRef(ref: string): Promise<boolean> {
    try {
      await this.git(['update-ref', '-d', ref]);
      return true;
    } catch {
      return false;
    }
  }

  /** Whether `ancestor` is reachable from `commit`. */
  async isAncestor(ancestor: string, commit: string): Promise<boolean> {
    try {
      await this.git(['merge-base', '--is-ancestor', ancestor, commit]);
      return true;
    } catch {
      return false;
    }
  }

  /** Files changed between two commits, with their added and deleted lines. */
  async diffStat(
    base: string,
    head: string,
  ): Promise<Array<{ path: string; additions: number; deletions: number }>> {
    const out = await this.git([
      'diff',
      '--numstat',
      '-z',
      `${base}...${head}`,
    ]);
    return out
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const [additions, deletions, path] = line.split('\t');
        return {
          path,
          additions: Number(additions) || 0,
          deletions: Number(deletions) || 0,
        };
      });
  }

  /** A gzipped tarball of `commit` whose entries sit under `prefix/`, as GitHub's are. */
  tarball(commit: string, prefix: string): NodeJS.ReadableStream {
    return spawn('git', [
      '-C',
      this.dir,
      'archive',
      '--format=tar.gz',
      `--prefix=${prefix}/`,
      commit,
    ]).stdout;
  }
}
