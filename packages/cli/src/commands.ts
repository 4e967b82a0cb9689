import {
  parseArgs,
  ParseArgsConfig,
  stripVTControlCharacters,
} from 'node:util';
import { CliAuth, CliCommandContext } from '@backstage/cli-node';
import chalk from 'chalk';
import { ActionFailed, invokeAction, PLUGIN_SOURCES } from './actionsApi';
import { health, short, table, UsageError } from './output';
import { templateValues } from './templateValues';
import { DEFAULT_CLIENT_ID, login as oauthLogin } from './login';

// The auth module's own way to open the system browser.
const {
  openInBrowser,
} = require('@backstage/cli-module-auth/dist/commands/login.cjs.js');

type Options = NonNullable<ParseArgsConfig['options']>;

const JSON_FLAG: Options = { json: { type: 'boolean' } };

/** Parses a command's arguments; a mistake is a UsageError (exit code 2). */
function parse(
  ctx: CliCommandContext,
  usage: string,
  options: Options,
  positionals: string[] = [],
  required: string[] = [],
) {
  try {
    const parsed = parseArgs({
      args: ctx.args,
      options,
      allowPositionals: positionals.length > 0,
      strict: true,
    });
    if (parsed.positionals.length !== positionals.length) {
      throw new Error(
        positionals.length
          ? `expected ${positionals.map(p => `<${p}>`).join(' ')}`
          : 'no arguments expected',
      );
    }
    for (const flag of required) {
      if (parsed.values[flag] === undefined || parsed.values[flag] === '') {
        throw new Error(`--${flag} is required`);
      }
    }
    return {
      values: parsed.values as Record<string, string | boolean | undefined>,
      args: parsed.positionals,
    };
  } catch (error) {
    throw new UsageError((error as Error).message, `platform ${usage}`);
  }
}

/**
 * Runs a command: its output on stdout (JSON with --json), a refusal or a
 * failure on stderr with the portal's own message and exit code 1, a usage
 * mistake with exit code 2.
 */
function command(
  run: (ctx: CliCommandContext) => Promise<void>,
): (ctx: CliCommandContext) => Promise<void> {
  return async ctx => {
    try {
      await run(ctx);
    } catch (error) {
      if (error instanceof UsageError) {
        process.stderr.write(
          `${chalk.red(`error: ${error.message}`)}\nusage: ${error.usage}\n`,
        );
        process.exitCode = 2;
      } else if (error instanceof ActionFailed) {
        process.stderr.write(`${chalk.red(error.message)}\n`);
        process.exitCode = 1;
      } else {
        process.stderr.write(
          `${chalk.red(String((error as Error).message ?? error))}\n`,
        );
        process.exitCode = 1;
      }
    }
  };
}

const onOff = (v: boolean | undefined) => {
  if (v === undefined) return '-';
  return v ? 'on' : 'off';
};

const rolloutWord = (r: {
  aborted?: boolean;
  paused?: boolean;
  phase?: string;
}) => {
  if (r.aborted) return 'aborted';
  if (r.paused) return 'paused';
  return r.phase ?? '';
};

const print = (json: unknown, human: () => string, asJson: unknown) => {
  process.stdout.write(`${asJson ? JSON.stringify(json, null, 2) : human()}\n`);
};

export const login = command(async ctx => {
  const usage =
    'login [--backend-url <url>] [--no-browser] [--instance <name>] [--client-id <id>]';
  const { values } = parse(ctx, usage, {
    'backend-url': { type: 'string' },
    'no-browser': { type: 'boolean' },
    instance: { type: 'string' },
    'client-id': { type: 'string' },
  });
  const backendUrl =
    (values['backend-url'] as string | undefined) ??
    process.env.PLATFORM_URL ??
    'http://localhost:7007';
  const result = await oauthLogin({
    backendUrl,
    clientId: (values['client-id'] as string | undefined) ?? DEFAULT_CLIENT_ID,
    instance: values.instance as string | undefined,
    onAuthorizeUrl: url => {
      if (values['no-browser']) {
        process.stdout.write(`Open this URL to continue: ${url}\n`);
      } else {
        process.stdout.write(`Opening the following URL: ${url}\n`);
        openInBrowser(url);
      }
    },
  });
  // What `platform actions list` (@backstage/cli-module-actions) reads: our
  // plugins' actions.
  const auth = await CliAuth.create({ instanceName: result.instanceName });
  await auth.setMetadata('pluginSources', PLUGIN_SOURCES);
  if (!result.refreshToken) {
    process.stderr.write(
      'Warning: No refresh token received. You will need to log in again when the access token expires.\n',
    );
  }
  process.stdout.write('Login successful\n');
});

export const services = command(async ctx => {
  const usage = 'services [--owner <group>] [--system <system>] [--json]';
  const { values } = parse(ctx, usage, {
    ...JSON_FLAG,
    owner: { type: 'string' },
    system: { type: 'string' },
  });
  const matrix = await invokeAction('deployments:list-deployments', {
    ...(values.owner ? { owner: [values.owner] } : {}),
    ...(values.system ? { system: [values.system] } : {}),
    limit: 1000,
  });
  const envs: string[] = matrix.environments.map((e: any) => e.name);
  print(
    matrix.rows,
    () =>
      table(
        ['SERVICE', 'OWNER', 'SYSTEM', ...envs.map(e => e.toUpperCase())],
        matrix.rows.map((r: any) => [
          r.name,
          (r.owner ?? '-').replace(/^group:default\//, ''),
          (r.system ?? '-').replace(/^system:default\//, ''),
          ...envs.map(e => {
            const d = r.deployments[e];
            if (!d || d.state !== 'deployed') return d?.state ?? '-';
            return `${d.imageTag ?? short(d.revision)} ${health(d.health)}`;
          }),
        ]),
      ),
    values.json,
  );
});

export const status = command(async ctx => {
  const usage = 'status <service> [--env <environment>] [--json]';
  const { values, args } = parse(
    ctx,
    usage,
    { ...JSON_FLAG, env: { type: 'string' } },
    ['service'],
  );
  const result = await invokeAction('deployments:get-status', {
    entity: args[0],
    ...(values.env ? { environment: values.env } : {}),
  });
  print(
    result,
    () => {
      const lines = [
        chalk.bold(result.entityRef),
        table(
          ['ENV', 'REVISION', 'IMAGE', 'SYNC', 'HEALTH', 'AUTO-SYNC'],
          result.environments.map((e: any) => [
            e.environment,
            e.state === 'deployed' ? short(e.revision) : e.state,
            e.imageTag ?? '-',
            e.sync ?? '-',
            health(e.health),
            onOff(e.autoSync),
          ]),
        ),
      ];
      for (const e of result.environments) {
        if (
          e.rollout &&
          (e.rollout.paused || e.rollout.aborted || e.rollout.weights?.canary)
        ) {
          lines.push(
            `${e.environment}: canary ${
              e.rollout.weights.canary
            }% ${rolloutWord(e.rollout)}`,
          );
        }
      }
      if (values.env && result.environments[0]?.history?.length) {
        lines.push('', chalk.bold('History'));
        lines.push(
          table(
            ['ID', 'REVISION', 'DEPLOYED', 'BY', ''],
            result.environments[0].history.map((h: any) => [
              String(h.id),
              short(h.revision),
              h.deployedAt ?? '-',
              h.initiatedBy ?? '-',
              h.current ? 'current' : '',
            ]),
          ),
        );
      }
      return lines.join('\n');
    },
    values.json,
  );
});

export const rollback = command(async ctx => {
  const usage =
    'rollback <service> --env <environment> --to <revision|history id> --reason <text> [--json]';
  const { values, args } = parse(
    ctx,
    usage,
    {
      ...JSON_FLAG,
      env: { type: 'string' },
      to: { type: 'string' },
      reason: { type: 'string' },
    },
    ['service'],
    ['env', 'to', 'reason'],
  );
  const to = values.to as string;
  // History ids are small numbers; a revision has at least 7 hex digits.
  let historyId = /^\d{1,6}$/.test(to) ? Number(to) : undefined;
  if (historyId === undefined) {
    // A revision (or its first characters): its entry in the history.
    const current = await invokeAction('deployments:get-status', {
      entity: args[0],
      environment: values.env,
    });
    const matches = (current.environments[0]?.history ?? []).filter((h: any) =>
      h.revision?.startsWith(to),
    );
    if (matches.length !== 1) {
      throw new ActionFailed(
        'InputError',
        matches.length
          ? `Revision ${to} is ambiguous in the history of ${args[0]} in ${values.env}: give more characters or the history id.`
          : `Revision ${to} is not in the deployment history of ${args[0]} in ${values.env} (see platform status ${args[0]} --env ${values.env}).`,
        400,
      );
    }
    historyId = matches[matches.length - 1].id;
  }
  const result = await invokeAction('deployments:rollback', {
    entity: args[0],
    environment: values.env,
    historyId,
    reason: values.reason,
  });
  print(result, () => chalk.green(result.message), values.json);
});

export const runs = command(async ctx => {
  const usage = 'runs <service> [--json]';
  const { values, args } = parse(ctx, usage, JSON_FLAG, ['service']);
  const result = await invokeAction('provisioning:list-runs', {
    entity: args[0],
  });
  const rows = result.environments.flatMap((e: any) =>
    e.runs.map((r: any) => [
      e.environment,
      r.id,
      r.phase,
      r.requestedBy?.replace(/^user:default\//, '') ?? '-',
      r.createdAt ?? r.timeline?.[0]?.at ?? '-',
    ]),
  );
  print(
    result,
    () =>
      rows.length
        ? table(['ENV', 'RUN', 'PHASE', 'REQUESTED BY', 'CREATED'], rows)
        : `No provisioning runs for ${result.entityRef}.`,
    values.json,
  );
});

const decide = (verb: 'approve' | 'discard') =>
  command(async ctx => {
    const usage = `${verb} <run> --comment <text> [--json]`;
    const { values, args } = parse(
      ctx,
      usage,
      { ...JSON_FLAG, comment: { type: 'string' } },
      ['run'],
      ['comment'],
    );
    const run = await invokeAction(`provisioning:${verb}-run`, {
      runId: args[0],
      comment: values.comment,
    });
    print(
      run,
      () =>
        chalk.green(
          `${verb === 'approve' ? 'Approved' : 'Discarded'} run ${run.id} of ${
            run.entityRef
          } in ${run.environment}: ${run.phase}`,
        ),
      values.json,
    );
  });

export const approve = decide('approve');
export const discard = decide('discard');

/** `scaffolder:get-scaffolder-task-logs` events, followed until the task completes. */
async function followTask(
  taskId: string,
  onEvent: (event: any) => void,
): Promise<any> {
  let after: number | undefined;
  for (;;) {
    const { events } = await invokeAction(
      'scaffolder:get-scaffolder-task-logs',
      {
        taskId,
        ...(after !== undefined ? { after } : {}),
      },
    );
    for (const event of events) {
      after = event.id;
      onEvent(event);
      if (event.type === 'completion') return event;
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

export const create = command(async ctx => {
  const usage =
    'create <name> --owner <group> --system <system> [--description <text>] [--database none|rds-postgres|aurora-serverless-v2] [--cache none|redis] [--queue none|sqs] [--environments dev,staging,prod] [--template <ref>] [--json]';
  const { values, args } = parse(
    ctx,
    usage,
    {
      ...JSON_FLAG,
      owner: { type: 'string' },
      system: { type: 'string' },
      description: { type: 'string' },
      database: { type: 'string' },
      cache: { type: 'string' },
      queue: { type: 'string' },
      environments: { type: 'string' },
      template: { type: 'string' },
    },
    ['name'],
    ['owner', 'system'],
  );
  const templateRef =
    (values.template as string | undefined) ?? 'template:default/microservice';
  const [, namespace, templateName] =
    /^template:([^/]+)\/(.+)$/.exec(templateRef) ?? [];
  if (!templateName) {
    throw new UsageError(
      '--template must be a template ref like template:default/microservice',
      `platform ${usage}`,
    );
  }
  const template = await invokeAction('catalog:get-catalog-entity', {
    kind: 'Template',
    namespace,
    name: templateName,
  });
  const ref = (text: string, kind: string) =>
    text.includes(':') ? text : `${kind}:default/${text}`;
  const given: Record<string, unknown> = {
    name: args[0],
    owner: ref(values.owner as string, 'group'),
    system: ref(values.system as string, 'system'),
    description:
      (values.description as string | undefined) ??
      `${args[0]}, created with the Platform CLI`,
  };
  for (const tier of ['database', 'cache', 'queue']) {
    if (values[tier]) given[tier] = values[tier];
  }
  if (values.environments) {
    given.environments = (values.environments as string)
      .split(',')
      .map(e => e.trim());
  }
  const { taskId } = await invokeAction('scaffolder:execute-template', {
    templateRef,
    values: templateValues(template.spec.parameters, given),
  });
  const log: any[] = [];
  if (!values.json) process.stdout.write(`Task ${taskId}\n`);
  const completion = await followTask(taskId, event => {
    log.push(event);
    if (values.json || !event.body.message) return;
    const step = event.body.stepId ? chalk.dim(`[${event.body.stepId}] `) : '';
    // The task log's lines carry the backend logger's colours: ours only.
    process.stdout.write(
      `${step}${stripVTControlCharacters(event.body.message)}\n`,
    );
  });
  // The scaffolder's completion event says it in words ("Run completed with
  // status: completed"); an error comes with the failed run.
  const outcome: string | undefined =
    completion.body.status ??
    /status: (\w+)/.exec(completion.body.message ?? '')?.[1];
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ taskId, status: outcome, log }, null, 2)}\n`,
    );
  }
  if (outcome !== 'completed') {
    throw new ActionFailed(
      'Error',
      `Creating ${args[0]} ${outcome ?? 'failed'}: ${completion.body.message}`,
      500,
    );
  }
  if (!values.json) {
    process.stdout.write(
      `${chalk.green(`Created ${args[0]}`)}: platform status ${args[0]}\n`,
    );
  }
});

export const promote = command(async ctx => {
  const usage =
    'promote <service> --to <environment> --reason <text> [--merge] [--override-reason <text>] [--json]   (--merge: the open promotion pull request)\n       platform promote <service> --env <environment> [--full] [--reason <text>] [--json]   (a paused canary)';
  const { values, args } = parse(
    ctx,
    usage,
    {
      ...JSON_FLAG,
      to: { type: 'string' },
      env: { type: 'string' },
      full: { type: 'boolean' },
      merge: { type: 'boolean' },
      reason: { type: 'string' },
      'override-reason': { type: 'string' },
    },
    ['service'],
  );
  const mistake = (message: string) =>
    new UsageError(message, `platform ${usage}`);
  if (Boolean(values.to) === Boolean(values.env)) {
    throw mistake(
      'give --to <environment> (promote the build of the environment before it) or --env <environment> (a paused canary there)',
    );
  }
  if (values.to) {
    if (values.full) throw mistake('--full goes with --env (a canary)');
    if (!values.reason) throw mistake('--reason is required');
    // Where promotions go by pull request (prod by default), the lane's Merge button.
    if (values.merge) {
      const merged = await invokeAction('deployments:merge-promotion', {
        entity: args[0],
        environment: values.to,
        reason: values.reason,
        ...(values['override-reason']
          ? { overrideReason: values['override-reason'] }
          : {}),
      });
      print(merged, () => chalk.green(merged.message), values.json);
      return;
    }
    // The Promote button of the promotion lane: the build of the environment
    // before the target, one commit in the service repository, gated.
    const result = await invokeAction('deployments:promote-release', {
      entity: args[0],
      environment: values.to,
      reason: values.reason,
      ...(values['override-reason']
        ? { overrideReason: values['override-reason'] }
        : {}),
    });
    print(result, () => chalk.green(result.message), values.json);
    return;
  }
  if (values['override-reason'] || values.merge) {
    throw mistake('--override-reason and --merge go with --to');
  }
  const result = await invokeAction(
    values.full
      ? 'deployments:promote-canary-full'
      : 'deployments:promote-canary',
    {
      entity: args[0],
      environment: values.env,
      ...(values.reason ? { reason: values.reason } : {}),
    },
  );
  print(result, () => chalk.green(result.message), values.json);
});
