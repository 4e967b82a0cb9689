/*
 * Deterministic randomness for the observability simulators: the same
 * service, environment and time always give the same numbers, so tests can
 * assert on traces and series, and a restarted sandbox tells the same story.
 */

/** FNV-1a, 32 bits, of the parts (joined so that ('ab','c') != ('a','bc')). */
export function hash32(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A mulberry32 generator of numbers in [0, 1), seeded by the parts. */
export function seededRandom(...parts: (string | number)[]): () => number {
  let state = hash32(...parts);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One number in [0, 1) for the parts. */
export function unitRandom(...parts: (string | number)[]): number {
  return seededRandom(...parts)();
}

/** A stable identifier of `length` characters of `alphabet` for the parts. */
export function stableId(
  alphabet: string,
  length: number,
  ...parts: (string | number)[]
): string {
  const random = seededRandom(...parts);
  return Array.from(
    { length },
    () => alphabet[Math.floor(random() * alphabet.length)],
  ).join('');
}

/** `bytes` random bytes as lower-case hex, never all zeros (an invalid OTLP id). */
export function randomHex(random: () => number, bytes: number): string {
  const hex = Array.from({ length: bytes }, () =>
    Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('');
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

export const BASE62 =
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The characters Kubernetes uses for pod template hashes. */
export const K8S_SAFE = 'bcdfghjklmnpqrstvwxz2456789';
