import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { getOctokitOptions } from '@backstage/plugin-scaffolder-backend-module-github';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { Octokit } from 'octokit';
import { parse } from 'yaml';
import { examples } from './resolveRepository.examples';

/** The one GitHub host configured in `integrations.github` (github.com when none is). */
function defaultHost(integrations: ScmIntegrationRegistry): string {
  const hosts = integrations.github
    .list()
    .map(i => i.config.host)
    .filter(host => host !== 'github.com');
  if (hosts.length > 1) {
    throw new InputError(
      `Several GitHub hosts are configured (${hosts.join(
        ', ',
      )}); give the action a host`,
    );
  }
  return hosts[0] ?? 'github.com';
}

/**
 * `github:repo:resolve`: says where a service's repository lives before it
 * is created, and whether a previous run of the template already created
 * it. The template renders the repository URL into the skeleton (Argo CD
 * Applications, catalog-info.yaml) with it, and skips `publish:github`
 * when the repository exists, since GitHub refuses to create it twice.
 */
export function createResolveRepositoryAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  const { integrations } = options;
  const credentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);

  return createTemplateAction({
    id: 'github:repo:resolve',
    description:
      "Resolves a service repository's URLs on the configured GitHub host and whether it exists already (holding this service, or still empty)",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        owner: z => z.string().min(1).describe('Organisation or user'),
        repo: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9._-]{1,100}$/, 'not a GitHub repository name')
            .describe('Repository name'),
        host: z =>
          z
            .string()
            .optional()
            .describe(
              'GitHub host; the one non-github.com host of integrations.github by default',
            ),
        entityName: z =>
          z
            .string()
            .describe(
              'The catalog entity the repository must hold if it exists already',
            ),
        defaultBranch: z => z.string().default('main'),
      },
      output: {
        repoUrl: z =>
          z.string().describe('host?owner=&repo=, as publish:github takes it'),
        remoteUrl: z => z.string().describe('The clone URL'),
        htmlUrl: z => z.string().describe("The repository's web page"),
        repoContentsUrl: z =>
          z.string().describe('<htmlUrl>/blob/<default branch>'),
        exists: z => z.boolean(),
        empty: z =>
          z.boolean().describe('Exists but nothing was pushed to it yet'),
      },
    },
    async handler(ctx) {
      const { owner, repo, entityName } = ctx.input;
      const branch = ctx.input.defaultBranch ?? 'main';
      const host = ctx.input.host ?? defaultHost(integrations);
      const integration = integrations.github.byHost(host);
      if (!integration?.config.apiBaseUrl) {
        throw new InputError(`No GitHub integration with an API for ${host}`);
      }
      // GitHub serves repositories on the host with the scheme of its API.
      const scheme = new URL(integration.config.apiBaseUrl).protocol;
      const htmlUrl = `${scheme}//${host}/${owner}/${repo}`;
      const outputs = {
        repoUrl: `${host}?owner=${encodeURIComponent(
          owner,
        )}&repo=${encodeURIComponent(repo)}`,
        remoteUrl: `${htmlUrl}.git`,
        htmlUrl,
        repoContentsUrl: `${htmlUrl}/blob/${branch}`,
      };
      const done = (exists: boolean, empty: boolean) => {
        ctx.output('repoUrl', outputs.repoUrl);
        ctx.output('remoteUrl', outputs.remoteUrl);
        ctx.output('htmlUrl', outputs.htmlUrl);
        ctx.output('repoContentsUrl', outputs.repoContentsUrl);
        ctx.output('exists', exists);
        ctx.output('empty', empty);
      };

      const octokit = new Octokit({
        ...(await getOctokitOptions({
          integrations,
          credentialsProvider,
          host,
          owner,
          repo,
        })),
        log: ctx.logger,
      });
      let existing;
      try {
        existing = (await octokit.rest.repos.get({ owner, repo })).data;
      } catch (error) {
        if ((error as { status?: number }).status === 404) {
          ctx.logger.info(`${owner}/${repo} does not exist yet on ${host}`);
          done(false, false);
          return;
        }
        throw error;
      }

      let catalogInfo: string | undefined;
      try {
        const { data } = await octokit.rest.repos.getContent({
          owner,
          repo,
          path: 'catalog-info.yaml',
          ref: existing.default_branch,
          mediaType: { format: 'raw' },
        });
        // Octokit hands raw media back as text or as an ArrayBuffer,
        // depending on the content type the server labels it with.
        catalogInfo =
          typeof data === 'string'
            ? data
            : Buffer.from(data as unknown as ArrayBuffer).toString('utf8');
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
      if (catalogInfo === undefined && existing.size === 0) {
        ctx.logger.info(
          `${owner}/${repo} exists but is empty: a previous run created it; the files will be pushed to it`,
        );
        done(true, true);
        return;
      }
      const names = catalogInfo
        ? (() => {
            try {
              return [parse(catalogInfo)?.metadata?.name];
            } catch {
              return [];
            }
          })()
        : [];
      if (!names.includes(entityName)) {
        throw new InputError(
          `The repository ${owner}/${repo} already exists on ${host} and does not hold the service ${entityName}; choose another name`,
        );
      }
      ctx.logger.info(
        `${owner}/${repo} already holds ${entityName} (a previous run created it): reusing it`,
      );
      done(true, false);
    },
  });
}
