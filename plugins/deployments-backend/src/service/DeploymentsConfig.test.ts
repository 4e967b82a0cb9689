import { ConfigReader } from '@backstage/config';
import { readDeploymentsConfig } from './DeploymentsConfig';

describe('readDeploymentsConfig: production environments', () => {
  const argocd = {
    deployments: {
      argocd: {
        instances: [
          {
            name: 'argocd',
            baseUrl: 'http://argocd.test',
            token: 't',
            environments: ['dev', 'live'],
          },
        ],
      },
    },
  };

  it("come from the portal's environment model", () => {
    const config = readDeploymentsConfig(
      new ConfigReader({
        ...argocd,
        environments: [{ name: 'dev' }, { name: 'live', production: true }],
      }),
    );
    expect(config.productionEnvironments).toEqual(['live']);
  });

  it('are prod without any config, and the older deployments key still wins', () => {
    expect(
      readDeploymentsConfig(new ConfigReader(argocd)).productionEnvironments,
    ).toEqual(['prod']);
    expect(
      readDeploymentsConfig(
        new ConfigReader({
          environments: [{ name: 'live', production: true }],
          deployments: {
            ...argocd.deployments,
            productionEnvironments: ['dev'],
          },
        }),
      ).productionEnvironments,
    ).toEqual(['dev']);
  });
});
