#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk doc: Doxygen HTML of a package's public headers, a page per header.
. "$(dirname "$0")/lib.sh"
cd "$T"
command -v doxygen >/dev/null || { echo "doxygen needed (install.sh)"; exit 1; }

osdk new --library blk
expect_rc 0 "a new library"
cd blk
osdk doc
expect_rc 0 "osdk doc"
index=$(printf '%s\n' "$out" | grep '/index\.html$')
[ "$index" = "$T/blk/target/doc/blk/index.html" ] && [ -f "$index" ] &&
	ok "prints the index.html it made" || not_ok "index.html ($out)"
[ -f target/doc/blk/Doxyfile ] && ok "the Doxyfile is in the target dir" ||
	not_ok "the Doxyfile"
ls target/doc/blk/*_8h.html >/dev/null 2>&1 && ok "the header has a page" ||
	not_ok "the header has a page"
osdk doc --open
expect_rc 0 "--open without a browser still succeeds"

# The frame: a page per public header.
osdk doc -p frame
expect_rc 0 "osdk doc -p frame"
fdir=$(printf '%s\n' "$out" | grep '/index\.html$' | xargs dirname)
nh=$(find "$OSDK_SRC/kernel/frame/include" -name '*.h' | wc -l)
np=$(ls "$fdir"/*_8h.html 2>/dev/null | wc -l)
[ "$nh" -gt 0 ] && [ "$np" = "$nh" ] && ok "a page per frame header ($np)" ||
	not_ok "a page per frame header ($np pages, $nh headers)"
cd "$T"
osdk new --kernel hello
cd hello
osdk doc
expect_rc 0 "a kernel without include/ is documented too"
[ -f target/doc/hello/greeting_8h.html ] &&
	ok "from the headers in its src/" || not_ok "from src/ ($out)"
osdk doc -p nosuch
expect_rc 1 "an unknown package is an error"
finish
