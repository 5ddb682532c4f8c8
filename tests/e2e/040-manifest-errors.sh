#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bad manifests and bad command lines get precise errors.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel k
cd k
cat > osdk.yaml <<'Y'
package:
  name: k
  version: 0.1.0
  type: kernel
dependencies:
  frame: { path: "../datadir/frame" }
run:
  qemuu:
    args: "-m 512M"
Y
osdk build
expect_rc 1 "a misspelt key is rejected"
expect_out "osdk\.yaml:8:3: .*'qemuu'.*did you mean 'qemu'" "with its line, column and a suggestion"

sed -i 's/qemuu/qemu/; s/version: 0.1.0/version: 0.1/' osdk.yaml
osdk build
expect_rc 1 "a bad version is rejected"
expect_out "osdk\.yaml:3:[0-9]+: .*package\.version" "naming the field"

sed -i 's/version: 0.1$/version: 0.1.0/' osdk.yaml
osdk build --scheme tdxx
expect_rc 1 "an unknown scheme is rejected"
expect_out "no scheme 'tdxx'" "and named"

# Hostile YAML: deep nesting is refused where it crosses the limit, long
# before libyaml's own loader would have finished (it took minutes).
cp osdk.yaml good.yaml
python3 -c "print('package: ' + '[' * 1000000 + ']' * 1000000)" >osdk.yaml
OSDK_TIMEOUT=30 osdk build
expect_rc 1 "a million nested flow sequences are refused"
expect_out "osdk\.yaml:1:73: collections nest deeper than 64 levels" \
	"at the line and column of the first one too deep"
printf 'package: &p\n  name: k\nx: *q\n' >osdk.yaml
osdk build
expect_rc 1 "an undefined alias is refused"
expect_out "osdk\.yaml:3:4: found undefined alias" "where it is used"
iconv -f UTF-8 -t UTF-16 good.yaml >osdk.yaml
osdk build
expect_rc 1 "a UTF-16 manifest is refused"
expect_out "osdk\.yaml:1:1: the file is UTF-16; osdk reads YAML files as UTF-8" \
	"saying it must be UTF-8"
cp good.yaml osdk.yaml
osdk build -q
expect_rc 0 "the manifest read back through events still builds"

osdk biuld
expect_rc 2 "an unknown command is a usage error"
expect_out "did you mean 'build'" "with a suggestion"
osdk build --relase
expect_rc 2 "an unknown option is a usage error"
expect_out "did you mean '--release'" "with a suggestion"
osdk build -j zero
expect_rc 2 "a bad -j value is a usage error"
osdk build --target-arch riscv64
expect_rc 2 "an unsupported architecture is a usage error"
expect_out "unsupported target architecture 'riscv64'" "naming it"
osdk run --boot-method uefi
expect_rc 2 "an unknown boot method is a usage error"
expect_out "unknown boot method 'uefi'; expected" "listing the known ones"

# Dependency cycles are reported with their chain.
cd "$T"
mkdir -p a/src b/src
printf 'package: { name: a, version: 0.1.0 }\ndependencies: { b: { path: "../b" } }\n' > a/osdk.yaml
printf 'package: { name: b, version: 0.1.0 }\ndependencies: { a: { path: "../a" } }\n' > b/osdk.yaml
cd a
osdk build
expect_rc 1 "a dependency cycle is refused"
expect_out "dependency cycle: a -> b -> a" "with its chain"

# A path dependency's version requirement is checked against what is there.
cd "$T"
mkdir -p pv/app pv/lib
printf 'package: { name: lib, version: 0.1.0 }\n' > pv/lib/osdk.yaml
printf 'package: { name: app, version: 0.1.0 }\ndependencies:\n  lib: { path: "../lib", version: "^2" }\n' > pv/app/osdk.yaml
cd pv/app
osdk build
expect_rc 1 "a path dependency whose version does not match is refused"
expect_out "osdk.yaml:3:3: 'dependencies.lib' requires version '\^2', but the package at '.*/pv/lib' is lib v0.1.0" \
	"at its line, with what was found"
sed -i 's/"\^2"/"^0.1"/' osdk.yaml
osdk build
expect_no_out "requires version" "a matching version passes the check"

osdk help build
expect_rc 0 "osdk help build"
expect_out "Usage: osdk build" "prints the usage"
osdk run --help
expect_rc 0 "osdk run --help"
expect_out "gdb-server" "documents --gdb-server"
osdk --version
expect_out "^osdk [0-9]+\.[0-9]+\.[0-9]+" "osdk --version"
finish
