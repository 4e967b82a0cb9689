import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';

/** Loads something, again when `load` changes or on `retry`; keeps the last value while reloading. */
export function useLoad<T>(load: () => Promise<T>) {
  const [state, setState] = useState<{
    value?: T;
    error?: string;
    loading: boolean;
  }>({ loading: true });
  const latest = useRef(0);
  const retry = useCallback(async () => {
    const call = ++latest.current;
    setState(s => ({ ...s, loading: true }));
    try {
      const value = await load();
      if (call === latest.current) setState({ value, loading: false });
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
