#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk tree -i PKG (who depends on it, up to the selected packages) and
# --duplicates (none in a graph that resolves: one version per name).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
cd "$T"

registry_new main --default
lib_pkg pkgs/log log 1.2.0
publish pkgs/log main
lib_pkg pkgs/blk blk 0.1.0 'log: "^1.0"'
publish pkgs/blk main
mkdir ws
lib_pkg ws/app app 0.1.0 'blk: "^0.1"' 'log: "^1.0"' 'util: { path: "../util" }'
lib_pkg ws/util util 0.1.0 'log: "^1.0"'
lib_pkg ws/lone lone 0.1.0
printf 'workspace:\n  members: [app, util, lone]\n' >ws/osdk.yaml
R="registry \`file://$T/registries/main\`"

at ws/app tree -i log --ascii
expect_rc 0 "tree -i log"
expect_out "^log v1\.2\.0 \($R\)$" "log at the top, with its source"
expect_out "^\|-- blk v0\.1\.0 \($R\)$" "blk depends on it"
expect_out "^\|   \`-- app v0\.1\.0 \($T/ws/app\)$" "and app on blk"
expect_out "^\|-- util v0\.1\.0 \($T/ws/util\)$" "util depends on log"
expect_out "^\`-- app v0\.1\.0 \($T/ws/app\)$" "app depends on log itself"
expect_no_out "lone" "a member that does not use log is not shown"
[ "$(printf '%s\n' "$out" | grep -c '^[|` ]*[|`]-- app ')" = 3 ] &&
	ok "app appears under each path to log" ||
	not_ok "app appears under each path to log"

at ws tree -i blk
expect_rc 0 "tree -i blk at the root"
expect_out "^blk v0\.1\.0" "blk at the top"
expect_out "^└── app v0\.1\.0" "app under it"

at ws tree -i log -p util
expect_rc 0 "tree -i with -p: only util's graph"
expect_out "^└── util v0\.1\.0" "util depends on log"
expect_no_out "app|blk" "app and blk are not in util's graph"

at ws tree -i log --depth 1
expect_rc 0 "tree -i --depth 1"
expect_no_out "^[│ ]+└── app" "stops after one level"

at ws tree -i lgo
expect_rc 2 "tree -i of an unknown package is a usage error"
expect_out "no package 'lgo' in this workspace; did you mean 'log'\?" \
	"naming the closest"
at ws tree -i blk -p lone
expect_rc 1 "tree -i of a package outside the selection is refused"
expect_out "not a dependency of the selected packages" "saying so"
at ws tree -i log --duplicates
expect_rc 2 "-i with --duplicates is a usage error"

at ws tree --duplicates
expect_rc 0 "tree --duplicates"
expect_out "no package is present in more than one version or source" \
	"says there is none"
[ -z "$(cd ws && "$OSDK" tree --duplicates 2>/dev/null)" ] &&
	ok "and prints nothing on stdout" || not_ok "and prints nothing on stdout"

# A second 'log' (the workspace's own, 2.0.0) cannot join the graph: the
# resolver keeps one version per name and says which requirement is in the
# way, so --duplicates never has one to show.
lib_pkg ws/log log 2.0.0
printf 'workspace:\n  members: [app, util, lone, log]\n' >ws/osdk.yaml
at ws tree --duplicates
expect_rc 1 "a second version of log is refused at resolution"
expect_out "the workspace's own 'log' v2\.0\.0 stands in for every requirement on 'log'" \
	"explaining why"
finish
