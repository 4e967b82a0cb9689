import {
  DeploymentSummary,
  DoraMetrics,
  DoraWindow,
  ReleaseTimeline,
  EnvironmentDeployment,
  EnvironmentInfo,
  MatrixRow,
} from '@internal/plugin-deployments-common';
import { DeploymentsApi } from '../api';

export const ENVIRONMENTS: EnvironmentInfo[] = [
  { name: 'dev', instance: 'argocd', production: false, status: 'ok' },
  { name: 'staging', instance: 'argocd', production: false, status: 'ok' },
  { name: 'prod', instance: 'argocd', production: true, status: 'ok' },
];

export function summary(
  envName: string,
  patch: Partial<DeploymentSummary> = {},
): DeploymentSummary {
  return {
    environment: envName,
    instance: 'argocd',
    state: 'deployed',
    application: `payments-api-${envName}`,
    argocdUrl: `http://argocd/applications/argocd/payments-api-${envName}`,
    revision: 'a1b2c3d4e5f6a7b8c9d0',
    targetRevision: 'a1b2c3d4e5f6a7b8c9d0',
    images: ['registry.example.com/payments-api:1.5.0'],
    imageTag: '1.5.0',
    sync: 'Synced',
    health: 'Healthy',
    autoSync: true,
    rolledBack: false,
    canaryInFlight: false,
    operationRunning: false,
    deployedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
    deployedBy: 'auto-sync',
    ...patch,
  };
}

export function row(index: number): MatrixRow {
  const name = `svc-${String(index + 1).padStart(4, '0')}`;
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    name,
    owner: 'group:default/payments',
    system: 'system:default/payments',
    deployments: Object.fromEntries(
      ENVIRONMENTS.map(e => [e.name, summary(e.name)]),
    ),
  };
}

export function environment(
  envName: string,
  patch: Partial<EnvironmentDeployment> = {},
): EnvironmentDeployment {
  return {
    ...summary(envName),
    production: envName === 'prod',
    history: [
      {
        id: 4,
        revision: 'a1b2c3d4e5f6a7b8c9d0',
        deployedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
        initiatedBy: 'auto-sync',
        author: 'release-bot <release-bot@acme.example>',
        message: 'Release payments-api 1.5.0',
        current: true,
      },
      {
        id: 3,
        revision: 'f0e1d2c3b4a5968778695a4b',
        deployedAt: new Date(Date.now() - 27 * 3600_000).toISOString(),
        initiatedBy: 'lena.fischer',
        author: 'release-bot <release-bot@acme.example>',
        message: 'Release payments-api 1.4.0',
        current: false,
      },
    ],
    ...patch,
  };
}

export function mockDeploymentsApi(): jest.Mocked<DeploymentsApi> {
  return {
    getMatrix: jest.fn(),
    getEntityDeployments: jest.fn(),
    previewRollback: jest.fn(),
    rollback: jest.fn(),
    rolloutAction: jest.fn(),
    resumeAutoSync: jest.fn(),
    getPromotionLane: jest.fn(),
    previewPromotion: jest.fn(),
    promote: jest.fn(),
    requestPromotion: jest.fn(),
    mergePromotion: jest.fn(),
    // The tab shows these cards too: nothing recorded unless a test says so.
    getDora: jest.fn(
      async (entityRef: string, days: DoraWindow): Promise<DoraMetrics> => ({
        entityRef,
        days,
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
        services: [entityRef],
        deployments: 0,
        deploymentsPerDay: 0,
        failures: 0,
        unrestored: 0,
        trend: [],
      }),
    ),
    getReleases: jest.fn(
      async (entityRef: string): Promise<ReleaseTimeline> => ({
        entityRef,
        releases: [],
      }),
    ),
  };
}
