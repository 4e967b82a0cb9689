import { parseEntityRef } from '@backstage/catalog-model';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import type {
  ProvisioningRun,
  ServiceProvisioning,
} from '@internal/plugin-provisioning-common';
import Alert from '@mui/material/Alert';
import Link from '@mui/material/Link';
import { useEffect, useState } from 'react';
import { entityTabPath } from '../shared';

/** The entity's Infrastructure tab (the provisioning plugin's entity content), on the default entity route. */
export function infrastructureTabPath(entityRef: string): string {
  return entityTabPath(entityRef, 'infrastructure');
}

function runText(run: ProvisioningRun | undefined): string {
  if (!run) return 'no run yet';
  const id = run.engineRunId ?? run.id;
  if (run.outputsRecord?.state === 'failed') {
    return `${id}: applied, outputs not recorded yet`;
  }
  return `${id}: ${run.phase.replace(/_/g, ' ')}`;
}

/**
 * An environment whose Argo CD Application waits for its tiers: the
 * provisioning backend turns automated sync on once the environment's run
 * applied and its outputs are in git. Names that run (read from the
 * provisioning API; the card still says what it waits for without it).
 */
export function WaitingForInfrastructure(props: {
  entityRef: string;
  environment: string;
}) {
  const { entityRef, environment } = props;
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [run, setRun] = useState<ProvisioningRun | null>();

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const { kind, namespace, name } = parseEntityRef(entityRef);
      const base = await discoveryApi.getBaseUrl('provisioning');
      const res = await fetchApi.fetch(
        `${base}/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
          namespace,
        )}/${encodeURIComponent(name)}?history=1`,
      );
      if (!res.ok) throw new Error(res.statusText);
      const view = (await res.json()) as ServiceProvisioning;
      const latest = view.environments.find(e => e.environment === environment)
        ?.runs[0];
      if (!cancelled) setRun(latest ?? null);
    })().catch(() => {
      // Provisioning cannot be read: the card says what it waits for anyway.
      if (!cancelled) setRun(undefined);
    });
    return () => {
      cancelled = true;
    };
  }, [discoveryApi, fetchApi, entityRef, environment]);

  return (
    <Alert
      severity="info"
      aria-label="Waiting for infrastructure"
      action={
        <Link href={infrastructureTabPath(entityRef)}>Infrastructure</Link>
      }
    >
      Waiting for infrastructure
      {run !== undefined ? ` (run ${runText(run ?? undefined)})` : ''}: not
      deployed until the {environment} tiers are provisioned and their outputs
      recorded in git.
    </Alert>
  );
}
