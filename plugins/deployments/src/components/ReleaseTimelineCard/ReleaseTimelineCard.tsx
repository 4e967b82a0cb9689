import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import {
  ReleaseOutcome,
  ReleaseStop,
  ReleaseTimeline,
} from '@internal/plugin-deployments-common';
import { useEffect, useRef, useState } from 'react';
import { deploymentsApiRef, errorMessage } from '../../api';
import { age, shortSha } from '../shared';

const OUTCOME: Record<
  ReleaseOutcome,
  { label: string; color: 'success' | 'default' | 'error' | 'warning' }
> = {
  running: { label: 'running', color: 'success' },
  replaced: { label: 'replaced', color: 'default' },
  aborted: { label: 'aborted', color: 'error' },
  'rolled-back': { label: 'rolled back', color: 'warning' },
};

/** `user:default/lena.fischer` -> `lena.fischer`. */
const who = (ref?: string) => (ref ? ref.replace(/^user:[^/]+\//, '') : '');

function Stop(props: { stop: ReleaseStop }) {
  const { stop } = props;
  const outcome = OUTCOME[stop.outcome];
  const at = stop.deployedAt ?? stop.startedAt;
  return (
    <Box
      data-testid={`release-stop-${stop.environment}`}
      sx={{ display: 'flex', gap: 1, alignItems: 'baseline', flexWrap: 'wrap' }}
    >
      <Typography variant="body2" sx={{ minWidth: 80 }}>
        <strong>{stop.environment}</strong>
      </Typography>
      <Chip size="small" label={outcome.label} color={outcome.color} />
      <Typography variant="body2">
        {at ? age(at) : ''}
        {stop.deployedBy ? ` by ${who(stop.deployedBy)}` : ''}
        {stop.promotion ? ` (promoted from ${stop.promotion.from})` : ''}
        {stop.outcome === 'aborted' || stop.outcome === 'rolled-back'
          ? ` · ${stop.outcome === 'aborted' ? 'aborted' : 'rolled back'}${
              stop.endedBy ? ` by ${who(stop.endedBy)}` : ''
            }${stop.endedAt ? ` ${age(stop.endedAt)}` : ''}`
          : ''}
        {stop.promotedTo
          ? ` · promoted to ${stop.promotedTo.environment} by ${who(
              stop.promotedTo.by,
            )}`
          : ''}
      </Typography>
      {stop.endReason && (
        <Typography
          variant="caption"
          color="text.secondary"
          component="div"
          sx={{ width: '100%', pl: 11 }}
        >
          {stop.endReason}
        </Typography>
      )}
    </Box>
  );
}

/** Each release of the service (a build) and every environment it reached. */
export function ReleaseTimelineCard(props: {
  entityRef: string;
  refreshKey?: number;
}) {
  const { entityRef, refreshKey } = props;
  const api = useApi(deploymentsApiRef);
  const [timeline, setTimeline] = useState<ReleaseTimeline>();
  const [error, setError] = useState<string>();
  const latest = useRef(0);

  useEffect(() => {
    const call = ++latest.current;
    api.getReleases(entityRef).then(
      t => {
        if (call !== latest.current) return;
        setTimeline(t);
        setError(undefined);
      },
      e => {
        if (call === latest.current) setError(errorMessage(e));
      },
    );
  }, [api, entityRef, refreshKey]);

  return (
    <Card sx={{ mb: 2 }} data-testid="release-timeline">
      <CardHeader
        title="Releases"
        subheader="Each build and every environment it reached"
      />
      <CardContent>
        {error && <Alert severity="error">{error}</Alert>}
        {!timeline && !error && <Typography>Loading…</Typography>}
        {timeline && timeline.releases.length === 0 && (
          <Typography color="text.secondary">
            No release recorded yet.
          </Typography>
        )}
        {timeline?.releases.map(release => (
          <Box
            key={release.imageTag}
            data-testid={`release-${release.imageTag}`}
            sx={{ mb: 2 }}
          >
            <Typography variant="subtitle2">
              {release.imageTag}
              {release.commit && (
                <Typography
                  component="span"
                  variant="caption"
                  color="text.secondary"
                >
                  {' '}
                  · commit <code>{shortSha(release.commit.sha)}</code>
                  {release.commit.at ? ` ${age(release.commit.at)}` : ''}
                </Typography>
              )}
            </Typography>
            {release.stops.map(stop => (
              <Stop key={`${stop.environment}-${stop.startedAt}`} stop={stop} />
            ))}
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}
