#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/ci.md: the osdk command lines of its GitHub Actions and GitLab CI
# files run as they are, with PKG set as the matrix sets it, on a workspace
# of two libraries and a kernel; their reports and images appear.
. "$(dirname "$0")/lib.sh"
doc=${OSDK_SRC:?}/docs/ci.md
cd "$T"

# The lines the YAML files run: `- run: osdk ...` and `- osdk ...`.
mapfile -t lines < <(sed -n 's/^ *- \(run: \)\{0,1\}\(osdk .*\)$/\2/p' "$doc" | sort -u)
[ ${#lines[@]} -ge 2 ] && ok "the CI files run ${#lines[@]} osdk command lines" ||
	not_ok "the CI files run osdk command lines (${#lines[@]})"
[ "$(grep -c '^ *- \(run: \)\{0,1\}osdk ' "$doc")" -ge 4 ] &&
	ok "both files run osdk" || not_ok "both files run osdk"

mkdir ws
cd ws
for p in alpha beta; do
	osdk new --library $p
	# TCG: the result must not depend on the host having a working KVM.
	printf '  accel: tcg\n\ntest:\n  timeout: 120\n' >>$p/osdk.yaml
done
osdk new --kernel k
printf '  accel: tcg\n' >>k/osdk.yaml
printf 'workspace:\n  members: [alpha, beta, k]\n  trusted: [frame]\n' >osdk.yaml
cat >>beta/src/lib.c <<'C'

KTEST(zz_fails)
{
	KT_ASSERT_EQ(2 + 2, 5);
}
C

for PKG in alpha beta; do
	export PKG
	beta_failed=0
	for l in "${lines[@]}"; do
		shards=1/1
		case "$l" in *'$SHARD'*) shards="1/2 2/2" ;; esac
		for SHARD in $shards; do
			export SHARD
			eval "set -- ${l#osdk }"
			osdk "$@"
			what="'$l' with PKG=$PKG SHARD=$SHARD"
			case "$1 $PKG" in
			"test alpha") expect_rc 0 "$what passes" ;;
			"test beta")
				# The failing test is in one shard of two.
				[ "$rc" = 1 ] && beta_failed=$((beta_failed + 1))
				[ "$rc" = 0 ] || [ "$rc" = 1 ] && ok "$what runs" ||
					not_ok "$what runs (exit $rc)" ;;
			*) expect_rc 0 "$what" ;;
			esac
			if [ "$1" = test ]; then
				report=$(printf '%s\n' "$@" | grep '\.xml$')
				xmllint --noout "$report" 2>/dev/null &&
					ok "its report $report is written and parses" ||
					not_ok "its report $report is written and parses"
			fi
		done
	done
	[ "$PKG" != beta ] || [ "$beta_failed" = 2 ] &&
		ok "beta's failing test fails its whole run and one of its shards" ||
		not_ok "beta's failing test fails its whole run and one shard ($beta_failed runs failed)"
done
grep -q 'failures="1"' ktests-beta.xml && ok "beta's report has its failure" ||
	not_ok "beta's report has its failure"
ls dist/k.elf >/dev/null 2>&1 && ok "the image job keeps the kernel in dist/" ||
	not_ok "the image job keeps the kernel in dist/ ($(ls dist 2>&1))"

finish
