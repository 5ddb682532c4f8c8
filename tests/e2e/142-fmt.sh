#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk fmt: clang-format over a package's sources; --check changes nothing.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel demo
expect_rc 0 "a new kernel"
cd demo
osdk fmt --check
expect_rc 0 "a new package is formatted"

cp src/main.c "$T/main.c"
printf 'int  demo_extra ( int a,int b ){return a+b;}\n' >>src/main.c
printf '#pragma once\nstatic inline int  twice(int x){return 2*x;}\n' \
	>src/extra.h
cp src/main.c "$T/bad.c"
osdk fmt --check
expect_rc 1 "--check exits 1 on misformatted files"
[ "$(printf '%s\n' "$out" | grep -v '^osdk:')" = "src/extra.h
src/main.c" ] && ok "and lists exactly them" || not_ok "lists them ($out)"
same_bytes() { cmp -s "$1" "$2" && ok "$3" || not_ok "$3"; }
same_bytes "$T/bad.c" src/main.c "--check changes nothing"

osdk fmt
expect_rc 0 "osdk fmt"
expect_out "Formatted src/main\.c" "names what it rewrote"
grep -q '^int demo_extra(int a, int b)$' src/main.c &&
	ok "in the default style (Linux braces)" || not_ok "default style"
osdk fmt --check
expect_rc 0 "then --check is clean"

# The nearest .clang-format wins over the default.
printf 'BasedOnStyle: LLVM\nIndentWidth: 3\nAllowShortFunctionsOnASingleLine: None\n' \
	>.clang-format
osdk fmt
expect_rc 0 "fmt with the package's .clang-format"
grep -q '^   return 2 \* x;$' src/extra.h && ok "is used" ||
	not_ok "the package's .clang-format is used ($(cat src/extra.h))"
rm .clang-format

cd "$T"
osdk fmt --check extra
expect_rc 2 "an argument is a usage error"
PATH=/nonexistent "$OSDK" fmt >/dev/null 2>&1
[ $? = 1 ] && ok "without clang-format: an error" ||
	not_ok "without clang-format: an error"
finish
