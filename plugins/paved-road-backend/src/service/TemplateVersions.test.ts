import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { templateRepository } from '../__testUtils__/testPavedRoad';
import { TemplateVersions } from './TemplateVersions';

const run = promisify(execFile);
const PACK = resolve(__dirname, '../../scripts/pack-template-versions.sh');

/** Every file under a folder: relative path -> text. */
async function tree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), await readFile(path, 'utf8'));
  }
  return files;
}

const versionOf = async (directory: string) =>
  /template-version: &templateVersion (\S+)/.exec(
    await readFile(join(directory, 'template.yaml'), 'utf8'),
  )?.[1];

describe('TemplateVersions', () => {
  let scratch: string;
  /** The template at 1.1.0 in a git clone whose history has 1.0.0 too. */
  let inGit: string;
  /** The same folder copied without git history, 1.0.0 packed by the script. */
  let image: string;
  let packedVersions: string[];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'template-versions-'));
    inGit = await templateRepository(join(scratch, 'portal'));
    image = join(scratch, 'image/templates/microservice');
    await cp(inGit, image, { recursive: true });
    const { stdout } = await run('bash', [
      PACK,
      inGit,
      join(image, 'versions'),
    ]);
    packedVersions = stdout.trim().split('\n');
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('packs the earlier versions, not the current one (the folder itself)', () => {
    expect(packedVersions).toEqual(['1.0.0']);
  });

  it('reads earlier versions from the git history', async () => {
    const versions = new TemplateVersions(inGit);
    expect(await versions.list()).toEqual(['1.0.0', '1.1.0']);
    expect(await versions.directoryAt('1.1.0')).toBe(inGit);
    const old = await versions.directoryAt('1.0.0');
    expect(old).not.toBe(inGit);
    expect(await versionOf(old)).toBe('1.0.0');
    // 1.1.0 dropped the VPA: the export is the old tree, not today's.
    expect(
      (await tree(old)).has('skeleton/service/chart/templates/vpa.yaml'),
    ).toBe(true);
  });

  it('reads them from the packed versions where there is no git history, as git has them', async () => {
    await expect(
      run('git', ['-C', image, 'rev-parse', '--git-dir']),
    ).rejects.toThrow();
    const versions = new TemplateVersions(image);
    expect(await versions.list()).toEqual(['1.0.0', '1.1.0']);
    const packed = await versions.directoryAt('1.0.0');
    expect(packed).toBe(join(image, 'versions/1.0.0'));
    expect(await tree(packed)).toEqual(
      await tree(await new TemplateVersions(inGit).directoryAt('1.0.0')),
    );
    expect(await versions.directoryAt('1.1.0')).toBe(image);
    expect(await versions.changelog('1.0.0', '1.1.0')).toHaveLength(1);
  });

  it('says which version it has neither packed nor in git', async () => {
    const versions = new TemplateVersions(image);
    await expect(versions.directoryAt('0.9.0')).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('no version 0.9.0: neither packed in'),
    });
  });

  it('prefers a packed version to the git history', async () => {
    const both = join(scratch, 'portal/templates/microservice');
    await cp(join(image, 'versions'), join(both, 'versions'), {
      recursive: true,
    });
    try {
      expect(await new TemplateVersions(both).directoryAt('1.0.0')).toBe(
        join(both, 'versions/1.0.0'),
      );
    } finally {
      await rm(join(both, 'versions'), { recursive: true, force: true });
    }
  });
});
