#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk add and osdk remove: path, git and registry dependencies written into
# osdk.yaml with every other byte kept, and errors that leave it untouched.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
cd "$T"

# added_lines A B: the lines of B that A lacks, when B only adds lines to A
# (any removed or changed line of A prints "CHANGED").
added_lines() {
	diff "$1" "$2" | grep -q '^<' && { echo CHANGED; return; }
	diff "$1" "$2" | sed -n 's/^> //p'
}

# ---- a registry with blk 0.3.1 and a yanked 0.4.0 ----
registry_new main --default
lib_pkg pkgs/blk blk 0.3.1
publish pkgs/blk main
sed -i 's/version: 0.3.1/version: 0.4.0/' pkgs/blk/osdk.yaml
publish pkgs/blk main
at pkgs/blk yank --registry main 0.4.0
expect_rc 0 "blk 0.4.0 yanked"

# ---- a git repository and a path package ----
lib_pkg gitsrc gdep 1.0.0
git -C gitsrc init -q -b main && git -C gitsrc add -A &&
	git -C gitsrc commit -qm v1 && git -C gitsrc tag v1.0.0
lib_pkg libs/virtio virtio 0.2.0
lib_pkg libs/util util 0.1.0

# ---- a package whose manifest has comments and its own layout ----
mkdir app
cat >app/osdk.yaml <<'YAML'
# The app's manifest: these comments must survive.
package:
    name: app          # aligned comment
    version: '0.1.0'   # single-quoted on purpose
    license: MIT

# dependencies go below
dependencies:
    # a comment inside the block
    util: { path: "../libs/util", version: "^0.1" }

build:
    cflags: "-DAPP=1"   # trailing
YAML
printf 'int app_main(void)\n{\n\treturn 0;\n}\n' >app/lib.c
cp app/osdk.yaml orig.yaml

at app add blk
expect_rc 0 "add blk from the default registry"
expect_out 'Adding blk: "\^0\.3"' "the newest version not yanked, as ^X.Y"
[ "$(added_lines orig.yaml app/osdk.yaml)" = '    blk: "^0.3"' ] &&
	ok "only that line is added, at the entries' indentation" ||
	not_ok "only that line is added ($(diff orig.yaml app/osdk.yaml))"

cd app
osdk add virtio --path ../libs/virtio
expect_rc 0 "add a path dependency"
osdk add gdep --git "file://$T/gitsrc" --tag v1.0.0
expect_rc 0 "add a git dependency by tag"
cd ..
[ "$(added_lines orig.yaml app/osdk.yaml)" = '    blk: "^0.3"
    virtio: { path: "../libs/virtio" }
    gdep: { git: "file://'"$T"'/gitsrc", tag: "v1.0.0" }' ] &&
	ok "comments and layout survive byte for byte beside the added lines" ||
	not_ok "comments and layout survive ($(diff orig.yaml app/osdk.yaml))"
at app tree
expect_rc 0 "the edited manifest resolves"
expect_out "blk v0\.3\.1 \(registry" "blk from the registry at 0.3.1"
expect_out "gdep v1\.0\.0 \(git" "gdep from git"
expect_out "virtio v0\.2\.0" "virtio from its path"

at app add blk --version "=0.3.1"
expect_rc 0 "add an existing dependency again"
expect_out "Replacing blk" "says it replaces it"
[ "$(grep -c 'blk' app/osdk.yaml)" = 1 ] &&
	grep -qx '    blk: "=0.3.1"' app/osdk.yaml &&
	ok "the entry is replaced where it stands, not duplicated" ||
	not_ok "the entry is replaced where it stands"

at app add blk@~0.3.1
expect_rc 0 "add NAME@REQ"
grep -qx '    blk: "~0.3.1"' app/osdk.yaml && ok "writes that requirement" ||
	not_ok "NAME@REQ writes the requirement"
at app add blk --version "=0.3.1"

cp app/osdk.yaml before.yaml
at app add blk --path ../libs/virtio --git x
expect_rc 2 "--path with --git is a usage error"
at app add Bad_Name --path ../libs/virtio
expect_rc 2 "a malformed name is a usage error"
at app add blk --version "not a req"
expect_rc 2 "a malformed requirement is a usage error"
at app add blk --tag v1
expect_rc 2 "--tag without --git is a usage error"
at app add blk@1 --version 1
expect_rc 2 "a requirement both after @ and with --version is a usage error"
at app add blk@
expect_rc 2 "an empty requirement after @ is a usage error"
at app add nothere --path ../nowhere
expect_rc 1 "a path without a package is refused"
at app add nosuch
expect_rc 1 "a package the registry lacks is refused"
expect_out "nosuch" "naming it"
at app add blk --path ../libs/virtio
expect_rc 1 "a path holding another package is refused"
expect_out "holds package 'virtio', not 'blk'" "naming both"
at app add app --path .
expect_rc 1 "a package cannot depend on itself"
osdk add xtra --version "^1" --manifest-path app/osdk.yaml
expect_rc 0 "--manifest-path names the file to edit"
osdk remove xtra --manifest-path app
expect_rc 0 "or its directory"
at app remove nosuch
expect_rc 1 "remove of an absent dependency is an error"
expect_out "no dependency 'nosuch'" "saying so"
same_file before.yaml app/osdk.yaml "failed commands leave osdk.yaml untouched"

at app remove gdep
expect_rc 0 "remove gdep"
at app remove virtio
expect_rc 0 "remove virtio"
at app add blk --version "^0.3"
at app remove blk
expect_rc 0 "remove blk"
same_file orig.yaml app/osdk.yaml \
	"add then remove gives back the original file byte for byte"

# ---- a manifest without dependencies, and flow-style ones ----
lib_pkg solo solo 0.1.0
cp solo/osdk.yaml solo.orig
at solo add virtio --path ../libs/virtio
expect_rc 0 "add to a manifest without a dependencies block"
[ "$(added_lines solo.orig solo/osdk.yaml)" = '
dependencies:
  virtio: { path: "../libs/virtio" }' ] && ok "the block is created" ||
	not_ok "the block is created ($(cat solo/osdk.yaml))"
at solo tree
expect_out "virtio v0\.2\.0" "and resolves"

lib_pkg flow flow 0.1.0 "virtio: { path: ../libs/virtio }"
printf 'package: { name: flow, version: 0.1.0 }\ndependencies: { virtio: { path: ../libs/virtio } }  # flow\n' \
	>flow/osdk.yaml
at flow add blk --offline
expect_rc 0 "add into a flow mapping (offline, from the cache)"
grep -qx 'dependencies: { virtio: { path: ../libs/virtio }, blk: "^0.3" }  # flow' \
	flow/osdk.yaml && ok "inside the braces, the comment kept" ||
	not_ok "inside the braces ($(cat flow/osdk.yaml))"
at flow remove virtio
grep -qx 'dependencies: { blk: "^0.3" }  # flow' flow/osdk.yaml &&
	ok "remove from a flow mapping" ||
	not_ok "remove from a flow mapping ($(cat flow/osdk.yaml))"

printf '{ package: { name: odd, version: 0.1.0 } }\n' >flow/osdk.yaml
cp flow/osdk.yaml flow.orig
at flow add blk --version "^0.3"
expect_rc 1 "a flow-style document is refused"
expect_out "block mapping" "saying what osdk can edit"
same_file flow.orig flow/osdk.yaml "and left as it was"

osdk add --help
expect_rc 0 "add --help"
expect_out "--registry" "lists its options"
finish
