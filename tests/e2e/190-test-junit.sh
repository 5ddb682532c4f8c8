#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk test --junit FILE: the results as JUnit XML that a parser accepts,
# with one testsuite per package, the counts of the text summary and a
# failure's message and file:line.
. "$(dirname "$0")/lib.sh"
cd "$T"

mkdir ws
cd ws
for p in alpha beta; do
	osdk new --library $p
	printf '\ntest:\n  timeout: 30\n' >>$p/osdk.yaml
done
printf 'workspace:\n  members: [alpha, beta]\n  trusted: [frame]\n' >osdk.yaml
cat >>alpha/src/lib.c <<'C'

KTEST(zz_fails)
{
	KT_ASSERT_EQ(1 + 1, 3);
}
C
fail_line=$(grep -n 'KTEST(zz_fails)' alpha/src/lib.c | cut -d: -f1)

# TCG: the report must not depend on the host having a working KVM.
osdk test --accel tcg --no-fail-fast --junit report.xml
expect_rc 1 "a failing test still fails osdk test with --junit"
summary=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
[ -n "$summary" ] && ok "the text summary is printed" ||
	not_ok "the text summary is printed ($(printf '%s\n' "$out" | tail -3))"
: "${summary:=-1 passed, -1 failed}"
n_pass=${summary%% passed*}
n_fail=${summary#*, }
n_fail=${n_fail%% failed}
[ -s report.xml ] && ok "the report is written" || not_ok "the report is written"

if command -v xmllint >/dev/null; then
	xmllint --noout report.xml && ok "xmllint accepts the report" ||
		not_ok "xmllint accepts the report"
	x() { xmllint --xpath "$1" report.xml 2>/dev/null; }
	[ "$(x 'string(/testsuites/@tests)')" = $((n_pass + n_fail)) ] &&
		ok "the total is the summary's" ||
		not_ok "the total is the summary's ($(x 'string(/testsuites/@tests)') vs $summary)"
	[ "$(x 'string(/testsuites/@failures)')" = "$n_fail" ] &&
		ok "the failures are the summary's" ||
		not_ok "the failures are the summary's"
	[ "$(x 'count(/testsuites/testsuite)')" = 2 ] &&
		ok "one testsuite per package" || not_ok "one testsuite per package"
	case='/testsuites/testsuite[@name="alpha"]/testcase[@name="zz_fails"]'
	[ "$(x "string($case/@line)")" = "$fail_line" ] &&
		ok "the failing case has its line" ||
		not_ok "the failing case has its line ($(x "string($case/@line)") vs $fail_line)"
	case "$(x "string($case/@file)")" in
	*lib.c) ok "and its file" ;;
	*) not_ok "and its file ($(x "string($case/@file)"))" ;;
	esac
	[ -n "$(x "string($case/failure/@message)")" ] &&
		ok "the failure has a message" || not_ok "the failure has a message"
	x "string($case/failure)" | grep -q "lib.c:$fail_line: " &&
		ok "the failure text starts with file:line" ||
		not_ok "the failure text starts with file:line ($(x "string($case/failure)"))"
	[ "$(x "count(//testcase[not(failure)])")" = "$n_pass" ] &&
		ok "the passing cases have no failure" ||
		not_ok "the passing cases have no failure"
else
	not_ok "xmllint is installed (install.sh's libxml2-utils)"
fi

rm -f report.xml
osdk test --accel tcg -p beta --junit report.xml
expect_rc 0 "a passing run with --junit"
grep -q '<testsuites name="osdk test" tests="[1-9][0-9]*" failures="0"' report.xml &&
	ok "no failures in a passing run's report" ||
	not_ok "no failures in a passing run's report"

osdk test --junit
expect_rc 2 "--junit needs a FILE"

finish
