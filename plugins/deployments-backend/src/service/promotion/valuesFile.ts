/*
 * The service repository's `chart/values-<env>.yaml` holds what an
 * environment deploys (`image.tag`). It is edited line by line, like the
 * skeleton's `scripts/set-image-tag.ts` (the CI and promote workflows), so
 * comments and layout survive the portal's commit.
 */

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/; // the OCI tag grammar

/** `image.tag` of a values file; undefined when unset or empty. */
export function getImageTag(yaml: string): string | undefined {
  const match =
    /^image:[^\n]*\n(?:[ \t][^\n]*\n|\n)*?[ \t]+tag:\s*["']?([^"'\s#]*)/m.exec(
      yaml,
    );
  return match?.[1] || undefined;
}

/** The values file with `image.tag` set to `tag`, everything else as it was. */
export function setImageTag(yaml: string, tag: string): string {
  if (!TAG.test(tag)) throw new Error(`"${tag}" is not a valid image tag`);
  const lines = yaml.split('\n');
  const image = lines.findIndex(line => /^image:\s*(#.*)?$/.test(line));
  if (image < 0) throw new Error('no top-level "image:" block');
  for (let i = image + 1; i < lines.length && /^(\s|$)/.test(lines[i]); i++) {
    const match = /^(\s+tag:\s*)("[^"]*"|'[^']*'|[^\s#]*)(.*)$/.exec(lines[i]);
    if (match) {
      lines[i] = `${match[1]}"${tag}"${match[3]}`;
      return lines.join('\n');
    }
  }
  throw new Error('no "tag:" key inside the "image:" block');
}

/**
 * A unified diff of two texts (one hunk per run of changes, 2 lines of
 * context), from their longest common subsequence of lines. Values files
 * are small; the quadratic table is a few thousand cells.
 */
export function unifiedDiff(
  path: string,
  before: string,
  after: string,
): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Array<{
    op: ' ' | '-' | '+';
    text: string;
    ai: number;
    bi: number;
  }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: ' ', text: a[i], ai: i++, bi: j++ });
    } else if (
      i < a.length &&
      (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])
    ) {
      ops.push({ op: '-', text: a[i], ai: i++, bi: j });
    } else {
      ops.push({ op: '+', text: b[j], ai: i, bi: j++ });
    }
  }
  const CONTEXT = 2;
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    // Extend the hunk while changes follow within twice the context.
    while (end < ops.length) {
      let next = end;
      while (next < ops.length && ops[next].op !== ' ') next++;
      let gap = next;
      while (gap < ops.length && ops[gap].op === ' ') gap++;
      end = next;
      if (gap < ops.length && gap - next <= 2 * CONTEXT) {
        end = gap;
        continue;
      }
      break;
    }
    const stop = Math.min(ops.length, end + CONTEXT);
    const hunk = ops.slice(start, stop);
    const aCount = hunk.filter(o => o.op !== '+').length;
    const bCount = hunk.filter(o => o.op !== '-').length;
    out.push(
      `@@ -${hunk[0].ai + 1},${aCount} +${hunk[0].bi + 1},${bCount} @@`,
      ...hunk.map(o => `${o.op}${o.text}`),
    );
    k = stop;
  }
  return `${out.join('\n')}\n`;
}
