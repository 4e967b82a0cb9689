/*
 * Runs a template's steps the way the scaffolder backend does, without a
 * backend: the step inputs are rendered like NunjucksWorkflowRunner renders
 * them (nunjitsu, JSON coercion, `each` iterations), and each step calls the
 * real action from @backstage/plugin-scaffolder-backend with a hand-made
 * action context whose workspace is a temporary directory.
 */
import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject, JsonValue } from '@backstage/types';
import { ScmIntegrations } from '@backstage/integration';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import type {
  TemplateEntityStepV1beta3,
  TemplateEntityV1beta3,
} from '@backstage/plugin-scaffolder-common';
import type {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTemplateRenderer } from 'nunjitsu';
import { microserviceTemplatePath } from '../index';

/** Reads the template file with the catalog's own YAML parsing (no merge keys). */
export async function loadTemplate(
  path = microserviceTemplatePath,
): Promise<TemplateEntityV1beta3> {
  const location = { type: 'file', target: path };
  const results = [...parseEntityYaml(await readFile(path), location)];
  const [result] = results;
  if (results.length !== 1 || result.type !== 'entity') {
    throw new Error(
      `expected one entity in ${path}, got ${JSON.stringify(results)}`,
    );
  }
  return result.entity as TemplateEntityV1beta3;
}

// The scaffolder's step-input renderer: every string is rendered with JSON
// coercion, so "${{ parameters.sizes }}" stays an object.
const renderer = createTemplateRenderer({ allowRegexExecution: true });
type RenderContext = Parameters<typeof renderer.renderValue>[1];

export function renderStepInput(
  input: JsonValue,
  context: JsonObject,
): JsonValue {
  return JSON.parse(JSON.stringify(input), (_key, value) => {
    if (typeof value !== 'string') return value;
    try {
      return renderer.renderValue(value, context as RenderContext, {
        coercion: 'json',
      });
    } catch {
      return value;
    }
  });
}

/** Log lines of an action run, so a failing test can show them. */
export interface CapturedLog {
  level: string;
  message: string;
}

function captureLogger(lines: CapturedLog[]): LoggerService {
  const logger: LoggerService = {
    error: message => void lines.push({ level: 'error', message }),
    warn: message => void lines.push({ level: 'warn', message }),
    info: message => void lines.push({ level: 'info', message }),
    debug: message => void lines.push({ level: 'debug', message }),
    child: () => logger,
  };
  return logger;
}

// fetch:template reads a relative url next to the template file (file://
// baseUrl) straight from disk, so the reader must never be used.
const noReader: UrlReaderService = {
  readUrl: () => Promise.reject(new Error('unexpected remote read')),
  readTree: () => Promise.reject(new Error('unexpected remote read')),
  search: () => Promise.reject(new Error('unexpected remote read')),
};

export function createFetchTemplate(): TemplateAction<any, any, 'v2'> {
  return createFetchTemplateAction({
    reader: noReader,
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  }) as TemplateAction<any, any, 'v2'>;
}

export interface TemplateRun {
  workspacePath: string;
  logs: CapturedLog[];
  /** Each step's outputs, as the template's `steps.<id>.output` sees them. */
  steps: Record<string, { output: JsonObject }>;
  cleanup(): Promise<void>;
}

/**
 * Where `github:repo:resolve` would put the repository on github.com, for
 * runs that render the skeleton without a GitHub (see RENDER_ONLY).
 */
export const stubRepositoryResolver: TemplateAction<any, any, 'v2'> = {
  id: 'github:repo:resolve',
  handler: async ctx => {
    const htmlUrl = `https://github.com/${ctx.input.owner}/${ctx.input.repo}`;
    ctx.output(
      'repoUrl',
      `github.com?owner=${ctx.input.owner}&repo=${ctx.input.repo}`,
    );
    ctx.output('remoteUrl', `${htmlUrl}.git`);
    ctx.output('htmlUrl', htmlUrl);
    ctx.output('repoContentsUrl', `${htmlUrl}/blob/main`);
    ctx.output('exists', false);
    ctx.output('empty', false);
  },
} as TemplateAction<any, any, 'v2'>;

/**
 * The steps that act on the outside world (GitHub, Argo CD, the catalog).
 * Rendering tests skip them on purpose; steps.test.ts runs them against the
 * sandbox. Any other action without a test double fails the run, so a step
 * added to the template without a test shows up here.
 */
export const RENDER_ONLY_SKIPS = [
  'catalog:service-name:check',
  'catalog:service-owner:check',
  'publish:github',
  'github:repo:push',
  'argocd:create-applications',
  'provisioning:request',
  'catalog:register',
  'catalog:entity:wait',
];

/** Runs the template's steps with the given parameters (as the form submits them). */
export async function runTemplate(
  template: TemplateEntityV1beta3,
  parameters: JsonObject,
  templatePath = microserviceTemplatePath,
  options: {
    actions?: Record<string, TemplateAction<any, any, 'v2'>>;
    skip?: string[];
    workspacePath?: string;
  } = {},
): Promise<TemplateRun> {
  const workspacePath =
    options.workspacePath ??
    (await mkdtemp(join(tmpdir(), 'scaffolder-workspace-')));
  const scratch: string[] = [];
  const logs: CapturedLog[] = [];
  const actions: Record<
    string,
    TemplateAction<any, any, 'v2'>
  > = options.actions ?? {
    'fetch:template': createFetchTemplate(),
    'github:repo:resolve': stubRepositoryResolver,
  };
  const skip = options.skip ?? (options.actions ? [] : RENDER_ONLY_SKIPS);
  const steps: Record<string, { output: JsonObject }> = {};

  for (const step of template.spec.steps as TemplateEntityStepV1beta3[]) {
    if (skip.includes(step.action)) continue;
    const action = actions[step.action];
    if (!action) throw new Error(`no test double for action ${step.action}`);
    if (!step.id) throw new Error(`step ${step.name} has no id`);
    const stepId = step.id;
    if (
      step.if !== undefined &&
      !renderStepInput(
        step.if as JsonValue,
        { parameters, steps } as JsonObject,
      )
    ) {
      continue;
    }
    const each = step.each
      ? (renderStepInput(step.each as JsonValue, { parameters }) as JsonValue[])
      : undefined;
    const iterations = each
      ? Object.entries(each).map(([key, value]) => ({ key, value }))
      : [undefined];
    const output: JsonObject = {};
    steps[stepId] = { output };
    for (const iteration of iterations) {
      const context: JsonObject = iteration
        ? { parameters, steps, each: iteration }
        : { parameters, steps };
      const input = renderStepInput((step.input ?? {}) as JsonObject, context);
      const ctx: ActionContext<any, any, 'v2'> = {
        input: input as JsonObject,
        workspacePath,
        logger: captureLogger(logs),
        templateInfo: {
          entityRef: `template:default/${template.metadata.name}`,
          baseUrl: pathToFileURL(templatePath).toString(),
        },
        task: { id: 'test-task' },
        user: { ref: 'user:default/tester' },
        step: { id: step.id, name: step.name },
        checkpoint: async ({ fn }) => fn(),
        output: (name: string, value: JsonValue) => {
          output[name] = value;
        },
        createTemporaryDirectory: async () => {
          const dir = await mkdtemp(join(tmpdir(), 'scaffolder-tmp-'));
          scratch.push(dir);
          return dir;
        },
        // catalog:register passes the initiator's credentials to the catalog.
        getInitiatorCredentials: async () => ({
          $$type: '@backstage/BackstageCredentials',
          principal: { type: 'user', userEntityRef: 'user:default/tester' },
        }),
      };
      await action.handler(ctx);
    }
  }
  return {
    workspacePath,
    logs,
    steps,
    cleanup: async () => {
      for (const dir of [workspacePath, ...scratch]) {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
