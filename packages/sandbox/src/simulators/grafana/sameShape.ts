/*
 * Compares a simulator's answer with an example answer of the real system
 * (specs/examples): same keys, same JSON types, recursively. Used by the
 * contract tests of simulators whose vendor publishes examples rather than
 * a schema.
 */

export interface ShapeOptions {
  /**
   * Paths of objects whose keys are data, not fields (label sets, totals):
   * only their values' types are compared. Paths join keys with `.` and
   * mark array elements with `[]`, e.g. `data.result[].metric`.
   */
  maps?: string[];
  /**
   * Keys the simulator may send beyond the example, per object path, each
   * with the reason (a newer field the example predates...).
   */
  extras?: Record<string, Record<string, string>>;
}

/** Where `actual` differs in shape from `example`; empty when it does not. */
export function shapeDifferences(
  example: unknown,
  actual: unknown,
  options: ShapeOptions = {},
  path = '',
): string[] {
  const at = path || '(root)';
  if (typeOf(example) !== typeOf(actual)) {
    return [`${at}: expected ${typeOf(example)}, got ${typeOf(actual)}`];
  }
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (!example.length) {
      return [];
    }
    if (!actual.length) {
      return [`${at}: expected elements like the example's, got none`];
    }
    if (isTuple(example)) {
      return actual.length === example.length
        ? example.flatMap((e, i) =>
            shapeDifferences(e, actual[i], options, `${path}[${i}]`),
          )
        : [
            `${at}: expected a tuple of ${example.length}, got ${actual.length}`,
          ];
    }
    return actual.flatMap(a =>
      shapeDifferences(example[0], a, options, `${path}[]`),
    );
  }
  if (typeOf(example) !== 'object') {
    return [];
  }
  const ex = example as Record<string, unknown>;
  const ac = actual as Record<string, unknown>;
  if (options.maps?.includes(path)) {
    const valueExample = Object.values(ex)[0];
    return valueExample === undefined
      ? []
      : Object.entries(ac).flatMap(([k, v]) =>
          shapeDifferences(valueExample, v, {}, `${path}.${k}`),
        );
  }
  const allowed = options.extras?.[path] ?? {};
  return [
    ...Object.keys(ex)
      .filter(k => !(k in ac))
      .map(k => `${join(path, k)}: missing`),
    ...Object.keys(ac)
      .filter(k => !(k in ex) && !(k in allowed))
      .map(k => `${join(path, k)}: not in the example`),
    ...Object.keys(ex)
      .filter(k => k in ac)
      .flatMap(k => shapeDifferences(ex[k], ac[k], options, join(path, k))),
  ];
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function typeOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

/** An array whose elements have different types is a tuple, like [time, "value"]. */
function isTuple(values: unknown[]): boolean {
  return new Set(values.map(typeOf)).size > 1;
}
