import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sandbox, startSandbox } from '../../server';
import { MAIN_TF, tarball } from './tarball';
import { tfcApi } from './__testUtils__/tfcApi';
import { tfcSimulator } from './tfcSimulator';

const STEP_MS = 20;

/** A sandbox with only Terraform Cloud, keeping its state in `stateDir`. */
async function start(stateDir: string, stepMs = STEP_MS) {
  const sandbox = await startSandbox({
    port: 0,
    stateDir,
    simulators: [tfcSimulator({ stepMs, outputsProcessingMs: 0 })],
  });
  return { sandbox, api: tfcApi(`${sandbox.url}/tfc`) };
}

describe('tfcSimulator state across restarts', () => {
  let stateDir: string;
  let sandbox: Sandbox | undefined;

  beforeEach(() => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfc-state-'));
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps workspaces, variables, uploads, runs and states; reset forgets them', async () => {
    let api;
    ({ sandbox, api } = await start(stateDir));
    const ws = await api.createWorkspace('orders-dev', { 'auto-apply': true });
    await api.setVariable(ws.id, 'enable_database', 'true');
    await api.setVariable(ws.id, 'db_password', 'hunter2', {
      sensitive: true,
    });
    const archive = tarball({ 'main.tf': MAIN_TF });
    const cv = await api.uploadConfiguration(ws.id, archive);
    const run = await api.createRun(ws.id, { message: 'first' }, cv.id);
    await api.waitForRun(run.id, r => r.attributes.status === 'applied');
    await sandbox.close();

    ({ sandbox, api } = await start(stateDir));
    const again = await api.call(
      'GET',
      '/organizations/acme/workspaces/orders-dev',
    );
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(ws.id);
    const vars = await api.call('GET', `/workspaces/${ws.id}/vars`);
    expect(
      vars.body.data.map((v: any) => [v.attributes.key, v.attributes.value]),
    ).toEqual([
      ['enable_database', 'true'],
      ['db_password', null],
    ]);
    const runs = await api.call('GET', `/workspaces/${ws.id}/runs`);
    expect(runs.body.data.map((r: any) => [r.id, r.attributes.status])).toEqual(
      [[run.id, 'applied']],
    );

    // The uploaded archive itself is kept: its download is the same bytes.
    const download = await fetch(
      `${sandbox.url}/tfc/api/v2/configuration-versions/${cv.id}/download`,
      { headers: { authorization: 'Bearer sandbox-tfc-token' } },
    );
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(archive);

    const state = await api.call(
      'GET',
      `/workspaces/${ws.id}/current-state-version?include=outputs`,
    );
    expect(state.status).toBe(200);
    expect(state.body.data.attributes.serial).toBe(1);
    const endpoint = state.body.included.find(
      (o: any) => o.attributes.name === 'database_endpoint',
    );
    expect(endpoint.attributes.value).toMatch(/rds\.amazonaws\.com$/);

    // Reset returns to the start, now and after the next restart.
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    expect((await api.call('GET', `/workspaces/${ws.id}`)).status).toBe(404);
    await sandbox.close();
    ({ sandbox, api } = await start(stateDir));
    expect(
      (await api.call('GET', '/organizations/acme/workspaces/orders-dev'))
        .status,
    ).toBe(404);
  });

  it('finishes a run that was in flight when the sandbox stopped', async () => {
    let api;
    // A slow clock, so the run is still planning when the sandbox stops.
    ({ sandbox, api } = await start(stateDir, 2000));
    const ws = await api.createWorkspace('orders-dev', { 'auto-apply': true });
    await api.setVariable(ws.id, 'enable_database', 'true');
    const cv = await api.uploadConfiguration(ws.id);
    const run = await api.createRun(ws.id, {}, cv.id);
    expect(run.attributes.status).toBe('pending');
    await sandbox.close();

    ({ sandbox, api } = await start(stateDir));
    const done = await api.waitForRun(
      run.id,
      r => r.attributes.status === 'applied',
    );
    expect(done.attributes['status-timestamps']['applied-at']).toBeDefined();
    const outputs = await api.call(
      'GET',
      `/workspaces/${ws.id}/current-state-version-outputs`,
    );
    expect(outputs.status).toBe(200);
  });

  it('starts from the defaults when the state file is corrupt', async () => {
    fs.mkdirSync(path.join(stateDir, 'tfc'), { recursive: true });
    fs.writeFileSync(path.join(stateDir, 'tfc', 'tfc.json'), '{oops');
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    let api;
    ({ sandbox, api } = await start(stateDir));
    errors.mockRestore();
    expect((await api.call('GET', '/organizations/acme')).status).toBe(200);
    expect(
      fs
        .readdirSync(path.join(stateDir, 'tfc'))
        .some(f => f.includes('corrupt')),
    ).toBe(true);
  });

  it('survives a state file that parses but does not fit', async () => {
    fs.mkdirSync(path.join(stateDir, 'tfc'), { recursive: true });
    // A run without its plan or workspace, moving: its next step fails.
    fs.writeFileSync(
      path.join(stateDir, 'tfc', 'tfc.json'),
      JSON.stringify({
        version: 1,
        runs: { $map: [['run-x', { id: 'run-x', status: 'applying' }]] },
      }),
    );
    let api;
    ({ sandbox, api } = await start(stateDir));
    await new Promise(resolve => setTimeout(resolve, 5 * STEP_MS));
    // The failing step is recorded for GET /admin/errors, not thrown.
    expect(sandbox.world.errors()).toEqual(
      expect.arrayContaining([expect.objectContaining({ source: 'tfc/run' })]),
    );
    // Still answering.
    expect((await api.call('GET', '/organizations/acme')).status).toBe(200);
    const ws = await api.createWorkspace('orders-dev');
    expect(ws.id).toMatch(/^ws-/);
  });
});
