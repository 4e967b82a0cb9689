import { InfoCard, Progress } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import {
  CardError,
  SliSummary,
  useObservabilityCall,
} from '@internal/plugin-observability-react';
import { AlertStateChip } from '../AlertsCard';
import { formatAgo } from '../format';
import { useEnvironments } from '../ObservabilityContent';

/** Overview card: what fires now, and the SLIs of the last environment (prod). */
export function OverviewCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const environments = useEnvironments();
  const production = environments[environments.length - 1];
  const alerts = useObservabilityCall(
    api => api.getAlerts(entityRef),
    [entityRef],
  );
  const active = alerts.value?.alerts.filter(
    a => a.state === 'firing' || a.state === 'pending',
  );

  return (
    <InfoCard
      title="Observability"
      deepLink={{ title: 'All signals', link: 'observability' }}
    >
      <Typography variant="subtitle2">Alerts</Typography>
      {alerts.loading && !alerts.value && <Progress />}
      {alerts.error && (
        <CardError error={alerts.error} what="alerts" onRetry={alerts.retry} />
      )}
      {active && active.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          Nothing firing or pending.
        </Typography>
      )}
      {active?.map(alert => (
        <Box
          key={`${alert.instance}/${alert.uid ?? alert.name}`}
          sx={{ display: 'flex', gap: 1, alignItems: 'center', mb: 0.5 }}
        >
          <AlertStateChip state={alert.state} />
          <Typography variant="body2">
            {alert.name}
            {alert.since && ` · since ${formatAgo(alert.since)}`}
          </Typography>
        </Box>
      ))}
      <Box sx={{ mt: 2 }}>
        <SliSummary entityRef={entityRef} environment={production} compact />
      </Box>
    </InfoCard>
  );
}
