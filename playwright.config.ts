import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import chromium from './e2e-tests/chromium.json';

// A fresh sandbox state directory per run (the runner makes it; its workers
// inherit the variable), so every run starts from the sample world while a
// restart of the stack within the run keeps what the run created.
process.env.E2E_SANDBOX_STATE_DIR ??= fs.mkdtempSync(
  path.join(os.tmpdir(), 'acme-e2e-sandbox-'),
);
// The same for the backend's databases (SQLite files, one per plugin):
// fresh per run, kept across a restart of the backend within it.
process.env.E2E_DATABASE_DIR ??= fs.mkdtempSync(
  path.join(os.tmpdir(), 'acme-e2e-database-'),
);

/**
 * The end-to-end suite: Debian's Chromium (no browser download) against the
 * production build of the portal and the sandbox, started by scripts/start.sh
 * with a fresh database and sandbox state directory, so each run starts
 * from the sample world.
 *
 * loop.spec.ts restarts the stack, so it is a project of its own that runs
 * after every other spec (alone: `--project=loop --no-deps`); paved-road.spec.ts
 * edits the template on disk, so it runs after the specs that create services.
 */
export default defineConfig({
  testDir: 'e2e-tests',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/e2e-results.json' }],
    ['html', { open: 'never', outputFolder: 'test-results/e2e-report' }],
  ],
  outputDir: 'test-results/e2e-artifacts',
  webServer: {
    command:
      'bash scripts/start.sh --config ../../e2e-tests/app-config.e2e.yaml',
    url: 'http://localhost:7007/.backstage/health/v1/readiness',
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      SANDBOX_STATE_DIR: process.env.E2E_SANDBOX_STATE_DIR,
      // The specs play CI themselves (a registered build, a pushed tag).
      SANDBOX_CI: 'off',
      E2E_DATABASE_DIR: process.env.E2E_DATABASE_DIR,
    },
  },
  use: {
    baseURL: 'http://localhost:7007',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? chromium.executablePath,
      args: chromium.args,
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /(loop|paved-road)\.spec\.ts$/ },
    // Edits the template on disk, which the specs that create services read.
    {
      name: 'paved-road',
      testMatch: /paved-road\.spec\.ts$/,
      dependencies: ['chromium'],
    },
    {
      name: 'loop',
      testMatch: /loop\.spec\.ts$/,
      dependencies: ['chromium', 'paved-road'],
    },
  ],
});
