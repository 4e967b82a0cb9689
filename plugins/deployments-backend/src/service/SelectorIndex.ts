import { LabelSelector } from './labelSelector';

/**
 * The rows of the join by their selector's `key=value` requirement, so that
 * a changed application finds the rows it may belong to by its labels (one
 * lookup per label) instead of testing every entity's selector: 10,000
 * services cost the same per watch event as 10. Rows whose selector has no
 * equality (`tier in (web,api)`, `!legacy`) are few and always tested.
 */
export class SelectorIndex {
  private readonly byKey = new Map<string, Map<string, number[]>>();
  private readonly scanned: number[] = [];

  constructor(private readonly selectors: Array<LabelSelector | Error>) {
    selectors.forEach((selector, row) => {
      if (selector instanceof Error) return;
      if (!selector.equality) {
        this.scanned.push(row);
        return;
      }
      const { key, value } = selector.equality;
      let values = this.byKey.get(key);
      if (!values) {
        values = new Map();
        this.byKey.set(key, values);
      }
      const rows = values.get(value);
      if (rows) rows.push(row);
      else values.set(value, [row]);
    });
  }

  /** The rows whose selector matches these labels, in row order. */
  matching(labels: Record<string, string> | undefined): number[] {
    const l = labels ?? {};
    const candidates: number[] = [...this.scanned];
    for (const [key, values] of this.byKey) {
      if (!Object.prototype.hasOwnProperty.call(l, key)) continue;
      candidates.push(...(values.get(l[key]) ?? []));
    }
    return candidates
      .filter(row => (this.selectors[row] as LabelSelector).matches(l))
      .sort((a, b) => a - b);
  }
}
