#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --message-format json on build, run and test: stdout holds only JSON
# records, one a line, that jq parses; the console and progress go to
# stderr; the records say what docs/message-format.md says, and the test
# summary record's counts are those of the `N passed, N failed` line.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel k
cd k
printf '  accel: tcg\n\ntest:\n  timeout: 120\n' >>osdk.yaml

# Runs osdk with stdout and stderr apart: $json and $text.
split_run() {
	"$OSDK" "$@" >json.out 2>text.out
	rc=$?
	json=$(cat json.out)
	text=$(cat text.out)
}
all_json() {
	local bad
	bad=$(while IFS= read -r l; do printf '%s\n' "$l" | jq -e . >/dev/null 2>&1 || echo "$l"; done <json.out)
	[ -s json.out ] && [ -z "$bad" ] && ok "$1: every stdout line is a JSON object" ||
		not_ok "$1: every stdout line is a JSON object (not: $(echo "$bad" | head -3))"
}
field() { jq -r "select(.reason == \"$1\") | $2" json.out; }

split_run build --message-format json -o dist
[ "$rc" = 0 ] && ok "build exits 0" || not_ok "build exits 0 ($rc: $text)"
all_json build
[ "$(jq -r .schema json.out | sort -u)" = 1 ] && ok "every record carries schema 1" ||
	not_ok "every record carries schema 1"
[ "$(field compiler-artifact .package | sort | tr '\n' ' ')" = "frame k " ] &&
	ok "a compiler-artifact per package" || not_ok "a compiler-artifact per package ($(field compiler-artifact .package))"
[ "$(field compiler-artifact 'select(.package == "frame") | .trusted')" = true ] &&
	[ "$(field compiler-artifact 'select(.package == "k") | .trusted')" = false ] &&
	ok "the frame trusted, the kernel not" || not_ok "the frame trusted, the kernel not"
img=$(field image .path)
[ "$img" = "$PWD/dist/k.elf" ] && ok "the image record names the -o copy" || not_ok "the image record names the -o copy ($img)"
[ "$(field image .sha256)" = "$(sha256sum dist/k.elf | cut -d' ' -f1)" ] &&
	[ "$(field image .size)" = "$(stat -c %s dist/k.elf)" ] &&
	ok "with its size and sha256" || not_ok "with its size and sha256"
[ "$(field image .boot_method)" = qemu-direct ] && ok "and its boot method" || not_ok "and its boot method"
[ "$(field build-finished .success)" = true ] && ok "build-finished says success" || not_ok "build-finished says success"
printf '%s\n' "$text" | grep -q "Finished" && ok "the progress went to stderr" ||
	not_ok "the progress went to stderr"

# A failing test: its record has the message, the file and the line.
cat >>src/greeting_test.c <<'C'

KTEST(zz_fails)
{
	KT_ASSERT_EQ(6 * 7, 43);
}
C
line=$(grep -n 'KTEST(zz_fails)' src/greeting_test.c | cut -d: -f1)
split_run test --message-format json
[ "$rc" = 1 ] && ok "a failing test fails osdk test (exit 1)" || not_ok "a failing test fails osdk test ($rc)"
all_json test
summary=$(printf '%s\n' "$text" | grep -E '^[0-9]+ passed, [0-9]+ failed$')
[ "$(field test-summary '"\(.passed) passed, \(.failed) failed"')" = "$summary" ] &&
	ok "the summary record's counts are the text summary's ($summary)" ||
	not_ok "the summary record's counts are the text summary's ($summary; $(field test-summary .))"
[ "$(field test 'select(.result == "ok") | .name' | wc -l)" = "$(printf '%s' "$summary" | cut -d' ' -f1)" ] &&
	ok "one ok test record per passed test" || not_ok "one ok test record per passed test"
fail=$(field test 'select(.name == "k::zz_fails")')
[ "$(printf '%s' "$fail" | jq -r .result)" = failed ] && ok "the failing test's record says failed" ||
	not_ok "the failing test's record says failed ($fail)"
[ "$(printf '%s' "$fail" | jq -r '.file | sub(".*/"; "")'):$(printf '%s' "$fail" | jq -r .line)" = "greeting_test.c:$line" ] &&
	ok "with the file and line of its KTEST" || not_ok "with the file and line of its KTEST ($fail)"
printf '%s' "$fail" | jq -r .message | grep -q '43' && ok "and its message" || not_ok "and its message ($fail)"
printf '%s' "$fail" | jq -e '.duration_s >= 0' >/dev/null && ok "and a duration" || not_ok "and a duration"
printf '%s\n' "$text" | grep -q '^test k::zz_fails \.\.\. FAILED' && ok "the human lines went to stderr" ||
	not_ok "the human lines went to stderr"

split_run test --message-format json --list
all_json "test --list"
[ "$(field test-listed .name | grep -c .)" -ge 3 ] && ok "--list gives a test-listed record per test" ||
	not_ok "--list gives a test-listed record per test"

sed -i '/KTEST(zz_fails)/,$d' src/greeting_test.c
split_run run --message-format json
[ "$rc" = 0 ] && ok "run exits as the kernel does" || not_ok "run exits as the kernel does ($rc)"
all_json run
[ "$(field run-finished '"\(.outcome) \(.code) \(.exit_code)"')" = "exit 0 0" ] &&
	ok "run-finished has the outcome and the code" || not_ok "run-finished has the outcome and the code ($(field run-finished .))"
printf '%s\n' "$text" | grep -q "Hello from the k kernel" && ok "the kernel's console went to stderr" ||
	not_ok "the kernel's console went to stderr"

osdk build --message-format xml
expect_rc 2 "an unknown message format is a usage error"
expect_out "unknown message format 'xml'; use human or json" "naming the choices"
finish
