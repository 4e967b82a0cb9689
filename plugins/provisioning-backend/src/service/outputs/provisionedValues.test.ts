import { parse } from 'yaml';
import { provisionedValues, writeProvisionedValues } from './provisionedValues';

const FILE = `environment: dev
# Outputs of the provisioning workspace orders-dev.
provisioned:
  awsRegion: ""
  roleArn: "" # IRSA
  database:
    host: ""
    port: 5432
    secretArn: ""
  cache:
    host: ""
    port: 6379
`;

describe('provisionedValues', () => {
  it('never writes a sensitive output, even one the engine sent a value with', () => {
    const values = provisionedValues(
      [
        {
          name: 'service_role_arn',
          sensitive: false,
          value: 'arn:aws:iam::123456789012:role/orders-dev',
        },
        {
          name: 'database_endpoint',
          sensitive: false,
          value: 'orders.abc.eu-west-1.rds.amazonaws.com:5433',
        },
        {
          name: 'database_secret_arn',
          sensitive: true,
          value: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x',
        },
        { name: 'database_password', sensitive: true, value: 'hunter2' },
        {
          name: 'cache_endpoint',
          sensitive: false,
          value: 'redis.example:6380',
        },
        {
          name: 'queue_url',
          sensitive: false,
          value: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders-dev',
        },
      ],
      { database: 'rds-postgres', cache: 'redis' },
    );
    expect(values).toEqual([
      {
        path: ['provisioned', 'roleArn'],
        value: 'arn:aws:iam::123456789012:role/orders-dev',
      },
      {
        path: ['provisioned', 'database', 'host'],
        value: 'orders.abc.eu-west-1.rds.amazonaws.com',
      },
      { path: ['provisioned', 'database', 'port'], value: 5433 },
      { path: ['provisioned', 'cache', 'host'], value: 'redis.example' },
      { path: ['provisioned', 'cache', 'port'], value: 6380 },
    ]);
    const text = writeProvisionedValues(FILE, values);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('secretsmanager');
    // A queue was not requested: its output is not written.
    expect(text).not.toContain('sqs');
  });

  it('takes the region from the stack, else from a regional ARN', () => {
    expect(
      provisionedValues(
        [
          {
            name: 'environment_variables',
            sensitive: false,
            value: { AWS_REGION: 'us-east-2' },
          },
        ],
        {},
      ),
    ).toEqual([{ path: ['provisioned', 'awsRegion'], value: 'us-east-2' }]);
    expect(
      provisionedValues(
        [
          {
            name: 'queue_arn',
            sensitive: false,
            value: 'arn:aws:sqs:eu-west-1:123456789012:q',
          },
        ],
        {},
      ),
    ).toEqual([{ path: ['provisioned', 'awsRegion'], value: 'eu-west-1' }]);
  });
});

describe('writeProvisionedValues', () => {
  const values = [
    {
      path: ['provisioned', 'roleArn'],
      value: 'arn:aws:iam::123456789012:role/orders-dev',
    },
    { path: ['provisioned', 'database', 'host'], value: 'db.example' },
  ];

  it('keeps comments and other keys, and changes nothing the second time', () => {
    const once = writeProvisionedValues(FILE, values);
    expect(once).toContain(
      '# Outputs of the provisioning workspace orders-dev.',
    );
    expect(once).toContain('# IRSA');
    expect(parse(once)).toEqual({
      environment: 'dev',
      provisioned: {
        awsRegion: '',
        roleArn: 'arn:aws:iam::123456789012:role/orders-dev',
        database: { host: 'db.example', port: 5432, secretArn: '' },
        cache: { host: '', port: 6379 },
      },
    });
    expect(writeProvisionedValues(once, values)).toBe(once);
  });

  it('adds the block to a file without one, and refuses what is not YAML', () => {
    expect(
      parse(writeProvisionedValues('environment: dev\n', values)).provisioned
        .database,
    ).toEqual({
      host: 'db.example',
    });
    expect(() => writeProvisionedValues('a: [', values)).toThrow(
      /not valid YAML/,
    );
    expect(() => writeProvisionedValues('- a\n', values)).toThrow(
      /not a YAML mapping/,
    );
  });
});
