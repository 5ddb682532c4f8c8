#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's "A first kernel" block, run line by line as a new user
# would type it: every command succeeds and says what its comment says.
. "$(dirname "$0")/lib.sh"
cd "$T"

mapfile -t lines < <(sed -n '/^## A first kernel/,/^## /p' "$OSDK_SRC/README.md" |
	sed -n '/^```sh$/,/^```$/p' | grep -v '^```' | sed 's/ *#.*$//')
[ ${#lines[@]} -ge 5 ] && ok "the README's first-kernel block has ${#lines[@]} commands" ||
	not_ok "the README's first-kernel block has commands (${#lines[@]})"
for l in "${lines[@]}"; do
	case "$l" in
	cd\ *) cd "${l#cd }" || not_ok "$l"; continue ;;
	osdk\ *) ;;
	*) not_ok "an unexpected line '$l'"; continue ;;
	esac
	eval "set -- ${l#osdk }"
	osdk "$@"
	expect_rc 0 "'$l' succeeds"
	case "$1" in
	new) printf '  accel: tcg\n' >>hello/osdk.yaml ;; # the same on any host
	run) expect_out "Hello from the hello kernel" "'$l' boots the kernel to its hello line" ;;
	test) expect_out "^[0-9]+ passed, 0 failed$" "'$l' runs the tests" ;;
	profile) [ -s target/osdk/profile/profile.svg ] && ok "'$l' writes the flame graph" ||
		not_ok "'$l' writes the flame graph" ;;
	esac
done
[ -s target/osdk/dev/hello.iso ] && ok "the ISO is in target/osdk/dev/" || not_ok "the ISO is in target/osdk/dev/"
finish
