#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A connection dropped in the middle of a fetch leaves osdk's cache usable:
# the next fetch succeeds, and nothing half-written is trusted. A registry
# over https whose server cuts its answers, and a git dependency over
# git:// behind a proxy that breaks connections.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
. "$(dirname "$0")/lib_netreg.sh"
need python3 openssl git
cd "$T"
trap 'https_stop; proxy_stop; kill "$(cat "$T/daemon.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$T"' EXIT

tls_make
served_registry reg
git config --global http.sslCAInfo "$T/tls/ca.pem"
# big NAME VERSION: publish a package with 1 MiB of incompressible data
# straight into the served registry, so its fetch takes many packets.
big() {
	lib_pkg "pkgs/$1-$2" "$1" "$2"
	head -c 1048576 /dev/urandom >"pkgs/$1-$2/data.bin"
	publish "pkgs/$1-$2" "file://$T/srv/reg.git"
}
cache() { ls -d "$OSDK_HOME"/cache/registry/reg*/ 2>/dev/null; }
leftovers() { find "$OSDK_HOME/cache" -name '*.tmp.*' 2>/dev/null; }

big blob 1.0.0
# start [DROP]: the server, on the same port each time (the cache is per
# URL), cutting every response after DROP bytes of body.
start() {
	https_stop
	https_start "${1:-}" ${https_port:+"$https_port"}
	url=https://localhost:$https_port/reg.git
	creds_store "https://ada:s3cret@localhost%3a$https_port"
}

# ---- the first fetch breaks: no cache at all, then a clean one ----
start 65536
lib_pkg app app 0.1.0 'blob: { version: "^1", registry: "REG" }'
sed -i "s|REG|$url|" app/osdk.yaml
at app build
expect_rc 1 "a fetch whose connection drops fails"
expect_out "could not fetch '$url'" "naming the registry"
[ -z "$(cache)" ] && ok "and leaves no copy of the registry in the cache" ||
	not_ok "and leaves no copy of the registry in the cache ($(cache))"
[ -z "$(leftovers)" ] && ok "nor a half-built one" ||
	not_ok "nor a half-built one ($(leftovers))"
grep -q 'POST /reg.git/git-upload-pack' "$T/https.log" &&
	ok "(the drop came while the pack was being sent)" ||
	not_ok "(the drop came while the pack was being sent)"

start
at app build
expect_rc 0 "the next fetch succeeds and the package builds"
expect_out "Compiling blob v1\.0\.0" "with the fetched package"
mirror=$(cache)
before=$(git --git-dir="$mirror" rev-parse refs/remotes/origin/HEAD)

# ---- a later fetch breaks: the cached copy stays as it was ----
big blob 1.1.0
start 65536
at app update
expect_rc 1 "an update whose connection drops fails"
after=$(git --git-dir="$mirror" rev-parse refs/remotes/origin/HEAD)
[ "$before" = "$after" ] && ok "the cached registry still points where it did" ||
	not_ok "the cached registry still points where it did ($before -> $after)"
git --git-dir="$mirror" fsck --no-dangling >fsck.log 2>&1 &&
	ok "and is whole (git fsck)" || { not_ok "and is whole (git fsck)"; cat fsck.log; }
[ -z "$(find "$mirror/objects" -name 'tmp_*' -o -name '*.lock' -o -name 'pack_git2_*')" ] &&
	ok "with no half-written pack in it" ||
	not_ok "with no half-written pack in it ($(find "$mirror/objects" -name 'tmp_*' -o -name 'pack_git2_*'))"
grep -A3 "name: blob" app/osdk.lock | grep -q "version: \"\?1.0.0" && ok "the lock file is untouched" ||
	not_ok "the lock file is untouched"
at app build --offline
expect_rc 0 "building from the cache works meanwhile (--offline)"

start
at app update
expect_rc 0 "the next update succeeds"
expect_out "Updating blob v1\.0\.0 -> v1\.1\.0" "and finds the new version"
at app build
expect_rc 0 "which builds"

# A first fetch killed outright leaves "<mirror>.tmp.<pid>"; the next first
# fetch of that registry clears it away.
dead=$(sh -c 'echo $$')
rm -rf "$mirror" && mkdir -p "${mirror%/}.tmp.$dead/objects"
at app update
expect_rc 0 "a first fetch after one that was killed succeeds"
[ -z "$(leftovers)" ] && ok "and removes the dead one's leftovers" ||
	not_ok "and removes the dead one's leftovers ($(leftovers))"

# ---- a git dependency over git://, through a proxy that breaks ----
# commit_big DIR VERSION: a commit of package gbig at VERSION with 1 MiB of
# new incompressible data.
commit_big() {
	lib_pkg "$1" gbig "$2"
	head -c 1048576 /dev/urandom >"$1/data-$2.bin"
	git -C "$1" add -A && git -C "$1" commit -qm "v$2"
}
mkdir -p gsrv gbig && git -C gbig init -q -b main
commit_big gbig 1.0.0
git clone -q --bare gbig gsrv/big.git
dport=$((20000 + RANDOM % 20000))
git daemon --base-path="$T/gsrv" --export-all --reuseaddr \
	--listen=127.0.0.1 --port=$dport --pid-file="$T/daemon.pid" \
	--detach "$T/gsrv"
for _ in $(seq 50); do
	git ls-remote "git://127.0.0.1:$dport/big.git" >/dev/null 2>&1 && break
	sleep 0.1
done
proxy_start "$dport"
gurl=git://127.0.0.1:$proxy_port/big.git
gmirror() { ls -d "$OSDK_HOME"/cache/git/big*/ 2>/dev/null; }

lib_pkg gapp gapp 0.1.0 "gbig: { git: \"$gurl\", branch: main }"
echo 65536 >"$T/drop"
at gapp build
expect_rc 1 "a git fetch whose connection the proxy breaks fails"
expect_out "could not fetch '$gurl'" "naming the repository"
[ -z "$(gmirror)" ] && [ -z "$(leftovers)" ] &&
	ok "and leaves nothing of it in the cache" ||
	not_ok "and leaves nothing of it in the cache ($(gmirror) $(leftovers))"
rm "$T/drop"
at gapp build
expect_rc 0 "the next fetch through the proxy succeeds"
expect_out "Compiling gbig v1\.0\.0" "and the dependency builds"
gbefore=$(git --git-dir="$(gmirror)" rev-parse refs/remotes/origin/main)

commit_big gbig 1.1.0
git -C gbig push -q "$T/gsrv/big.git" main
echo 65536 >"$T/drop"
at gapp update
expect_rc 1 "a later git fetch that breaks fails"
[ "$(git --git-dir="$(gmirror)" rev-parse refs/remotes/origin/main)" = "$gbefore" ] &&
	git --git-dir="$(gmirror)" fsck --no-dangling >gfsck.log 2>&1 &&
	ok "the cached repository is as it was, and whole" ||
	{ not_ok "the cached repository is as it was, and whole"; cat gfsck.log; }
rm "$T/drop"
at gapp update
expect_rc 0 "the next update succeeds"
expect_out "Updating gbig v1\.0\.0 -> v1\.1\.0" "and moves to the new commit"
finish
