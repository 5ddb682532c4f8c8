#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install.sh - installs what osdk and Keel need on Debian 12, then builds and
# installs osdk. Safe to run again: it skips what is already in place.
#
#   ./install.sh            system packages, osdk into $PREFIX (/usr/local),
#                           the default registry in $OSDK_HOME (~/.osdk)
#   PREFIX=~/.local ./install.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-/usr/local}
build=${OSDK_BUILD_DIR:-$here/build}

packages=(
	build-essential cmake pkg-config clang
	libyaml-dev libgit2-dev libcjson-dev libclang-dev libarchive-dev libssl-dev
	qemu-system-x86 qemu-utils
	grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools ovmf
	gdb git
	# Keel's root: busybox for /init and its shell, musl for small Linux
	# programs, cpio and bsdtar to look inside an initramfs.
	busybox-static musl-tools cpio libarchive-tools
)

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]}"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
	say "system packages already installed"
fi

say "building osdk"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$build" -j "$(nproc)"

say "installing osdk into $prefix"
if [ -w "$prefix" ] || [ "$(id -u)" = 0 ]; then
	cmake --install "$build" >/dev/null
else
	as_root cmake --install "$build" >/dev/null
fi

# The default registry, seeded with the in-tree packages.
"$here/registry/seed.sh" "$prefix/bin/osdk"

case ":$PATH:" in
*":$prefix/bin:"*) ;;
*) say "add $prefix/bin to your PATH" ;;
esac
say "done: $("$prefix/bin/osdk" --version)"
