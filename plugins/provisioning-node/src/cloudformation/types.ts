/**
 * The CloudFormation API's shapes, from the AWS SDK's own model: the engine
 * reads them and the sandbox's simulator renders them, so neither side
 * guesses the other's field names.
 */
export type {
  Change,
  ChangeAction,
  ChangeSetStatus,
  ChangeSetSummary,
  ChangeSetType,
  ExecutionStatus,
  Output,
  Parameter,
  ResourceChange,
  ResourceStatus,
  Stack,
  StackEvent,
  StackStatus,
  StackSummary,
  Tag,
} from '@aws-sdk/client-cloudformation';
