import type { Response } from 'express';
import { sendInvalidAttribute } from './jsonApi';

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

/**
 * The `data` of a JSON:API request body and its attributes, checked against
 * the given types; or undefined once it has answered 422 with the first
 * problem, as Terraform Cloud words it.
 */
export function typedRequestData(
  body: unknown,
  types: Record<string, AttributeType>,
  res: Response,
):
  | { data: Record<string, unknown>; attributes: Record<string, unknown> }
  | undefined {
  const data = requestData(body);
  if (!data) {
    sendInvalidAttribute(res, '/data', 'The request has no data object');
    return undefined;
  }
  const attributes = attributesOf(data);
  const problem = wrongType(attributes, types);
  if (problem) {
    sendInvalidAttribute(res, problem.pointer, problem.detail);
    return undefined;
  }
  return { data, attributes };
}
