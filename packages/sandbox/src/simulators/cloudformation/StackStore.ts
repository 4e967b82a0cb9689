import type {
  Change,
  ChangeSetStatus,
  ChangeSetType,
  ExecutionStatus,
  StackEvent,
  StackStatus,
  Tag,
} from '@aws-sdk/client-cloudformation';
import { randomUUID } from 'node:crypto';
import { fromPlain, toPlain } from '../../state/plainJson';
import { QueryError, validationError } from './queryProtocol';
import { DesiredState, OutputState, ResourceState } from './templateEvaluator';

export interface StackRecord {
  stackId: string;
  stackName: string;
  region: string;
  status: StackStatus;
  statusReason?: string;
  creationTime: Date;
  lastUpdatedTime?: Date;
  deletionTime?: Date;
  description?: string;
  parameters: Record<string, string>;
  /** Parameters declared NoEcho: shown as `****`. */
  noEcho: Set<string>;
  tags: Tag[];
  capabilities: string[];
  resources: Map<string, ResourceState>;
  outputs: OutputState[];
  /** Newest last. */
  events: StackEvent[];
  /** The change set of the last (or current) execution. */
  changeSetId?: string;
  /** Tokens of the operations run on the stack (ExecuteChangeSet's ClientRequestToken). */
  tokens: Set<string>;
  /** The template of the last execution, for UsePreviousTemplate. */
  templateBody?: string;
}

export interface ChangeSetRecord {
  changeSetId: string;
  changeSetName: string;
  stackId: string;
  type: ChangeSetType;
  status: ChangeSetStatus;
  statusReason?: string;
  executionStatus: ExecutionStatus;
  creationTime: Date;
  description?: string;
  parameters: Record<string, string>;
  noEcho: Set<string>;
  tags: Tag[];
  capabilities: string[];
  clientToken?: string;
  templateDescription?: string;
  templateBody: string;
  desired: DesiredState;
  changes: Change[];
  /** Why its first resource fails when executed (`force-error`). */
  forcedFailure?: string;
  /** The ClientRequestToken of its execution. */
  executionToken?: string;
}

const ARN = /^arn:aws:cloudformation:/;

/** The simulator's stacks and change sets, looked up as CloudFormation does. */
export class StackStore {
  readonly stacks = new Map<string, StackRecord>();
  readonly changeSets = new Map<string, ChangeSetRecord>();

  constructor(readonly accountId: string) {}

  reset(): void {
    this.stacks.clear();
    this.changeSets.clear();
  }

  /** The stacks and change sets as JSON-safe data, for the state file. */
  snapshot(): unknown {
    return toPlain({
      version: 1,
      stacks: this.stacks,
      changeSets: this.changeSets,
    });
  }

  /** Takes back a {@link snapshot}. */
  restore(plain: unknown): void {
    const saved = fromPlain<Record<string, unknown>>(plain);
    if (!saved || saved.version !== 1) {
      return;
    }
    if (saved.stacks instanceof Map) {
      for (const [id, stack] of saved.stacks) this.stacks.set(id, stack);
    }
    if (saved.changeSets instanceof Map) {
      for (const [id, cs] of saved.changeSets) this.changeSets.set(id, cs);
    }
  }

  stackArn(region: string, name: string): string {
    return `arn:aws:cloudformation:${region}:${
      this.accountId
    }:stack/${name}/${randomUUID()}`;
  }

  changeSetArn(region: string, name: string): string {
    return `arn:aws:cloudformation:${region}:${
      this.accountId
    }:changeSet/${name}/${randomUUID()}`;
  }

  /**
   * A stack by name (live stacks only) or by id (deleted ones too, as
   * CloudFormation keeps them for 90 days).
   */
  findStack(nameOrId: string, region: string): StackRecord | undefined {
    if (ARN.test(nameOrId)) {
      return this.stacks.get(nameOrId);
    }
    return [...this.stacks.values()].find(
      s =>
        s.stackName === nameOrId &&
        s.region === region &&
        s.status !== 'DELETE_COMPLETE',
    );
  }

  /** Like findStack, but answers CloudFormation's ValidationError when absent. */
  getStack(nameOrId: string, region: string): StackRecord {
    const stack = this.findStack(nameOrId, region);
    if (!stack) {
      throw validationError(`Stack with id ${nameOrId} does not exist`);
    }
    return stack;
  }

  /** A change set by ARN, or by name within a stack. */
  getChangeSet(
    nameOrArn: string,
    stackNameOrId: string | undefined,
    region: string,
  ): ChangeSetRecord {
    if (ARN.test(nameOrArn)) {
      const changeSet = this.changeSets.get(nameOrArn);
      if (!changeSet) {
        throw new QueryError(
          'ChangeSetNotFound',
          `ChangeSet [${nameOrArn}] does not exist`,
          404,
        );
      }
      return changeSet;
    }
    if (!stackNameOrId) {
      throw validationError(
        'StackName must be specified if ChangeSetName is not specified as an ARN.',
      );
    }
    const stack = this.getStack(stackNameOrId, region);
    const changeSet = this.changeSetsOf(stack.stackId).find(
      cs => cs.changeSetName === nameOrArn,
    );
    if (!changeSet) {
      throw new QueryError(
        'ChangeSetNotFound',
        `ChangeSet [${nameOrArn}] does not exist`,
        404,
      );
    }
    return changeSet;
  }

  changeSetsOf(stackId: string): ChangeSetRecord[] {
    return [...this.changeSets.values()].filter(cs => cs.stackId === stackId);
  }
}
