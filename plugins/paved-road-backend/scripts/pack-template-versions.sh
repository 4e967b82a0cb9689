#!/usr/bin/env bash
# Packs the earlier versions of a template from the git history of its folder
# into <out>/<semver>/ (template.yaml, skeleton/, CHANGELOG.md as that
# version's newest commit held them), for where there is no git history: the
# production image (scripts/image-build-steps.sh, Dockerfile). The backend's
# TemplateVersions reads <template>/versions/<semver>/ first, git second.
#
#   pack-template-versions.sh <template folder in a git clone> <out>
#
# The folder's current version (template.yaml on disk) is not packed: it is
# the folder itself. Prints the versions packed, one a line.
set -euo pipefail
template=${1:?template folder}
out=${2:?output folder}
ANNOTATION=paved-road.acme.example/template-version

# The semver of a template.yaml on stdin; empty when it has none. YAML parsed
# for real (the annotation is an anchor: `&templateVersion 1.0.0`).
version_of() {
  node -e '
    const { parse } = require(require.resolve("yaml", { paths: [process.argv[1], process.cwd()] }));
    let text = ""; process.stdin.on("data", d => (text += d)).on("end", () => {
      let v; try { v = parse(text)?.metadata?.annotations?.[process.argv[2]]; } catch {}
      if (typeof v === "string" && /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(v)) console.log(v);
    });' "$(dirname "${BASH_SOURCE[0]}")" "$ANNOTATION"
}

current=$(version_of <"$template/template.yaml")
prefix=$(git -C "$template" rev-parse --show-prefix)
toplevel=$(git -C "$template" rev-parse --show-toplevel)
mkdir -p "$out"
declare -A seen=()
# Newest first: the first commit of a version is its newest.
for commit in $(git -C "$template" log --format=%H -- template.yaml); do
  version=$(git -C "$template" show "$commit:./template.yaml" | version_of)
  [ -n "$version" ] && [ "$version" != "$current" ] && [ -z "${seen[$version]:-}" ] || continue
  seen[$version]=1
  rm -rf "${out:?}/$version"
  mkdir -p "$out/$version"
  git -C "$toplevel" archive --format=tar "$commit:${prefix%/}" | tar -x -C "$out/$version"
  echo "$version"
done
