import zlib from 'node:zlib';
import { tarball, MAIN_TF } from './tarball';
import { inspectConfigurationArchive } from './configurationArchive';

describe('inspectConfigurationArchive', () => {
  it('accepts a tar.gz with a .tf file and lists its files', () => {
    const archive = tarball({
      'main.tf': MAIN_TF,
      'modules/queue/main.tf': 'resource "aws_sqs_queue" "this" {}\n',
      'README.md': '# stack\n',
    });

    const result = inspectConfigurationArchive(archive);

    expect(result).toEqual({
      ok: true,
      files: expect.arrayContaining([
        'main.tf',
        'modules/queue/main.tf',
        'README.md',
      ]),
    });
    // Directories are not files.
    expect(result.ok && result.files).not.toContain('modules/');
  });

  it('reads names longer than the 100 bytes of a tar header', () => {
    const deep = `${'very-long-directory-name/'.repeat(6)}main.tf`;
    expect(deep.length).toBeGreaterThan(100);

    const result = inspectConfigurationArchive(tarball({ [deep]: MAIN_TF }));

    expect(result).toEqual({ ok: true, files: [deep] });
  });

  it('refuses a tar.gz without any .tf file', () => {
    expect(
      inspectConfigurationArchive(tarball({ 'README.md': '# nothing\n' })),
    ).toEqual({
      ok: false,
      error: 'no_configuration_files',
      message: 'The configuration archive holds no Terraform (*.tf) file',
    });
  });

  it('refuses an uncompressed tar', () => {
    const result = inspectConfigurationArchive(
      tarball({ 'main.tf': MAIN_TF }, { gzip: false }),
    );

    expect(result).toMatchObject({ ok: false, error: 'invalid_archive' });
    expect(!result.ok && result.message).toMatch(/not a gzip-compressed/);
  });

  it('refuses gzip-compressed data that is not a tar', () => {
    const result = inspectConfigurationArchive(
      zlib.gzipSync(Buffer.from('resource "x" "y" {}\n'.repeat(40))),
    );

    expect(result).toMatchObject({ ok: false, error: 'invalid_archive' });
    expect(!result.ok && result.message).toMatch(/not a tar archive/);
  });

  it('refuses a truncated tar', () => {
    const tar = zlib.gunzipSync(tarball({ 'main.tf': 'x'.repeat(2000) }));

    const result = inspectConfigurationArchive(
      zlib.gzipSync(tar.subarray(0, 1024)),
    );

    expect(result).toMatchObject({ ok: false, error: 'invalid_archive' });
  });
});
