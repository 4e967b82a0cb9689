/**
 * Incremental readers of Argo CD's big answers: the watch stream (one JSON
 * document per line) and the application list (one JSON document whose
 * `items` can be 150 MB at 30,000 applications). Both hand over one small
 * document at a time and give the event loop back every few milliseconds,
 * so neither a long stream nor a big list blocks the backend; the list is
 * never held as one string, only the application being read.
 */

/** Work done between two yields to the event loop. */
const SLICE_MS = 8;

/** Lets timers and I/O run when the current slice has taken its time. */
export class Pacer {
  private since = performance.now();

  async pace(): Promise<void> {
    if (performance.now() - this.since < SLICE_MS) return;
    await new Promise<void>(resolve => setImmediate(resolve));
    this.since = performance.now();
  }
}

async function* textChunks(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    // Stops the download when the consumer stops early (abort, error).
    reader.cancel().catch(() => {});
  }
}

/** Each non-empty line of the body, parsed. */
export async function* jsonLines(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<unknown> {
  let carry = '';
  const pacer = new Pacer();
  for await (const chunk of textChunks(body)) {
    carry += chunk;
    let end = carry.indexOf('\n');
    while (end >= 0) {
      const line = carry.slice(0, end).trim();
      carry = carry.slice(end + 1);
      if (line) {
        yield JSON.parse(line);
        await pacer.pace();
      }
      end = carry.indexOf('\n');
    }
  }
  if (carry.trim()) yield JSON.parse(carry);
}

/**
 * Reads `{"metadata": {...}, "items": [{...}, ...]}` as it arrives: each
 * item is parsed on its own (with JSON.parse, so no slower than parsing the
 * whole) and handed to `onItem`; answers the other top-level fields. A
 * scanner that knows strings, escapes and nesting finds where each item
 * ends, so the whole body is never one string.
 */
export async function readItems(
  body: ReadableStream<Uint8Array>,
  onItem: (item: unknown) => void,
): Promise<Record<string, unknown>> {
  const rest: Record<string, unknown> = {};
  const pacer = new Pacer();
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** The top-level key whose value is being read. */
  let key: string | undefined;
  let keyStart = -1;
  /** Where the current item or top-level value began (in `buffer`). */
  let valueStart = -1;
  let inItems = false;
  let buffer = '';
  let sawRoot = false;

  for await (const chunk of textChunks(body)) {
    // Keep only the part of the previous chunk that is still open.
    let offset = buffer.length;
    if (valueStart >= 0) offset = valueStart;
    else if (keyStart >= 0) offset = keyStart;
    buffer = buffer.slice(offset) + chunk;
    if (valueStart >= 0) valueStart -= offset;
    if (keyStart >= 0) keyStart -= offset;
    let i = buffer.length - chunk.length;
    for (; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92 /* \ */) escaped = true;
        else if (c === 34 /* " */) {
          inString = false;
          if (keyStart >= 0) {
            key = JSON.parse(buffer.slice(keyStart, i + 1));
            keyStart = -1;
          }
        }
        continue;
      }
      switch (c) {
        case 34: // "
          inString = true;
          if (depth === 1 && key === undefined) keyStart = i;
          else if (depth === 1 && valueStart < 0) valueStart = i;
          break;
        case 123: // {
        case 91: // [
          depth++;
          if (depth === 1) {
            if (c !== 123) throw new SyntaxError('the list is not an object');
            sawRoot = true;
          } else if (depth === 2) {
            if (key === 'items' && c === 91) inItems = true;
            else valueStart = i;
          } else if (depth === 3 && inItems) {
            valueStart = i;
          }
          break;
        case 125: // }
        case 93: // ]
          depth--;
          if (depth === 2 && inItems && valueStart >= 0) {
            onItem(JSON.parse(buffer.slice(valueStart, i + 1)));
            valueStart = -1;
            await pacer.pace();
          } else if (depth === 0 && key !== undefined && valueStart >= 0) {
            rest[key] = JSON.parse(buffer.slice(valueStart, i).trim());
          } else if (depth === 1) {
            if (inItems) inItems = false;
            else if (key !== undefined && valueStart >= 0) {
              rest[key] = JSON.parse(buffer.slice(valueStart, i + 1));
            }
            key = undefined;
            valueStart = -1;
          }
          break;
        case 44: // ,
        case 58: // :
          if (depth === 1 && c === 44) {
            // End of a scalar top-level value.
            if (key !== undefined && valueStart >= 0) {
              rest[key] = JSON.parse(buffer.slice(valueStart, i).trim());
            }
            key = undefined;
            valueStart = -1;
          }
          break;
        default:
          if (depth === 1 && key !== undefined && valueStart < 0 && c > 32) {
            valueStart = i; // a number, true, false or null
          }
      }
    }
  }
  if (!sawRoot || depth !== 0) {
    throw new SyntaxError('the list ended before it was complete');
  }
  return rest;
}
