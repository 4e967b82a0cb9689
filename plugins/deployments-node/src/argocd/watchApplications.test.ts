import {
  ArgoCDTestSandbox,
  SANDBOX_ARGOCD_TOKEN,
  startArgoCDTestSandbox,
} from '@internal/sandbox';
import { ArgoCDClient, ApplicationWatchEvent } from './ArgoCDClient';
import { ArgoCDError } from './ArgoCDError';

/*
 * The watch stream and the incremental list, the client against the
 * sandbox's Argo CD simulator (in-process, clock stopped).
 */
describe('ArgoCDClient watch and incremental list', () => {
  let t: ArgoCDTestSandbox;

  beforeAll(async () => {
    t = await startArgoCDTestSandbox();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.call('POST', '/admin/reset');
  });

  const client = (token = SANDBOX_ARGOCD_TOKEN) =>
    new ArgoCDClient({ baseUrl: t.baseUrl, token, retryDelayMs: 1 });

  /** Reads events until `until` says enough, then aborts the stream. */
  async function collect(
    query: Parameters<ArgoCDClient['watchApplications']>[0],
    until: (events: ApplicationWatchEvent[]) => boolean,
    act?: () => Promise<void>,
  ): Promise<ApplicationWatchEvent[]> {
    const controller = new AbortController();
    const events: ApplicationWatchEvent[] = [];
    const timer = setTimeout(
      () => controller.abort(new Error('too slow')),
      10_000,
    );
    const reading = (async () => {
      for await (const event of client().watchApplications({
        ...query,
        signal: controller.signal,
      })) {
        events.push(event);
        if (until(events)) break;
      }
    })();
    await act?.();
    try {
      await reading;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return events;
  }

  const names = (events: ApplicationWatchEvent[]) =>
    events.map(e => `${e.type} ${e.application.metadata?.name}`);

  it('sends every matching application as ADDED, sorted, then live changes', async () => {
    const selector = 'app.kubernetes.io/name=payments-api';
    const events = await collect(
      { selector },
      e => e.some(x => x.type === 'MODIFIED'),
      async () => {
        await t.release({ service: 'payments-api', environment: 'dev' });
      },
    );

    expect(names(events).slice(0, 3)).toEqual([
      'ADDED payments-api-dev',
      'ADDED payments-api-prod',
      'ADDED payments-api-staging',
    ]);
    const modified = events.find(e => e.type === 'MODIFIED')!;
    expect(modified.application.metadata?.name).toBe('payments-api-dev');
    expect(
      Number(modified.application.metadata?.resourceVersion),
    ).toBeGreaterThan(Number(events[0].application.metadata?.resourceVersion));
  });

  it('resumes from a resourceVersion with only the changes after it', async () => {
    const list = await client().listApplications();
    await t.release({ service: 'ledger-service', environment: 'staging' });

    const events = await collect(
      { resourceVersion: list.metadata?.resourceVersion },
      e => e.length >= 1,
    );

    expect(names(events)).toEqual(['MODIFIED ledger-service-staging']);
  });

  it('sends DELETED when an application is deleted', async () => {
    const list = await client().listApplications();
    const del = await t.call(
      'DELETE',
      '/argocd/api/v1/applications/ledger-service-dev',
    );
    expect(del.status).toBe(200);

    const events = await collect(
      { resourceVersion: list.metadata?.resourceVersion },
      e => e.length >= 1,
    );
    expect(names(events)).toEqual(['DELETED ledger-service-dev']);
  });

  it('answers a version older than it remembers with an expired error', async () => {
    const list = await client().listApplications();
    await t.call('POST', '/admin/reset'); // as a restarted Argo CD forgets

    const error = await collect(
      { resourceVersion: list.metadata?.resourceVersion },
      () => true,
    ).catch(e => e);

    expect(error).toBeInstanceOf(ArgoCDError);
    expect(error.reason).toBe('expired');
    expect(error.message).toMatch(/too old resource version/);
  });

  it('refuses a watch without a valid token, and a bad selector', async () => {
    await expect(collect({}, () => true)).resolves.toHaveLength(1);

    const iterator = client('wrong').watchApplications({});
    await expect(iterator.next()).rejects.toMatchObject({
      reason: 'unauthenticated',
      status: 401,
    });
    await expect(
      client().watchApplications({ selector: 'a in (' }).next(),
    ).rejects.toMatchObject({ status: 500 });
  });

  it('streams on the wire as newline-delimited results', async () => {
    const controller = new AbortController();
    const res = await fetch(
      `${t.baseUrl}/api/v1/stream/applications?selector=app.kubernetes.io/name%3Dpayments-api`,
      {
        headers: { authorization: `Bearer ${SANDBOX_ARGOCD_TOKEN}` },
        signal: controller.signal,
      },
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    while (text.split('\n').length < 4) {
      text += new TextDecoder().decode((await reader.read()).value);
    }
    controller.abort();
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0])).toEqual(['result']);
    expect(lines[0].result.type).toBe('ADDED');
    expect(lines[0].result.application.metadata.name).toBe('payments-api-dev');
  });

  it('reads a list incrementally, item by item, with its resourceVersion', async () => {
    const whole = await client().listApplications();
    const items: string[] = [];
    const { resourceVersion } = await client().forEachApplication({}, app =>
      items.push(app.metadata!.name!),
    );

    expect(items).toEqual(whole.items.map(a => a.metadata?.name));
    expect(resourceVersion).toBe(whole.metadata?.resourceVersion);
  });
});
