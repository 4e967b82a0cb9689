import fs from 'node:fs';
import path from 'node:path';

/**
 * The uploaded configuration archives (`.tar.gz`), one file per
 * configuration version under the simulator's state directory, so a
 * restart keeps what was uploaded and `.../download` serves it back.
 */
export class ConfigurationArchives {
  constructor(private readonly dir: string) {}

  private file(configurationVersionId: string): string {
    // Ids are ours (cv-<base62>); never let one name a path elsewhere.
    return path.join(
      this.dir,
      `${path.basename(configurationVersionId)}.tar.gz`,
    );
  }

  write(configurationVersionId: string, archive: Buffer): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.file(configurationVersionId), archive);
  }

  read(configurationVersionId: string): Buffer | undefined {
    try {
      return fs.readFileSync(this.file(configurationVersionId));
    } catch {
      return undefined;
    }
  }

  clear(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
