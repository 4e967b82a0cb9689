import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Grid from '@mui/material/Grid';
import { useServiceProvisioning } from '../../hooks/useServiceProvisioning';
import { EnvironmentCard } from '../EnvironmentCard';

/** The entity's Infrastructure tab: one card per environment. */
export function InfrastructureContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, error, retry } = useServiceProvisioning(entityRef);

  if (!value && error) {
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the infrastructure"
      />
    );
  }
  if (!value) {
    return <Progress />;
  }
  if (value.environments.length === 0) {
    return (
      <EmptyState
        missing="info"
        title="No environments"
        description="The provisioning.acme.example/workspaces annotation names no workspace."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {error && (
        <Grid item xs={12}>
          <Alert severity="warning">
            Could not refresh: {error.message}. Showing what was loaded before.
          </Alert>
        </Grid>
      )}
      {value.environments.map(environment => (
        <Grid item xs={12} xl={4} key={environment.environment}>
          <EnvironmentCard
            entityRef={value.entityRef}
            environment={environment}
            onChanged={retry}
          />
        </Grid>
      ))}
    </Grid>
  );
}
