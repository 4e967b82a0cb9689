/**
 * The two patch formats of `PATCH /api/v1/applications/{name}`: JSON merge
 * patch (RFC 7386, `patchType: merge`) and JSON patch (RFC 6902, `json`, the
 * default). Both return a new document and leave the input alone.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) {
    return patch;
  }
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}

export class PatchError extends Error {}

interface Operation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw new PatchError(`invalid JSON pointer "${pointer}"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(doc: unknown, tokens: string[]): unknown {
  let current: any = doc;
  for (const token of tokens) {
    if (
      current === null ||
      typeof current !== 'object' ||
      !(token in current)
    ) {
      throw new PatchError(`path /${tokens.join('/')} does not exist`);
    }
    current = current[token];
  }
  return current;
}

function parentOf(doc: unknown, tokens: string[]): any {
  const parent = get(doc, tokens.slice(0, -1));
  if (parent === null || typeof parent !== 'object') {
    throw new PatchError(`parent of /${tokens.join('/')} is not a container`);
  }
  return parent;
}

function add(doc: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) {
    return value;
  }
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw new PatchError(`array index ${last} out of range`);
    }
    parent.splice(index, 0, value);
  } else {
    parent[last] = value;
  }
  return doc;
}

function remove(doc: unknown, tokens: string[]): unknown {
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  get(doc, tokens);
  if (Array.isArray(parent)) {
    parent.splice(Number(last), 1);
  } else {
    delete parent[last];
  }
  return doc;
}

export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw new PatchError('a JSON patch must be an array of operations');
  }
  let doc = structuredClone(target);
  for (const operation of operations as Operation[]) {
    const tokens = parsePointer(String(operation?.path ?? ''));
    switch (operation?.op) {
      case 'add':
        doc = add(doc, tokens, structuredClone(operation.value));
        break;
      case 'remove':
        doc = remove(doc, tokens);
        break;
      case 'replace':
        get(doc, tokens);
        doc = add(
          remove(doc, tokens),
          tokens,
          structuredClone(operation.value),
        );
        break;
      case 'move': {
        const from = parsePointer(String(operation.from ?? ''));
        const value = get(doc, from);
        doc = add(remove(doc, from), tokens, value);
        break;
      }
      case 'copy': {
        const value = structuredClone(
          get(doc, parsePointer(String(operation.from ?? ''))),
        );
        doc = add(doc, tokens, value);
        break;
      }
      case 'test':
        if (
          JSON.stringify(get(doc, tokens)) !== JSON.stringify(operation.value)
        ) {
          throw new PatchError(`test operation failed at ${operation.path}`);
        }
        break;
      default:
        throw new PatchError(`unexpected kind of operation "${operation?.op}"`);
    }
  }
  return doc;
}
