import zlib from 'node:zlib';

/** What Terraform Cloud would make of an uploaded configuration archive. */
export type ArchiveInspection =
  | { ok: true; files: string[] }
  | { ok: false; error: string; message: string };

const BLOCK = 512;

function cString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** A numeric header field: octal text, or GNU base-256 for big values. */
function headerNumber(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) {
      value = value * 256 + field[i];
    }
    return value;
  }
  const text = cString(block, start, length).trim();
  return text ? parseInt(text, 8) : 0;
}

/** The header checksum: every byte summed, the checksum field counted as spaces. */
function checksumMatches(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) {
    sum += i >= 148 && i < 156 ? 0x20 : block[i];
  }
  return sum === headerNumber(block, 148, 8);
}

/** `path` from a PAX extended header ("<len> path=<value>\n" records). */
function paxPath(data: Buffer): string | undefined {
  let offset = 0;
  let path: string | undefined;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = parseInt(data.subarray(offset, space).toString(), 10);
    if (!length) break;
    const record = data
      .subarray(space + 1, offset + length - 1)
      .toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') {
      path = record.slice(eq + 1);
    }
    offset += length;
  }
  return path;
}

/** The names of the regular files in a tar, or undefined when it is not one. */
function tarFileNames(tar: Buffer): string[] | undefined {
  const files: string[] = [];
  let offset = 0;
  let headers = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const block = tar.subarray(offset, offset + BLOCK);
    if (block.every(byte => byte === 0)) {
      break; // end-of-archive marker
    }
    if (!checksumMatches(block)) {
      return undefined;
    }
    headers += 1;
    const size = headerNumber(block, 124, 12);
    const type = String.fromCharCode(block[156] || 0x30);
    const dataStart = offset + BLOCK;
    if (dataStart + size > tar.length) {
      return undefined; // truncated
    }
    const data = tar.subarray(dataStart, dataStart + size);
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
    } else if (type === 'L') {
      longName = cString(data, 0, data.length);
    } else if (type !== 'g') {
      const isUstar = cString(block, 257, 6).startsWith('ustar');
      const prefix = isUstar ? cString(block, 345, 155) : '';
      const name = cString(block, 0, 100);
      const fullName = longName ?? (prefix ? `${prefix}/${name}` : name);
      longName = undefined;
      // '0' (and '7', contiguous) are regular files; directories, links... are not.
      if (type === '0' || type === '7') {
        files.push(fullName.replace(/^\.\//, ''));
      }
    }
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  return headers > 0 ? files : undefined;
}

/**
 * Checks an upload the way Terraform Cloud's ingress would, in its simplest
 * form: a gzip-compressed tar holding at least one `*.tf` file.
 */
export function inspectConfigurationArchive(data: Buffer): ArchiveInspection {
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(data);
  } catch {
    return {
      ok: false,
      error: 'invalid_archive',
      message: 'The configuration is not a gzip-compressed archive (.tar.gz)',
    };
  }
  const files = tarFileNames(tar);
  if (!files) {
    return {
      ok: false,
      error: 'invalid_archive',
      message: 'The configuration is gzip-compressed but not a tar archive',
    };
  }
  if (!files.some(file => file.endsWith('.tf'))) {
    return {
      ok: false,
      error: 'no_configuration_files',
      message: 'The configuration archive holds no Terraform (*.tf) file',
    };
  }
  return { ok: true, files };
}
