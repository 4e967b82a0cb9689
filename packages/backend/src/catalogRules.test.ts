/*
 * The catalog rules of app-config.yaml, checked by the catalog's own rules
 * enforcer. A Template runs actions with the portal's credentials, so the
 * catalog must take Templates only from the portal's template location, never
 * from a location a user registered (issue 12, finding 3).
 *
 * DefaultCatalogRulesEnforcer is what the catalog backend builds from
 * `catalog.rules` and `catalog.locations[].rules`; it is not exported, so the
 * test loads it from the package's dist the way the catalog does.
 */
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

interface RulesEnforcer {
  isAllowed(
    entity: { kind: string; spec?: object },
    location: { type: string; target: string },
  ): boolean;
}

function catalogRulesEnforcer(config: ConfigReader): RulesEnforcer {
  const dist = path.join(
    path.dirname(require.resolve('@backstage/plugin-catalog-backend')),
    'ingestion/CatalogRules.cjs.js',
  );
  const { DefaultCatalogRulesEnforcer } = require(dist);
  return DefaultCatalogRulesEnforcer.fromConfig(config);
}

async function load(files: string[]) {
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: files.map(f => ({ path: path.join(root, f) })),
  });
  return ConfigReader.fromConfigs(appConfigs);
}

const template = { kind: 'Template', spec: { type: 'service' } };
const component = { kind: 'Component', spec: { type: 'service' } };

/** Where users register their repositories (the catalog import page). */
const registered = {
  type: 'url',
  target: 'http://localhost:7010/acme/probe-sec/blob/main/catalog-info.yaml',
};

describe('catalog rules', () => {
  let rules: RulesEnforcer;
  const cwd = process.cwd();
  // The backend runs in packages/backend; file targets resolve from there,
  // whichever directory the test runner was started in.
  beforeAll(async () => {
    process.chdir(path.join(root, 'packages/backend'));
    rules = catalogRulesEnforcer(await load(['app-config.yaml']));
  });

  afterAll(() => process.chdir(cwd));

  it('refuses a Template in a location a user registered', () => {
    expect(rules.isAllowed(template, registered)).toBe(false);
    expect(
      rules.isAllowed(template, {
        type: 'url',
        target: 'https://github.com/acme/anything/blob/main/template.yaml',
      }),
    ).toBe(false);
  });

  it("takes Templates from the portal's template location", () => {
    expect(
      rules.isAllowed(template, {
        type: 'file',
        target: path.join(root, 'templates/microservice/template.yaml'),
      }),
    ).toBe(true);
  });

  it('refuses a Template from another file of the portal repository', () => {
    expect(
      rules.isAllowed(template, {
        type: 'file',
        target: path.join(root, 'packages/sandbox/world/services.yaml'),
      }),
    ).toBe(false);
  });

  it('still takes Components, APIs and Systems from registered locations', () => {
    expect(rules.isAllowed(component, registered)).toBe(true);
    expect(rules.isAllowed({ kind: 'API' }, registered)).toBe(true);
    expect(rules.isAllowed({ kind: 'System' }, registered)).toBe(true);
    // Users and groups come from the org location only.
    expect(rules.isAllowed({ kind: 'Group' }, registered)).toBe(false);
  });
});
