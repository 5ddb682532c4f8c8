#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The real frame's public API, used from a service: a fixture service that
# includes every public header and uses the API as docs/frame-api.md shows
# it passes osdk check and compiles, and so do the C examples of docs/.
. "$(dirname "$0")/lib.sh"
ws=$T/ws
mkdir -p "$ws"
cp -r "$OSDK_SRC/kernel/frame" "$ws/frame"
rm -rf "$ws/frame/target"
cp -r "$OSDK_SRC/tests/e2e/fixtures/api-service" "$ws/api-service"

missing=
for h in "$OSDK_SRC"/kernel/frame/include/frame/*.h; do
	grep -q "^#include <frame/${h##*/}>" "$ws/api-service/src/headers.c" ||
		missing="$missing ${h##*/}"
done
[ -z "$missing" ] && ok "the fixture service includes every public header" ||
	not_ok "the fixture service does not include:$missing"

# The examples: every C block of docs/ marked `c service` or
# `c service-body` becomes one source file (docs/framekernel-rules.md,
# "The examples are checked"). Those marked fails=RULE go to a package of
# their own, which must fail with that rule and nothing else.
mkdir -p "$ws/docs-ok/src" "$ws/docs-pending/src"
headers=$(for h in "$OSDK_SRC"/kernel/frame/include/frame/*.h; do
	printf '#include <frame/%s>\n' "${h##*/}"
done)
awk -v out="$ws" -v headers="$headers" '
function flush(  dir, f) {
	dir = fails == "" ? "docs-ok" : "docs-pending"
	f = out "/" dir "/src/" name ".c"
	printf "/* %s:%d */\n%s\n%s", src, line, headers, ctx > f
	if (mode == "service-body")
		printf "int %s(void)\n{\n%s\treturn 0;\n}\n", name, body > f
	else
		printf "%s", body > f
	close(f)
	if (fails != "")
		print name " " fails > (out "/pending")
	n++
}
FNR == 1 { src = FILENAME; sub(/.*\/docs\//, "docs/", src)
	   base = FILENAME; sub(/.*\//, "", base); sub(/\.md$/, "", base)
	   gsub(/-/, "_", base); ctx = ""; inctx = 0; inblk = 0 }
inblk && /^```/ { flush(); inblk = 0; ctx = ""; next }
inblk { body = body (mode == "service-body" && $0 != "" ? "\t" : "") $0 "\n"
	next }
/^<!-- service-context/ { inctx = 1; ctx = ""; next }
inctx && /^-->/ { inctx = 0; next }
inctx { ctx = ctx $0 "\n"; next }
/^```c service/ {
	mode = $2; fails = ""
	for (i = 3; i <= NF; i++)
		if ($i ~ /^fails=/)
			fails = substr($i, 7)
	name = "doc_" base "_" FNR; line = FNR; body = ""; inblk = 1; next
}
/^[^ \t]/ { ctx = "" }
END { print n > (out "/count") }
' "$OSDK_SRC"/docs/*.md
count=$(cat "$ws/count")
[ "$count" -ge 8 ] && ok "$count examples were taken from docs/" ||
	not_ok "only $count examples were taken from docs/"
touch "$ws/pending"
for pkg in docs-ok docs-pending; do
	cat >"$ws/$pkg/osdk.yaml" <<Y
package: { name: $pkg, version: 0.1.0, type: library }
dependencies:
  frame: { path: "../frame" }
# Examples are fragments: a variable they only show may go unused.
build:
  cflags: "-Wno-unused-variable -Wno-unused-but-set-variable -Wno-unused-function"
Y
done
[ -n "$(ls "$ws/docs-pending/src")" ] ||
	printf 'int doc_none;\n' >"$ws/docs-pending/src/none.c"
cat >"$ws/osdk.yaml" <<'Y'
workspace:
  members: [frame, api-service, docs-ok, docs-pending]
  trusted: [frame]
Y
cd "$ws"

for cc in "" clang; do
	if [ -n "$cc" ] && ! command -v "$cc" >/dev/null; then continue; fi
	tag=${cc:+ (CC=$cc)}
	CC=$cc osdk check --package api-service
	expect_rc 0 "the fixture service follows the rules against the real frame$tag"
	expect_out "Checking api-service" "it was checked$tag"
	CC=$cc osdk check --package docs-ok
	expect_rc 0 "the examples of docs/ follow the rules$tag"
	CC=$cc osdk check --package docs-pending
	all=$out
	while read -r name rule; do
		grep -Eq "^docs-pending/src/$name\\.c:[0-9]+:[0-9]+: error\\[$rule\\]" <<<"$all" &&
			ok "$name still breaks $rule, as its marker says$tag" ||
			not_ok "$name no longer breaks $rule: drop its fails= marker$tag"
	done <pending
	others=$(printf '%s\n' "$all" | grep -E '^docs-pending/src/.*error\[' |
		while IFS= read -r l; do
			f=${l%%.c:*}
			f=${f##*/}
			r=$(printf '%s\n' "$l" | sed -E 's/.*error\[([A-Z-]+)\].*/\1/')
			grep -qx "$f $r" pending || printf '%s\n' "$l"
		done)
	[ -z "$others" ] && ok "the pending examples break nothing else$tag" ||
		not_ok "the pending examples break more than their marker says$tag: $others"
done

cd "$ws/api-service"
osdk build
expect_rc 0 "the fixture service compiles with the build's warnings as errors"
cd "$ws/docs-ok"
osdk build
expect_rc 0 "the examples of docs/ compile"
finish
