import { GrafanaSearchHit } from '@internal/api-grafana';
import { Sandbox, startSandbox } from '../../server';
import { grafanaSimulator } from '.';

describe('grafanaSimulator', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [grafanaSimulator({ token: 'custom-token' })],
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => fetch(`${sandbox.url}/admin/reset`, { method: 'POST' }));

  async function get(path: string, token: string | null = 'custom-token') {
    const res = await fetch(`${sandbox.url}/grafana${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return res;
  }

  const search = async (query: string): Promise<GrafanaSearchHit[]> =>
    (await get(`/api/search?${query}`)).json();

  it('has a folder per system and a dashboard per service, both in an untyped search', async () => {
    const folders = await search('type=dash-folder');
    const all = await search('');

    expect(folders.map(f => f.title)).toEqual([
      'Developer Platform',
      'Payments',
      'Storefront',
    ]);
    expect(folders[0]).not.toHaveProperty('folderUid');
    expect(all).toHaveLength(3 + 7);
  });

  it('has dashboards for seeded services too', async () => {
    await fetch(`${sandbox.url}/admin/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ services: 10 }),
    });

    const hits = await search('type=dash-db&tag=service:svc-0010');

    expect(hits.map(h => h.title)).toEqual(['svc-0010 overview']);
    expect(await search('type=dash-db')).toHaveLength(17);
  });

  it('accepts only its own token on the API and the renderer', async () => {
    const [hit] = await search('tag=cart-service');

    expect((await get('/api/search', 'sandbox-grafana-token')).status).toBe(
      401,
    );
    expect(
      (await get(`/render/d-solo/${hit.uid}?panelId=1`, null)).status,
    ).toBe(401);
    expect((await get(`/d-solo/${hit.uid}?panelId=1`, null)).status).toBe(200);
  });

  it('answers 404 for an unknown panel, dashboard or API path', async () => {
    const [hit] = await search('tag=cart-service');

    expect((await get(`/d-solo/${hit.uid}/x?panelId=99`)).status).toBe(404);
    const render = await get('/render/d-solo/nope?panelId=1');
    expect(render.status).toBe(404);
    const unknown = await get('/api/annotations');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Not found' });
  });

  it('shows the panel, variables and time range of an embed', async () => {
    const [hit] = await search('tag=cart-service');

    const page = await (
      await get(
        `/d-solo/${hit.uid}/cart-service-overview?orgId=1&panelId=3&from=now-1h&to=now&var-environment=staging`,
        null,
      )
    ).text();

    expect(page).toContain('<h3 data-testid="panel-title">Latency</h3>');
    expect(page).toContain('cart-service overview (environment=staging)');
    expect(page).toContain('now-1h to now');
  });
});
