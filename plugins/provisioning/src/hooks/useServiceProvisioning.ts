import { useApi } from '@backstage/frontend-plugin-api';
import {
  isFinalPhase,
  type ServiceProvisioning,
} from '@internal/plugin-provisioning-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { provisioningApiRef } from '../api';

/** How often the tab refreshes while a run moves. */
export const POLL_INTERVAL_MS = 3000;

/** True when some environment's latest run is still moving (not final, not waiting for a person). */
export function isMoving(value: ServiceProvisioning | undefined): boolean {
  return (
    value?.environments.some(env => {
      const latest = env.runs[0];
      if (latest === undefined) return false;
      // Applied, and its outputs are on their way to git (and the deploy).
      const record = latest.outputsRecord;
      if (record?.state === 'pending' || record?.sync?.state === 'pending') {
        return true;
      }
      return (
        !isFinalPhase(latest.phase) && latest.phase !== 'awaiting_approval'
      );
    }) ?? false
  );
}

/**
 * A service's provisioning, refreshed every few seconds while a run moves
 * (and once more right after an action). A failed refresh keeps the last
 * value on screen and reports the error beside it.
 */
export function useServiceProvisioning(
  entityRef: string,
  pollIntervalMs: number = POLL_INTERVAL_MS,
) {
  const api = useApi(provisioningApiRef);
  const [value, setValue] = useState<ServiceProvisioning>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const last = useRef<ServiceProvisioning>();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const load = async () => {
      setLoading(true);
      try {
        const next = await api.getServiceProvisioning(entityRef);
        if (cancelled) return;
        last.current = next;
        setValue(next);
        setError(undefined);
        if (isMoving(next)) {
          timer = setTimeout(load, pollIntervalMs);
        }
      } catch (e) {
        if (cancelled) return;
        setError(e as Error);
        // Keep trying while something was moving: the backend may be restarting.
        if (isMoving(last.current)) {
          timer = setTimeout(load, pollIntervalMs * 2);
        }
      } finally {
        if (!cancelled) setLoading(false);
      }
    };
    load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, entityRef, pollIntervalMs, generation]);

  const retry = useCallback(() => setGeneration(g => g + 1), []);
  return { value, error, loading, retry };
}
