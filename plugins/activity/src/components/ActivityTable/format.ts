import { parseEntityRef } from '@backstage/catalog-model';
import { ActivityEvent } from '@internal/plugin-activity-common';

/**
 * The entity tab where each plugin's actions are taken, for the row's link;
 * other plugins link to the entity's page.
 */
export const ENTITY_TABS: Record<string, string> = {
  deployments: 'deployments',
  provisioning: 'infrastructure',
};

/** Where the action was taken: the entity's tab of the plugin. */
export function linkOf(event: ActivityEvent): string | undefined {
  if (!event.entityRef) return undefined;
  try {
    const { kind, namespace, name } = parseEntityRef(event.entityRef);
    const tab = ENTITY_TABS[event.plugin];
    return `/catalog/${namespace}/${kind}/${name}${tab ? `/${tab}` : ''}`;
  } catch {
    return undefined;
  }
}

const short = (value: unknown): string => {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') {
    return /^[0-9a-f]{40}$/.test(value) ? value.slice(0, 7) : value;
  }
  if (Array.isArray(value)) return value.map(short).join(', ') || '–';
  return JSON.stringify(value);
};

/**
 * "before -> after" of the fields that changed (`revision: 1a2b3c4 ->
 * 9f8e7d6`), or of the whole value when it is not an object.
 */
export function changesOf(event: ActivityEvent): string[] {
  const { before, after } = event;
  if (before === undefined && after === undefined) return [];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(before) || !isObject(after)) {
    return [`${short(before)} → ${short(after)}`];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter(k => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map(k => `${k}: ${short(before[k])} → ${short(after[k])}`);
}

/** `user:default/lena.fischer` reads as `lena.fischer`. */
export function shortRef(ref: string | undefined): string {
  if (!ref) return '–';
  return ref.replace(/^[^:]+:default\//, '');
}
