#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk update -p PKG moves one package and keeps the others locked;
# --precise pins an exact version, and refuses one the registry lacks or
# the requirements do not allow, naming the versions there are.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
cd "$T"

registry_new main --default
lib_pkg pkgs/log log 1.0.0
publish pkgs/log main
lib_pkg pkgs/log log 1.1.0
publish pkgs/log main
lib_pkg pkgs/net net 0.1.0
publish pkgs/net main
lib_pkg app app 0.1.0 'log: "^1.0"' 'net: "^0.1"'
at app build
expect_rc 0 "app builds with log and net from the registry"
grep -A1 'name: log' app/osdk.lock | grep -q '"1.1.0"' &&
	grep -A1 'name: net' app/osdk.lock | grep -q '"0.1.0"' &&
	ok "the lock pins log 1.1.0 and net 0.1.0" ||
	not_ok "the lock pins log 1.1.0 and net 0.1.0"

lib_pkg pkgs/log log 1.2.0
publish pkgs/log main
lib_pkg pkgs/net net 0.1.1
publish pkgs/net main

at app update -p log
expect_rc 0 "update -p log"
expect_out "Updating log v1\.1\.0 -> v1\.2\.0" "moves log to its newest"
expect_no_out "net v0\.1\.0 -> " "and leaves net alone"
grep -A1 'name: net' app/osdk.lock | grep -q '"0.1.0"' &&
	ok "net stays locked at 0.1.0" || not_ok "net stays locked at 0.1.0"

at app update -p log --precise 1.0.0
expect_rc 0 "update -p log --precise 1.0.0"
expect_out "Updating log v1\.2\.0 -> v1\.0\.0" "moves log down to exactly 1.0.0"
grep -A1 'name: log' app/osdk.lock | grep -q '"1.0.0"' &&
	ok "the lock pins 1.0.0" || not_ok "the lock pins 1.0.0"
at app build --locked
expect_rc 0 "and a --locked build accepts it"
expect_out "Compiling log v1\.0\.0" "compiling log 1.0.0"

cp app/osdk.lock lock.before
at app update -p log --precise 1.9.0
expect_rc 1 "a version the registry lacks is refused"
expect_out "--precise 1\.9\.0: registry '[^']*' has no version 1\.9\.0 of 'log'; its versions: 1\.2\.0, 1\.1\.0, 1\.0\.0" \
	"naming the versions there are"
same_file lock.before app/osdk.lock "the lock file is untouched"

lib_pkg pkgs/log log 2.0.0
publish pkgs/log main
at app update -p log --precise 2.0.0
expect_rc 1 "a version the requirement refuses is an error"
expect_out "--precise 2\.0\.0 does not fit the requirements on 'log' \(its versions: 2\.0\.0, 1\.2\.0, 1\.1\.0, 1\.0\.0\)" \
	"naming the versions"
expect_out "app v0\.1\.0 -> log \^1\.0" "and the requirement in the way"
same_file lock.before app/osdk.lock "the lock file is still untouched"

at app update --precise 1.1.0
expect_rc 2 "--precise without -p is a usage error"
at app update -p log -p net --precise 1.1.0
expect_rc 2 "--precise with two packages is a usage error"
at app update -p nope
expect_rc 1 "a package that is not locked is refused"
expect_out "package 'nope' is not in .*osdk\.lock" "saying so"

# From another directory, both packages, with the old positional form too.
mkdir -p elsewhere
at elsewhere update --manifest-path ../app/osdk.yaml -p net log
expect_rc 0 "update --manifest-path -p net log"
expect_out "Updating net v0\.1\.0 -> v0\.1\.1" "net moves"
expect_out "Updating log v1\.0\.0 -> v1\.2\.0" "log moves (within ^1.0)"
[ ! -e elsewhere/osdk.lock ] && ok "no lock file where osdk ran" ||
	not_ok "no lock file where osdk ran"
finish
