#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The default registry follows the checkout: after the frame changes
# without a new version, registry/seed.sh (what install.sh runs) makes new
# kernels build against the frame as it is now; an unchanged re-run writes
# nothing; what was published stays as it was.
. "$(dirname "$0")/lib.sh"
# A copy of the checkout to change, and the throwaway OSDK_HOME of lib.sh.
mkdir -p "$T/src"
cp -r "$OSDK_SRC/osdk.yaml" "$OSDK_SRC/kernel" "$OSDK_SRC/registry" "$T/src/"
rm -rf "$T/src/kernel/target" "$T/src/target"
seed() {
	out=$(timeout 600 "$T/src/registry/seed.sh" "$OSDK" 2>&1 </dev/null)
	rc=$?
}
cd "$T"

seed
expect_rc 0 "seeding a new OSDK_HOME works"
[ -d "$OSDK_HOME/registry" ] && ok "the registry is in \$OSDK_HOME/registry" ||
	not_ok "the registry is in \$OSDK_HOME/registry"
osdk new --kernel old
expect_rc 0 "a kernel made from the seeded registry"
(cd old && osdk build && [ "$rc" = 0 ]) && ok "builds" ||
	not_ok "a kernel made from the seeded registry builds"
sha_before=$(grep -A6 'name: frame' old/osdk.lock | grep -m1 sha256)

touch "$T/stamp"
sleep 1
seed
expect_rc 0 "seeding again works"
changed=$(find "$OSDK_HOME" -newer "$T/stamp" | head -5)
[ -z "$changed" ] && ok "an unchanged re-run writes nothing" ||
	not_ok "an unchanged re-run writes nothing (wrote: $changed)"

# The frame changes in the checkout, its version does not.
printf '\n/* added after the release */\n#define FRAME_SEED_MARK 1\n' \
	>>"$T/src/kernel/frame/include/frame/types.h"
seed
expect_rc 0 "seeding after the frame changed works"
expect_out "seeding a new registry, .*/registry-2" \
	"a new registry holds the changed checkout"
expect_no_out "osdk: (warning|error)" "and nothing is left unpublished"
osdk registry list
expect_out "^\* local +file://.*/registry-2$" \
	"the default registry 'local' is the new one"

osdk new --kernel fresh
expect_rc 0 "a kernel made after the change"
cat >>fresh/src/main.c <<'C'

#include <frame/types.h>
#ifndef FRAME_SEED_MARK
#error "built against the frame as it was before the checkout changed"
#endif
C
cd fresh
osdk build
expect_rc 0 "builds against the frame as it is in the checkout"
cd "$T"

# What was published is never rewritten: the first registry still holds
# the frame the old kernel locked. That kernel follows the default
# registry, so its lock now asks for an update, which --locked refuses
# and a plain build makes, saying so.
sum=${sha_before##*sha256: }
git --git-dir "$OSDK_HOME/registry" show main:fr/am/frame | grep "$sum" >/dev/null &&
	ok "the first registry still lists the frame it published" ||
	not_ok "the first registry still lists the frame it published ($sum)"
cd old
osdk build --locked
expect_rc 1 "the kernel made before the change does not move under --locked"
expect_out "Updating frame v0\.1\.0 \([0-9a-f]+ -> [0-9a-f]+\)" \
	"and says which package would change"
osdk build
expect_rc 0 "a plain build of it moves to the checkout's frame"
sha_after=$(grep -A6 'name: frame' osdk.lock | grep -m1 sha256)
[ "$sha_before" != "$sha_after" ] && ok "and its lock records the new frame" ||
	not_ok "and its lock records the new frame ($sha_after)"
cd "$T"

touch "$T/stamp"
sleep 1
seed
expect_rc 0 "seeding the changed checkout again works"
changed=$(find "$OSDK_HOME" -newer "$T/stamp" | head -5)
[ -z "$changed" ] && ok "and writes nothing" ||
	not_ok "and writes nothing (wrote: $changed)"
finish
