import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import type {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type { JsonObject, JsonValue } from '@backstage/types';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTemplateRenderer } from 'nunjitsu';
import { parse } from 'yaml';

/** A rendered repository: path -> text. */
export type RenderedFiles = Map<string, string>;

/** What the steps that are not rendered (`github:repo:resolve`) would have output. */
export interface RepositoryOutputs {
  remoteUrl: string;
  htmlUrl: string;
  repoUrl?: string;
  repoContentsUrl?: string;
}

// The scaffolder renders step inputs with nunjitsu and JSON coercion, so
// "${{ parameters }}" stays an object (NunjucksWorkflowRunner).
const inputRenderer = createTemplateRenderer({ allowRegexExecution: true });

function renderInput(input: JsonValue, context: JsonObject): JsonValue {
  return JSON.parse(JSON.stringify(input), (_key, value) => {
    if (typeof value !== 'string') return value;
    try {
      return inputRenderer.renderValue(value, context as any, {
        coercion: 'json',
      });
    } catch {
      return value;
    }
  });
}

// fetch:template reads a relative url beside the template file straight
// from disk; the reader is never asked.
const noReader: UrlReaderService = {
  readUrl: () => Promise.reject(new Error('unexpected remote read')),
  readTree: () => Promise.reject(new Error('unexpected remote read')),
  search: () => Promise.reject(new Error('unexpected remote read')),
};

async function listFiles(dir: string, root = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(e =>
      e.isDirectory()
        ? listFiles(join(dir, e.name), root)
        : [relative(root, join(dir, e.name))],
    ),
  );
  return nested.flat();
}

/**
 * Renders a template's repository again, exactly as the task did: every
 * `fetch:template` step of its template.yaml, with its `each`, its inputs
 * rendered from the recorded parameters like the scaffolder renders them,
 * run through the scaffolder's own `fetch:template` action (same nunjucks
 * environment, filters and copyWithoutTemplating) into a scratch workspace.
 * Other steps act on the world and are not run; the repository outputs
 * they gave are passed in.
 */
export class TemplateRenderer {
  private readonly fetchTemplate: TemplateAction<any, any, 'v2'>;

  constructor(private readonly logger: LoggerService) {
    this.fetchTemplate = createFetchTemplateAction({
      reader: noReader,
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    }) as TemplateAction<any, any, 'v2'>;
  }

  async render(options: {
    templateDirectory: string;
    templateRef: string;
    parameters: JsonObject;
    repository: RepositoryOutputs;
  }): Promise<RenderedFiles> {
    const templatePath = join(options.templateDirectory, 'template.yaml');
    const template = parse(await readFile(templatePath, 'utf8'));
    const steps: Record<string, { output: JsonObject }> = {};
    const workspacePath = await mkdtemp(join(tmpdir(), 'paved-road-render-'));
    const scratch: string[] = [];
    const { parameters } = options;
    try {
      for (const step of template?.spec?.steps ?? []) {
        if (step.action !== 'fetch:template') {
          steps[step.id] = { output: { ...options.repository } as JsonObject };
          continue;
        }
        const each = step.each
          ? (renderInput(step.each, { parameters }) as JsonValue[])
          : undefined;
        const iterations = each
          ? Object.entries(each).map(([key, value]) => ({ key, value }))
          : [undefined];
        for (const iteration of iterations) {
          const context = (
            iteration
              ? { parameters, steps, each: iteration }
              : { parameters, steps }
          ) as JsonObject;
          const ctx: ActionContext<any, any, 'v2'> = {
            input: renderInput(step.input ?? {}, context) as JsonObject,
            workspacePath,
            logger: this.logger,
            templateInfo: {
              entityRef: options.templateRef,
              baseUrl: pathToFileURL(templatePath).toString(),
            },
            task: { id: 'paved-road-render' },
            step: { id: step.id, name: step.name },
            checkpoint: async ({ fn }: { fn: () => any }) => fn(),
            output: () => {},
            createTemporaryDirectory: async () => {
              const dir = await mkdtemp(join(tmpdir(), 'paved-road-tmp-'));
              scratch.push(dir);
              return dir;
            },
            getInitiatorCredentials: async () => {
              throw new Error('fetch:template needs no credentials');
            },
          } as unknown as ActionContext<any, any, 'v2'>;
          await this.fetchTemplate.handler(ctx);
        }
      }
      const files: RenderedFiles = new Map();
      for (const path of (await listFiles(workspacePath)).sort()) {
        files.set(path, await readFile(join(workspacePath, path), 'utf8'));
      }
      return files;
    } finally {
      for (const dir of [workspacePath, ...scratch]) {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
}
