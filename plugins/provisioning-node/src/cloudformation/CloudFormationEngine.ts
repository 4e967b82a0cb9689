import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeChangeSetCommandOutput,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import type {
  Change,
  Stack,
  StackEvent,
  Tag,
} from '@aws-sdk/client-cloudformation';
import {
  LoggerService,
  resolvePackagePath,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ConflictError, ForwardedError, InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  EngineLogEntry,
  EngineOutput,
  EnginePlanSummary,
  EngineRunRef,
  EngineRunState,
  EngineTarget,
  ProvisioningEngine,
} from '../engine/ProvisioningEngine';
import {
  isErrorNamed,
  isStackMissing,
  toProvisioningError,
} from './cloudFormationErrors';
import { serviceTierParameters } from './serviceTierParameters';

/** Options of {@link CloudFormationEngine}. */
export interface CloudFormationEngineOptions {
  /** The SDK client, configured with region, credentials and (for the sandbox) endpoint. */
  client: CloudFormationClient;
  /** The region the client talks to, for console links. */
  region: string;
  /** The stack template sent as TemplateBody (infra/cloudformation/service-tiers.yaml). */
  templateBody: string;
  /** Engine id configuration uses; defaults to `cloudformation`. */
  id?: string;
  /** Where people open stacks; defaults to the AWS console of the region. */
  consoleUrl?: string;
  /** How often to look at a stack being deleted before it is created again. Default 2 s. */
  pollIntervalMs?: number;
  /** How long to wait for that deletion. Default 5 minutes. */
  deleteTimeoutMs?: number;
  logger?: LoggerService;
}

/** The template the engine sends unless configuration names another. */
export const DEFAULT_TEMPLATE_PATH = resolvePackagePath(
  '@internal/plugin-provisioning-node',
  '../../infra/cloudformation/service-tiers.yaml',
);

/** Marks, in a change set's Description, a change set the engine executes by itself. */
const AUTO_APPLY = '[auto-apply]';

/** The reason CloudFormation gives a change set that would change nothing. */
const NO_CHANGES = /didn't contain changes|No updates are to be performed/;

/** Stack statuses in which nothing new can start. */
const BUSY = /_IN_PROGRESS$/;

/** A stack that never got created: CloudFormation only lets it be deleted. */
const DEAD = new Set(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED']);

/** Names and tokens CloudFormation accepts: `[a-zA-Z][-a-zA-Z0-9]*`. */
function derivedName(prefix: string, value: string): string {
  return `${prefix}-${createHash('sha256')
    .update(value)
    .digest('hex')
    .slice(0, 24)}`;
}

/** `QueueUrl` -> `queue_url`, so outputs read the same as the Terraform stack's. */
export function outputName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * AWS CloudFormation as a provisioning engine. One stack `<service>-<env>`
 * per target; a run is a change set (CREATE for a new stack, UPDATE after):
 * the change set is the plan, ExecuteChangeSet the apply, DeleteChangeSet
 * the discard, the stack's events (those of this execution's client request
 * token) the log, and DescribeStacks gives the outputs.
 *
 * Stateless, like every engine: the change set's name is derived from the
 * idempotency key (so a repeated startRun finds it), its Description says
 * whether it applies by itself (dev), and its execution token is derived
 * from its ARN (so a repeated apply is the same operation).
 */
export class CloudFormationEngine implements ProvisioningEngine {
  readonly id: string;

  constructor(private readonly options: CloudFormationEngineOptions) {
    this.id = options.id ?? 'cloudformation';
  }

  /**
   * Builds the engine from `provisioning.cloudformation`:
   * `region` (required), `endpoint`, `credentials.{accessKeyId,
   * secretAccessKey, sessionToken}` (else the AWS default chain: environment,
   * IRSA web identity, instance role), `templatePath`, `consoleUrl`,
   * `maxAttempts`, `timeoutMs`.
   */
  static async fromConfig(
    config: RootConfigService,
    deps: { logger?: LoggerService } = {},
  ): Promise<CloudFormationEngine> {
    const cfn = config.getConfig('provisioning.cloudformation');
    const region = cfn.getString('region');
    const credentials = cfn.getOptionalConfig('credentials');
    const timeoutMs = cfn.getOptionalNumber('timeoutMs') ?? 30_000;
    const client = new CloudFormationClient({
      region,
      endpoint: cfn.getOptionalString('endpoint'),
      credentials: credentials
        ? {
            accessKeyId: credentials.getString('accessKeyId'),
            secretAccessKey: credentials.getString('secretAccessKey'),
            sessionToken: credentials.getOptionalString('sessionToken'),
          }
        : undefined,
      // The SDK retries throttling, 5xx and network errors with back-off.
      maxAttempts: cfn.getOptionalNumber('maxAttempts') ?? 5,
      requestHandler: { requestTimeout: timeoutMs, connectionTimeout: 5_000 },
    });
    const configuredPath = cfn.getOptionalString('templatePath');
    const templatePath = configuredPath
      ? path.resolve(configuredPath)
      : DEFAULT_TEMPLATE_PATH;
    let templateBody: string;
    try {
      templateBody = await readFile(templatePath, 'utf8');
    } catch (error) {
      // A deployment without the repository's infra/ must name the file.
      throw new ForwardedError(
        `provisioning.cloudformation.templatePath: cannot read the stack template ${templatePath}`,
        error,
      );
    }
    return new CloudFormationEngine({
      client,
      region,
      templateBody,
      id: cfn.getOptionalString('id'),
      consoleUrl: cfn.getOptionalString('consoleUrl'),
      logger: deps.logger,
    });
  }

  async startRun(
    target: EngineTarget,
    idempotencyKey: string,
  ): Promise<EngineRunRef> {
    const parameters = serviceTierParameters(target);
    const stackName = `${target.service}-${target.environment}`;
    if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(stackName)) {
      throw new InputError(
        `"${stackName}" cannot be a CloudFormation stack name (letters, digits and hyphens, starting with a letter)`,
      );
    }
    const changeSetName = derivedName('portal', idempotencyKey);

    let stack = await this.findStack(stackName);
    if (stack) {
      const existing = await this.findChangeSet(changeSetName, stackName);
      if (existing) {
        return this.refOf(existing.StackId!, existing.ChangeSetId!);
      }
      if (DEAD.has(stack.StackStatus!)) {
        stack = await this.deleteDeadStack(stack);
      } else if (
        BUSY.test(stack.StackStatus!) &&
        stack.StackStatus !== 'REVIEW_IN_PROGRESS'
      ) {
        throw new ConflictError(
          `Stack ${stackName} is ${stack.StackStatus}; start the run again once it has settled`,
        );
      }
    }

    const tags: Tag[] = Object.entries({
      ...target.tags,
      service: target.service,
      environment: target.environment,
      'managed-by': 'backstage-portal',
    }).map(([Key, Value]) => ({ Key, Value }));
    try {
      const created = await this.options.client.send(
        new CreateChangeSetCommand({
          StackName: stackName,
          ChangeSetName: changeSetName,
          ChangeSetType:
            !stack || stack.StackStatus === 'REVIEW_IN_PROGRESS'
              ? 'CREATE'
              : 'UPDATE',
          TemplateBody: this.options.templateBody,
          Parameters: parameters,
          // The queue access policy is a named IAM resource.
          Capabilities: ['CAPABILITY_NAMED_IAM'],
          Tags: tags,
          Description: `Requested from the portal ${
            target.autoApply ? AUTO_APPLY : '[needs approval]'
          }`,
          ClientToken: changeSetName,
        }),
      );
      this.options.logger?.info(
        `CloudFormation change set ${changeSetName} created for stack ${stackName}`,
      );
      return this.refOf(created.StackId!, created.Id!);
    } catch (error) {
      // Another replica created it between our look and our create.
      if (isErrorNamed(error, 'AlreadyExistsException')) {
        const existing = await this.findChangeSet(changeSetName, stackName);
        if (existing) {
          return this.refOf(existing.StackId!, existing.ChangeSetId!);
        }
      }
      throw toProvisioningError(
        error,
        `Creating the change set for stack ${stackName}`,
      );
    }
  }

  async getRunState(ref: EngineRunRef): Promise<EngineRunState> {
    const changeSet = await this.describeChangeSet(ref);
    if (!changeSet) {
      return {
        phase: 'discarded',
        rawStatus: 'DELETED',
        message:
          'The change set no longer exists: it was discarded, or CloudFormation dropped it when another change set updated the stack',
      };
    }
    const plan = planSummary(changeSet.Changes ?? []);
    const statusTimestamps: Record<string, string> = {};
    if (changeSet.CreationTime) {
      statusTimestamps[changeSet.Status!] =
        changeSet.CreationTime.toISOString();
    }
    const base = { plan, statusTimestamps };

    switch (changeSet.Status) {
      case 'CREATE_PENDING':
        return { ...base, phase: 'pending', rawStatus: changeSet.Status };
      case 'CREATE_IN_PROGRESS':
        return { ...base, phase: 'planning', rawStatus: changeSet.Status };
      case 'FAILED':
        return NO_CHANGES.test(changeSet.StatusReason ?? '')
          ? {
              ...base,
              phase: 'planned_and_finished',
              rawStatus: changeSet.Status,
              message: changeSet.StatusReason,
            }
          : {
              ...base,
              phase: 'errored',
              rawStatus: changeSet.Status,
              message: changeSet.StatusReason ?? 'The change set failed',
            };
      case 'CREATE_COMPLETE':
        break;
      default:
        // DELETE_* : being deleted
        return {
          ...base,
          phase: 'discarded',
          rawStatus: changeSet.Status ?? 'UNKNOWN',
        };
    }

    let execution = changeSet.ExecutionStatus;
    if (execution === 'AVAILABLE') {
      if (!changeSet.Description?.includes(AUTO_APPLY)) {
        return {
          ...base,
          phase: 'awaiting_approval',
          rawStatus: changeSet.Status,
        };
      }
      // dev: nobody approves, the engine applies as soon as the plan is ready.
      try {
        await this.execute(ref);
      } catch (error) {
        if (error instanceof ConflictError) {
          // The stack is busy with another operation: try on the next look.
          return {
            ...base,
            phase: 'pending',
            rawStatus: 'AVAILABLE',
            message: error.message,
          };
        }
        throw error;
      }
      execution = 'EXECUTE_IN_PROGRESS';
    }
    if (execution === 'OBSOLETE') {
      return {
        ...base,
        phase: 'discarded',
        rawStatus: execution,
        message: 'Superseded: another change set updated the stack first',
      };
    }
    if (execution === 'UNAVAILABLE') {
      // Computed, but the stack is busy with another operation.
      return { ...base, phase: 'pending', rawStatus: execution };
    }

    const stack = await this.findStack(ref.workspaceId);
    const events = await this.executionEvents(ref, changeSet);
    for (const event of events) {
      if (
        event.ResourceType === 'AWS::CloudFormation::Stack' &&
        event.Timestamp
      ) {
        statusTimestamps[event.ResourceStatus!] = event.Timestamp.toISOString();
      }
    }
    const rawStatus = stack?.StackStatus ?? execution ?? 'UNKNOWN';
    if (execution === 'EXECUTE_COMPLETE') {
      return {
        ...base,
        phase: 'applied',
        rawStatus,
        outputs: (stack?.Outputs ?? []).map(
          (o): EngineOutput => ({
            name: outputName(o.OutputKey!),
            sensitive: false,
            value: o.OutputValue,
            type: 'string',
          }),
        ),
      };
    }
    if (execution === 'EXECUTE_FAILED') {
      const failed = events.find(e => /_FAILED$/.test(e.ResourceStatus ?? ''));
      return {
        ...base,
        phase: 'errored',
        rawStatus,
        message: [
          stack?.StackStatusReason,
          failed
            ? `${failed.LogicalResourceId}: ${failed.ResourceStatusReason}`
            : undefined,
        ]
          .filter(Boolean)
          .join(' — '),
      };
    }
    return { ...base, phase: 'applying', rawStatus };
  }

  async applyRun(ref: EngineRunRef, comment: string): Promise<void> {
    await this.execute(ref);
    this.options.logger?.info(
      `CloudFormation change set ${ref.runId} executed (${comment.length} character comment)`,
    );
  }

  async discardRun(ref: EngineRunRef, _comment: string): Promise<void> {
    try {
      await this.options.client.send(
        new DeleteChangeSetCommand({ ChangeSetName: ref.runId }),
      );
    } catch (error) {
      if (isErrorNamed(error, 'ChangeSetNotFoundException')) {
        return; // already gone: discarding twice is fine
      }
      if (isErrorNamed(error, 'InvalidChangeSetStatusException')) {
        throw new ConflictError(
          `The change set cannot be discarded now: it is being applied or still being computed (${
            (error as Error).message
          })`,
          error,
        );
      }
      throw toProvisioningError(error, 'Discarding the change set');
    }
  }

  async getRunLog(ref: EngineRunRef): Promise<EngineLogEntry[]> {
    const changeSet = await this.describeChangeSet(ref);
    if (!changeSet) {
      return [{ text: `Change set ${ref.runId} no longer exists` }];
    }
    const created = changeSet.CreationTime?.toISOString();
    const log: EngineLogEntry[] = [
      {
        timestamp: created,
        text: `Change set ${changeSet.ChangeSetName} (${changeSet.Status}) for stack ${changeSet.StackName}`,
      },
    ];
    for (const change of changeSet.Changes ?? []) {
      const rc = change.ResourceChange;
      if (!rc) {
        continue;
      }
      const sign =
        { Add: '+', Modify: '~', Remove: '-' }[rc.Action as string] ?? '?';
      log.push({
        timestamp: created,
        text: `${sign} ${rc.Action} ${rc.ResourceType} ${rc.LogicalResourceId}${
          rc.Replacement === 'True' ? ' (replacement)' : ''
        }`,
      });
    }
    if (changeSet.StatusReason) {
      log.push({ timestamp: created, text: changeSet.StatusReason });
    }
    if (
      changeSet.ExecutionStatus &&
      !['AVAILABLE', 'UNAVAILABLE', 'OBSOLETE'].includes(
        changeSet.ExecutionStatus,
      )
    ) {
      for (const event of await this.executionEvents(ref, changeSet)) {
        log.push({
          timestamp: event.Timestamp?.toISOString(),
          text: `${event.ResourceStatus} ${event.ResourceType} ${
            event.LogicalResourceId
          }${
            event.ResourceStatusReason ? `: ${event.ResourceStatusReason}` : ''
          }`,
        });
      }
    }
    return log;
  }

  private refOf(stackId: string, changeSetId: string): EngineRunRef {
    const console =
      this.options.consoleUrl ??
      `https://${this.options.region}.console.aws.amazon.com/cloudformation/home?region=${this.options.region}`;
    const stack = encodeURIComponent(stackId);
    return {
      engine: this.id,
      workspaceId: stackId,
      runId: changeSetId,
      scope: this.options.region,
      workspaceUrl: `${console}#/stacks/stackinfo?stackId=${stack}`,
      runUrl: `${console}#/stacks/changesets/changes?stackId=${stack}&changeSetId=${encodeURIComponent(
        changeSetId,
      )}`,
    };
  }

  /** The token of a change set's execution: the same for every retry and replica. */
  private executionToken(ref: EngineRunRef): string {
    return derivedName('portal-apply', ref.runId);
  }

  private async execute(ref: EngineRunRef): Promise<void> {
    try {
      await this.options.client.send(
        new ExecuteChangeSetCommand({
          ChangeSetName: ref.runId,
          ClientRequestToken: this.executionToken(ref),
        }),
      );
    } catch (error) {
      if (isErrorNamed(error, 'InvalidChangeSetStatusException')) {
        const current = await this.describeChangeSet(ref).catch(
          () => undefined,
        );
        if (
          current?.ExecutionStatus === 'EXECUTE_IN_PROGRESS' ||
          current?.ExecutionStatus === 'EXECUTE_COMPLETE'
        ) {
          return; // another replica (or an earlier call) applied it
        }
        throw new ConflictError(
          `The change set cannot be applied now: it is ${
            current ? `${current.Status} / ${current.ExecutionStatus}` : 'gone'
          } (${(error as Error).message})`,
          error,
        );
      }
      throw toProvisioningError(error, 'Applying the change set');
    }
  }

  private async findStack(nameOrId: string): Promise<Stack | undefined> {
    try {
      const { Stacks } = await this.options.client.send(
        new DescribeStacksCommand({ StackName: nameOrId }),
      );
      return Stacks?.[0];
    } catch (error) {
      if (isStackMissing(error)) {
        return undefined;
      }
      throw toProvisioningError(error, `Reading stack ${nameOrId}`);
    }
  }

  private async findChangeSet(
    changeSetName: string,
    stackName: string,
  ): Promise<DescribeChangeSetCommandOutput | undefined> {
    try {
      return await this.options.client.send(
        new DescribeChangeSetCommand({
          ChangeSetName: changeSetName,
          StackName: stackName,
        }),
      );
    } catch (error) {
      if (
        isErrorNamed(error, 'ChangeSetNotFoundException') ||
        isStackMissing(error)
      ) {
        return undefined;
      }
      throw toProvisioningError(error, `Reading change set ${changeSetName}`);
    }
  }

  /** The change set with all its changes (DescribeChangeSet pages them). */
  private async describeChangeSet(
    ref: EngineRunRef,
  ): Promise<DescribeChangeSetCommandOutput | undefined> {
    let first: DescribeChangeSetCommandOutput | undefined;
    const changes: Change[] = [];
    let NextToken: string | undefined;
    try {
      do {
        const page = await this.options.client.send(
          new DescribeChangeSetCommand({ ChangeSetName: ref.runId, NextToken }),
        );
        first ??= page;
        changes.push(...(page.Changes ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
    } catch (error) {
      if (isErrorNamed(error, 'ChangeSetNotFoundException')) {
        return undefined;
      }
      throw toProvisioningError(error, 'Reading the change set');
    }
    return { ...first!, Changes: changes };
  }

  /**
   * The stack events of this change set's execution, oldest first: the
   * events carry the execution's client request token. Pages newest first
   * and stops at events older than the change set.
   */
  private async executionEvents(
    ref: EngineRunRef,
    changeSet: DescribeChangeSetCommandOutput,
  ): Promise<StackEvent[]> {
    const token = this.executionToken(ref);
    const since = changeSet.CreationTime?.getTime() ?? 0;
    const events: StackEvent[] = [];
    let NextToken: string | undefined;
    try {
      do {
        const page = await this.options.client.send(
          new DescribeStackEventsCommand({
            StackName: ref.workspaceId,
            NextToken,
          }),
        );
        const list = page.StackEvents ?? [];
        events.push(...list.filter(e => e.ClientRequestToken === token));
        const oldest = list[list.length - 1]?.Timestamp?.getTime() ?? 0;
        NextToken = oldest >= since ? page.NextToken : undefined;
      } while (NextToken);
    } catch (error) {
      throw toProvisioningError(error, 'Reading the stack events');
    }
    return events.reverse();
  }

  /**
   * A stack whose creation rolled back can only be deleted; it is deleted
   * (and awaited) so the new run can create it again.
   */
  private async deleteDeadStack(stack: Stack): Promise<undefined> {
    this.options.logger?.info(
      `Deleting stack ${stack.StackName} (${stack.StackStatus}) so that it can be created again`,
    );
    try {
      await this.options.client.send(
        new DeleteStackCommand({ StackName: stack.StackId }),
      );
    } catch (error) {
      throw toProvisioningError(error, `Deleting stack ${stack.StackName}`);
    }
    const deadline = Date.now() + (this.options.deleteTimeoutMs ?? 300_000);
    for (;;) {
      const current = await this.findStack(stack.StackId!);
      if (!current || current.StackStatus === 'DELETE_COMPLETE') {
        return undefined;
      }
      if (current.StackStatus === 'DELETE_FAILED' || Date.now() > deadline) {
        throw new ConflictError(
          `Stack ${
            stack.StackName
          } could not be deleted before it is created again (${
            current.StackStatus
          }${
            current.StackStatusReason ? `: ${current.StackStatusReason}` : ''
          })`,
        );
      }
      await new Promise(r =>
        setTimeout(r, this.options.pollIntervalMs ?? 2000),
      );
    }
  }
}

/** Adds, modifications and removals, as the plan summary counts them. */
export function planSummary(changes: Change[]): EnginePlanSummary {
  const count = (action: string) =>
    changes.filter(c => c.ResourceChange?.Action === action).length;
  return {
    additions: count('Add'),
    changes: count('Modify'),
    destructions: count('Remove'),
  };
}
