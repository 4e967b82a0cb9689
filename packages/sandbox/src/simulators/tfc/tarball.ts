import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { create } from 'tar';

/**
 * A configuration archive made by node-tar (a real tar implementation, not
 * ours): the files, written to a temporary directory and packed from there.
 */
export function tarball(
  files: Record<string, string>,
  options: { gzip?: boolean } = {},
): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfc-config-'));
  try {
    const sources = path.join(dir, 'src');
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(sources, name)), { recursive: true });
      fs.writeFileSync(path.join(sources, name), content);
    }
    const file = path.join(dir, 'config.tar.gz');
    create(
      { gzip: options.gzip ?? true, cwd: sources, file, sync: true },
      fs.readdirSync(sources),
    );
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The service-tiers stack, as small as it gets. */
export const MAIN_TF = `variable "enable_database" {
  type    = bool
  default = false
}
`;
