import { InfoCard, Link, Progress } from '@backstage/core-components';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { TimeWindow } from '@internal/plugin-observability-common';
import {
  CardError,
  useObservabilityCall,
} from '@internal/plugin-observability-react';
import { PanelImage } from './PanelImage';

/** Dashboards whose panels are shown as images; the others are links. */
const DASHBOARDS_WITH_IMAGES = 2;

/** The entity's Grafana dashboards: deep links, and the first panels embedded. */
export function DashboardsCard(props: {
  entityRef: string;
  window: TimeWindow;
}) {
  const { entityRef, window } = props;
  const { value, loading, error, retry } = useObservabilityCall(
    api => api.getDashboards(entityRef),
    [entityRef],
  );

  return (
    <InfoCard title="Grafana dashboards" subheader={value?.selector}>
      {loading && !value && <Progress />}
      {error && <CardError error={error} what="dashboards" onRetry={retry} />}
      {value?.errors.map(problem => (
        <Alert key={problem.source} severity="warning" sx={{ mb: 1 }}>
          Grafana {problem.source}: {problem.message}
        </Alert>
      ))}
      {value && value.dashboards.length === 0 && (
        <Typography color="text.secondary">
          No dashboard matches {value.selector}.
        </Typography>
      )}
      {value && value.dashboards.length > 0 && (
        <List dense aria-label="Grafana dashboards">
          {value.dashboards.map((dashboard, index) => (
            <ListItem
              key={`${dashboard.instance}/${dashboard.uid}`}
              disableGutters
              sx={{ display: 'block' }}
            >
              <ListItemText
                primary={
                  <Link to={dashboard.url} target="_blank" rel="noopener">
                    {dashboard.title}
                  </Link>
                }
                secondary={[dashboard.folder, dashboard.instance]
                  .filter(Boolean)
                  .join(' · ')}
              />
              <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mb: 1 }}>
                {dashboard.tags.map(tag => (
                  <Chip key={tag} label={tag} size="small" variant="outlined" />
                ))}
              </Box>
              {index < DASHBOARDS_WITH_IMAGES &&
                dashboard.panels.length > 0 && (
                  <Box
                    sx={{
                      display: 'grid',
                      gridTemplateColumns:
                        'repeat(auto-fill, minmax(220px, 1fr))',
                      gap: 1,
                    }}
                  >
                    {dashboard.panels.map(panel => (
                      <PanelImage
                        key={panel.id}
                        entityRef={entityRef}
                        imagePath={panel.imagePath}
                        title={panel.title}
                        window={window}
                      />
                    ))}
                  </Box>
                )}
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
