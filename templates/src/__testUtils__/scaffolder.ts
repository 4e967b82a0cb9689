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
  cleanup(): Promise<void>;
}

/**
 * Runs every step of the template with the given parameters (as the form
 * submits them). Only fetch:template exists so far; any other action fails
 * the run, so a step added to the template without a test shows up here.
 */
export async function runTemplate(
  template: TemplateEntityV1beta3,
  parameters: JsonObject,
  templatePath = microserviceTemplatePath,
): Promise<TemplateRun> {
  const workspacePath = await mkdtemp(join(tmpdir(), 'scaffolder-workspace-'));
  const scratch: string[] = [];
  const logs: CapturedLog[] = [];
  const actions: Record<string, TemplateAction<any, any, 'v2'>> = {
    'fetch:template': createFetchTemplate(),
  };

  for (const step of template.spec.steps as TemplateEntityStepV1beta3[]) {
    const action = actions[step.action];
    if (!action) throw new Error(`no test double for action ${step.action}`);
    const each = step.each
      ? (renderStepInput(step.each as JsonValue, { parameters }) as JsonValue[])
      : undefined;
    const iterations = each
      ? Object.entries(each).map(([key, value]) => ({ key, value }))
      : [undefined];
    for (const iteration of iterations) {
      const context: JsonObject = iteration
        ? { parameters, each: iteration }
        : { parameters };
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
        step: { id: step.id, name: step.name },
        checkpoint: async ({ fn }) => fn(),
        output: () => {},
        createTemporaryDirectory: async () => {
          const dir = await mkdtemp(join(tmpdir(), 'scaffolder-tmp-'));
          scratch.push(dir);
          return dir;
        },
        getInitiatorCredentials: () =>
          Promise.reject(new Error('not used by these actions')),
      };
      await action.handler(ctx);
    }
  }
  return {
    workspacePath,
    logs,
    cleanup: async () => {
      for (const dir of [workspacePath, ...scratch]) {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
