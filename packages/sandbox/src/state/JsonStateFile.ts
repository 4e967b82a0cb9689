import fs from 'node:fs';
import path from 'node:path';

/**
 * One simulator's state as a JSON file, written atomically (temp file +
 * rename) and at most once per `delayMs`, so a restart of the sandbox finds
 * what users did. A file that cannot be read or parsed is moved aside and
 * the simulator starts from its defaults: bad state must not stop the sandbox.
 */
export class JsonStateFile<T> {
  private timer?: NodeJS.Timeout;
  private pending?: () => T;

  constructor(
    readonly file: string,
    private readonly options: {
      delayMs?: number;
      onError?: (error: unknown) => void;
    } = {},
  ) {}

  /** The saved state, or undefined when there is none (or it was unreadable). */
  load(): T | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      this.report(error);
      try {
        fs.renameSync(this.file, `${this.file}.corrupt-${Date.now()}`);
      } catch {
        // Nothing more to do: the next save replaces it.
      }
      return undefined;
    }
  }

  /** Saves `snapshot()` soon; several calls within the delay write once. */
  save(snapshot: () => T): void {
    this.pending = snapshot;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.options.delayMs ?? 200);
    this.timer.unref?.();
  }

  /** Writes a pending save now (on close). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = this.pending;
    this.pending = undefined;
    if (!snapshot) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(snapshot()));
      fs.renameSync(tmp, this.file);
    } catch (error) {
      this.report(error);
    }
  }

  /** Forgets the saved state (on reset). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    fs.rmSync(this.file, { force: true });
  }

  private report(error: unknown) {
    (this.options.onError ?? (e => console.error('sandbox state:', e)))(error);
  }
}
