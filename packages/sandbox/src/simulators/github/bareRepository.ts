import { execFile, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
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
