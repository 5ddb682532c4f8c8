#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Registries: tampering, malformed indexes, conflicts, offline, races.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
cd "$T"

# fresh_home: a new OSDK_HOME with the same configuration, empty cache.
fresh_home() {
	mkdir -p "$T/home$1"
	cp "$T/home/config.yaml" "$T/home$1/"
	export OSDK_HOME="$T/home$1"
}

# tamper REG MESSAGE CMD...: change a clone of REG with CMD, push it back.
tamper() {
	local reg=$1 msg=$2
	shift 2
	rm -rf "$T/clone" && git clone -q "$T/registries/$reg" "$T/clone" &&
		(cd "$T/clone" && "$@") && git -C "$T/clone" commit -qam "$msg" &&
		git -C "$T/clone" push -q origin HEAD:main ||
		{ echo "tampering with $reg failed"; exit 1; }
}

registry_new main --default

# ---- a tampered archive ----
lib_pkg pkgs/tam tam 0.1.0
publish pkgs/tam main
lib_pkg c1 c1 0.1.0 'tam: "^0.1"'
at c1 build
expect_rc 0 "a consumer builds before the tampering"
good=$(index_of main tam | sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/')
echo 'int tam_backdoor;' >>pkgs/tam/src/tam.c
registry_new scratch
(cd pkgs/tam && "$OSDK" publish --registry scratch --dry-run -q)
bad=$(sha256sum pkgs/tam/target/osdk/package/tam-0.1.0.tar | cut -d' ' -f1)
tamper main "swap the archive" \
	cp "$T/pkgs/tam/target/osdk/package/tam-0.1.0.tar" archives/3/t/tam-0.1.0.tar
fresh_home 2
at c1 build
expect_rc 1 "a tampered archive is refused"
expect_out "checksum mismatch for tam v0\.1\.0" "naming the package"
expect_out "index records sha256 $good, but the archive has $bad" "and both hashes"
[ ! -d "$OSDK_HOME/cache/src" ] || ! ls "$OSDK_HOME"/cache/src/*/tam-0.1.0 >/dev/null 2>&1 &&
	ok "nothing of it is unpacked" || not_ok "nothing of it is unpacked"

# Index line and archive changed together: the lock file still knows.
tamper main "cover it up" sed -i "s/$good/$bad/" 3/t/tam
fresh_home 3
at c1 build
expect_rc 1 "an index line changed after locking is refused"
expect_out "osdk\.lock records sha256 $good, but registry '[^']*' now lists $bad" \
	"naming both hashes"
export OSDK_HOME="$T/home"

# ---- a malformed index line ----
lib_pkg pkgs/mal mal 0.1.0
publish pkgs/mal main
tamper main "break the index" sh -c 'echo "{\"name\":\"mal\",\"version\":" >>3/m/mal'
lib_pkg c2 c2 0.1.0 'mal: "^0.1"'
at c2 build
expect_rc 1 "a malformed index line is an error"
expect_out "registry 'file://$T/registries/main': 3/m/mal:2: malformed index line" \
	"naming the registry, the file and the line"

# ---- a conflict ----
lib_pkg pkgs/log1 log 1.0.0 && publish pkgs/log1 main
lib_pkg pkgs/log2 log 2.0.0 && publish pkgs/log2 main
lib_pkg pkgs/a a 0.1.0 'log: "^1"' && publish pkgs/a main
lib_pkg pkgs/b b 0.1.0 'log: "^2"' && publish pkgs/b main
lib_pkg c3 c3 0.1.0 'a: "^0.1"' 'b: "^0.1"'
at c3 build
expect_rc 1 "conflicting requirements fail"
expect_out "no version of 'log' satisfies all requirements:" "saying which package"
expect_out "^  c3 v0\.1\.0 -> a v0\.1\.0 -> log \^1$" "with the first chain"
expect_out "^  c3 v0\.1\.0 -> b v0\.1\.0 -> log \^2$" "and the second"

# ---- offline ----
registry_new away
lib_pkg pkgs/far far 0.3.0 && publish pkgs/far away
lib_pkg c4 c4 0.1.0 'far: { version: "^0.3", registry: away }'
at c4 build
expect_rc 0 "a build online fills the cache"
mv "$T/registries/away" "$T/registries/away.gone"
at c4 build --offline
expect_rc 0 "the same build works offline from the cache"
expect_no_out "Updating" "without fetching"
rm -rf c4/target
at c4 build
expect_rc 0 "and online too, while the lock file is satisfied"
fresh_home 4
at c4 build --offline
expect_rc 1 "offline with an empty cache fails"
expect_out "registry 'file://$T/registries/away' is not in the cache" \
	"saying what is missing"
expect_out "--offline forbids fetching it" "and why"
export OSDK_HOME="$T/home"
mv "$T/registries/away.gone" "$T/registries/away"

# ---- racing publishers ----
registry_new race
for i in 1 2 3 4; do lib_pkg pkgs/r$i r$i 0.1.0; done
for i in 1 2 3 4; do
	(cd pkgs/r$i && "$OSDK" publish --registry race -q) >race$i.log 2>&1 &
done
fails=0
for job in $(jobs -p); do wait "$job" || fails=$((fails + 1)); done
[ $fails = 0 ] && ok "four racing publishers all succeed" ||
	{ not_ok "four racing publishers all succeed ($fails failed)"; cat race*.log; }
n=0
for i in 1 2 3 4; do index_of race r$i >/dev/null 2>&1 && n=$((n + 1)); done
[ $n = 4 ] && ok "all four are in the registry" || not_ok "all four are in the registry ($n)"
[ "$(reg_git race rev-list --count main)" = 5 ] && ok "one commit each" ||
	not_ok "one commit each ($(reg_git race rev-list --count main) commits)"

cp -r pkgs/r1 pkgs/r1b && sed -i 's/0.1.0/0.2.0/' pkgs/r1/osdk.yaml pkgs/r1b/osdk.yaml
(cd pkgs/r1 && "$OSDK" publish --registry race -q) >same1.log 2>&1 &
(cd pkgs/r1b && "$OSDK" publish --registry race -q) >same2.log 2>&1 &
rcs=0
for job in $(jobs -p); do wait "$job" && rcs=$((rcs + 1)); done
[ $rcs = 1 ] && ok "two publishers of one version: exactly one wins" ||
	not_ok "two publishers of one version: exactly one wins ($rcs won)"
grep -q "r1 v0.2.0 is already in registry" same1.log same2.log &&
	ok "the other is told clearly" || not_ok "the other is told clearly"
reg_git race fsck -q 2>&1 | grep . >/dev/null && not_ok "the registry is sound (git fsck)" ||
	ok "the registry is sound (git fsck)"
# ---- an interrupted publish leaves the registry usable ----
# A publish killed between creating git's ref lock and renaming it leaves
# refs/heads/main.lock behind; the next writer removes it once it is stale.
registry_new killed
lib_pkg pkgs/k1 k1 0.1.0
lib_pkg pkgs/k2 k2 0.1.0
publish pkgs/k1 killed
lock="$T/registries/killed/refs/heads/main.lock"
reg_git killed rev-parse main >"$lock"
touch -d '1 minute ago' "$lock"
(cd pkgs/k2 && "$OSDK" publish --registry killed) >killed.log 2>&1
[ $? = 0 ] && ok "a registry whose publish was killed at the ref rename accepts the next publish" ||
	{ not_ok "a registry whose publish was killed at the ref rename accepts the next publish"; cat killed.log; }
grep -q "removed 'refs/heads/main.lock'.*interrupted" killed.log &&
	ok "and says it removed the stale lock" || not_ok "and says it removed the stale lock"
index_of killed k2 >/dev/null 2>&1 && [ ! -e "$lock" ] &&
	ok "the version is in, the lock is gone" || not_ok "the version is in, the lock is gone"
reg_git killed rev-parse main >"$lock"
touch -d '1 minute ago' "$lock"
(cd pkgs/k1 && "$OSDK" yank --registry killed 0.1.0) >yank.log 2>&1
[ $? = 0 ] && ok "and the next yank" || { not_ok "and the next yank"; cat yank.log; }

# A young lock belongs to someone writing now: it is waited for.
reg_git killed rev-parse main >"$lock"
(sleep 2; rm -f "$lock") &
sed -i 's/0.1.0/0.2.0/' pkgs/k2/osdk.yaml
(cd pkgs/k2 && "$OSDK" publish --registry killed) >young.log 2>&1
[ $? = 0 ] && ! grep -q "removed" young.log &&
	ok "a young lock is waited for, not broken" ||
	{ not_ok "a young lock is waited for, not broken"; cat young.log; }
wait

# A lock that stays young is another writer: the error names it.
before=$(reg_git killed rev-parse main)
reg_git killed rev-parse main >"$lock"
touch -d '1 hour' "$lock"
sed -i 's/0.2.0/0.3.0/' pkgs/k2/osdk.yaml
(cd pkgs/k2 && "$OSDK" publish --registry killed) >live.log 2>&1
[ $? = 1 ] && grep -q "is locked: 'refs/heads/main.lock'" live.log &&
	ok "a live lock is reported as the cause" ||
	{ not_ok "a live lock is reported as the cause"; cat live.log; }
[ -e "$lock" ] && [ "$(reg_git killed rev-parse main)" = "$before" ] &&
	ok "and neither it nor the registry is touched" ||
	not_ok "and neither it nor the registry is touched"
rm -f "$lock"

finish
