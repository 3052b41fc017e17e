#!/usr/bin/env bash
# Refresh the NL Design System CSS in static/css from the npm packages pinned in
# tools/css/package-lock.json. Writes static/css/vendor/{utrecht.css,LICENSES.md,EUPL-1.2.txt}
# and static/css/theme.css; see static/css/README.md.
#
# Usage: tools/css/build.sh          (from anywhere; needs node >= 20 and npm)
#
# The packages are installed with `npm ci` into a temporary directory that is removed
# afterwards, so no node_modules ends up in the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/open-nijmegen-css.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cp "$here/package.json" "$here/package-lock.json" "$work/"
(
  cd "$work"
  # --ignore-scripts: none of the packages needs an install script (lightningcss ships its
  # native binary as an optional dependency package).
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  echo >&2
)

node "$here/build.mjs" "$work" "$root"
