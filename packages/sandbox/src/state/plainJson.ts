/**
 * Simulators keep their records with Maps, Sets and Dates; a state file holds
 * JSON. `toPlain` turns such a value into JSON-safe data with tagged
 * wrappers (`{ $map: [[k, v], ...] }`, `{ $set: [...] }`, `{ $date: iso }`)
 * and `fromPlain` restores it, so a store snapshots its maps as they are.
 */
export function toPlain(value: unknown): unknown {
  if (value instanceof Map) {
    return { $map: [...value].map(([k, v]) => [toPlain(k), toPlain(v)]) };
  }
  if (value instanceof Set) {
    return { $set: [...value].map(toPlain) };
  }
  if (value instanceof Date) {
    return { $date: value.toISOString() };
  }
  if (Array.isArray(value)) {
    return value.map(toPlain);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toPlain(v);
    }
    return out;
  }
  return value;
}

export function fromPlain<T = unknown>(value: unknown): T {
  return restore(value) as T;
}

function restore(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(restore);
  }
  if (value && typeof value === 'object') {
    const tagged = value as Record<string, unknown>;
    const keys = Object.keys(tagged);
    if (keys.length === 1 && Array.isArray(tagged.$map)) {
      return new Map(
        (tagged.$map as [unknown, unknown][]).map(([k, v]) => [
          restore(k),
          restore(v),
        ]),
      );
    }
    if (keys.length === 1 && Array.isArray(tagged.$set)) {
      return new Set((tagged.$set as unknown[]).map(restore));
    }
    if (keys.length === 1 && typeof tagged.$date === 'string') {
      return new Date(tagged.$date);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tagged)) out[k] = restore(v);
    return out;
  }
  return value;
}
