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
};

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
    expect(
      config.getString('auth.providers.oidc.development.metadataUrl'),
    ).toBe('http://localhost:7010/oidc/.well-known/openid-configuration');
    expect(config.getOptional('auth.providers.guest')).toBeUndefined();
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
  });
});
