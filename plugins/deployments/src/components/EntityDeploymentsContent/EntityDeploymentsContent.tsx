import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import {
  deploymentsSignalChannel,
  EntityDeploymentsResponse,
  OwnershipWarning,
} from '@internal/plugin-deployments-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { deploymentsApiRef, errorMessage } from '../../api';
import { EnvironmentCard } from './EnvironmentCard';
import { PromotionLaneCard } from './PromotionLaneCard';
import { DoraCard } from '../DoraCard';
import { ReleaseTimelineCard } from '../ReleaseTimelineCard';

/** How often the tab polls without signals, so results of actions and canary steps show without a reload. */
export const POLL_MS = 5_000;
/** With signals the backend says when to read again; polling only covers a lost connection. */
export const FALLBACK_POLL_MS = 30_000;

/**
 * Applications the entity's annotation matches that belong to other
 * entities: not shown as this entity's, and said so, per owning entity.
 */
function OwnershipWarnings(props: { warnings: OwnershipWarning[] }) {
  const byOwner = new Map<string, string[]>();
  for (const w of props.warnings) {
    byOwner.set(w.boundTo, [...(byOwner.get(w.boundTo) ?? []), w.application]);
  }
  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="ownership-warnings">
      {[...byOwner].map(([owner, apps]) => (
        <div key={owner}>
          These applications belong to {owner.replace(/^[^:]+:default\//, '')}:{' '}
          {apps.join(', ')}. This entity's annotation matches them, but only the
          entity they were created for shows and acts on them.
        </div>
      ))}
    </Alert>
  );
}

/** The entity's Deployments tab: a card per environment. */
export function EntityDeploymentsContent(props: { pollMs?: number }) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { lastSignal, isSignalsAvailable } = useSignal(
    deploymentsSignalChannel(entityRef),
  );
  const api = useApi(deploymentsApiRef);
  const [data, setData] = useState<EntityDeploymentsResponse>();
  const [error, setError] = useState<string>();
  const latest = useRef(0);
  // The lane reads git and Argo CD: refreshed every few polls, not each one.
  const [laneKey, setLaneKey] = useState(0);
  const polls = useRef(0);

  const load = useCallback(async () => {
    const call = ++latest.current;
    try {
      const res = await api.getEntityDeployments(entityRef);
      if (call === latest.current) {
        setData(res);
        setError(undefined);
        if (++polls.current % 3 === 0) setLaneKey(k => k + 1);
      }
    } catch (e) {
      if (call === latest.current) setError(errorMessage(e));
    }
  }, [api, entityRef]);

  useEffect(() => {
    load();
    const timer = setInterval(
      load,
      props.pollMs ?? (isSignalsAvailable ? FALLBACK_POLL_MS : POLL_MS),
    );
    return () => clearInterval(timer);
  }, [load, props.pollMs, isSignalsAvailable]);

  // The backend said something changed: read now, the lane and cards too.
  useEffect(() => {
    if (!lastSignal) return;
    load();
    setLaneKey(k => k + 1);
  }, [lastSignal, load]);

  return (
    <Box sx={{ p: 2 }}>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {error}
        </Alert>
      )}
      {!data && !error && <Typography>Loading deployments…</Typography>}
      {data?.warnings && data.warnings.length > 0 && (
        <OwnershipWarnings warnings={data.warnings} />
      )}
      {data && (
        <PromotionLaneCard
          entityRef={data.entityRef}
          refreshKey={laneKey}
          onChanged={load}
        />
      )}
      {data && (
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))',
            gap: 2,
          }}
        >
          <DoraCard entityRef={data.entityRef} refreshKey={laneKey} />
          <ReleaseTimelineCard
            entityRef={data.entityRef}
            refreshKey={laneKey}
          />
        </Box>
      )}
      {data && (
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))',
            gap: 2,
          }}
        >
          {data.environments.map(d => (
            <EnvironmentCard
              key={d.environment}
              entityRef={data.entityRef}
              deployment={d}
              onChanged={load}
            />
          ))}
        </Box>
      )}
    </Box>
  );
}
