type AttributeType = 'string' | 'nullable-string' | 'boolean' | 'array';

/** The `data` object of a JSON:API request body, if there is one. */
export function requestData(
  body: unknown,
): Record<string, unknown> | undefined {
  const data = (body as { data?: unknown } | undefined)?.data;
  return data && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

/** `data.attributes`, or an empty object. */
export function attributesOf(
  data: Record<string, unknown>,
): Record<string, unknown> {
  const attributes = data.attributes;
  return attributes && typeof attributes === 'object'
    ? (attributes as Record<string, unknown>)
    : {};
}

function hasType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(value);
    case 'nullable-string':
      return value === null || typeof value === 'string';
    default:
      return typeof value === type;
  }
}

/**
 * The first attribute whose value has the wrong type, as a JSON pointer and
 * a message, or undefined when all given ones are fine.
 */
export function wrongType(
  attributes: Record<string, unknown>,
  types: Record<string, AttributeType>,
): { pointer: string; detail: string } | undefined {
  for (const [name, type] of Object.entries(types)) {
    const value = attributes[name];
    if (value === undefined) {
      continue;
    }
    if (!hasType(value, type)) {
      return {
        pointer: `/data/attributes/${name}`,
        detail: `${name} must be ${
          type === 'nullable-string' ? 'a string or null' : `a ${type}`
        }`,
      };
    }
  }
  return undefined;
}
