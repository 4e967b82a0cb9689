import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NotFoundError } from '@backstage/errors';
import { TEMPLATE_VERSION_ANNOTATION } from '@internal/plugin-paved-road-common';
import { parse } from 'yaml';
import { compareVersions, isSemver } from './semver';

const run = promisify(execFile);

function versionIn(templateYaml: string): string | undefined {
  try {
    const version =
      parse(templateYaml)?.metadata?.annotations?.[TEMPLATE_VERSION_ANNOTATION];
    return typeof version === 'string' && isSemver(version)
      ? version
      : undefined;
  } catch {
    return undefined;
  }
}

/** Where packed earlier versions are, inside the template's folder. */
export const PACKED_VERSIONS = 'versions';

/**
 * The versions of one template: the current one is the folder on disk (what
 * the scaffolder runs); each earlier one is either packed beside it
 * (`versions/<semver>/`, what the production image ships, which has no git
 * history: scripts/pack-template-versions.sh) or the newest commit of the git
 * history in which template.yaml carried that version, exported on demand
 * (`git archive`) into a temporary folder kept for the process's life.
 */
export class TemplateVersions {
  private readonly exported = new Map<string, Promise<string>>();
  private history?: Promise<Map<string, string>>;

  constructor(private readonly directory: string) {}

  async current(): Promise<string> {
    const version = versionIn(
      await readFile(join(this.directory, 'template.yaml'), 'utf8'),
    );
    if (!version) {
      throw new NotFoundError(
        `${this.directory}/template.yaml has no semver ${TEMPLATE_VERSION_ANNOTATION} annotation`,
      );
    }
    return version;
  }

  /** version -> commit, from the history of template.yaml (newest commit per version). */
  private commits(): Promise<Map<string, string>> {
    this.history ??= (async () => {
      const byVersion = new Map<string, string>();
      if (!existsSync(this.directory)) return byVersion;
      const { stdout } = await run(
        'git',
        ['-C', this.directory, 'log', '--format=%H', '--', 'template.yaml'],
        { maxBuffer: 16 * 1024 * 1024 },
      ).catch(() => ({ stdout: '' }));
      for (const commit of stdout.split('\n').filter(Boolean)) {
        const { stdout: text } = await run('git', [
          '-C',
          this.directory,
          'show',
          `${commit}:./template.yaml`,
        ]).catch(() => ({ stdout: '' }));
        const version = versionIn(text);
        if (version && !byVersion.has(version)) byVersion.set(version, commit);
      }
      return byVersion;
    })();
    return this.history;
  }

  /** The packed versions: version -> folder (one whose template.yaml says that version). */
  private async packed(): Promise<Map<string, string>> {
    const byVersion = new Map<string, string>();
    const root = join(this.directory, PACKED_VERSIONS);
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names.filter(isSemver)) {
      const text = await readFile(join(root, name, 'template.yaml'), 'utf8')
        // Not a packed version (a stray folder): git may still know it.
        .catch(() => '');
      if (versionIn(text) === name) byVersion.set(name, join(root, name));
    }
    return byVersion;
  }

  /** Every version known, oldest first. */
  async list(): Promise<string[]> {
    const versions = new Set([
      ...(await this.packed()).keys(),
      ...(await this.commits()).keys(),
      await this.current(),
    ]);
    return [...versions].sort(compareVersions);
  }

  /** A folder holding the template at `version` (template.yaml, skeleton, CHANGELOG.md). */
  async directoryAt(version: string): Promise<string> {
    if (version === (await this.current())) return this.directory;
    const packed = (await this.packed()).get(version);
    if (packed) return packed;
    let exported = this.exported.get(version);
    if (!exported) {
      exported = this.export(version);
      this.exported.set(version, exported);
      exported.catch(() => this.exported.delete(version));
    }
    return exported;
  }

  private async export(version: string): Promise<string> {
    const commit = (await this.commits()).get(version);
    if (!commit) {
      throw new NotFoundError(
        `The template has no version ${version}: neither packed in ${join(
          this.directory,
          PACKED_VERSIONS,
        )} nor in its git history`,
      );
    }
    // git archive takes the folder's path from the repository root.
    const { stdout } = await run('git', [
      '-C',
      this.directory,
      'rev-parse',
      '--show-toplevel',
      '--show-prefix',
    ]);
    const [toplevel, prefix = ''] = stdout.split('\n');
    const target = await mkdtemp(join(tmpdir(), `paved-road-${version}-`));
    try {
      await new Promise<void>((resolve, reject) => {
        const archive = spawn('git', [
          '-C',
          toplevel,
          'archive',
          '--format=tar',
          `${commit}:${prefix.trim().replace(/\/$/, '')}`,
        ]);
        const untar = spawn('tar', ['-x', '-C', target]);
        archive.stdout.pipe(untar.stdin);
        archive.on('error', reject);
        untar.on('error', reject);
        untar.on('close', code =>
          code === 0 ? resolve() : reject(new Error(`tar exited ${code}`)),
        );
      });
      return target;
    } catch (error) {
      await rm(target, { recursive: true, force: true });
      throw error;
    }
  }

  /** The CHANGELOG sections after `from` up to and including `to`, newest first. */
  async changelog(from: string, to: string): Promise<string[]> {
    const text = await readFile(
      join(this.directory, 'CHANGELOG.md'),
      'utf8',
    ).catch(() => '');
    return text
      .split(/^(?=## )/m)
      .filter(section => section.startsWith('## '))
      .filter(section => {
        const version = section.slice(3).split(/\s/)[0];
        return (
          compareVersions(version, from) > 0 &&
          compareVersions(version, to) <= 0
        );
      })
      .map(section => section.trim());
  }
}
