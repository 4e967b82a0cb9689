import { merge } from 'node-diff3';

/** A file merged three ways: the text, and whether it holds conflict markers. */
export interface MergedFile {
  text: string;
  conflict: boolean;
}

/**
 * Merges the template's change (`base` -> `theirs`) into the repository's
 * file (`ours`), line by line (node-diff3): hunks only one side changed are
 * taken, hunks both changed differently are left between git's conflict
 * markers, so the pull request shows them and a person resolves them.
 */
export function threeWayMerge(
  ours: string,
  base: string,
  theirs: string,
  labels: { ours: string; theirs: string },
): MergedFile {
  if (ours === base) return { text: theirs, conflict: false };
  if (theirs === base || ours === theirs)
    return { text: ours, conflict: false };
  const split = (text: string) => text.split('\n');
  const result = merge(split(ours), split(base), split(theirs), {
    label: { a: labels.ours, b: labels.theirs },
  });
  return { text: result.result.join('\n'), conflict: result.conflict };
}
