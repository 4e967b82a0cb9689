import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

const productionEnv = {
  PORTAL_BASE_URL: 'https://portal.acme.example',
  POSTGRES_HOST: 'db.internal',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  POSTGRES_PASSWORD: 'secret',
  AUTH_SESSION_SECRET: 'session-secret',
  OIDC_METADATA_URL:
    'https://idp.acme.example/.well-known/openid-configuration',
  OIDC_CLIENT_ID: 'portal',
  OIDC_CLIENT_SECRET: 'client-secret',
  GITHUB_TOKEN: 'ghp_x',
  EKS_DEV_API_URL: 'https://dev.eks.acme.example',
  EKS_DEV_CA_DATA: 'LS0t',
  EKS_STAGING_API_URL: 'https://staging.eks.acme.example',
  EKS_STAGING_CA_DATA: 'LS0t',
  EKS_PROD_API_URL: 'https://prod.eks.acme.example',
  EKS_PROD_CA_DATA: 'LS0t',
  TFC_ORGANIZATION: 'acme-prod',
  TFC_TOKEN: 'tfc-team-token',
  ARGOCD_URL: 'https://argocd.acme.example',
  ARGOCD_TOKEN: 'argocd-token',
  REDIS_URL: 'rediss://:auth-token@portal-cache.acme.internal:6379',
};

/** The Kubernetes clusters the config names, as `name url authProvider`. */
function kubernetesClusters(config: ConfigReader): string[] {
  return config
    .getConfigArray('kubernetes.clusterLocatorMethods')
    .flatMap(method => method.getConfigArray('clusters'))
    .map(
      c =>
        `${c.getString('name')} ${c.getString('url')} ${c.getString(
          'authProvider',
        )}`,
    );
}

async function load(files: string[], env: Record<string, string> = {}) {
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: files.map(f => ({ path: path.join(root, f) })),
    experimentalEnvFunc: async name => env[name],
  });
  return ConfigReader.fromConfigs(appConfigs);
}

describe('app-config', () => {
  it('embedded default: SQLite under .data, sign-in through the sandbox IdP', async () => {
    const config = await load(['app-config.yaml']);
    expect(config.getString('backend.database.client')).toBe('better-sqlite3');
    expect(config.getString('backend.database.connection.directory')).toBe(
      '../../.data/sqlite',
    );
    expect(config.getString('auth.environment')).toBe('development');
    expect(config.getString('backend.cache.store')).toBe('memory');
    expect(
      config.getString('auth.providers.oidc.development.metadataUrl'),
    ).toBe('http://localhost:7010/oidc/.well-known/openid-configuration');
    expect(config.getOptional('auth.providers.guest')).toBeUndefined();
    expect(kubernetesClusters(config)).toEqual([
      'dev https://localhost:7010/kubernetes/dev serviceAccount',
      'staging https://localhost:7010/kubernetes/staging serviceAccount',
      'prod https://localhost:7010/kubernetes/prod serviceAccount',
    ]);
    // Verified with the CA the sandbox keeps in its state directory.
    const clusters = config
      .getConfigArray('kubernetes.clusterLocatorMethods')
      .flatMap(method => method.getConfigArray('clusters'));
    expect(clusters.map(c => c.getString('caFile'))).toEqual(
      clusters.map(() => '../../.data/sandbox/kubernetes/ca.crt'),
    );
  });

  it('production: PostgreSQL, the company IdP, no guest and no sandbox', async () => {
    const config = await load(
      ['app-config.yaml', 'app-config.production.yaml'],
      productionEnv,
    );
    expect(config.getString('backend.database.client')).toBe('pg');
    expect(config.getString('backend.database.connection.host')).toBe(
      'db.internal',
    );
    expect(config.getString('auth.environment')).toBe('production');
    // Every replica shares one cache on Redis, through the store whose client
    // errors are handled (see multiReplica.test.ts).
    expect(config.getString('backend.cache.store')).toBe('valkey');
    expect(config.getString('backend.cache.connection')).toBe(
      productionEnv.REDIS_URL,
    );
    expect(config.getString('events.useEventBus')).toBe('always');
    const oidc = config.getConfig('auth.providers.oidc.production');
    expect(oidc.getString('metadataUrl')).toBe(productionEnv.OIDC_METADATA_URL);
    expect(
      oidc.getConfigArray('signIn.resolvers').map(r => r.getString('resolver')),
    ).toEqual(['emailMatchingUserEntityProfileEmail']);
    expect(config.getOptional('auth.providers.guest')).toBeUndefined();
    const locations = config
      .getConfigArray('catalog.locations')
      .map(l => l.getString('target'));
    expect(locations.some(t => t.includes('sandbox'))).toBe(false);
    expect(config.getString('app.baseUrl')).toBe(productionEnv.PORTAL_BASE_URL);
    expect(kubernetesClusters(config)).toEqual([
      'dev https://dev.eks.acme.example aws',
      'staging https://staging.eks.acme.example aws',
      'prod https://prod.eks.acme.example aws',
    ]);
    const tfc = config.getConfigArray(
      'provisioning.terraformCloud.organizations',
    );
    expect(
      tfc.map(o => `${o.getString('name')} ${o.getString('baseUrl')}`),
    ).toEqual(['acme-prod https://app.terraform.io']);
    expect(
      config
        .getConfigArray('deployments.argocd.instances')
        .map(i => `${i.getString('name')} ${i.getString('baseUrl')}`),
    ).toEqual(['argocd https://argocd.acme.example']);
  });
});
