#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk prove: a proved function with an off-by-one fails with its goal and
# line, the fixed bound proves, an unchanged file comes from the cache, a
# changed contract does not, and the usage errors.
. "$(dirname "$0")/lib.sh"

if ! command -v frama-c >/dev/null || ! command -v why3 >/dev/null; then
	echo "not ok - Frama-C or Why3 not installed: run ./install.sh"
	exit 1
fi

cp -r "$OSDK_SRC/tests/e2e/fixtures/prove-broken" "$T/pkg"
cd "$T/pkg"

osdk prove --bogus
expect_rc 2 "an unknown option is a usage error"
osdk prove --message-format xml
expect_rc 2 "an unknown message format is a usage error"
osdk prove a b
expect_rc 2 "two packages are a usage error"
osdk prove --file src/other.c
expect_rc 1 "a file the package does not list is an error"
expect_out "'src/other.c' is not among the files" "which names the file"

# The loop runs while i <= n: it reads a[n], one past the end.
osdk prove
expect_rc 1 "the off-by-one is not proved"
expect_out "src/scan.c:2[0-9]: scan_nonzero: loop invariant not proved" \
	"the broken loop invariant is named with function and line"
expect_out "src/scan.c:25: scan_nonzero: mem_access not proved" \
	"the read past the end is named as an RTE goal at its line"
expect_out "Failed prove-broken: [0-9]+/[0-9]+ goals in" "the summary says it failed"
expect_no_out "Partially proven" "goals resting on the broken one are not listed"

# The bound a new user would fix: the proof goes through.
sed -i 's/while (i <= n \&\& a\[i\])/while (i < n \&\& a[i])/' src/scan.c
osdk prove
expect_rc 0 "the fixed bound is proved"
expect_out "scan_nonzero +([0-9]+)/\\1 " "every goal of the function is proved"
expect_out "Proved prove-broken: ([0-9]+)/\\1 goals in" "with the summary line"
expect_out "Proving src/scan.c" "the file was proved"

osdk prove --message-format json
expect_rc 0 "the JSON report"
expect_out '"unproved":[[:space:]]*\[\]' "lists no unproved goal"
expect_out '"cached":[[:space:]]*1' "and came from the cache: nothing changed"

# A contract is part of the key: weakening it proves again.
sed -i 's/requires n <= 4096;/requires n <= 4095;/' src/scan.c
osdk prove
expect_rc 0 "a changed contract is proved again"
expect_out "Proving src/scan.c" "not taken from the cache"

# A function known only by its contract, in a header, is assumed, and
# listed as such.
mkdir -p include
cat >include/limit.h <<'C'
/*@ assigns \nothing; ensures \result <= 4096; */
unsigned long scan_limit(void);
C
cat >>src/scan.c <<'C'

#include <limit.h>

/*@ assigns \nothing; ensures \result <= 4096; */
unsigned long scan_capped(void)
{
	return scan_limit();
}
C
osdk prove
expect_rc 0 "a call to a contract-only function is proved"
expect_out "scan_capped +([0-9]+)/\\1 " "the caller's goals are proved"
expect_out "assumed: scan_limit \\(contract\\)" "the callee is listed as assumed"

# The callee's contract is part of the caller's key: weakening it in the
# header proves the caller again, and now its postcondition fails.
sed -i 's/result <= 4096/result <= 8192/' include/limit.h
osdk prove
expect_rc 1 "a weaker contract in a header is not missed"
expect_out "Proving src/scan.c" "the file is proved again, not cached"
expect_out "src/scan.c:[0-9]+: scan_capped: postcondition not proved" \
	"and the caller's postcondition no longer holds"
sed -i 's/result <= 8192/result <= 4096/' include/limit.h

# A lemma is a fact every later proof may use: it is a goal of its own,
# and a false one fails with its name.
cat >>src/scan.c <<'C'

/*@ lemma small_enough: \forall integer n; 0 <= n <= 4096 ==> n < 4096; */
C
osdk prove
expect_rc 1 "a lemma that does not hold fails the proof"
expect_out "src/scan.c: lemma small_enough not proved" "naming the lemma"
sed -i 's/n < 4096; \*\//n <= 4096; *\//' src/scan.c
osdk prove -v
expect_rc 0 "the true lemma is proved"
expect_out "lemma small_enough +1/1 " "and listed as proved"

finish
