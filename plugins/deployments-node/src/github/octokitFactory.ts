import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import { GitHubWriteError } from './GitHubWriteError';
import { GitHubRepository } from './repositoryUrl';

export interface OctokitFactoryOptions {
  integrations: ScmIntegrationRegistry;
  credentialsProvider?: GithubCredentialsProvider;
  /** For tests: the fetch Octokit sends with. */
  fetch?: typeof fetch;
}

/**
 * One Octokit per call, on the host's `integrations.github` entry (token or
 * GitHub App, as Backstage's own GitHub actions get them): what the writer
 * and the pull requests client share, so the portal has one way to GitHub.
 */
export class OctokitFactory {
  private readonly credentialsProvider: GithubCredentialsProvider;

  constructor(private readonly options: OctokitFactoryOptions) {
    this.credentialsProvider =
      options.credentialsProvider ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
  }

  async forRepository(repository: GitHubRepository): Promise<Octokit> {
    const integration = this.options.integrations.github.byHost(
      repository.host,
    );
    if (!integration) {
      throw new GitHubWriteError(
        'notConfigured',
        `No integrations.github entry for the host ${repository.host}`,
      );
    }
    const { token } = await this.credentialsProvider.getCredentials({
      url: `https://${repository.host}/${repository.owner}/${repository.repo}`,
    });
    if (!token) {
      throw new GitHubWriteError(
        'notConfigured',
        `No GitHub token or app for ${repository.host}/${repository.owner} in integrations.github`,
      );
    }
    return new Octokit({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
      // Failures are explained by GitHubWriteError; Octokit's own log is noise.
      log: { debug() {}, info() {}, warn() {}, error() {} },
      ...(this.options.fetch && { request: { fetch: this.options.fetch } }),
    });
  }
}

export function describeRepository(repository: GitHubRepository): string {
  return `${repository.host}/${repository.owner}/${repository.repo}`;
}
