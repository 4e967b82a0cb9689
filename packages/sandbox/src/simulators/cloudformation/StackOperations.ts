import type {
  Change,
  ResourceStatus,
  StackStatus,
  Tag,
} from '@aws-sdk/client-cloudformation';
import { randomUUID } from 'node:crypto';
import { QueryError, validationError } from './queryProtocol';
import { ChangeSetRecord, StackRecord, StackStore } from './StackStore';
import {
  evaluateTemplate,
  ResourceState,
  resolveParameters,
  SuppliedParameter,
} from './templateEvaluator';
import { parseTemplate } from './templateParser';

const FORCE_ERROR = 'force-error';

/** Stack statuses from which no operation may start. */
const BUSY = /_IN_PROGRESS$/;

export interface CreateChangeSetRequest {
  region: string;
  stackName: string;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  templateBody: string;
  parameters: SuppliedParameter[];
  capabilities: string[];
  tags: Tag[];
  description?: string;
  clientToken?: string;
}

/**
 * CloudFormation's operations, moving on a clock (one step every `stepMs`):
 *
 * - change sets: CREATE_PENDING -> CREATE_IN_PROGRESS -> CREATE_COMPLETE
 *   (execution AVAILABLE), or FAILED when nothing would change;
 * - a new stack: REVIEW_IN_PROGRESS (from its CREATE change set) ->
 *   CREATE_IN_PROGRESS -> CREATE_COMPLETE, or CREATE_FAILED resources ->
 *   ROLLBACK_IN_PROGRESS -> ROLLBACK_COMPLETE;
 * - an update: UPDATE_IN_PROGRESS -> UPDATE_COMPLETE_CLEANUP_IN_PROGRESS ->
 *   UPDATE_COMPLETE, or UPDATE_ROLLBACK_IN_PROGRESS ->
 *   UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS -> UPDATE_ROLLBACK_COMPLETE;
 * - a deletion: DELETE_IN_PROGRESS -> DELETE_COMPLETE.
 *
 * Every transition writes the stack events CloudFormation writes. A resource
 * fails when its properties are invalid for its type, or when `force-error`
 * appears in a parameter or tag value.
 */
export class StackOperations {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: StackStore,
    private readonly stepMs: number,
    /** Called after every step of the clock (to save the state). */
    private readonly onChange?: () => void,
    /** Where a step's error goes instead of crashing the process. */
    private readonly onError: (error: unknown) => void = console.error,
  ) {}

  reset(): void {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }

  private later(steps: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        fn();
      } catch (error) {
        // A step that fails must not take the sandbox down with it.
        this.onError(error);
      } finally {
        this.onChange?.();
      }
    }, this.stepMs * steps);
    timer.unref();
    this.timers.add(timer);
  }

  /** Runs `steps` one after the other, a step apart. */
  private sequence(steps: (() => void)[]): void {
    const [first, ...rest] = steps;
    if (!first) {
      return;
    }
    this.later(1, () => {
      first();
      this.sequence(rest);
    });
  }

  createChangeSet(request: CreateChangeSetRequest): ChangeSetRecord {
    const { region, stackName, changeSetName } = request;
    let stack = this.store.findStack(stackName, region);

    if (stack) {
      const existing = this.store
        .changeSetsOf(stack.stackId)
        .find(cs => cs.changeSetName === changeSetName);
      if (existing) {
        // A retried request with the same token gets the same change set.
        if (
          request.clientToken !== undefined &&
          existing.clientToken === request.clientToken
        ) {
          return existing;
        }
        throw new QueryError(
          'AlreadyExistsException',
          `ChangeSet ${changeSetName} already exists for stack ${stackName}`,
        );
      }
    }
    if (request.type === 'CREATE') {
      if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
        throw new QueryError(
          'AlreadyExistsException',
          `Stack [${stackName}] already exists and cannot be created again with the changeSet [${changeSetName}].`,
        );
      }
    } else {
      if (!stack || stack.status === 'REVIEW_IN_PROGRESS') {
        throw validationError(`Stack [${stackName}] does not exist`);
      }
      if (
        BUSY.test(stack.status) ||
        ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'DELETE_FAILED'].includes(
          stack.status,
        )
      ) {
        throw validationError(
          `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`,
        );
      }
    }

    const template = parseTemplate(request.templateBody);
    const stackId = stack?.stackId ?? this.store.stackArn(region, stackName);
    const parameters = resolveParameters(
      template,
      request.parameters,
      stack?.parameters ?? {},
    );
    const desired = evaluateTemplate(
      template,
      parameters,
      { region, accountId: this.store.accountId, stackName, stackId },
      stack?.resources ?? new Map(),
    );
    const missing = desired.capabilities.filter(
      c => !request.capabilities.includes(c),
    );
    if (missing.length > 0) {
      throw new QueryError(
        'InsufficientCapabilitiesException',
        `Requires capabilities : [${missing.join(',')}]`,
      );
    }
    const forced = [
      ...Object.values(parameters),
      ...request.tags.map(t => t.Value ?? ''),
    ].some(v => v.includes(FORCE_ERROR));

    if (!stack) {
      stack = {
        stackId,
        stackName,
        region,
        status: 'REVIEW_IN_PROGRESS',
        statusReason: 'User Initiated',
        creationTime: new Date(),
        parameters: {},
        noEcho: new Set(),
        tags: [],
        capabilities: [],
        resources: new Map(),
        outputs: [],
        events: [],
        tokens: new Set(),
      };
      this.store.stacks.set(stackId, stack);
      this.stackEvent(stack, 'REVIEW_IN_PROGRESS', 'User Initiated');
    }

    const changeSet: ChangeSetRecord = {
      changeSetId: this.store.changeSetArn(region, changeSetName),
      changeSetName,
      stackId,
      type: request.type,
      status: 'CREATE_PENDING',
      executionStatus: 'UNAVAILABLE',
      creationTime: new Date(),
      description: request.description,
      parameters,
      noEcho: new Set(
        Object.entries(template.Parameters)
          .filter(([, p]) => String(p.NoEcho).toLowerCase() === 'true')
          .map(([name]) => name),
      ),
      tags: request.tags,
      capabilities: request.capabilities,
      clientToken: request.clientToken,
      templateDescription: template.Description,
      templateBody: request.templateBody,
      desired,
      changes: diff(stack.resources, desired.resources),
      forcedFailure: forced
        ? `Resource handler returned message: "forced failure: '${FORCE_ERROR}' found in the stack's parameters or tags" (RequestToken: ${randomUUID()}, HandlerErrorCode: GeneralServiceException)`
        : undefined,
    };
    this.store.changeSets.set(changeSet.changeSetId, changeSet);

    const alive = () =>
      this.store.changeSets.get(changeSet.changeSetId) === changeSet;
    this.sequence([
      () => {
        if (alive()) {
          changeSet.status = 'CREATE_IN_PROGRESS';
        }
      },
      () => {
        if (alive()) {
          this.completeChangeSet(changeSet);
        }
      },
    ]);
    return changeSet;
  }

  /** The end of a change set's creation: ready to execute, or FAILED without changes. */
  private completeChangeSet(changeSet: ChangeSetRecord): void {
    const stack = this.store.stacks.get(changeSet.stackId);
    if (!stack) {
      return;
    }
    const { desired } = changeSet;
    const sameOutputs =
      JSON.stringify(stack.outputs) === JSON.stringify(desired.outputs);
    const sameTags =
      JSON.stringify(stack.tags) === JSON.stringify(changeSet.tags);
    if (
      changeSet.changes.length === 0 &&
      (changeSet.type === 'UPDATE' || desired.resources.size === 0) &&
      sameOutputs &&
      sameTags
    ) {
      changeSet.status = 'FAILED';
      changeSet.statusReason =
        "The submitted information didn't contain changes. Submit different information to create a change set.";
      return;
    }
    changeSet.status = 'CREATE_COMPLETE';
    changeSet.executionStatus = 'AVAILABLE';
  }

  /**
   * After a restart: what was under way when the sandbox stopped goes on,
   * one step later. Change sets being created finish being created;
   * executions that had not finished run again from the change set (the
   * stack keeps its resources until an execution completes), and stacks
   * cleaning up, rolling back or being deleted reach the end state they
   * were heading for.
   */
  resume(): void {
    for (const changeSet of this.store.changeSets.values()) {
      if (['CREATE_PENDING', 'CREATE_IN_PROGRESS'].includes(changeSet.status)) {
        this.later(1, () => {
          if (this.store.changeSets.get(changeSet.changeSetId) === changeSet) {
            this.completeChangeSet(changeSet);
          }
        });
      }
    }
    for (const stack of this.store.stacks.values()) {
      if (BUSY.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
        this.later(1, () => {
          if (this.store.stacks.get(stack.stackId) === stack) {
            this.finishInterrupted(stack);
          }
        });
      }
    }
  }

  private finishInterrupted(stack: StackRecord): void {
    const changeSet = stack.changeSetId
      ? this.store.changeSets.get(stack.changeSetId)
      : undefined;
    const end = (
      status: StackStatus,
      execution?: ChangeSetRecord['executionStatus'],
    ) => {
      stack.status = status;
      this.stackEvent(stack, status);
      if (changeSet && execution) {
        changeSet.executionStatus = execution;
      }
    };
    switch (stack.status) {
      case 'CREATE_IN_PROGRESS':
      case 'UPDATE_IN_PROGRESS': {
        const token = changeSet?.executionToken;
        if (
          !changeSet ||
          changeSet.executionStatus !== 'EXECUTE_IN_PROGRESS' ||
          !token
        ) {
          const creating = stack.status === 'CREATE_IN_PROGRESS';
          stack.statusReason = 'The operation was interrupted.';
          end(
            creating ? 'ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE',
            'EXECUTE_FAILED',
          );
          return;
        }
        // Run the execution again, as if it had just been asked for.
        stack.tokens.delete(token);
        changeSet.executionToken = undefined;
        changeSet.executionStatus = 'AVAILABLE';
        stack.status =
          changeSet.type === 'CREATE'
            ? 'REVIEW_IN_PROGRESS'
            : 'UPDATE_COMPLETE';
        this.executeChangeSet(changeSet, token);
        return;
      }
      case 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS':
        end('UPDATE_COMPLETE', 'EXECUTE_COMPLETE');
        return;
      case 'ROLLBACK_IN_PROGRESS':
        end('ROLLBACK_COMPLETE', 'EXECUTE_FAILED');
        return;
      case 'UPDATE_ROLLBACK_IN_PROGRESS':
      case 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS':
        end('UPDATE_ROLLBACK_COMPLETE', 'EXECUTE_FAILED');
        return;
      case 'DELETE_IN_PROGRESS':
        for (const r of stack.resources.values()) {
          this.resourceEvent(stack, r, 'DELETE_COMPLETE', undefined, true);
        }
        stack.resources = new Map();
        stack.outputs = [];
        stack.deletionTime = new Date();
        end('DELETE_COMPLETE');
        return;
      default:
        // A status this simulator never leaves a stack in; leave it be.
        return;
    }
  }

  deleteChangeSet(changeSet: ChangeSetRecord): void {
    if (
      changeSet.executionStatus === 'EXECUTE_IN_PROGRESS' ||
      changeSet.status === 'CREATE_IN_PROGRESS' ||
      changeSet.status === 'CREATE_PENDING'
    ) {
      throw new QueryError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.changeSetId}] cannot be deleted while its status is ${changeSet.status} and its execution status ${changeSet.executionStatus}`,
      );
    }
    this.store.changeSets.delete(changeSet.changeSetId);
  }

  executeChangeSet(changeSet: ChangeSetRecord, token: string): void {
    const stack = this.store.stacks.get(changeSet.stackId)!;
    if (
      changeSet.executionToken !== undefined &&
      changeSet.executionToken === token
    ) {
      return; // a retry of the execution already under way or done
    }
    if (changeSet.executionStatus !== 'AVAILABLE') {
      throw new QueryError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`,
      );
    }
    if (BUSY.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw new QueryError(
        'InvalidChangeSetStatus',
        `ChangeSet [${changeSet.changeSetId}] cannot be executed because stack [${stack.stackName}] is in ${stack.status} state`,
      );
    }
    if (stack.tokens.has(token)) {
      throw new QueryError(
        'TokenAlreadyExistsException',
        `Another operation on stack [${stack.stackName}] already used the client request token ${token}`,
      );
    }
    stack.tokens.add(token);
    changeSet.executionToken = token;
    changeSet.executionStatus = 'EXECUTE_IN_PROGRESS';
    stack.changeSetId = changeSet.changeSetId;
    // Executing a change set makes the stack's other change sets stale:
    // CloudFormation drops them once the stack is updated.
    for (const other of this.store.changeSetsOf(stack.stackId)) {
      if (other !== changeSet) {
        this.store.changeSets.delete(other.changeSetId);
      }
    }

    const creating = changeSet.type === 'CREATE';
    const previous = stack.resources;
    const desired = changeSet.desired.resources;
    const adds = [...desired.values()].filter(r => !previous.has(r.logicalId));
    const modified = [...desired.values()].filter(r => {
      const before = previous.get(r.logicalId);
      return before && before.propertiesHash !== r.propertiesHash;
    });
    const replaced = modified.filter(
      r => previous.get(r.logicalId)!.physicalId !== r.physicalId,
    );
    const removed = [...previous.values()].filter(
      r => !desired.has(r.logicalId),
    );
    const touched = [...adds, ...modified];
    let failing = touched.find(r => r.failure !== undefined);
    if (!failing && changeSet.forcedFailure && touched.length > 0) {
      failing = { ...touched[0], failure: changeSet.forcedFailure };
      touched[0] = failing;
    }

    const setStack = (status: StackStatus, reason?: string) => {
      stack.status = status;
      // A rolled-back stack keeps saying why it rolled back.
      if (reason !== undefined || !status.includes('ROLLBACK')) {
        stack.statusReason = reason;
      }
      this.stackEvent(stack, status, reason);
    };
    const resourceEvent = (
      r: ResourceState,
      status: ResourceStatus,
      reason?: string,
      withPhysicalId = true,
    ) => this.resourceEvent(stack, r, status, reason, withPhysicalId);
    const progressOf = (r: ResourceState) =>
      previous.has(r.logicalId) && !replaced.includes(r) ? 'UPDATE' : 'CREATE';

    const steps: (() => void)[] = [];
    steps.push(() => {
      if (!creating) {
        stack.lastUpdatedTime = new Date();
      }
      setStack(
        creating ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS',
        'User Initiated',
      );
      for (const r of touched) {
        resourceEvent(
          r,
          `${progressOf(r)}_IN_PROGRESS`,
          undefined,
          !creating && progressOf(r) === 'UPDATE',
        );
      }
    });
    steps.push(() => {
      for (const r of touched) {
        if (progressOf(r) === 'CREATE') {
          resourceEvent(r, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
        }
      }
    });

    if (!failing) {
      steps.push(() => {
        for (const r of touched) {
          resourceEvent(r, `${progressOf(r)}_COMPLETE`);
        }
        stack.resources = new Map(desired);
        stack.outputs = changeSet.desired.outputs;
        stack.parameters = changeSet.parameters;
        stack.noEcho = changeSet.noEcho;
        stack.tags = changeSet.tags;
        stack.capabilities = changeSet.capabilities;
        stack.description = changeSet.templateDescription;
        stack.templateBody = changeSet.templateBody;
        const oldOnes = [
          ...removed,
          ...replaced.map(r => previous.get(r.logicalId)!),
        ];
        if (creating) {
          setStack('CREATE_COMPLETE');
          changeSet.executionStatus = 'EXECUTE_COMPLETE';
        } else if (oldOnes.length === 0) {
          setStack('UPDATE_COMPLETE');
          changeSet.executionStatus = 'EXECUTE_COMPLETE';
        } else {
          setStack('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
          this.sequence([
            () => oldOnes.forEach(r => resourceEvent(r, 'DELETE_IN_PROGRESS')),
            () => {
              oldOnes.forEach(r => resourceEvent(r, 'DELETE_COMPLETE'));
              setStack('UPDATE_COMPLETE');
              changeSet.executionStatus = 'EXECUTE_COMPLETE';
            },
          ]);
        }
      });
      this.run(steps);
      return;
    }

    // A resource fails: the others are cancelled and the stack rolls back.
    steps.push(() => {
      const verb = creating ? 'create' : 'update';
      resourceEvent(failing, `${progressOf(failing)}_FAILED`, failing.failure);
      const others = touched.filter(r => r !== failing);
      for (const r of others) {
        resourceEvent(
          r,
          `${progressOf(r)}_FAILED`,
          `Resource ${
            progressOf(r) === 'CREATE' ? 'creation' : 'update'
          } cancelled`,
        );
      }
      const failed = [failing, ...others].map(r => r.logicalId).join(', ');
      setStack(
        creating ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS',
        `The following resource(s) failed to ${verb}: [${failed}]. ${
          creating ? 'Rollback requested by user.' : ''
        }`.trim(),
      );
    });
    if (creating) {
      steps.push(() => {
        for (const r of touched) {
          resourceEvent(r, 'DELETE_COMPLETE');
        }
        setStack('ROLLBACK_COMPLETE');
        changeSet.executionStatus = 'EXECUTE_FAILED';
      });
    } else {
      steps.push(() => {
        for (const r of modified) {
          resourceEvent(previous.get(r.logicalId)!, 'UPDATE_COMPLETE');
        }
        setStack('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
      });
      steps.push(() => {
        for (const r of [...adds, ...replaced]) {
          resourceEvent(r, 'DELETE_COMPLETE');
        }
        setStack('UPDATE_ROLLBACK_COMPLETE');
        changeSet.executionStatus = 'EXECUTE_FAILED';
      });
    }
    this.run(steps);
  }

  /** The first step at once (the stack is busy when ExecuteChangeSet answers), the rest on the clock. */
  private run(steps: (() => void)[]): void {
    const [first, ...rest] = steps;
    first();
    this.sequence(rest);
  }

  deleteStack(stack: StackRecord, token?: string): void {
    if (
      stack.status === 'DELETE_COMPLETE' ||
      stack.status === 'DELETE_IN_PROGRESS'
    ) {
      return; // DeleteStack is idempotent
    }
    if (BUSY.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw validationError(
        `Stack [${stack.stackName}] cannot be deleted while in status ${stack.status}`,
      );
    }
    if (token) {
      stack.tokens.add(token);
    }
    for (const cs of this.store.changeSetsOf(stack.stackId)) {
      this.store.changeSets.delete(cs.changeSetId);
    }
    const resources = [...stack.resources.values()];
    const setStack = (status: StackStatus, reason?: string) => {
      stack.status = status;
      stack.statusReason = reason;
      this.stackEvent(stack, status, reason, token);
    };
    setStack('DELETE_IN_PROGRESS', 'User Initiated');
    this.sequence([
      () =>
        resources.forEach(r =>
          this.resourceEvent(
            stack,
            r,
            'DELETE_IN_PROGRESS',
            undefined,
            true,
            token,
          ),
        ),
      () => {
        resources.forEach(r =>
          this.resourceEvent(
            stack,
            r,
            'DELETE_COMPLETE',
            undefined,
            true,
            token,
          ),
        );
        stack.resources = new Map();
        stack.outputs = [];
        stack.deletionTime = new Date();
        setStack('DELETE_COMPLETE');
      },
    ]);
  }

  private token(stack: StackRecord): string | undefined {
    return stack.changeSetId
      ? this.store.changeSets.get(stack.changeSetId)?.executionToken
      : undefined;
  }

  private stackEvent(
    stack: StackRecord,
    status: StackStatus,
    reason?: string,
    token = this.token(stack),
  ): void {
    stack.events.push({
      StackId: stack.stackId,
      EventId: randomUUID(),
      StackName: stack.stackName,
      LogicalResourceId: stack.stackName,
      PhysicalResourceId: stack.stackId,
      ResourceType: 'AWS::CloudFormation::Stack',
      Timestamp: new Date(),
      ResourceStatus: status as ResourceStatus,
      ResourceStatusReason: reason,
      ClientRequestToken: status === 'REVIEW_IN_PROGRESS' ? undefined : token,
    });
  }

  private resourceEvent(
    stack: StackRecord,
    resource: ResourceState,
    status: ResourceStatus,
    reason: string | undefined,
    withPhysicalId: boolean,
    token = this.token(stack),
  ): void {
    const timestamp = new Date();
    stack.events.push({
      StackId: stack.stackId,
      EventId: `${resource.logicalId}-${status}-${timestamp.toISOString()}`,
      StackName: stack.stackName,
      LogicalResourceId: resource.logicalId,
      PhysicalResourceId: withPhysicalId ? resource.physicalId : '',
      ResourceType: resource.type,
      Timestamp: timestamp,
      ResourceStatus: status,
      ResourceStatusReason: reason,
      ResourceProperties: status.endsWith('_IN_PROGRESS')
        ? JSON.stringify(resource.properties)
        : undefined,
      ClientRequestToken: token,
    });
  }
}

/** The Changes of a change set: Add, Modify (with Replacement) and Remove. */
function diff(
  current: Map<string, ResourceState>,
  desired: Map<string, ResourceState>,
): Change[] {
  const changes: Change[] = [];
  for (const r of desired.values()) {
    const before = current.get(r.logicalId);
    if (!before) {
      changes.push({
        Type: 'Resource',
        ResourceChange: {
          Action: 'Add',
          LogicalResourceId: r.logicalId,
          ResourceType: r.type,
          Scope: [],
          Details: [],
        },
      });
    } else if (before.propertiesHash !== r.propertiesHash) {
      const changed = [
        ...new Set([
          ...Object.keys(before.properties),
          ...Object.keys(r.properties),
        ]),
      ].filter(
        key =>
          JSON.stringify(before.properties[key]) !==
          JSON.stringify(r.properties[key]),
      );
      const replacement = before.physicalId !== r.physicalId;
      changes.push({
        Type: 'Resource',
        ResourceChange: {
          Action: 'Modify',
          LogicalResourceId: r.logicalId,
          PhysicalResourceId: before.physicalId,
          ResourceType: r.type,
          Replacement: replacement ? 'True' : 'False',
          Scope: ['Properties'],
          Details: changed.map(name => ({
            Target: {
              Attribute: 'Properties',
              Name: name,
              RequiresRecreation: replacement ? 'Always' : 'Never',
            },
            Evaluation: 'Static',
            ChangeSource: 'DirectModification',
          })),
        },
      });
    }
  }
  for (const r of current.values()) {
    if (!desired.has(r.logicalId)) {
      changes.push({
        Type: 'Resource',
        ResourceChange: {
          Action: 'Remove',
          LogicalResourceId: r.logicalId,
          PhysicalResourceId: r.physicalId,
          ResourceType: r.type,
          Scope: [],
          Details: [],
        },
      });
    }
  }
  return changes;
}
