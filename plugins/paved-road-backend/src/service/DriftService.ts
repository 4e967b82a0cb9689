import type {
  BackstageCredentials,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { isError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { JsonObject } from '@backstage/types';
import {
  GitHubPullRequests,
  parseGitHubRepositoryUrl,
  type ParsedRepositoryUrl,
} from '@internal/plugin-deployments-node';
import {
  MANIFEST_PATH,
  ServiceDrift,
  TEMPLATE_REF_ANNOTATION,
  TEMPLATE_VALUES_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  UpgradePullRequest,
} from '@internal/plugin-paved-road-common';
import { parse } from 'yaml';
import { compareVersions } from './semver';
import { asUpstreamError } from './upstreamErrors';
import { RenderedFiles, TemplateRenderer } from './TemplateRenderer';
import { TemplateVersions } from './TemplateVersions';

/** What a repository records of its template, read from its own catalog-info.yaml. */
export interface TemplateRecord {
  templateRef: string;
  version: string;
  parameters: JsonObject;
}

/** The files the template keeps, as `.paved-road.yaml` lists them. */
export interface TemplateManifest {
  owned: string[];
  shared: string[];
}

/** Everything drift and upgrades are computed from, for one service. */
export interface ServiceSnapshot {
  entity: Entity;
  repository: ParsedRepositoryUrl & { branch: string };
  record: TemplateRecord;
  files: RenderedFiles;
  manifest: TemplateManifest;
  versions: TemplateVersions;
  currentVersion: string;
}

export interface DriftServiceOptions {
  catalog: CatalogService;
  urlReader: UrlReaderService;
  renderer: TemplateRenderer;
  pulls: GitHubPullRequests;
  logger: LoggerService;
  /** Template ref (lower case) -> its versions. */
  templates: Map<string, TemplateVersions>;
  branchPrefix: string;
}

export function parseManifest(text: string | undefined): TemplateManifest {
  const data = text ? parse(text) : undefined;
  const list = (value: unknown) =>
    Array.isArray(value) ? value.filter(v => typeof v === 'string') : [];
  return { owned: list(data?.owned), shared: list(data?.shared) };
}

/** The record from catalog-info.yaml's annotations; undefined when it holds none. */
export function readRecord(
  annotations: Record<string, string> | undefined,
): TemplateRecord | undefined {
  const templateRef = annotations?.[TEMPLATE_REF_ANNOTATION];
  const version = annotations?.[TEMPLATE_VERSION_ANNOTATION];
  const values = annotations?.[TEMPLATE_VALUES_ANNOTATION];
  if (!templateRef || !version || !values) return undefined;
  try {
    const parameters = JSON.parse(values);
    return parameters && typeof parameters === 'object'
      ? { templateRef, version, parameters }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How each service stands against its template: the repository (read
 * through Backstage's URL reader, one archive) against the template
 * rendered again with the answers the repository records, at the version it
 * records and at the current one. Renders are kept per template version,
 * answers and repository, since neither changes for a given key.
 */
export class DriftService {
  private readonly renders = new Map<string, Promise<RenderedFiles>>();
  /** Branch URL -> its files at the commit (etag) last read. */
  private readonly trees = new Map<
    string,
    { etag: string; files: RenderedFiles }
  >();

  constructor(private readonly options: DriftServiceOptions) {}

  branchFor(templateRef: string): string {
    const name = templateRef.split('/').pop() ?? 'template';
    return `${this.options.branchPrefix}${name}`;
  }

  /** The services made from a known template, as the user may see them. */
  async list(
    credentials: BackstageCredentials,
    filter: { owner?: string } = {},
  ): Promise<ServiceDrift[]> {
    const { items: all } = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`metadata.annotations.${TEMPLATE_REF_ANNOTATION}`]: [
            ...this.options.templates.keys(),
          ],
        },
      },
      { credentials },
    );
    // Before any repository is read: the owner as the entity spells it.
    const owner = filter.owner?.toLocaleLowerCase('en-US');
    const items = owner
      ? all.filter(
          e =>
            typeof e.spec?.owner === 'string' &&
            e.spec.owner.toLocaleLowerCase('en-US') === owner,
        )
      : all;
    const results: ServiceDrift[] = [];
    // A few at a time: each reads a repository archive and may render twice.
    for (let i = 0; i < items.length; i += 4) {
      results.push(
        ...(await Promise.all(items.slice(i, i + 4).map(e => this.drift(e)))),
      );
    }
    return results.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  }

  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    return entity;
  }

  render(
    versions: TemplateVersions,
    version: string,
    record: TemplateRecord,
    repository: ParsedRepositoryUrl,
  ): Promise<RenderedFiles> {
    const key = JSON.stringify([
      record.templateRef,
      version,
      record.parameters,
      repository.htmlUrl,
    ]);
    let rendered = this.renders.get(key);
    if (!rendered) {
      rendered = versions.directoryAt(version).then(templateDirectory =>
        this.options.renderer.render({
          templateDirectory,
          templateRef: record.templateRef,
          parameters: record.parameters,
          repository: {
            remoteUrl: `${repository.htmlUrl}.git`,
            htmlUrl: repository.htmlUrl,
            repoUrl: `${repository.host}?owner=${encodeURIComponent(
              repository.owner,
            )}&repo=${encodeURIComponent(repository.repo)}`,
            repoContentsUrl: `${repository.htmlUrl}/blob/${
              repository.branch ?? 'main'
            }`,
          },
        }),
      );
      this.renders.set(key, rendered);
      rendered.catch(() => this.renders.delete(key));
    }
    return rendered;
  }

  /**
   * The files of a branch. The URL reader's etag is the branch's commit: an
   * unchanged branch costs GitHub one commit lookup, not an archive, so the
   * Paved road page can be read as often as people open it.
   */
  private async read(treeUrl: string): Promise<RenderedFiles> {
    const cached = this.trees.get(treeUrl);
    try {
      const tree = await this.options.urlReader.readTree(treeUrl, {
        etag: cached?.etag,
      });
      const files: RenderedFiles = new Map();
      for (const file of await tree.files()) {
        files.set(file.path, (await file.content()).toString('utf8'));
      }
      this.trees.set(treeUrl, { etag: tree.etag, files });
      return files;
    } catch (error) {
      if (cached && isError(error) && error.name === 'NotModifiedError') {
        return cached.files;
      }
      throw asUpstreamError(error, treeUrl);
    }
  }

  /** Reads what drift and upgrades need; throws when the service has no usable record. */
  async snapshot(entity: Entity): Promise<ServiceSnapshot> {
    const entityRef = stringifyEntityRef(entity);
    const location = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
    const parsed = location ? parseGitHubRepositoryUrl(location) : undefined;
    if (!parsed) {
      throw new NotFoundError(`${entityRef} has no GitHub source location`);
    }
    const repository = { ...parsed, branch: parsed.branch ?? 'main' };
    const files = await this.read(
      `${repository.htmlUrl}/tree/${repository.branch}`,
    );
    // The repository's own catalog-info.yaml is the record: fresh right
    // after an upgrade is merged, before the catalog reads it again.
    const catalogInfo = files.get('catalog-info.yaml');
    const record =
      readRecord(
        catalogInfo ? parse(catalogInfo)?.metadata?.annotations : undefined,
      ) ?? readRecord(entity.metadata.annotations);
    if (!record) {
      throw new NotFoundError(
        `${entityRef} records no template version and answers`,
      );
    }
    const versions = this.options.templates.get(
      record.templateRef.toLocaleLowerCase('en-US'),
    );
    if (!versions) {
      throw new NotFoundError(
        `The Paved road does not know the template ${record.templateRef}`,
      );
    }
    return {
      entity,
      repository,
      record,
      files,
      manifest: parseManifest(files.get(MANIFEST_PATH)),
      versions,
      currentVersion: await versions.current(),
    };
  }

  async openPullRequest(
    snapshot: Pick<ServiceSnapshot, 'repository' | 'record'>,
  ): Promise<UpgradePullRequest | undefined> {
    const [open] = await this.options.pulls.list(snapshot.repository, {
      head: this.branchFor(snapshot.record.templateRef),
      state: 'open',
    });
    if (!open) return undefined;
    const detail = await this.options.pulls.get(
      snapshot.repository,
      open.number,
    );
    return {
      number: open.number,
      url: open.htmlUrl,
      toVersion: /to (\d+\.\d+\.\d+\S*)/.exec(open.title)?.[1],
      mergeable: detail.mergeable,
    };
  }

  /** One service's state; failures are the state `unknown`, never a throw. */
  async drift(entity: Entity): Promise<ServiceDrift> {
    const base: ServiceDrift = {
      entityRef: stringifyEntityRef(entity),
      title: entity.metadata.title ?? entity.metadata.name,
      owner:
        typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined,
      templateRef: entity.metadata.annotations?.[TEMPLATE_REF_ANNOTATION] ?? '',
      version: entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION],
      state: 'unknown',
      changedFiles: [],
    };
    try {
      const snapshot = await this.snapshot(entity);
      const { record, currentVersion, versions, repository } = snapshot;
      const rendered = await this.render(
        versions,
        record.version,
        record,
        repository,
      );
      const changedFiles = snapshot.manifest.owned.filter(
        path => snapshot.files.get(path) !== rendered.get(path),
      );
      let state: ServiceDrift['state'] = 'up-to-date';
      if (changedFiles.length > 0) state = 'diverged';
      else if (compareVersions(record.version, currentVersion) < 0) {
        state = 'behind';
      }
      return {
        ...base,
        templateRef: record.templateRef,
        version: record.version,
        currentVersion,
        state,
        changedFiles,
        repositoryUrl: repository.htmlUrl,
        pullRequest: await this.openPullRequest(snapshot),
      };
    } catch (error) {
      this.options.logger.warn(
        `Paved road: cannot tell how ${base.entityRef} stands: ${error}`,
      );
      return { ...base, error: String((error as Error)?.message ?? error) };
    }
  }
}
