/*
 * Stable identifiers derived from names, so the simulated world looks the
 * same after every start and reset: tests and screenshots can rely on commit
 * SHAs, pod template hashes and uids. They come from FNV-1a, not from a
 * cryptographic hash: a seeded world derives a hundred thousand of them and
 * the first list call pays for all; they need only look the part.
 */

/** 32-bit FNV-1a of `text`, varied by `seed`. */
function fnv1a(text: string, seed = 0): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** 40 hex digits derived from `text`, shaped like a git commit SHA. */
export function commitSha(text: string): string {
  // One hash seeds an xorshift generator: five hashes of the text would cost
  // five passes over it, for every commit of thousands of apps.
  let state = fnv1a(text) || 1;
  let hex = '';
  for (let word = 0; word < 5; word++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    hex += (state >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

/** A small non-negative integer derived from `text`, for varying sample data. */
export function pick(text: string, modulo: number): number {
  return fnv1a(text) % modulo;
}

// Kubernetes' "safe" alphabet (rand.SafeEncodeString): no vowels, so that
// generated names never spell words. Pod template hashes and pod name
// suffixes use it.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `length` characters of Kubernetes' safe alphabet derived from `text`. */
export function safeString(text: string, length: number): string {
  let result = '';
  let bits = 0;
  for (let i = 0; i < length; i++) {
    // A fresh 32-bit hash every few characters keeps them independent.
    if (i % 4 === 0) {
      bits = fnv1a(text, i);
    }
    result += SAFE_ALPHABET[bits % SAFE_ALPHABET.length];
    bits = Math.floor(bits / SAFE_ALPHABET.length);
  }
  return result;
}

/** A pod-template-hash like the ones Argo Rollouts computes (10 characters). */
export function podTemplateHash(template: string): string {
  return safeString(`template:${template}`, 10);
}

/** A UUID-shaped uid derived from `text`. */
export function uid(text: string): string {
  const hex = [0, 1, 2, 3]
    .map(seed => fnv1a(text, seed).toString(16).padStart(8, '0'))
    .join('');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `8${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
