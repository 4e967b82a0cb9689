import { ActivityPage } from '@internal/plugin-activity-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';

interface State {
  page?: ActivityPage;
  error?: string;
  loading: boolean;
}

/** Loads a page of activity, again when `load` changes or on `retry`. */
export function useActivity(load: () => Promise<ActivityPage>) {
  const [state, setState] = useState<State>({ loading: true });
  const latest = useRef(0);

  const retry = useCallback(async () => {
    const call = ++latest.current;
    setState(s => ({ ...s, loading: true }));
    try {
      const page = await load();
      if (call === latest.current) setState({ page, loading: false });
    } catch (e) {
      if (call === latest.current) {
        setState(s => ({ ...s, error: errorMessage(e), loading: false }));
      }
    }
  }, [load]);

  useEffect(() => {
    retry();
  }, [retry]);

  return { ...state, retry };
}
