// Sets `image.tag` in a Helm values file without rewriting the rest of it, so
// comments and layout survive the CI commit. Used by the CI and promote
// workflows: node scripts/set-image-tag.ts chart/values-dev.yaml <tag>
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/; // the OCI tag grammar

export function setImageTag(yaml: string, tag: string): string {
  if (!TAG.test(tag)) throw new Error(`"${tag}" is not a valid image tag`);
  const lines = yaml.split('\n');
  const image = lines.findIndex(line => /^image:\s*(#.*)?$/.test(line));
  if (image < 0) throw new Error('no top-level "image:" block');
  for (let i = image + 1; i < lines.length && /^(\s|$)/.test(lines[i]); i++) {
    const match = /^(\s+tag:\s*)("[^"]*"|'[^']*'|[^\s#]*)(.*)$/.exec(lines[i]);
    if (match) {
      lines[i] = `${match[1]}"${tag}"${match[3]}`;
      return lines.join('\n');
    }
  }
  throw new Error('no "tag:" key inside the "image:" block');
}

/** Reads the tag of a values file, for promotions (staging takes dev's tag). */
export function getImageTag(yaml: string): string {
  const match = /^image:[^\n]*\n(?:[ \t][^\n]*\n|\n)*?[ \t]+tag:\s*["']?([^"'\s#]*)/m.exec(yaml);
  if (!match || !match[1]) throw new Error('no image.tag set');
  return match[1];
}

// Run as a script (not when imported by the tests).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, tag] = process.argv.slice(2);
  if (!file) {
    console.error('usage: set-image-tag.ts <values file> [<tag> | --from <values file>]');
    process.exit(2);
  }
  const next = tag === '--from' ? getImageTag(readFileSync(process.argv[4], 'utf8')) : tag;
  writeFileSync(file, setImageTag(readFileSync(file, 'utf8'), next));
  console.log(`${file}: image.tag = ${next}`);
}
