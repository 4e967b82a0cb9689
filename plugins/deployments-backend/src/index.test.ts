import {
  startTestDeployments,
  TestDeployments,
} from './__testUtils__/testDeployments';

/*
 * The deployments index with the watch on: one list per instance, then
 * Argo CD's stream keeps the matrix and the entity view current.
 */
describe('deployments index fed by the watch stream', () => {
  jest.setTimeout(30_000);
  let t: TestDeployments;

  beforeEach(async () => {
    t = await startTestDeployments({ watch: true, cacheTtlSeconds: 60 });
  });
  afterEach(() => t.close());

  async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`never: ${JSON.stringify(value)}`);
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }
  const lists = async (instance: string) =>
    (await t.sandboxCall('GET', '/admin/calls')).body[instance]?.[
      'GET /api/v1/applications'
    ] ?? 0;
  const paymentsDev = async () =>
    (await t.api('GET', '/matrix?search=payments-api')).body.rows[0]
      ?.deployments.dev;

  it('shows a release from the stream without listing again', async () => {
    const before = await eventually(paymentsDev, d => d?.state === 'deployed');
    await eventually(
      () => lists('argocd'),
      n => n === 1,
    );

    await t.sandboxCall('POST', '/argocd/_sandbox/release', {
      service: 'payments-api',
      environment: 'dev',
    });
    await t.tick(3);

    const after = await eventually(
      paymentsDev,
      d => d?.revision !== before.revision,
    );
    expect(after.revision).toMatch(/^[0-9a-f]{40}$/);
    const entity = await t.api(
      'GET',
      '/entities/default/component/payments-api',
    );
    expect(
      entity.body.environments.find((e: any) => e.environment === 'dev')
        .revision,
    ).toBe(after.revision);
    expect(await lists('argocd')).toBe(1);
    expect(await lists('argocd-eu')).toBe(1);
  });

  it('lists again when Argo CD cannot resume the stream', async () => {
    await eventually(paymentsDev, d => d?.state === 'deployed');
    await eventually(
      () => lists('argocd'),
      n => n === 1,
    );

    // A reset forgets every version, as a restarted Argo CD: the stream
    // ends, the resume is "too old", and the feed lists again. (The reset
    // also clears the call counts.)
    await t.sandboxCall('POST', '/admin/reset');

    await eventually(
      () => lists('argocd'),
      n => n === 1,
    );
    expect((await paymentsDev()).state).toBe('deployed');
  });
});
