#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install.sh - installs what osdk and Keel need on Debian 12, then builds and
# installs osdk. Safe to run again: it skips what is already in place.
#
#   ./install.sh            system packages, osdk into $PREFIX (/usr/local),
#                           the default registry in $OSDK_HOME (~/.osdk)
#   PREFIX=~/.local ./install.sh
#
# It also fetches Debian's own Linux kernel, the oracle of the Linux-ABI
# suite (tests/abi): the image package that linux-image-amd64 depends on is
# downloaded and unpacked (never installed) into $KEEL_LINUX_DIR, by default
# ${XDG_CACHE_HOME:-~/.cache}/keel/linux, where `vmlinuz` links to it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-/usr/local}
build=${OSDK_BUILD_DIR:-$here/build}

packages=(
	build-essential cmake pkg-config clang
	libyaml-dev libgit2-dev libcjson-dev libclang-dev libarchive-dev libssl-dev
	qemu-system-x86 qemu-utils
	grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools fdisk ovmf
	gdb git
	# The tests of osdk's reports: jq reads JSON lines, xmllint JUnit XML.
	jq libxml2-utils
	# osdk fmt and osdk doc; the shells whose completion scripts the tests
	# try (bash's is installed with osdk).
	clang-format doxygen zsh fish
	# Keel's root: busybox for /init and its shell, musl for small Linux
	# programs, cpio and bsdtar to look inside an initramfs.
	busybox-static musl-tools cpio libarchive-tools
	# The tests of https and ssh registries: a loopback git server over
	# TLS (python3, a throwaway CA made with openssl) and an sshd.
	python3 openssl openssh-server
	# osdk test --coverage and osdk run --coverage: lcov and genhtml.
	lcov
	# osdk prove: Frama-C's WP, Why3 and the SMT provers it drives.
	frama-c-base why3 z3 cvc4 cvc5
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

# Debian's Linux for tests/abi and tests/bench: unpacked, not installed.
linux_dir=${KEEL_LINUX_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/keel/linux}
if [ -e "$linux_dir/vmlinuz" ]; then
	say "Debian's Linux already in $linux_dir"
else
	[ ${#missing[@]} -gt 0 ] || as_root apt-get update -qq
	image=$(apt-cache depends linux-image-amd64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n1)
	[ -n "$image" ] || { echo "install.sh: no linux-image package" >&2; exit 1; }
	say "fetching $image into $linux_dir"
	mkdir -p "$linux_dir"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq "$image")
	dpkg -x "$tmp"/"$image"_*.deb "$tmp/root"
	mkdir -p "$linux_dir/$image"
	cp "$tmp"/root/boot/vmlinuz-* "$linux_dir/$image/vmlinuz"
	cp "$tmp"/root/boot/config-* "$linux_dir/$image/config" 2>/dev/null || true
	rm -rf "$tmp"
	ln -sfn "$image/vmlinuz" "$linux_dir/vmlinuz"
fi

# Why3 must know the provers `osdk prove` asks for; detect them once, and
# again only when one is missing from its configuration.
if ! why3 config list-provers 2>/dev/null | grep -q '^Z3 ' ||
	! why3 config list-provers 2>/dev/null | grep -q '^CVC4 '; then
	say "configuring Why3's provers"
	why3 config detect >/dev/null
else
	say "Why3's provers already configured"
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
