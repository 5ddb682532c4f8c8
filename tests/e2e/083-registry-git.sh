#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# git dependencies (tag, branch, rev), and a registry served over git://.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
cd "$T"

# commit_all DIR MESSAGE
commit_all() { git -C "$1" add -A && git -C "$1" commit -qm "$2"; }

# ---- a git repository with tagged versions ----
lib_pkg gitsrc gdep 1.0.0
git -C gitsrc init -q -b main && commit_all gitsrc v1.0.0 && git -C gitsrc tag v1.0.0
v100=$(git -C gitsrc rev-parse HEAD)
sed -i 's/version: 1.0.0/version: 1.1.0/' gitsrc/osdk.yaml
commit_all gitsrc v1.1.0 && git -C gitsrc tag v1.1.0

lib_pkg c1 c1 0.1.0 "gdep: { git: \"file://$T/gitsrc\", tag: v1.0.0 }"
at c1 build
expect_rc 0 "a git dependency by tag builds"
expect_out "Fetching git \`file://$T/gitsrc\`" "fetching the repository"
expect_out "Compiling gdep v1\.0\.0" "at the tagged version"
grep -q "source: \"git+file://$T/gitsrc?tag=v1.0.0\"" c1/osdk.lock &&
	grep -q "commit: $v100" c1/osdk.lock &&
	ok "osdk.lock records the source and the tag's commit" ||
	not_ok "osdk.lock records the source and the tag's commit"
at c1 tree
expect_out "gdep v1\.0\.0 \(git \`file://$T/gitsrc\` tag v1\.0\.0 #${v100:0:12}\)" \
	"osdk tree shows repository, tag and commit"

lib_pkg c2 c2 0.1.0 "gdep: { git: \"$T/gitsrc\", branch: main }"
at c2 build
expect_rc 0 "a git dependency by branch (a plain path) builds"
expect_out "Compiling gdep v1\.1\.0" "at the branch's tip"
sed -i 's/version: 1.1.0/version: 1.2.0/' gitsrc/osdk.yaml && commit_all gitsrc v1.2.0
at c2 build
expect_no_out "1\.2\.0" "a new commit on the branch does not move the lock"
at c2 update
expect_out "Updating gdep v1\.1\.0 -> v1\.2\.0" "osdk update moves it to the tip"

lib_pkg c3 c3 0.1.0 "gdep: { git: \"file://$T/gitsrc\", rev: \"${v100:0:10}\" }"
at c3 build
expect_rc 0 "a git dependency by abbreviated commit builds"
expect_out "Compiling gdep v1\.0\.0" "at that commit"

lib_pkg c4 c4 0.1.0 "gdep: { git: \"file://$T/gitsrc\", tag: v1.0.0, version: \"^2\" }"
at c4 build
expect_rc 1 "a version requirement applies to git packages too"
expect_out "no version of 'gdep' matches the requirement" "and explains it"

lib_pkg c5 c5 0.1.0 "gdep: { git: \"file://$T/gitsrc\", tag: v9 }"
at c5 build
expect_rc 1 "an unknown tag fails"
expect_out "no tag 'v9' in 'file://$T/gitsrc'" "naming tag and repository"

# A package in a subdirectory of a repository.
mkdir -p gitws && printf 'workspace: { members: [libs/deep] }\n' >gitws/osdk.yaml
lib_pkg gitws/libs/deep deep 0.4.0
git -C gitws init -q -b main && commit_all gitws init
lib_pkg c6 c6 0.1.0 "deep: { git: \"file://$T/gitws\" }"
at c6 build
expect_rc 0 "a package below a repository's root is found by name"
expect_out "Compiling deep v0\.4\.0" "and built"

# ---- a registry served by git daemon: publishing means pushing ----
mkdir -p srv
"$OSDK" registry init "$T/srv/reg.git" -q >/dev/null
port=$((20000 + RANDOM % 20000))
git daemon --base-path="$T/srv" --export-all --enable=receive-pack \
	--reuseaddr --listen=127.0.0.1 --port=$port \
	--pid-file="$T/daemon.pid" --detach "$T/srv"
trap 'kill "$(cat "$T/daemon.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$T"' EXIT
url=git://127.0.0.1:$port/reg.git
for _ in $(seq 50); do git ls-remote "$url" >/dev/null 2>&1 && break; sleep 0.1; done
lib_pkg pkgs/net net 0.1.0
at pkgs/net publish --registry "$url"
expect_rc 0 "publishing to a registry over git:// pushes the commit"
expect_out "Published net v0\.1\.0" "and says so"
git --git-dir="$T/srv/reg.git" show main:3/n/net | grep '"version":"0.1.0"' >/dev/null &&
	ok "the served repository has the index line" ||
	not_ok "the served repository has the index line"
for i in 1 2 3; do lib_pkg pkgs/n$i n$i 0.1.0; done
for i in 1 2 3; do
	(cd pkgs/n$i && "$OSDK" publish --registry "$url" -q) >push$i.log 2>&1 &
done
fails=0
for job in $(jobs -p); do wait "$job" || fails=$((fails + 1)); done
[ $fails = 0 ] && ok "racing pushes all land (non-fast-forwards are retried)" ||
	{ not_ok "racing pushes all land ($fails failed)"; cat push*.log; }
[ "$(git --git-dir="$T/srv/reg.git" rev-list --count main)" = 5 ] &&
	ok "one commit each" || not_ok "one commit each"
lib_pkg c7 c7 0.1.0 "n2: { version: \"^0.1\", registry: \"$url\" }"
at c7 build
expect_rc 0 "a consumer builds from the served registry"
expect_out "Compiling n2 v0\.1\.0" "with the package pushed there"
finish
