# SPDX-License-Identifier: MIT
# lib.sh - what tests/abi/run, tests/bench/run and tests/shell/run share:
# building static test programs, packing an initramfs around
# tests/abi/init.c, booting it on Debian's Linux or on Keel, and reading
# what the init printed. Sourced, not run. Expects $repo (the repository
# root) and $build. $ABI_INIT_ARGS, when set, is what the init is told to
# run (its arguments after `--` on the kernel command line; see init.c).

abi_src=$repo/tests/abi
abi_linux_dir=${KEEL_LINUX_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/keel/linux}
# Both kernels run on the same accelerator, so that figures compare:
# TCG unless ABI_ACCEL says kvm.
abi_accel=${ABI_ACCEL:-tcg}
abi_cflags=(-O2 -g0 -std=gnu17 -Wall -Wextra -Werror -Wno-unused-function -Wno-unused-result -Wno-stringop-overflow -Wno-stringop-overread -Wno-nonnull -Wno-array-bounds -pthread)

abi_die() {
	echo "${0##*/}: $*" >&2
	exit 2
}

# abi_cc OUT SRC KIND [extra flags]: KIND musl (static), glibc (static),
# pie (glibc static-pie), dyn (glibc, dynamic) or mdyn (musl, dynamic:
# musl's loader is its libc.so); rebuilt only when SRC or a header of
# tests/abi is newer.
abi_cc() {
	local out=$1 src=$2 kind=$3
	shift 3
	local h fresh=1
	for h in "$src" "$abi_src"/*.h; do
		[ -e "$out" ] && [ "$out" -nt "$h" ] || fresh=0
	done
	[ $fresh = 0 ] || return 0
	case $kind in
	musl) musl-gcc -static "${abi_cflags[@]}" "$@" -o "$out" "$src" ;;
	glibc) gcc -static "${abi_cflags[@]}" "$@" -o "$out" "$src" -lrt ;;
	pie) gcc -static-pie -fPIE "${abi_cflags[@]}" "$@" -o "$out" "$src" ;;
	dyn) gcc "${abi_cflags[@]}" "$@" -o "$out" "$src" -lrt ;;
	mdyn) musl-gcc "${abi_cflags[@]}" "$@" -o "$out" "$src" ;;
	*) abi_die "unknown kind $kind" ;;
	esac
}

# abi_root DIR: a fresh staging tree with the init.
abi_root() {
	local root=$1
	rm -rf "$root"
	mkdir -p "$root/abi/t" "$root/abi/bin" "$root/tmp" "$root/dev" "$root/proc" "$root/bin"
	abi_cc "$build/init" "$abi_src/init.c" musl
	cp "$build/init" "$root/init"
}

# abi_add_libs ROOT BINARY: the glibc loader and libraries BINARY needs,
# copied from the host at their own paths.
abi_add_libs() {
	local root=$1 bin=$2 lib
	# glibc loads libgcc_s on demand (pthread_exit and cancellation unwind).
	for lib in $(ldd "$bin" | grep -o '/[^ ]*') $(gcc -print-file-name=libgcc_s.so.1); do
		[ -e "$lib" ] || continue
		lib=$(realpath -s "$lib")
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# abi_add_musl_loader ROOT BINARY: the musl dynamic loader BINARY names
# (its PT_INTERP, which is also musl's libc.so), copied from the host.
abi_add_musl_loader() {
	local root=$1 bin=$2 interp
	interp=$(readelf -l "$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	[ -n "$interp" ] && [ -e "$interp" ] || abi_die "$bin has no musl loader on this host"
	mkdir -p "$root$(dirname "$interp")"
	cp -L "$interp" "$root$interp"
}

# abi_pack ROOT OUT: a cpio newc archive of ROOT.
abi_pack() {
	local root=$1 out=$2
	if command -v cpio >/dev/null; then
		(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out"
	elif command -v bsdtar >/dev/null; then
		(cd "$root" && bsdtar --format newc -cf - .) >"$out"
	else
		abi_die "neither cpio nor bsdtar is installed (./install.sh)"
	fi
}

# abi_init_args: " -- $ABI_INIT_ARGS" for the kernel command line, or
# nothing.
abi_init_args() {
	[ -z "${ABI_INIT_ARGS:-}" ] || printf ' -- %s' "$ABI_INIT_ARGS"
}

# abi_boot_linux INITRAMFS SMP LOG [qemu args...]
abi_boot_linux() {
	local initrd=$1 smp=$2 log=$3
	shift 3
	local vmlinuz=$abi_linux_dir/vmlinuz
	[ -e "$vmlinuz" ] || abi_die "no $vmlinuz: run ./install.sh"
	timeout "${ABI_TIMEOUT:-300}" qemu-system-x86_64 -machine q35 -accel "$abi_accel" -cpu max -m 512M \
		-smp "$smp" -nic none -nographic -no-reboot -kernel "$vmlinuz" -initrd "$initrd" \
		-append "console=ttyS0 quiet panic=-1$(abi_init_args)" "$@" </dev/null >"$log" 2>&1 || true
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
}

# abi_boot_keel INITRAMFS SMP LOG [qemu args...]: through osdk at the root.
abi_boot_keel() {
	local initrd=$1 smp=$2 log=$3 extra=
	shift 3
	[ $# -gt 0 ] && extra=" $*"
	local osdk=${OSDK:-osdk}
	# Build first, so that the time limit is the boot's alone.
	(cd "$repo" && "$osdk" build -q) </dev/null >"$log" 2>&1 || true
	local accel=()
	if "$osdk" run --help 2>/dev/null | grep -q -- '--accel'; then
		accel=(--accel "$abi_accel")
	fi
	(cd "$repo" && timeout "${ABI_TIMEOUT:-300}" "$osdk" run "${accel[@]}" --initramfs "$initrd" \
		--kcmdline "console=ttyS0 quiet init=/init$(abi_init_args)" \
		--qemu-args "-m 512M -smp $smp$extra") </dev/null >"$log" 2>&1 || true
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
}
