import { createHash } from 'node:crypto';

/** Where the simulated resources live. */
export interface AwsLocation {
  region: string;
  accountId: string;
  stackName: string;
}

/** What CloudFormation knows about one resource type. */
interface ResourceTypeModel {
  /** The property that names the resource; changing it replaces the resource. */
  nameProperty?: string;
  /** Other properties whose change replaces the resource. */
  replacingProperties?: string[];
  /** The capability the type needs, with and without a custom name. */
  iam?: boolean;
  /** The physical id: what `Ref` returns. */
  physicalId(name: string, at: AwsLocation): string;
  /** The `Fn::GetAtt` attributes. */
  attributes(
    name: string,
    physicalId: string,
    properties: Record<string, unknown>,
    at: AwsLocation,
  ): Record<string, string>;
  /** Why creating it with these properties fails, if it does. */
  validate?(
    name: string,
    properties: Record<string, unknown>,
  ): string | undefined;
}

const isTrue = (value: unknown) => String(value).toLowerCase() === 'true';

/**
 * The resource types the simulator can create, with the `Ref` values and
 * attributes documented in the CloudFormation template reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html).
 */
export const RESOURCE_TYPES: Record<string, ResourceTypeModel> = {
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    replacingProperties: ['FifoQueue'],
    physicalId: (name, at) =>
      `https://sqs.${at.region}.amazonaws.com/${at.accountId}/${name}`,
    attributes: (name, physicalId, _props, at) => ({
      Arn: `arn:aws:sqs:${at.region}:${at.accountId}:${name}`,
      QueueName: name,
      QueueUrl: physicalId,
    }),
    validate(name, properties) {
      const fifo = isTrue(properties.FifoQueue);
      if (fifo !== name.endsWith('.fifo')) {
        return fifo
          ? 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.'
          : 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length';
      }
      if (!/^[A-Za-z0-9_-]{1,75}(\.fifo)?$/.test(name)) {
        return 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length';
      }
      return undefined;
    },
  },
  'AWS::SSM::Parameter': {
    nameProperty: 'Name',
    physicalId: name => name,
    attributes: (_name, _id, props) => ({
      Type: String(props.Type ?? 'String'),
      Value: String(props.Value ?? ''),
    }),
    validate: (_name, props) =>
      props.Value === undefined ? 'Property Value cannot be empty.' : undefined,
  },
  'AWS::IAM::ManagedPolicy': {
    nameProperty: 'ManagedPolicyName',
    iam: true,
    physicalId: (name, at) => `arn:aws:iam::${at.accountId}:policy/${name}`,
    attributes: (name, physicalId) => ({
      PolicyArn: physicalId,
      PolicyId: `ANPA${hash(name).slice(0, 17).toUpperCase()}`,
    }),
    validate: (_name, props) =>
      props.PolicyDocument === undefined
        ? 'Property PolicyDocument cannot be empty.'
        : undefined,
  },
  'AWS::SecretsManager::Secret': {
    nameProperty: 'Name',
    physicalId: (name, at) =>
      `arn:aws:secretsmanager:${at.region}:${
        at.accountId
      }:secret:${name}-${hash(name).slice(0, 6)}`,
    attributes: (_name, physicalId) => ({ Id: physicalId }),
  },
};

export function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * The name CloudFormation generates for a resource without a name property:
 * `<stack>-<logicalId>-<random suffix>`.
 */
export function generatedName(
  type: string,
  logicalId: string,
  at: AwsLocation,
  properties: Record<string, unknown>,
): string {
  const suffix = hash([at.stackName, logicalId, Date.now(), Math.random()])
    .slice(0, 12)
    .toUpperCase();
  const base = `${at.stackName}-${logicalId}`.slice(0, 60);
  if (type === 'AWS::SQS::Queue' && isTrue(properties.FifoQueue)) {
    return `${base}-${suffix}.fifo`;
  }
  return `${base}-${suffix}`;
}
