#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build once, boot elsewhere: osdk build -o DIR and osdk test -o DIR keep a
# bundle that osdk run --bundle DIR and osdk test --bundle DIR boot with no
# workspace and no build, after the directory moved; a bundle that is not
# one, is of the other kind, or is damaged is refused with the reason.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel k
cd k
printf '  accel: tcg\n\ntest:\n  timeout: 120\n' >>osdk.yaml
sed -i 's/return 0;/return 7;/' src/main.c
grep -q 'return 7;' src/main.c && ok "the kernel returns 7" || not_ok "the kernel returns 7"

osdk build -o "$T/kdist"
expect_rc 0 "osdk build -o keeps the kernel"
[ -f "$T/kdist/osdk-bundle.json" ] && ok "with its bundle file" || not_ok "with its bundle file"
osdk build --boot-method grub-rescue-iso -o "$T/isodist"
expect_rc 0 "an ISO bundle is kept too"
osdk test -o "$T/tdist" --no-run
expect_rc 0 "osdk test -o --no-run keeps the test kernel without booting it"
expect_no_out "passed, " "and runs no test"
[ -f "$T/tdist/ktest.elf" ] && ok "the test kernel is in the bundle" || not_ok "the test kernel is in the bundle"

# Another machine: the bundles moved, the workspace gone.
mv "$T/kdist" "$T/kmoved"
mv "$T/tdist" "$T/tmoved"
cd "$T"
rm -rf k
osdk run --bundle kmoved
expect_rc 7 "osdk run --bundle boots the kept kernel and exits with its code"
expect_out "Hello from the k kernel" "its console shows"
expect_no_out "Compiling|Finished" "nothing is built"
osdk run --bundle isodist
expect_rc 7 "the ISO bundle boots through GRUB"
osdk test --bundle tmoved
expect_rc 0 "osdk test --bundle runs the kept tests"
expect_out "^2 passed, 0 failed$" "all of them"
osdk test --bundle tmoved --shard 2/2 --junit report.xml truncation
expect_rc 0 "with a filter, a shard and a report"
[ -f report.xml ] && ok "the report is written" || not_ok "the report is written"
osdk test --bundle tmoved --list
expect_out "^k::greeting_reports_truncation$" "--list reads the kept test kernel"
osdk run --bundle kmoved --message-format json
expect_rc 7 "--message-format json with --bundle"
expect_out '"reason":"run-finished".*"code":7' "gives the run-finished record"
[ -z "$(ls kmoved | grep -v -e '^k.elf$' -e '^osdk-bundle.json$')" ] &&
	ok "a run leaves the bundle as it was" || not_ok "a run leaves the bundle as it was ($(ls kmoved))"

osdk run --bundle kmoved --release
expect_rc 2 "a flag that changes a build is refused with --bundle"
expect_out "--release cannot be used with --bundle" "naming it"
osdk test --bundle tmoved -o again
expect_rc 2 "-o with --bundle is refused"
osdk test --bundle kmoved
expect_rc 1 "a kernel's bundle is not a test bundle"
expect_out "holds a kernel; boot it with 'osdk run --bundle'" "saying which to use"
osdk run --bundle tmoved
expect_rc 1 "and the reverse"
expect_out "holds a test kernel; boot it with 'osdk test --bundle'" "saying so"
mkdir empty
osdk run --bundle empty
expect_rc 1 "a directory without a bundle is refused"
expect_out "'empty' is not a bundle directory: it has no osdk-bundle.json" "naming the file"
cp -r kmoved bad
sed -i 's/"k.elf"/"..\/k.elf"/' bad/osdk-bundle.json
osdk run --bundle bad
expect_rc 1 "a file name leading out of the bundle is refused"
expect_out "'kernel' must name a file in the bundle's directory" "at its key"
cp kmoved/osdk-bundle.json bad/ && rm bad/k.elf
osdk run --bundle bad
expect_rc 1 "a missing file is refused"
expect_out "its kernel '.*bad/k.elf' is missing" "naming it"
cp kmoved/k.elf bad/ && sed -i 's/"schema":\t1/"schema":\t2/' bad/osdk-bundle.json
osdk run --bundle bad
expect_rc 1 "a bundle of a newer schema is refused"
expect_out "this osdk reads schema 1" "saying which it reads"
echo '[1, 2' >bad/osdk-bundle.json
osdk run --bundle bad
expect_rc 1 "a malformed bundle file is refused"
expect_out "not a JSON object" "saying so"
finish
