import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A person as git records them. */
export interface GitPerson {
  name: string;
  email: string;
}

/** A later commit of a published repository: whole files it writes, when. */
export interface LaterCommit {
  files: Map<string, string>;
  message: string;
  author: GitPerson;
  date: Date;
}

/**
 * Creates a repository through the GitHub API and pushes `files` to its
 * `main` branch with the real git binary, as `publish:github` does for a
 * service created in the portal. Answers the clone URL.
 */
export async function publishRepository(options: {
  /** e.g. http://localhost:7010/github/api/v3 */
  apiUrl: string;
  token: string;
  owner: string;
  name: string;
  files: Map<string, string>;
  message: string;
  author?: GitPerson;
  /** When the first commit was made (now by default). */
  date?: Date;
  /** Commits on top of the first one, oldest first (a repository's past). */
  later?: LaterCommit[];
}): Promise<string> {
  const created = await fetch(`${options.apiUrl}/orgs/${options.owner}/repos`, {
    method: 'POST',
    headers: {
      authorization: `token ${options.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: options.name, private: true }),
  });
  if (created.status !== 201) {
    throw new Error(
      `creating ${options.owner}/${options.name}: ${
        created.status
      } ${await created.text()}`,
    );
  }
  const { clone_url: cloneUrl } = (await created.json()) as {
    clone_url: string;
  };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-publish-'));
  try {
    for (const [file, text] of options.files) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    const author = options.author ?? {
      name: 'backstage-bot',
      email: 'backstage-bot@acme.example',
    };
    const env = {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    };
    const git = (...args: string[]) => run('git', args, { cwd: dir, env });
    await git('init', '--quiet', '--initial-branch=main');
    const commit = async (
      message: string,
      who: GitPerson,
      date: Date | undefined,
    ) => {
      await git('add', '--all');
      const args = [
        '-c',
        `user.name=${who.name}`,
        '-c',
        `user.email=${who.email}`,
        'commit',
        '--quiet',
        '-m',
        message,
      ];
      if (!date) {
        await git(...args);
        return;
      }
      // Author and committer date: the commit happened then.
      const when = date.toISOString();
      await run('git', args, {
        cwd: dir,
        env: { ...env, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when },
      });
    };
    await commit(options.message, author, options.date);
    for (const later of options.later ?? []) {
      for (const [file, text] of later.files) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
      await commit(later.message, later.author, later.date);
    }
    await git(
      '-c',
      `http.extraHeader=Authorization: Basic ${Buffer.from(
        `x-access-token:${options.token}`,
      ).toString('base64')}`,
      'push',
      '--quiet',
      cloneUrl,
      'HEAD:main',
    );
    return cloneUrl;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
