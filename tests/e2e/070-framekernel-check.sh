#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The framekernel rules: osdk check, the check inside osdk build, who may be
# trusted, and osdk tcb.
. "$(dirname "$0")/lib.sh"
# Work on a copy so the source tree's target/ is left alone.
mkdir -p "$T/src"
cp -r "$OSDK_SRC/osdk.yaml" "$OSDK_SRC/kernel" "$T/src/"
rm -rf "$T/src/kernel/target" "$T/src/target"
cd "$T/src"

osdk check
expect_rc 0 "osdk check at the root: the in-tree kernel follows the rules"
expect_out "Checking keel v" "keel, an untrusted package, was checked"
expect_no_out "Checking frame" "the frame, trusted, was not"
expect_no_out "error\[FK-" "no violation was reported"

osdk build
expect_rc 0 "the kernel builds"
expect_out "Checking keel v" "the build checks the untrusted package"
osdk build
expect_rc 0 "a second build succeeds"
expect_out "nothing to compile" "a no-op build compiles nothing"
expect_no_out "Checking" "and checks nothing"

# A syntax error is the compiler's to report, in its own words; the rules
# are checked only on code that compiles.
printf 'int typo = ;\n' >kernel/src/typo.c
osdk build
expect_rc 1 "a syntax error fails the build"
expect_out "typo\.c:1:[0-9]+: error: expected expression" "with the compiler's error"
expect_no_out "FK-PARSE|framekernel rule violation" "not as a rule violation"
rm kernel/src/typo.c

# The three cases of the issue: each fails the build with rule id and line.
cat >kernel/src/bad_asm.c <<'C'
#include <frame/types.h>

void keel_pause(void)
{
	asm("nop");
}
C
osdk build
expect_rc 1 "a service with asm(\"nop\") does not build"
expect_out "^kernel/src/bad_asm\.c:5:2: error\[FK-ASM\]: " \
	"it is reported as FK-ASM at its line and column"
expect_out "^    hint: " "with a hint line"
expect_out "could not compile 'keel': 1 framekernel rule violation" \
	"and the build says why it stopped"
[ -e target/osdk/dev/keel/obj/bad_asm.c.o ] &&
	not_ok "nothing was compiled from it" || ok "nothing was compiled from it"
osdk check
expect_rc 1 "osdk check fails on it too"
expect_out "^kernel/src/bad_asm\.c:5:2: error\[FK-ASM\]" "with the same report"
rm kernel/src/bad_asm.c

cat >kernel/src/vga.c <<'C'
#include <frame/types.h>

char *keel_vga(void)
{
	return (char *)0xb8000;
}
C
osdk build
expect_rc 1 "a service casting 0xb8000 to a pointer does not build"
expect_out "^kernel/src/vga\.c:5:9: error\[FK-INT-TO-PTR\]: cast from integer type 'int' to pointer type 'char \*'" \
	"it is reported as FK-INT-TO-PTR at its line and column"
rm kernel/src/vga.c

cat >kernel/src/peek.c <<'C'
#include <frame/types.h>
#include "../frame/src/arch/x86_64/cpu/cpu.h"

void keel_peek(void)
{
}
C
osdk build
expect_rc 1 "a service including a frame-internal header does not build"
expect_out "^kernel/src/peek\.c:2:1: error\[FK-INCLUDE\]: .*a frame-internal header" \
	"it is reported as FK-INCLUDE at its line"
rm kernel/src/peek.c

# Private members and no-copy objects of the real frame: a service that
# moves a reader past its checked range, a cursor's end, a timer's links or
# a lock's word could reach any kernel memory.
cat >kernel/src/steal.c <<'C'
#include <frame/sync.h>
#include <frame/time.h>
#include <frame/user.h>
#include <frame/vm.h>

void keel_steal_reader(struct vm_reader *r)
{
	r->cur_ = 0xffff800000000000ul;
}

void keel_steal_cursor(struct vm_cursor *c)
{
	c->end_ = ~0ul;
}

void keel_steal_timer(struct frame_timer *t, struct frame_timer *other)
{
	t->next_ = other;
}

void keel_steal_lock(struct frame_spinlock *l)
{
	l->locked_ = false;
}

void keel_clone_timer(struct frame_timer *t, const struct frame_timer *from)
{
	*t = *from;
}
C
for cc in "" clang; do
	if [ -n "$cc" ] && ! command -v "$cc" >/dev/null; then continue; fi
	CC=$cc osdk check
	expect_rc 1 "a service writing private members fails osdk check${cc:+ (CC=$cc)}"
	expect_out "^kernel/src/steal\.c:8:5: error\[FK-PRIVATE\]: reaches private member 'cur_' of 'struct vm_reader'" \
		"a vm_reader's position is rejected at its line and column"
	expect_out "^kernel/src/steal\.c:13:5: error\[FK-PRIVATE\]: reaches private member 'end_' of 'struct vm_cursor'" \
		"a vm_cursor's end is rejected"
	expect_out "^kernel/src/steal\.c:18:5: error\[FK-PRIVATE\]: reaches private member 'next_' of 'struct frame_timer'" \
		"a frame_timer's link is rejected"
	expect_out "^kernel/src/steal\.c:23:5: error\[FK-PRIVATE\]: reaches private member 'locked_' of 'struct frame_spinlock'" \
		"a spinlock's word is rejected"
	expect_out "^kernel/src/steal\.c:28:2: error\[FK-COPY\]: assigns 'struct frame_timer', which must not be copied" \
		"copying a timer is rejected"
	expect_out "hint: members ending in '_' are the frame's: use the functions and initialisers of <frame/user\.h>" \
		"the hint names the header whose functions to use"
done
rm kernel/src/steal.c

# The first line of defence: the prelude alone fails a plain compile.
cmd=$(head -n1 target/osdk/dev/keel/obj/main.c.o.cmd)
printf '#include <frame/types.h>\nvoid f(void) { asm("nop"); }\n' >"$T/plain.c"
eval "set -- $cmd"
args=()
while [ $# -gt 0 ]; do
	case "$1" in
	-MF | -o) shift 2 ;;
	-MMD | -MP) shift ;;
	*/kernel/src/main.c) args+=("$T/plain.c"); shift ;;
	*) args+=("$1"); shift ;;
	esac
done
out=$("${args[@]}" -o "$T/plain.o" 2>&1)
rc=$?
[ "$rc" != 0 ] && grep -q 'poisoned' <<<"$out" &&
	ok "a plain compile of a service with asm fails on the poisoned word" ||
	not_ok "a plain compile of a service with asm fails (exit $rc: $out)"

osdk build
expect_rc 0 "with the bad files gone the kernel builds again"

# A package cannot make itself trusted.
sed -i 's/^  type: kernel$/  type: kernel\n  trusted: true/' kernel/osdk.yaml
printf '#include <frame/types.h>\nvoid keel_halt(void) { __asm__("hlt"); }\n' \
	>kernel/src/halt.c
osdk build
expect_rc 1 "a package claiming trust is still checked"
expect_out "warning: .*kernel/osdk\.yaml:[0-9]+:[0-9]+: package 'keel' says 'trusted: true', but 'workspace.trusted' in .* does not list it" \
	"and osdk build says it is not trusted"
expect_out "^kernel/src/halt\.c:2:24: error\[FK-ASM\]" "its assembly is reported"
rm kernel/src/halt.c
sed -i '/^  trusted: true$/d' kernel/osdk.yaml

# The trusted computing base.
osdk tcb --format json
expect_rc 0 "osdk tcb --format json works"
expect_out '"trusted_percent":[[:space:]]*[0-9]+(\.[0-9]+)?' \
	"it prints the trusted share of production lines"
expect_out '"trusted_percent_all":[[:space:]]*[0-9]+(\.[0-9]+)?' \
	"and the share of all lines"
expect_out '"trusted_test_lines":[[:space:]]*[1-9][0-9]*' \
	"the frame's ktests are counted as test lines"
expect_out '"kernel":[[:space:]]*"keel"' "of the kernel being built"
expect_out '"name":[[:space:]]*"frame"' "and each package"
osdk tcb -v
expect_rc 0 "osdk tcb -v works"
expect_out "^trusted share [0-9]+\.[0-9]{2}% of production lines$" \
	"it prints the production share in percent"
expect_out "^trusted share [0-9]+\.[0-9]{2}% of all lines, tests included$" \
	"and the share with tests"
expect_out "^trusted +[0-9]+ +[1-9][0-9]* lines in 1 package$" \
	"trusted production and test lines apart"
expect_out "^frame +[0-9.]+ +trusted +[0-9]+ +[0-9]+ +[0-9]+" "one line per package"
expect_out "^proved +[1-9][0-9]* lines, [0-9]+\.[0-9]{2}% of trusted production lines \(osdk prove\)$" \
	"the frame's proved lines are counted"
expect_out "^keel +[0-9.]+ +untrusted" "the kernel's own package is untrusted"
osdk tcb --format yaml
expect_rc 2 "an unknown format is a usage error"

# Every rule's fixture is rejected, and the allowed ones are not.
cp -r "$OSDK_SRC/osdk/tests/check" "$T/fixtures"
rm -rf "$T/fixtures/target"
cd "$T/fixtures"
osdk check
expect_rc 1 "osdk check rejects the rule fixtures"
for id in FK-ASM FK-VOLATILE FK-INT-TO-PTR FK-PTR-TO-INT FK-PTR-CAST \
	FK-FN-CAST FK-VLA FK-INCLUDE FK-INTERNAL FK-UNBOUNDED FK-USER FK-PRIVATE \
	FK-COPY FK-PARSE; do
	pkg=$(echo "$id" | tr 'A-Z' 'a-z')
	expect_out "^$pkg/src/[a-z_]+\.[cS]:[0-9]+:[0-9]+: error\[$id\]" \
		"fixture $pkg is rejected with $id"
done
expect_no_out "^ok-[a-z]+/" "the allowed fixtures are accepted"
osdk check --package ok-casts
expect_rc 0 "an allowed fixture alone passes"
osdk check --package frame
expect_rc 1 "checking a trusted package is refused"
expect_out "package 'frame' is trusted" "with the reason"

osdk check --list-rules
expect_rc 0 "osdk check --list-rules works"
expect_out "^FK-USER +user address" "it lists the rules"
osdk help check
expect_out "^Examples:" "osdk help check has examples"
osdk help tcb
expect_out "osdk tcb --format json" "osdk help tcb has examples"
finish
