#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# seed.sh - make the default local registry and publish the in-tree packages
# (the frame and the kernel's components) to it, so that `osdk new --kernel`
# resolves the frame from it, offline.
#
#   registry/seed.sh [OSDK]     OSDK: the osdk binary (default: osdk on PATH)
#
# The registry lives in $OSDK_HOME/registry ($OSDK_HOME defaults to ~/.osdk)
# under the name `local`, made the default unless another one already is.
# Versions already published are skipped, so a second run is quick; a
# changed package needs a new version to be published again.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
osdk=${1:-osdk}
osdk_home=${OSDK_HOME:-$HOME/.osdk}

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }

if [ ! -d "$osdk_home/registry" ]; then
	say "creating the default registry in $osdk_home/registry"
	"$osdk" registry init "$osdk_home/registry" --name local --default -q \
		>/dev/null
elif ! "$osdk" registry list 2>/dev/null | grep -q '^. local '; then
	"$osdk" registry add local "$osdk_home/registry" -q
fi
if ! "$osdk" registry list 2>/dev/null | grep -q '^\* '; then
	"$osdk" registry add local "$osdk_home/registry" --default -q
fi
say "publishing the in-tree packages to the default registry"
cd "$here"
"$osdk" publish --workspace --registry local --allow-dirty --skip-published -q
