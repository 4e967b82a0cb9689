import fs from 'node:fs';
import path from 'node:path';
import { create } from 'tar';

/** Options of {@link createConfigurationArchive}. */
export interface ConfigurationArchiveOptions {
  /** The directory the archive's paths are relative to, e.g. the repository's `infra/`. */
  root: string;
  /**
   * What to pack, relative to `root`. The service-tiers stack refers to
   * `../../modules`, so both the stack and the modules go in.
   */
  include: string[];
}

/** Never uploaded: provider caches, local state, lock-free plan files. */
const EXCLUDED =
  /(^|\/)(\.terraform|node_modules|\.git)(\/|$)|\.tfstate(\.backup)?$|\.tfplan$/;

/**
 * A `.tar.gz` of a Terraform configuration, as Terraform Cloud's
 * configuration versions take it.
 */
export async function createConfigurationArchive(
  options: ConfigurationArchiveOptions,
): Promise<Uint8Array> {
  for (const entry of options.include) {
    if (!fs.existsSync(path.join(options.root, entry))) {
      throw new Error(
        `The Terraform configuration ${path.join(
          options.root,
          entry,
        )} does not exist`,
      );
    }
  }
  const chunks: Buffer[] = [];
  const stream = create(
    {
      gzip: true,
      cwd: options.root,
      portable: true,
      filter: (file: string) => !EXCLUDED.test(file.replace(/^\.\//, '')),
    },
    options.include,
  );
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
