import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadConfig, loadConfigSchema } from '@backstage/config-loader';
import { SANDBOX_ES_API_KEY } from '@internal/sandbox';
import { startTestApp, TestApp } from './__testUtils__/testApp';

/*
 * Credentials stay server-side: no token of Grafana, Jaeger or Prometheus
 * may reach a browser, neither in an API answer (data, errors, images) nor
 * in the frontend bundle, which embeds the frontend-visible config at build
 * time.
 */

const repoRoot = path.resolve(__dirname, '../../..');
const NOON = Date.parse('2026-03-02T12:00:00Z');
const PAYMENTS = '/entities/component/default/payments-api';

/** Every string value under `value`, with its path. */
function strings(value: unknown, at = ''): Array<[string, string]> {
  if (typeof value === 'string') {
    return [[at, value]];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      strings(v, at ? `${at}.${k}` : k),
    );
  }
  return [];
}

async function observabilityConfig(visibility: Array<'frontend' | 'secret'>) {
  const schema = await loadConfigSchema({
    dependencies: ['@internal/plugin-observability-backend'],
  });
  const { appConfigs } = await loadConfig({
    configRoot: repoRoot,
    configTargets: [{ path: path.join(repoRoot, 'app-config.yaml') }],
  });
  const processed = schema.process(appConfigs, { visibility });
  return processed.map(c => (c.data as any).observability).filter(Boolean);
}

describe('no token reaches the browser', () => {
  const secrets = {
    grafana: 'sandbox-grafana-token',
    jaeger: 'jaeger-proxy-token-7f3a',
    prometheus: 'prometheus-token-91c2',
    elasticsearch: SANDBOX_ES_API_KEY,
  };
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      now: NOON,
      timeoutMs: 1000,
      tokens: { jaeger: secrets.jaeger, prometheus: secrets.prometheus },
    });
  });
  afterAll(() => app.close());

  it('declares every token secret, so no build or API hands it to the frontend', async () => {
    const secretValues = strings(await observabilityConfig(['secret']));
    // The sandbox's Grafana token is configured, and known to be secret...
    expect(secretValues.map(([, v]) => v)).toContain(secrets.grafana);
    expect(
      secretValues.every(([p]) => /(^|\.)(token|apiKey|password)$/.test(p)),
    ).toBe(true);
    // The sandbox's Elasticsearch API key too.
    expect(secretValues.map(([p]) => p)).toContain('0.elasticsearch.apiKey');
    // ...and the frontend's view of the same config has the environments
    // (frontend-visible) but no token.
    const frontend = await observabilityConfig(['frontend']);
    expect(frontend).toEqual([{ environments: ['dev', 'staging', 'prod'] }]);
  }, 60_000);

  it('appears in no answer of any endpoint, healthy or failing', async () => {
    const seen: string[] = [];
    const collect = async (p: string) => {
      const res = await app.get(p);
      seen.push(`${p} ${res.status} ${res.contentType}\n${res.text}`);
      return res;
    };
    const dashboards = await collect(`${PAYMENTS}/dashboards`);
    // The panel image is rendered by Grafana with the token: its bytes come
    // back, the token does not.
    await collect(
      `${PAYMENTS}/${dashboards.body.dashboards[0].panels[0].imagePath}`,
    );
    await collect(`${PAYMENTS}/alerts`);
    const traces = await collect(`${PAYMENTS}/traces?window=15m&limit=5`);
    await collect(`${PAYMENTS}/traces/${traces.body.traces[0].traceId}`);
    await collect(`${PAYMENTS}/slis?window=1h`);
    await collect(`${PAYMENTS}/logs`);
    await collect(`${PAYMENTS}/logs/search?environment=prod&limit=5`);
    await collect(`${PAYMENTS}/traces?window=2h`);
    for (const system of [
      'grafana',
      'jaeger',
      'prometheus',
      'elasticsearch',
    ] as const) {
      await app.fault(system, { status: 500 });
    }
    await collect(`${PAYMENTS}/dashboards`);
    await collect(`${PAYMENTS}/alerts`);
    await collect(`${PAYMENTS}/traces?window=15m`);
    await collect(`${PAYMENTS}/slis?window=1h`);
    await collect(`${PAYMENTS}/logs/search?environment=prod`);
    await app.reset();

    // The answers are real ones (the token reached Grafana), and errors too.
    expect(dashboards.status).toBe(200);
    expect(seen.filter(s => / 502 /.test(s))).toHaveLength(4);
    const all = seen.join('\n');
    for (const token of Object.values(secrets)) {
      expect(all).not.toContain(token);
    }
    expect(all).not.toMatch(/authorization|bearer/i);
  });

  it('appears in no file of the built frontend', () => {
    const appDist = path.join(repoRoot, 'packages/app/dist');
    let dist = appDist;
    if (!fs.existsSync(path.join(appDist, 'index.html'))) {
      // No app build here: build our frontend plugin, which is what would
      // carry a token if its code or config handling leaked one.
      const plugin = path.join(repoRoot, 'plugins/observability');
      execFileSync('yarn', ['backstage-cli', 'package', 'build'], {
        cwd: plugin,
        stdio: 'ignore',
      });
      dist = path.join(plugin, 'dist');
    }
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(js|html|json|map|css)$/.test(entry.name)) files.push(full);
      }
    };
    walk(dist);
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter(f => {
      const text = fs.readFileSync(f, 'utf8');
      return Object.values(secrets).some(t => text.includes(t));
    });
    expect(offenders).toEqual([]);
  }, 180_000);
});
