import { ConfigReader } from '@backstage/config';
import {
  defaultEnvironments,
  environmentsOf,
  readEnvironments,
} from './environments';

describe('readEnvironments', () => {
  it('reads names, order and the production flag from `environments`', () => {
    const environments = readEnvironments(
      new ConfigReader({
        environments: [
          { name: 'dev' },
          { name: 'qa' },
          { name: 'live', production: true },
        ],
      }),
    );

    expect(environments.names()).toEqual(['dev', 'qa', 'live']);
    expect(environments.isProduction('live')).toBe(true);
    expect(environments.isProduction('qa')).toBe(false);
    expect(environments.isProduction('prod')).toBe(false);
    expect(environments.productionNames()).toEqual(['live']);
    expect(
      ['live', 'other', 'dev', 'qa'].sort(
        (a, b) => environments.order(a) - environments.order(b),
      ),
    ).toEqual(['dev', 'qa', 'live', 'other']);
  });

  it('is dev, staging, prod (production) without config', () => {
    const environments = readEnvironments(new ConfigReader({}));

    expect(environments).toBe(defaultEnvironments);
    expect(environments.names()).toEqual(['dev', 'staging', 'prod']);
    expect(environments.productionNames()).toEqual(['prod']);
  });

  it('refuses an empty list, a duplicate and a name that cannot be part of a resource name', () => {
    expect(() =>
      readEnvironments(new ConfigReader({ environments: [] })),
    ).toThrow(/at least one/);
    expect(() =>
      environmentsOf([
        { name: 'dev', production: false },
        { name: 'dev', production: true },
      ]),
    ).toThrow(/configured twice/);
    expect(() =>
      environmentsOf([{ name: 'Prod Env', production: true }]),
    ).toThrow(/lower-case/);
  });
});
