import { useEffect, useState } from 'react';

function messageOf(error: unknown): string {
  const body = (error as { body?: { error?: { message?: string } } })?.body;
  return body?.error?.message ?? (error as Error)?.message ?? String(error);
}

/**
 * Loads a card's data once; a failure is the card's alone (the others still
 * show), with the backend's message.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ value?: T; error?: string }>({});
  useEffect(() => {
    let live = true;
    load().then(
      value => live && setState({ value }),
      error => live && setState({ error: messageOf(error) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

/** The catalog page of an entity ref, optionally at one of its tabs. */
export function entityPath(entityRef: string, tab?: string): string {
  const match = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(entityRef);
  if (!match) return '/catalog';
  const [, kind, namespace = 'default', name] = match;
  return `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}${
    tab ? `/${tab}` : ''
  }`;
}
