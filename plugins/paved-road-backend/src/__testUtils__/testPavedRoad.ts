import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  mockCredentials,
  mockServices,
  type RecordedAuditEvent,
} from '@internal/backend-test-stubs';
import {
  githubSimulator,
  renderServiceRepository,
  startSandbox,
  type Sandbox,
} from '@internal/sandbox';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { createPavedRoad } from '../service/createPavedRoad';
import { TemplateRenderer } from '../service/TemplateRenderer';

/*
 * The core services are @internal/backend-test-stubs'. GitHub is the sandbox's simulator, over HTTP, read through
 * Backstage's real GitHub URL reader.
 */

const run = promisify(execFile);
const TOKEN = 'sandbox-github-token';
const GIT_ENV = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  run('git', args, { cwd, env: GIT_ENV, maxBuffer: 64 * 1024 * 1024 });

export const silentLogger = mockServices.logger();

export const TEMPLATE_REF = 'template:default/microservice';
const REAL_TEMPLATE = resolve(__dirname, '../../../../templates/microservice');

/** The users of the tests and their groups; admins are in platform-admins. */
export const USERS: Record<string, string[]> = {
  'user:default/lena.fischer': ['group:default/payments'],
  'user:default/sara.kim': ['group:default/storefront'],
  'user:default/priya.sharma': ['group:default/platform-admins'],
};

export const credentialsOf = mockCredentials.user;

/**
 * A git repository holding the real "Create microservice" template at
 * 1.0.0 (one commit) and, on disk and committed, a 1.1.0 that changes one
 * line of chart/values.yaml (`pullPolicy: IfNotPresent` -> `Always`) and
 * drops chart/templates/vpa.yaml.
 */
export async function templateRepository(root: string): Promise<string> {
  const directory = join(root, 'templates/microservice');
  await mkdir(dirname(directory), { recursive: true });
  await cp(REAL_TEMPLATE, directory, { recursive: true });
  const setVersion = async (version: string) => {
    const path = join(directory, 'template.yaml');
    const text = await readFile(path, 'utf8');
    await writeFile(
      path,
      text.replace(
        /(paved-road\.acme\.example\/template-version: &templateVersion )\S+/,
        `$1${version}`,
      ),
    );
  };
  await setVersion('1.0.0');
  await git(root, 'init', '-q', '-b', 'main');
  await git(root, 'add', '.');
  await git(root, 'commit', '-q', '-m', 'microservice 1.0.0');
  await setVersion('1.1.0');
  const values = join(directory, 'skeleton/service/chart/values.yaml');
  await writeFile(
    values,
    (
      await readFile(values, 'utf8')
    ).replace('pullPolicy: IfNotPresent', 'pullPolicy: Always'),
  );
  // ... and drops a file (from the skeleton and from the manifest).
  await rm(join(directory, 'skeleton/service/chart/templates/vpa.yaml'));
  const manifest = join(directory, 'skeleton/service/.paved-road.yaml');
  await writeFile(
    manifest,
    (
      await readFile(manifest, 'utf8')
    ).replace('  - chart/templates/vpa.yaml\n', ''),
  );
  const changelog = join(directory, 'CHANGELOG.md');
  await writeFile(
    changelog,
    (
      await readFile(changelog, 'utf8')
    ).replace(
      '## 1.0.0',
      '## 1.1.0\n\n- Images are always pulled (`image.pullPolicy: Always`).\n\n## 1.0.0',
    ),
  );
  await git(root, 'commit', '-q', '-am', 'microservice 1.1.0');
  return directory;
}

export const PARAMETERS = (name: string) => ({
  name,
  description: `The ${name} service of the tests`,
  owner: 'group:default/payments',
  system: 'system:default/payments',
  lifecycle: 'experimental',
  database: 'none',
  cache: 'none',
  queue: 'none',
  public: false,
  environments: ['dev'],
  dev: { replicas: '1-2', cpu: '100m', memory: '256Mi' },
});

export interface TestPavedRoad {
  sandbox: Sandbox;
  entities: Entity[];
  events: RecordedAuditEvent[];
  paved: ReturnType<typeof createPavedRoad>;
  templateDirectory: string;
  /** Renders the template at a version for a service and pushes it as a new repository. */
  createService(
    name: string,
    version: string,
    edit?: (files: Map<string, string>) => void,
  ): Promise<void>;
  /**
   * A sample service of the sandbox at a version: its repository as the
   * sandbox renders it, its entity as world/services.yaml declares it
   * (template ref and source location; the record is the repository's).
   */
  createSample(name: string, version: string): Promise<Map<string, string>>;
  readFile(repo: string, path: string, ref?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestPavedRoad(): Promise<TestPavedRoad> {
  const scratch = await mkdtemp(join(tmpdir(), 'paved-road-test-'));
  const templateDirectory = await templateRepository(join(scratch, 'portal'));
  const sandbox = await startSandbox({
    port: 0,
    simulators: [githubSimulator()],
  });
  const host = new URL(sandbox.url).host;
  const api = `${sandbox.url}/github/api/v3`;
  const config = new ConfigReader({
    integrations: {
      github: [
        {
          host,
          apiBaseUrl: api,
          rawBaseUrl: `${sandbox.url}/github/raw`,
          token: TOKEN,
        },
      ],
    },
    pavedRoad: {
      templates: [{ ref: TEMPLATE_REF, directory: templateDirectory }],
    },
  });
  const entities: Entity[] = [];
  const catalog = mockServices.catalog({ entities });
  const permissions = mockServices.permissions({
    users: USERS,
    decide: ({ permission, resourceRef, claims }) => {
      const owner = entities.find(
        e => `component:default/${e.metadata.name}` === resourceRef,
      )?.spec?.owner as string | undefined;
      return (
        claims.includes('group:default/platform-admins') ||
        (permission.name === 'paved-road.upgrade' &&
          !!owner &&
          claims.includes(owner))
      );
    },
  });
  const auditor = mockServices.auditor();
  const events = auditor.events;
  const paved = createPavedRoad({
    config,
    logger: silentLogger,
    urlReader: UrlReaders.default({ config, logger: silentLogger }),
    permissions,
    auditor,
    catalog,
  });
  const versions = paved.templates.get(TEMPLATE_REF)!;
  const renderer = new TemplateRenderer(silentLogger);

  async function publish(name: string, files: Map<string, string>) {
    const htmlUrl = `${sandbox.url}/acme/${name}`;
    const created = await fetch(`${api}/orgs/acme/repos`, {
      method: 'POST',
      headers: {
        authorization: `token ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name }),
    });
    if (created.status !== 201) throw new Error(await created.text());
    const work = await mkdtemp(join(scratch, `${name}-`));
    for (const [path, text] of files) {
      await mkdir(dirname(join(work, path)), { recursive: true });
      await writeFile(join(work, path), text);
    }
    await git(work, 'init', '-q', '-b', 'main');
    await git(work, 'add', '.');
    await git(work, 'commit', '-q', '-m', `Create ${name}`);
    const push = new URL(`${htmlUrl}.git`);
    push.username = 'x-access-token';
    push.password = TOKEN;
    await git(work, 'push', '-q', push.toString(), 'main');
    return htmlUrl;
  }

  async function createService(
    name: string,
    version: string,
    edit?: (files: Map<string, string>) => void,
  ) {
    const htmlUrl = `${sandbox.url}/acme/${name}`;
    const files = await renderer.render({
      templateDirectory: await versions.directoryAt(version),
      templateRef: TEMPLATE_REF,
      parameters: PARAMETERS(name),
      repository: { remoteUrl: `${htmlUrl}.git`, htmlUrl },
    });
    edit?.(files);
    await publish(name, files);
    const entity = parse(files.get('catalog-info.yaml')!);
    entity.metadata.namespace = 'default';
    entity.metadata.annotations[
      'backstage.io/source-location'
    ] = `url:${htmlUrl}/tree/main/`;
    entities.push(entity);
  }

  async function createSample(name: string, version: string) {
    const files = renderServiceRepository(
      {
        name,
        description: `The ${name} service`,
        owner: 'group:default/payments',
        system: 'system:default/payments',
        environments: ['dev', 'staging', 'prod'],
        database: 'rds-postgres',
        cache: 'redis',
        queue: 'sqs',
        repoUrl: `${sandbox.url}/acme/${name}.git`,
        imageTag: '1.0.0',
      },
      await versions.directoryAt(version),
    );
    const htmlUrl = await publish(name, files);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: {
          'backstage.io/source-location': `url:${htmlUrl}/tree/main/`,
          'paved-road.acme.example/template': TEMPLATE_REF,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/payments',
      },
    });
    return files;
  }

  return {
    sandbox,
    entities,
    events,
    paved,
    templateDirectory,
    createService,
    createSample,
    async readFile(repo, path, ref = 'main') {
      const res = await fetch(
        `${api}/repos/acme/${repo}/contents/${path}?ref=${encodeURIComponent(
          ref,
        )}`,
        {
          headers: {
            authorization: `token ${TOKEN}`,
            accept: 'application/vnd.github.raw',
          },
        },
      );
      if (!res.ok) throw new Error(`${res.status} reading ${repo}/${path}`);
      return res.text();
    },
    async close() {
      await sandbox.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
