import { environmentsOf } from '@internal/environments';
import type { Entity } from '@backstage/catalog-model';
import { annotatedWorkspaces, isProvisioningAvailable } from './workspaces';
import { runDecisionPermission } from './permissions';

const entity = (annotation?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: annotation
      ? { 'provisioning.acme.example/workspaces': annotation }
      : {},
  },
});

describe('annotatedWorkspaces', () => {
  it('derives the environment from <service>-<env>', () => {
    expect(
      annotatedWorkspaces(
        entity('payments-api-dev, payments-api-prod,legacy-staging'),
      ),
    ).toEqual([
      { workspaceName: 'payments-api-dev', environment: 'dev' },
      { workspaceName: 'payments-api-prod', environment: 'prod' },
      { workspaceName: 'legacy-staging', environment: 'staging' },
    ]);
  });

  it('is unavailable without the annotation', () => {
    expect(isProvisioningAvailable(entity())).toBe(false);
    expect(isProvisioningAvailable(entity('  '))).toBe(false);
    expect(isProvisioningAvailable(entity('payments-api-dev'))).toBe(true);
  });
});

describe('runDecisionPermission', () => {
  it('keeps production decisions on their own permission', () => {
    expect(runDecisionPermission('prod').name).toBe(
      'provisioning.run.apply.production',
    );
    expect(runDecisionPermission('staging').name).toBe(
      'provisioning.run.apply',
    );
  });

  it("follows the portal's environment model", () => {
    const environments = environmentsOf([
      { name: 'dev', production: false },
      { name: 'live', production: true },
    ]);
    expect(runDecisionPermission('live', environments).name).toBe(
      'provisioning.run.apply.production',
    );
    expect(runDecisionPermission('prod', environments).name).toBe(
      'provisioning.run.apply',
    );
  });
});
