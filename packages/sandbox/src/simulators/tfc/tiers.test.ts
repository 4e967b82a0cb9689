import { desiredState, enabledTiers } from './tiers';

describe('enabledTiers', () => {
  it('reads the stack variable `tiers` as the portal sends it (HCL)', () => {
    const variables = new Map([
      [
        'tiers',
        '{ database = "aurora-serverless-v2", cache = "none", queue = "sqs", public_http = true }',
      ],
    ]);
    expect(enabledTiers(variables)).toEqual(['database', 'queue']);
  });

  it('still reads enable_<tier>', () => {
    expect(enabledTiers(new Map([['enable_cache', 'true']]))).toEqual([
      'cache',
    ]);
    expect(enabledTiers(new Map([['tiers', '{}']]))).toEqual([]);
  });

  it('derives the outputs of the chosen tiers', () => {
    const { outputs } = desiredState(
      new Map([
        ['service_name', 'payments-api'],
        ['environment', 'prod'],
        ['tiers', '{ cache = "redis" }'],
      ]),
      'payments-api-prod',
    );
    expect(outputs.map(o => o.name)).toEqual([
      'service_role_arn',
      'cache_endpoint',
    ]);
  });
});
