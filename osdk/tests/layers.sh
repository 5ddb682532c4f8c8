#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# layers.sh - fail when a core file includes against the folder order of
# docs/internals/osdk-layout.md. Usage: layers.sh [SOURCE-ROOT]
set -uo pipefail

src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}/osdk/src

# The folders each core folder may include besides itself.
allowed() {
	case $1 in
	manifest) echo "" ;;
	registry) echo "manifest" ;;
	resolve) echo "manifest registry" ;;
	check) echo "manifest registry resolve build/flags.h" ;;
	build) echo "manifest registry resolve check" ;;
	publish) echo "manifest registry resolve check build" ;;
	prove) echo "manifest registry resolve build" ;;
	boot) echo "manifest registry resolve build" ;;
	profile) echo "manifest registry resolve build boot" ;;
	coverage) echo "" ;;
	*) echo "?" ;;
	esac
}

bad=0
for dir in "$src"/core/*/; do
	folder=$(basename "$dir")
	ok=$(allowed "$folder")
	if [ "$ok" = "?" ]; then
		echo "core/$folder: a folder the layer order does not know;" \
			"add it to docs/internals/osdk-layout.md and to this script"
		bad=$((bad + 1))
		continue
	fi
	for f in "$dir"*.[ch]; do
		[ -e "$f" ] || continue
		while IFS=: read -r line inc; do
			target=${inc#core/}
			to=${target%%/*}
			[ "$to" = "$folder" ] && continue
			pass=0
			for a in $ok; do
				if [ "$a" = "$to" ] || [ "$a" = "$target" ]; then
					pass=1
				fi
			done
			if [ $pass = 0 ]; then
				echo "core/$folder/$(basename "$f"):$line: includes" \
					"\"$inc\": $folder may include only:" \
					"${ok:-nothing else in core}"
				bad=$((bad + 1))
			fi
		done < <(grep -no '^#include "core/[^"]*"' "$f" |
			sed 's/#include "\(.*\)"/\1/')
	done
done
# util is below the whole core: it includes nothing from it.
while IFS= read -r hit; do
	echo "util: $hit: util includes nothing from core or cmd"
	bad=$((bad + 1))
done < <(grep -n '^#include "\(core\|cmd\)/' "$src"/util/*.[ch])
# The core never reaches into the command layer.
while IFS= read -r hit; do
	echo "$hit: the core includes nothing from cmd/"
	bad=$((bad + 1))
done < <(grep -rn '^#include "cmd/' "$src"/core)

if [ $bad -gt 0 ]; then
	echo "$bad include(s) against the layer order"
	exit 1
fi
echo "the core's includes follow the layer order"
