#!/usr/bin/env bash
# Fails when a contract package's generated types are not what its `generate`
# script makes from its vendored specs (packages/*/spec/), or when a vendored
# spec differs from the shared one it copies (shared/specs/<same path>; the
# comparison is skipped where shared/ is not beside the repo).
#   usage: scripts/contracts-current.sh [SHARED_SPECS_DIR]
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
specs_dir=${1:-${SHARED_SPECS_DIR:-../shared/specs}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

for pkg in packages/*/; do
  pkg=${pkg%/}
  [ -d "$pkg/spec" ] || continue
  if [ -d "$specs_dir" ]; then
    while IFS= read -r file; do
      rel=${file#"$pkg/spec/"}
      if ! cmp -s "$file" "$specs_dir/$rel"; then
        echo "$file differs from $specs_dir/$rel: copy it again and run 'yarn generate' in $pkg"
        status=1
      fi
    done < <(find "$pkg/spec" -type f | sort)
  else
    echo "($specs_dir not found: vendored specs of $pkg not compared)"
  fi
  name=$(node -p "require('./$pkg/package.json').name")
  if ! (cd "$pkg" && yarn generate --out-dir "$tmp/$name" >/dev/null); then
    echo "$pkg: 'yarn generate' failed"
    status=1
  elif ! diff -r -q "$pkg/src/generated" "$tmp/$name"; then
    echo "$pkg/src/generated is not what 'yarn generate' makes from $pkg/spec: run it and commit"
    status=1
  fi
done
exit $status
