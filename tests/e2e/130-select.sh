#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Package selection in a workspace of three: -p, --workspace, --exclude and
# --manifest-path (from another directory), on build, test, check, tree,
# clean and run, and the errors for unknown names and bad paths.
. "$(dirname "$0")/lib.sh"
cd "$T"

mkdir ws
cd ws
osdk new --kernel app
osdk new --library alpha
osdk new --library beta
sed -i 's|^dependencies:|dependencies:\n  alpha: { path: "../alpha" }|' \
	app/osdk.yaml
printf 'workspace:\n  members: [app, alpha, beta]\n  trusted: [frame]\n' >osdk.yaml
for p in alpha beta; do
	printf '\ntest:\n  timeout: 30\n' >>$p/osdk.yaml
done
cd "$T"
mkdir elsewhere
cd elsewhere
M=../ws/osdk.yaml

osdk build --manifest-path $M -p beta
expect_rc 0 "build -p beta from another directory"
expect_out "Compiling beta" "compiles beta"
expect_no_out "Compiling (alpha|app)" "and nothing else"
[ -e ../ws/target/osdk/dev/beta/libbeta.a ] && ok "beta's archive is in the workspace's target" ||
	not_ok "beta's archive is in the workspace's target"
[ ! -e target ] && ok "nothing is written in the current directory" ||
	not_ok "nothing is written in the current directory"

osdk build --manifest-path $M -p alpha -p beta
expect_rc 0 "-p is repeatable"
expect_out "Compiling alpha" "alpha is compiled"
expect_no_out "Compiling app" "app is not"

osdk build --manifest-path $M --workspace --exclude app
expect_rc 0 "--workspace --exclude app builds the libraries"
expect_no_out "Compiling app|Linking" "without the kernel"

osdk build --manifest-path $M --workspace
expect_rc 0 "--workspace builds every member"
expect_out "Compiling app" "the kernel too"
expect_out "app\.elf" "and links it"

osdk build --manifest-path ../ws/app/osdk.yaml
expect_rc 0 "--manifest-path to a member builds that member"
expect_out "Finished" "finished"

# Errors: an unknown name, conflicting options, bad manifest paths.
osdk build --manifest-path $M -p alhpa
expect_rc 2 "an unknown package is a usage error"
expect_out "no package 'alhpa' in this workspace; did you mean 'alpha'\? \(members: (alpha|app|beta), " \
	"naming the closest package and the members"
osdk build --manifest-path $M --exclude nope
expect_rc 2 "an unknown --exclude is a usage error"
expect_out "no package 'nope'" "naming it"
osdk build --manifest-path $M -p alpha --exclude beta
expect_rc 2 "--exclude with -p is refused"
osdk build --manifest-path $M -p alpha --workspace
expect_rc 2 "-p with --workspace is refused"
osdk build --manifest-path $M --exclude app --exclude alpha --exclude beta
expect_rc 2 "excluding everything is refused"
expect_out "leaves no package" "saying nothing is left"
osdk build --manifest-path ../ws/nothere/osdk.yaml
expect_rc 2 "a missing --manifest-path is refused"
expect_out "'../ws/nothere/osdk.yaml' does not exist" "naming it"
osdk build --manifest-path ../ws/alpha/src/lib.c
expect_rc 2 "a --manifest-path not named osdk.yaml is refused"
expect_out "must name a file called 'osdk.yaml'" "saying what it must be"
osdk build --manifest-path ../ws
expect_rc 2 "a directory as --manifest-path is refused"
expect_out "'../ws/osdk.yaml'" "pointing at the manifest in it"

# run takes one package: a kernel.
osdk run --manifest-path $M -p app -p alpha
expect_rc 2 "run refuses two -p"
osdk run --manifest-path $M -p alpha
expect_rc 1 "run -p of a library is refused"
expect_out "no kernel package" "because it is not a kernel"

# test: selected packages' tests only.
osdk test --manifest-path $M -p beta
expect_rc 0 "test -p beta passes"
expect_out "^test beta::" "beta's tests run"
expect_no_out "^test alpha::" "alpha's do not"
osdk test --manifest-path $M --workspace --exclude beta --list
expect_rc 0 "test --list with --exclude"
expect_out "^alpha::" "lists alpha's tests"
expect_no_out "^beta::" "not beta's"

# check: only the selected packages.
osdk check --manifest-path $M -p beta
expect_rc 0 "check -p beta"
expect_out "Checking beta" "checks beta"
expect_no_out "Checking (alpha|app)" "only beta"
osdk check --manifest-path $M --exclude alpha
expect_rc 0 "check --exclude alpha"
expect_out "Checking app" "checks app"
expect_no_out "Checking alpha" "not alpha"

# tree: the selected packages' trees.
osdk tree --manifest-path $M -p app
expect_rc 0 "tree -p app"
expect_out "^app v0\.1\.0" "app at the top"
expect_out "alpha v0\.1\.0" "with its dependency"
expect_no_out "^beta" "and no other tree"

# clean -p: only that package's output.
osdk clean --manifest-path $M -p beta
expect_rc 0 "clean -p beta"
[ ! -e ../ws/target/osdk/dev/beta ] && ok "beta's output is gone" ||
	not_ok "beta's output is gone"
[ -e ../ws/target/osdk/dev/alpha/libalpha.a ] && ok "alpha's is kept" ||
	not_ok "alpha's is kept"
osdk clean --manifest-path $M -p gamma
expect_rc 2 "clean -p of an unknown package is a usage error"

# Two kernels: a build of both links and bundles each; run needs -p.
cd "$T/ws"
osdk new --kernel app2
printf 'workspace:\n  members: [app, alpha, beta, app2]\n  trusted: [frame]\n' >osdk.yaml
osdk build
expect_rc 0 "a build of two kernels"
expect_out "target/osdk/dev/app\.elf" "links app"
expect_out "target/osdk/dev/app2\.elf" "and app2"
osdk build -p app2
expect_rc 0 "build -p app2"
expect_no_out "dev/app\.elf" "links app2 alone"
osdk run
expect_rc 1 "run with two kernels needs one named"
expect_out "several kernel packages here \(.*\); pick one with -p NAME" "saying so, and how to pick"
osdk tcb -p app2
expect_rc 0 "tcb -p app2 measures that kernel"
expect_out "^kernel +app2 v0\.1\.0" "naming it"
printf 'workspace:\n  members: [app, alpha, beta]\n  trusted: [frame]\n' >osdk.yaml

# Within the workspace, the defaults are unchanged: a member's directory
# selects that member.
cd "$T/ws/beta"
osdk build
expect_rc 0 "build in beta"
expect_no_out "Compiling (alpha|app)" "builds beta alone"
finish
