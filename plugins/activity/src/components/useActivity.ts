import { ActivityPage } from '@internal/plugin-activity-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';

/** Loads a page of activity, again when `load` changes or on `retry`. */
export function useActivity(load: () => Promise<ActivityPage>) {
  const [page, setPage] = useState<ActivityPage>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);

  const retry = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const res = await load();
      if (call === latest.current) {
        setPage(res);
        setError(undefined);
      }
    } catch (e) {
      if (call === latest.current) setError(errorMessage(e));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, [load]);

  useEffect(() => {
    retry();
  }, [retry]);

  return { page, error, loading, retry };
}
