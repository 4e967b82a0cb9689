import { InfoCard, Link, Progress } from '@backstage/core-components';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Typography from '@mui/material/Typography';
import type { TimeWindow } from '@internal/plugin-observability-common';
import {
  CardError,
  useObservabilityCall,
} from '@internal/plugin-observability-react';

/** A link per environment into the log stack, with service, environment and window filled in. */
export function LogsCard(props: { entityRef: string; window: TimeWindow }) {
  const { entityRef, window } = props;
  const { value, loading, error, retry } = useObservabilityCall(
    api => api.getLogs(entityRef, window),
    [entityRef, window],
  );
  return (
    <InfoCard title="Log links">
      {loading && !value && <Progress />}
      {error && <CardError error={error} what="log links" onRetry={retry} />}
      {value && value.links.length === 0 && (
        <Typography color="text.secondary">
          No log stack is configured.
        </Typography>
      )}
      {value && value.links.length > 0 && (
        <List dense aria-label="Logs per environment">
          {value.links.map(link => (
            <ListItem key={link.environment} disableGutters>
              <Link to={link.url} target="_blank" rel="noopener">
                {value.service} logs in {link.environment} (last {window})
              </Link>
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
