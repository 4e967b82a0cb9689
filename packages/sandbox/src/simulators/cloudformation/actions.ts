import type {
  ChangeSetSummary,
  Parameter,
  Stack,
  StackSummary,
} from '@aws-sdk/client-cloudformation';
import { QueryError, QueryParams, validationError } from './queryProtocol';
import { RESOURCE_TYPES } from './resourceTypes';
import { StackOperations } from './StackOperations';
import { ChangeSetRecord, StackRecord, StackStore } from './StackStore';
import { parseTemplate, Template } from './templateParser';

/** What one action handler gets. */
export interface ActionContext {
  params: QueryParams;
  region: string;
  store: StackStore;
  operations: StackOperations;
  eventsPageSize: number;
}

/** An action's result: the members of its `<{Action}Result>`, or none. */
type ActionResult = Record<string, unknown> | undefined;

const NAME_PATTERN = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const MAX_TEMPLATE_BODY = 51200;

function required(params: QueryParams, name: string, member: string): string {
  const value = params.get(name);
  if (value === undefined) {
    throw validationError(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function checkName(value: string, member: string): void {
  if (value.length > 128 || !NAME_PATTERN.test(value)) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]* and have length less than or equal to 128`,
    );
  }
}

function parametersOf(
  values: Record<string, string>,
  noEcho: Set<string>,
): Parameter[] {
  return Object.entries(values).map(([ParameterKey, value]) => ({
    ParameterKey,
    ParameterValue: noEcho.has(ParameterKey) ? '****' : value,
  }));
}

/** The IAM capabilities a template's resources need, and why. */
function requiredCapabilities(template: Template) {
  const iam = Object.values(template.Resources).filter(
    r => RESOURCE_TYPES[r.Type]?.iam,
  );
  if (iam.length === 0) {
    return { Capabilities: [] };
  }
  const named = iam.some(r => {
    const nameProperty = RESOURCE_TYPES[r.Type].nameProperty;
    return (
      nameProperty !== undefined && r.Properties?.[nameProperty] !== undefined
    );
  });
  return {
    Capabilities: [named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM'],
    CapabilitiesReason: `The following resource(s) require capabilities: [${[
      ...new Set(iam.map(r => r.Type)),
    ].join(', ')}]`,
  };
}

function renderStack(stack: StackRecord): Stack {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    ChangeSetId: stack.changeSetId,
    Description: stack.description,
    Parameters: parametersOf(stack.parameters, stack.noEcho),
    CreationTime: stack.creationTime,
    DeletionTime: stack.deletionTime,
    LastUpdatedTime: stack.lastUpdatedTime,
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: false,
    NotificationARNs: [],
    Capabilities: stack.capabilities as Stack['Capabilities'],
    Outputs: stack.outputs,
    Tags: stack.tags,
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

function renderChangeSet(cs: ChangeSetRecord, stack: StackRecord) {
  return {
    ChangeSetName: cs.changeSetName,
    ChangeSetId: cs.changeSetId,
    StackId: stack.stackId,
    StackName: stack.stackName,
    Description: cs.description,
    Parameters: parametersOf(cs.parameters, cs.noEcho),
    CreationTime: cs.creationTime,
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    StatusReason: cs.statusReason,
    NotificationARNs: [],
    Capabilities: cs.capabilities,
    Tags: cs.tags,
    // The changes are known once the change set is computed.
    Changes: cs.status === 'CREATE_COMPLETE' ? cs.changes : [],
    IncludeNestedStacks: false,
  };
}

function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function pageOffset(token: string | undefined): number {
  if (token === undefined) {
    return 0;
  }
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString());
    if (Number.isInteger(offset) && offset >= 0) {
      return offset;
    }
  } catch {
    // answered below
  }
  throw validationError('Invalid NextToken');
}

/**
 * The CloudFormation actions the provisioning engine calls (and a few a
 * person debugging with the AWS CLI would), by name.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Operations.html
 */
export const ACTIONS: Record<string, (ctx: ActionContext) => ActionResult> = {
  CreateChangeSet({ params, region, store, operations }) {
    const stackName = required(params, 'StackName', 'stackName');
    const changeSetName = required(params, 'ChangeSetName', 'changeSetName');
    checkName(stackName, 'stackName');
    checkName(changeSetName, 'changeSetName');
    const type = params.get('ChangeSetType') ?? 'UPDATE';
    if (type !== 'CREATE' && type !== 'UPDATE') {
      throw validationError(
        type === 'IMPORT'
          ? 'ChangeSetType IMPORT is not simulated by the sandbox'
          : `1 validation error detected: Value '${type}' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]`,
      );
    }
    if (params.get('TemplateURL') !== undefined) {
      throw validationError(
        'TemplateURL is not simulated by the sandbox; send TemplateBody',
      );
    }
    let templateBody = params.get('TemplateBody');
    if (params.get('UsePreviousTemplate') === 'true') {
      templateBody = store.findStack(stackName, region)?.templateBody;
    }
    if (templateBody === undefined) {
      throw validationError(
        'Either Template URL or Template Body must be specified.',
      );
    }
    if (Buffer.byteLength(templateBody) > MAX_TEMPLATE_BODY) {
      throw validationError(
        `1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY}`,
      );
    }
    const changeSet = operations.createChangeSet({
      region,
      stackName,
      changeSetName,
      type,
      templateBody,
      parameters: params.structList('Parameters'),
      capabilities: params.list('Capabilities'),
      tags: params
        .structList('Tags')
        .map(t => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
      description: params.get('Description'),
      clientToken: params.get('ClientToken'),
    });
    return { Id: changeSet.changeSetId, StackId: changeSet.stackId };
  },

  DescribeChangeSet({ params, region, store }) {
    const cs = store.getChangeSet(
      required(params, 'ChangeSetName', 'changeSetName'),
      params.get('StackName'),
      region,
    );
    return renderChangeSet(cs, store.stacks.get(cs.stackId)!);
  },

  ListChangeSets({ params, region, store }) {
    const stack = store.getStack(
      required(params, 'StackName', 'stackName'),
      region,
    );
    const Summaries: ChangeSetSummary[] = store
      .changeSetsOf(stack.stackId)
      .map(cs => ({
        StackId: stack.stackId,
        StackName: stack.stackName,
        ChangeSetId: cs.changeSetId,
        ChangeSetName: cs.changeSetName,
        ExecutionStatus: cs.executionStatus,
        Status: cs.status,
        StatusReason: cs.statusReason,
        CreationTime: cs.creationTime,
        Description: cs.description,
        IncludeNestedStacks: false,
      }));
    return { Summaries };
  },

  ExecuteChangeSet({ params, region, store, operations }) {
    const cs = store.getChangeSet(
      required(params, 'ChangeSetName', 'changeSetName'),
      params.get('StackName'),
      region,
    );
    operations.executeChangeSet(
      cs,
      params.get('ClientRequestToken') ??
        `Console-ExecuteChangeSet-${cs.changeSetName}-${Date.now()}`,
    );
    return {};
  },

  DeleteChangeSet({ params, region, store, operations }) {
    const cs = store.getChangeSet(
      required(params, 'ChangeSetName', 'changeSetName'),
      params.get('StackName'),
      region,
    );
    operations.deleteChangeSet(cs);
    return {};
  },

  DescribeStacks({ params, region, store }) {
    const name = params.get('StackName');
    const stacks = name
      ? [store.getStack(name, region)]
      : [...store.stacks.values()].filter(
          s => s.region === region && s.status !== 'DELETE_COMPLETE',
        );
    return { Stacks: stacks.map(renderStack) };
  },

  DescribeStackEvents({ params, region, store, eventsPageSize }) {
    const stack = store.getStack(
      required(params, 'StackName', 'stackName'),
      region,
    );
    const newestFirst = [...stack.events].reverse();
    const offset = pageOffset(params.get('NextToken'));
    const page = newestFirst.slice(offset, offset + eventsPageSize);
    const next = offset + eventsPageSize;
    return {
      StackEvents: page,
      NextToken: next < newestFirst.length ? pageToken(next) : undefined,
    };
  },

  ListStacks({ params, region, store }) {
    const filter = params.list('StackStatusFilter');
    const StackSummaries: StackSummary[] = [...store.stacks.values()]
      .filter(s => s.region === region)
      .filter(s => filter.length === 0 || filter.includes(s.status))
      .map(s => ({
        StackId: s.stackId,
        StackName: s.stackName,
        TemplateDescription: s.description,
        CreationTime: s.creationTime,
        LastUpdatedTime: s.lastUpdatedTime,
        DeletionTime: s.deletionTime,
        StackStatus: s.status,
        StackStatusReason: s.statusReason,
        DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
      }));
    return { StackSummaries };
  },

  GetTemplateSummary({ params, region, store }) {
    const stackName = params.get('StackName');
    const body =
      params.get('TemplateBody') ??
      (stackName ? store.getStack(stackName, region).templateBody : undefined);
    if (body === undefined) {
      throw validationError(
        'Either Template URL or Template Body or StackName must be specified.',
      );
    }
    const template = parseTemplate(body);
    const types = Object.values(template.Resources).map(r => r.Type);
    return {
      Parameters: Object.entries(template.Parameters).map(([key, p]) => ({
        ParameterKey: key,
        DefaultValue: p.Default === undefined ? undefined : String(p.Default),
        ParameterType: p.Type,
        NoEcho: String(p.NoEcho).toLowerCase() === 'true',
        Description: p.Description,
        ParameterConstraints: {
          AllowedValues: p.AllowedValues?.map(String) ?? [],
        },
      })),
      Description: template.Description,
      ...requiredCapabilities(template),
      ResourceTypes: [...new Set(types)],
      Version: '2010-09-09',
      DeclaredTransforms: [],
    };
  },

  /**
   * Checks a template's syntax without creating anything, as
   * [ValidateTemplate](https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html)
   * does: its parameters (TemplateParameter: key, default, NoEcho,
   * description), description and the capabilities it needs; a template
   * format error answers ValidationError.
   */
  ValidateTemplate({ params }) {
    const body = params.get('TemplateBody');
    if (params.get('TemplateURL') !== undefined && body === undefined) {
      throw validationError(
        'TemplateURL is not simulated by the sandbox; send the TemplateBody',
      );
    }
    if (body === undefined) {
      throw validationError(
        'Either Template URL or Template Body must be specified.',
      );
    }
    if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY) {
      throw validationError(
        `1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY}`,
      );
    }
    const template = parseTemplate(body);
    return {
      Parameters: Object.entries(template.Parameters).map(([key, p]) => ({
        ParameterKey: key,
        DefaultValue: p.Default === undefined ? undefined : String(p.Default),
        NoEcho: String(p.NoEcho).toLowerCase() === 'true',
        Description: p.Description,
      })),
      Description: template.Description,
      ...requiredCapabilities(template),
      DeclaredTransforms: [],
    };
  },

  DeleteStack({ params, region, store, operations }) {
    const name = required(params, 'StackName', 'stackName');
    // Deleting a stack that does not exist succeeds, as in CloudFormation.
    const stack = store.findStack(name, region);
    if (stack) {
      operations.deleteStack(stack, params.get('ClientRequestToken'));
    }
    return undefined;
  },
};

/** Unknown actions, as AWS answers them. */
export function unknownAction(action: string | undefined): QueryError {
  return action === undefined
    ? new QueryError(
        'MissingAction',
        'The request must contain the parameter Action.',
      )
    : new QueryError(
        'InvalidAction',
        `Could not find operation ${action} for version 2010-05-15`,
      );
}
