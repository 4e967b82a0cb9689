/**
 * Kubernetes label selectors, as the `argocd/app-selector` annotation
 * writes them (`app.kubernetes.io/name=payments-api`, `tier in (web,api)`,
 * `!legacy`), matched in memory against the labels of the applications of
 * the one list call, so that joining N services costs no upstream calls.
 */
export type Requirement =
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'notin'; values: string[] }
  | { key: string; op: 'exists' }
  | { key: string; op: '!exists' };

export interface LabelSelector {
  requirements: Requirement[];
  /** The first `key=value` requirement: what an index lookup can use. */
  equality?: { key: string; value: string };
  matches(labels: Record<string, string> | undefined): boolean;
}

/** Splits on commas outside parentheses. */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out.map(t => t.trim()).filter(Boolean);
}

/** Parses a selector; throws an Error naming the bad term. */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements: Requirement[] = [];
  for (const term of terms(text)) {
    const equality = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s,()=!]*)$/.exec(term);
    const set = /^([^\s!=()]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(term);
    const absent = /^!\s*([^\s!=()]+)$/.exec(term);
    const present = /^([^\s!=()]+)$/.exec(term);
    if (equality) {
      const [, key, op, value] = equality;
      requirements.push({
        key,
        op: op === '!=' ? 'notin' : 'in',
        values: [value],
      });
    } else if (set) {
      const [, key, op, list] = set;
      requirements.push({
        key,
        op: op as 'in' | 'notin',
        values: list
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      });
    } else if (absent) {
      requirements.push({ key: absent[1], op: '!exists' });
    } else if (present) {
      requirements.push({ key: present[1], op: 'exists' });
    } else {
      throw new Error(`invalid label selector term '${term}'`);
    }
  }
  if (requirements.length === 0) {
    throw new Error('empty label selector');
  }
  const first = requirements.find(r => r.op === 'in' && r.values.length === 1);
  return {
    requirements,
    equality:
      first && first.op === 'in'
        ? { key: first.key, value: first.values[0] }
        : undefined,
    matches(labels) {
      const l = labels ?? {};
      return requirements.every(r => {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        switch (r.op) {
          case 'in':
            return has && r.values.includes(l[r.key]);
          case 'notin':
            return !has || !r.values.includes(l[r.key]);
          case 'exists':
            return has;
          default:
            return !has;
        }
      });
    },
  };
}
