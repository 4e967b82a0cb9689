import { APIRequestContext, expect, test } from '@playwright/test';
import { backstageToken } from './support/identity';
import { signIn } from './support/signIn';

/**
 * Issue 12, finding 1 (workspace squatting) and 5 (variables), with the
 * real tokens of signed-in users: sara.kim (storefront) asks for
 * infrastructure under names that are not hers; every request is refused
 * with a message, and Terraform Cloud (the sandbox's) never sees a run of
 * hers.
 */
const TFC = 'http://localhost:7010/tfc/api/v2';
const TFC_AUTH = { authorization: 'Bearer sandbox-tfc-token' };

/** Runs of the workspace that carry the request's idempotency key. */
async function runsWithKey(
  request: APIRequestContext,
  workspace: string,
  key: string,
): Promise<number> {
  const ws = await request.get(
    `${TFC}/organizations/acme/workspaces/${workspace}`,
    { headers: TFC_AUTH },
  );
  if (ws.status() === 404) return 0;
  expect(ws.ok(), await ws.text()).toBeTruthy();
  const { data } = await ws.json();
  const runs = await request.get(`${TFC}/workspaces/${data.id}/runs`, {
    headers: TFC_AUTH,
  });
  expect(runs.ok(), await runs.text()).toBeTruthy();
  return (await runs.json()).data.filter((run: any) =>
    String(run.attributes.message).includes(key),
  ).length;
}

test("sara.kim cannot provision payments-api's workspaces under any ref", async ({
  page,
}) => {
  await signIn(page, 'sara.kim');
  const token = await backstageToken(page);
  const key = `e2e-squat-${Date.now()}`;

  const attempts: Array<[string, number, RegExp]> = [
    // The probe's request.
    ['component:probe-sec/payments-api', 400, /namespace probe-sec/],
    ['api:default/payments-api', 400, /is of kind api/],
    ['resource:default/payments-api', 400, /is of kind resource/],
    ['location:default/payments-api', 400, /is of kind location/],
    // A Cyrillic а.
    ['component:default/pаyments-api', 400, /not a service name/],
    // The real one: payments owns it.
    ['component:default/payments-api', 403, /provisioning\.run\.request/],
    // A name nobody has: only through the template's grant.
    ['component:default/sara-probe-api', 404, /No catalog entity/],
  ];
  for (const [i, [entityRef, status, message]] of attempts.entries()) {
    const res = await page.request.post('/api/provisioning/requests', {
      headers: { authorization: `Bearer ${token}` },
      data: {
        entityRef,
        environments: ['staging'],
        tiers: { database: 'none' },
        idempotencyKey: `${key}-${i}`,
      },
    });
    expect(res.status(), `${entityRef}: ${await res.text()}`).toBe(status);
    expect((await res.json()).error.message).toMatch(message);
  }

  // A grant needs a running scaffolder task of hers.
  const grant = await page.request.post('/api/provisioning/grants', {
    headers: { authorization: `Bearer ${token}` },
    data: { entityRef: 'component:default/sara-probe-api', taskId: 'made-up' },
  });
  expect(grant.status(), await grant.text()).toBe(403);

  expect(await runsWithKey(page.request, 'payments-api-staging', key)).toBe(0);
  expect(await runsWithKey(page.request, 'sara-probe-api-staging', key)).toBe(
    0,
  );
});

test('even an owner may not set platform inputs or portal variables', async ({
  page,
}) => {
  await signIn(page, 'lena.fischer');
  const token = await backstageToken(page);
  const key = `e2e-vars-${Date.now()}`;
  for (const [field, name, value] of [
    ['variables', 'allow_destroy', true],
    ['variables', 'vpc_id', 'vpc-elsewhere'],
    ['sensitiveVariables', 'service_name', 'other'],
    ['sensitiveVariables', 'aws_account_id', '111111111111'],
  ] as const) {
    const res = await page.request.post('/api/provisioning/requests', {
      headers: { authorization: `Bearer ${token}` },
      data: {
        entityRef: 'component:default/payments-api',
        environments: ['staging'],
        tiers: { database: 'none' },
        [field]: { [name]: value },
        idempotencyKey: `${key}-${name}`,
      },
    });
    expect(res.status(), await res.text()).toBe(400);
    expect((await res.json()).error.message).toContain(`${field}.${name}`);
  }
  expect(await runsWithKey(page.request, 'payments-api-staging', key)).toBe(0);
});
