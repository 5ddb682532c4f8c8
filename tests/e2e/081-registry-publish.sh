#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Registries: publish, depend by version, lock, update, yank, tree, search.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
cd "$T"

# ---- a registry, and what publish refuses ----
registry_new main --default
osdk registry init "$T/registries/main"
expect_rc 1 "registry init refuses an existing registry"
expect_out "already exists" "and says why"
osdk registry list
expect_out "^\* main +file://$T/registries/main" "registry list shows the default"

lib_pkg pkgs/log log 1.0.0
publish pkgs/log main
at pkgs/log publish --registry main
expect_rc 1 "publishing a version twice is refused"
expect_out "log v1\.0\.0 is already in registry" "naming package and version"

lib_pkg pkgs/nolic nolic 0.1.0
sed -i '/license/d; /description/d' pkgs/nolic/osdk.yaml
at pkgs/nolic publish
expect_rc 1 "a manifest without license and description is refused"
expect_out "needs 'package\.license', 'package\.description'" "naming both fields"

lib_pkg pkgs/unsafe unsafe 0.1.0
printf 'char *unsafe_vga(void);\nchar *unsafe_vga(void)\n{\n\treturn (char *)0xb8000;\n}\n' \
	>>pkgs/unsafe/src/unsafe.c
at pkgs/unsafe publish --allow-dirty
expect_rc 1 "a package that breaks the framekernel rules is refused"
expect_out "src/unsafe\.c:[0-9]+:[0-9]+: error\[FK-INT-TO-PTR\]" "with the violation"
at pkgs/unsafe search unsafe
expect_no_out "^unsafe = " "and nothing is published"

# ---- deterministic archives ----
lib_pkg pkgs/det det 0.1.0
mkdir -p pkgs/det/include/det && echo '#define DET 1' >pkgs/det/include/det/det.h
at pkgs/det publish --dry-run
expect_rc 0 "publish --dry-run"
expect_out "aborting upload" "dry run says it does not upload"
cp pkgs/det/target/osdk/package/det-0.1.0.tar det1.tar
cp -r pkgs/det copy-of-det && rm -rf copy-of-det/target
touch -d '2001-02-03' copy-of-det/src/det.c && chmod 600 copy-of-det/osdk.yaml
at copy-of-det publish --dry-run
same_file det1.tar copy-of-det/target/osdk/package/det-0.1.0.tar \
	"the same sources pack to the same bytes, whatever their times and modes"
tar tvf det1.tar >listing
grep -q ' root/root \| 0/0 ' listing && ok "entries have fixed owners" ||
	not_ok "entries have fixed owners ($(head -1 listing))"
[ "$(tar tf det1.tar)" = "$(printf 'det-0.1.0/include/det/det.h\ndet-0.1.0/osdk.yaml\ndet-0.1.0/src/det.c')" ] &&
	ok "entries are sorted and prefixed" || not_ok "entries are sorted and prefixed"
publish pkgs/det main
sum=$(sha256sum det1.tar | cut -d' ' -f1)
index_of main det | grep "\"sha256\":\"$sum\"" >/dev/null &&
	ok "the index records the archive's sha256" ||
	not_ok "the index records the archive's sha256"

# ---- uncommitted changes ----
mkdir -p vcs && lib_pkg vcs/pkg vcspkg 0.1.0
git -C vcs init -q && git -C vcs add . && git -C vcs commit -qm init
echo '/* changed */' >>vcs/pkg/src/vcspkg.c
at vcs/pkg publish --dry-run
expect_rc 1 "uncommitted changes are refused"
expect_out "1 uncommitted change:" "counting them"
expect_out "src/vcspkg\.c" "naming the file"
at vcs/pkg publish --dry-run --allow-dirty
expect_rc 0 "--allow-dirty publishes them anyway"

# ---- depend by version, lock ----
lib_pkg app app 0.1.0 'log: "^1.0"'
at app build
expect_rc 0 "a package depending on log ^1.0 builds"
expect_out "Compiling log v1\.0\.0" "compiling the registry's log"
expect_out "Locking 1 package" "and locks it"
grep -q 'name: log' app/osdk.lock && grep -q 'version: "1.0.0"' app/osdk.lock &&
	grep -q "source: \"registry+file://$T/registries/main\"" app/osdk.lock &&
	grep -Eq 'commit: [0-9a-f]{40}' app/osdk.lock &&
	grep -Eq 'sha256: [0-9a-f]{64}' app/osdk.lock &&
	ok "osdk.lock records version, source, commit and sha256" ||
	not_ok "osdk.lock records version, source, commit and sha256"
cp app/osdk.lock lock1

at app tree
expect_rc 0 "osdk tree"
expect_out "^app v0\.1\.0 \($T/app\)" "tree shows the package"
expect_out "^└── log v1\.0\.0 \(registry \`file://$T/registries/main\`\)" \
	"and its registry dependency with version and source"

lib_pkg pkgs/log log 1.1.0
publish pkgs/log main
at app build --locked
expect_rc 0 "a newer compatible version does not move the lock (--locked)"
same_file lock1 app/osdk.lock "osdk.lock is byte-for-byte stable across runs"
expect_no_out "Compiling log v1\.1" "the build keeps log 1.0.0"

at app search log
expect_rc 0 "osdk search"
expect_out '^log = "1\.1\.0" +# the log test package' "search shows the newest version"

at app update
expect_rc 0 "osdk update"
expect_out "Updating log v1\.0\.0 -> v1\.1\.0" "update moves log forward"
grep -q 'version: "1.1.0"' app/osdk.lock && ok "the lock now pins 1.1.0" ||
	not_ok "the lock now pins 1.1.0"
at app update
expect_out "osdk\.lock is up to date" "a second update changes nothing"

sed -i 's/"\^1.0"/"=1.0.0"/' app/osdk.yaml
at app build --locked
expect_rc 1 "--locked refuses a lock that would change"
expect_out "osdk\.lock needs to be updated, but --locked was given" "saying so"
expect_out "Updating log v1\.1\.0 -> v1\.0\.0" "and how it would change"
sed -i 's/"=1.0.0"/"^2.0"/' app/osdk.yaml
at app build
expect_rc 1 "an unsatisfiable requirement fails"
expect_out "no version of 'log' matches the requirement:" "explaining it"
expect_out "app v0\.1\.0 -> log \^2\.0" "with its chain"
expect_out "versions in registry 'file://$T/registries/main': 1\.1\.0, 1\.0\.0" \
	"and the versions there are"
sed -i 's/"\^2.0"/"^1.0"/' app/osdk.yaml

# ---- yank ----
at pkgs/log yank 1.1.0 --registry main
expect_rc 0 "osdk yank"
expect_out "Yanked log v1\.1\.0" "says what it yanked"
index_of main log | grep '"version":"1.1.0".*"yanked":true' >/dev/null &&
	ok "the index line is flagged" || not_ok "the index line is flagged"
[ "$(index_of main log | wc -l)" = 2 ] && ok "and no line was added or lost" ||
	not_ok "and no line was added or lost"
at app build --locked
expect_rc 0 "a lock file pinning a yanked version still builds"
lib_pkg app2 app2 0.1.0 'log: "^1.0"'
at app2 tree
expect_out "log v1\.0\.0" "a new resolution skips the yanked version"
at pkgs/log yank 1.1.0 --undo --registry main
expect_out "Unyanked log v1\.1\.0" "yank --undo"
at pkgs/log yank 1.1.0 --undo --registry main
expect_out "was not yanked" "undoing twice changes nothing"
at app2 update log
expect_out "Updating log v1\.0\.0 -> v1\.1\.0" "update PKG takes it again"
finish
