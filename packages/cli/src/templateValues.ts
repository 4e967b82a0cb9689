/*
 * The values a template's form would submit when a person keeps every
 * default: the CLI sets what its flags say and lets the template's own
 * defaults (and its conditional `allOf: [{ if, then }]` fields) fill the rest,
 * so the template stays the one place that says what a service gets.
 */
type Schema = {
  type?: string;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Array<{
    if?: Schema & { properties?: Record<string, { const?: unknown }> };
    then?: Schema;
  }>;
  [key: string]: unknown;
};

function defaultsOf(schema: Schema): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (property.default !== undefined) {
      values[key] = structuredClone(property.default);
    } else if (property.type === 'object' || property.properties) {
      values[key] = defaultsOf(property);
    }
  }
  return values;
}

function merge(target: Record<string, any>, source: Record<string, any>) {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      target[key] = merge(target[key] ?? {}, value);
    } else if (target[key] === undefined) {
      target[key] = value;
    }
  }
  return target;
}

/** Whether `values` match an `if` of constants (all the template uses). */
function matches(condition: Schema, values: Record<string, unknown>): boolean {
  return Object.entries(condition.properties ?? {}).every(
    ([key, rule]) =>
      (rule as { const?: unknown }).const === undefined ||
      values[key] === (rule as { const?: unknown }).const,
  );
}

/**
 * Whether the form shows a page: the template's pages for an environment
 * say `when: ${{ 'prod' in parameters.environments }}` (the only condition
 * it uses); a page without a condition is shown.
 */
function shown(page: Schema, values: Record<string, unknown>): boolean {
  const when = typeof page.when === 'string' ? page.when : undefined;
  const match = when && /'([\w-]+)'\s+in\s+parameters\.environments/.exec(when);
  if (!match) return true;
  return ((values.environments as string[] | undefined) ?? []).includes(
    match[1],
  );
}

/**
 * The template's values: `given` first, then each page's defaults. A page
 * the form would hide (an environment not chosen) is left out.
 */
export function templateValues(
  parameters: Schema[] | Schema,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const pages = Array.isArray(parameters) ? parameters : [parameters];
  const values: Record<string, any> = { ...given };
  for (const page of pages) {
    merge(values, defaultsOf(page));
  }
  for (const page of pages) {
    if (!shown(page, values)) {
      for (const key of Object.keys(page.properties ?? {})) delete values[key];
      continue;
    }
    for (const rule of page.allOf ?? []) {
      if (rule.if && rule.then && matches(rule.if, values)) {
        merge(values, defaultsOf(rule.then));
      }
    }
  }
  return values;
}
