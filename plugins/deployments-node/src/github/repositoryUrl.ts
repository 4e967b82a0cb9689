/** A repository on a GitHub host (github.com or GitHub Enterprise). */
export interface GitHubRepository {
  /** e.g. `github.com` or `ghe.example.com:8443`, as in `integrations.github[].host`. */
  host: string;
  owner: string;
  repo: string;
}

/** A repository, and the branch a URL names (`.../tree/<branch>/...`), if any. */
export interface ParsedRepositoryUrl extends GitHubRepository {
  branch?: string;
  /** The repository's web page, on the scheme the URL used. */
  htmlUrl: string;
}

/**
 * Parses the URLs Backstage keeps of a repository: `url:`-prefixed
 * locations (`backstage.io/source-location`), web URLs
 * (`https://host/owner/repo/tree/main/`, `.../blob/main/catalog-info.yaml`),
 * clone URLs (`https://host/owner/repo.git`) and the scaffolder's
 * `host?owner=&repo=`. Undefined when the text names no repository.
 */
export function parseGitHubRepositoryUrl(
  text: string,
): ParsedRepositoryUrl | undefined {
  const value = text.trim().replace(/^url:/, '');
  const scaffolder = /^([^/?]+)\?(.*)$/.exec(value);
  if (scaffolder) {
    const query = new URLSearchParams(scaffolder[2]);
    const owner = query.get('owner');
    const repo = query.get('repo');
    return owner && repo
      ? {
          host: scaffolder[1],
          owner,
          repo,
          htmlUrl: `https://${scaffolder[1]}/${owner}/${repo}`,
        }
      : undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const [owner, rawRepo, kind, branch] = url.pathname
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const repo = rawRepo?.replace(/\.git$/, '');
  if (!owner || !repo) return undefined;
  return {
    host: url.host,
    owner,
    repo,
    htmlUrl: `${url.protocol}//${url.host}/${owner}/${repo}`,
    ...((kind === 'tree' || kind === 'blob') && branch && { branch }),
  };
}
