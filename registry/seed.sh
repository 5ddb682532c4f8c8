#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# seed.sh - make the default local registry and publish the in-tree packages
# (the frame and the kernel's components) to it, so that `osdk new --kernel`
# resolves the frame from it, offline, as it is in this checkout.
#
#   registry/seed.sh [OSDK]     OSDK: the osdk binary (default: osdk on PATH)
#
# The registry is named `local` in $OSDK_HOME ($OSDK_HOME defaults to
# ~/.osdk), made the default unless another one already is. Versions it
# already has with the same sources are skipped, so a second run is quick
# and writes nothing. A registry never changes what it published, so when
# a package's sources changed without a new version (a `git pull` between
# two releases), `local` moves to a new registry, $OSDK_HOME/registry-N,
# seeded with the checkout as it is; the old one stays as it was, for the
# kernels whose osdk.lock names it (docs/registry.md).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
osdk=${1:-osdk}
osdk_home=${OSDK_HOME:-$HOME/.osdk}

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }

# The lines of `osdk registry list`: "* NAME URL", the default marked.
local_url() {
	"$osdk" registry list 2>/dev/null | awk '$(NF-1) == "local" { print $NF }'
}
local_is_default() {
	"$osdk" registry list 2>/dev/null | grep -q '^\* local '
}

# Publish every workspace member that the registry `local` lacks; print
# what osdk said, so the caller can tell changed sources from new ones.
publish() {
	(cd "$here" && "$osdk" publish --workspace --registry local \
		--allow-dirty --skip-published 2>&1)
}

if [ ! -d "$osdk_home/registry" ]; then
	say "creating the default registry in $osdk_home/registry"
	"$osdk" registry init "$osdk_home/registry" --name local --default -q \
		>/dev/null
elif [ -z "$(local_url)" ]; then
	"$osdk" registry add local "$osdk_home/registry" -q
fi
if ! "$osdk" registry list 2>/dev/null | grep -q '^\* '; then
	"$osdk" registry add local "$(local_url)" --default -q
fi
say "publishing the in-tree packages to the default registry"
out=$(publish) || { printf '%s\n' "$out" >&2; exit 1; }
if printf '%s\n' "$out" | grep -q 'differ from the published ones'; then
	n=2
	while [ -e "$osdk_home/registry-$n" ]; do n=$((n + 1)); done
	say "the checkout's packages changed without a new version:" \
		"seeding a new registry, $osdk_home/registry-$n"
	"$osdk" registry init "$osdk_home/registry-$n" -q >/dev/null
	if local_is_default; then
		"$osdk" registry add local "$osdk_home/registry-$n" --default -q
	else
		"$osdk" registry add local "$osdk_home/registry-$n" -q
	fi
	out=$(publish) || { printf '%s\n' "$out" >&2; exit 1; }
fi
printf '%s\n' "$out" | grep -E '^osdk: (warning|error)' >&2 || true
