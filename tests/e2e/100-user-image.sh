#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# build.user-images: the frame's vDSO as a loader-free shared object, built
# incrementally and reproducibly, embedded in the archive; only trusted
# packages may have one, and one that needs relocations is refused.
. "$(dirname "$0")/lib.sh"

command -v readelf >/dev/null || { echo "readelf missing (binutils)"; exit 1; }

# The real frame, in two places, to compare what each builds.
for d in one two/deeper; do
	mkdir -p "$T/$d"
	cp -r "$OSDK_SRC/kernel/frame" "$T/$d/frame"
	rm -rf "$T/$d/frame/target"
done
so=target/osdk/dev/frame/user/vdso/vdso.so
blob=target/osdk/dev/frame/user/vdso/vdso.blob.o
cd "$T/one/frame"

osdk build
expect_rc 0 "the frame builds with its vDSO"
expect_out "Linking user image vdso \(frame v" "the image is linked"

out=$(readelf -h "$so" 2>&1)
expect_out "Type: +DYN" "the vDSO is a shared object"
out=$(readelf -r "$so" 2>&1)
expect_out "no relocations" "it has no relocations for a loader"
out=$(readelf -d "$so" 2>&1)
expect_out "\(GNU_HASH\)" "it has a GNU hash table"
expect_out "\(HASH\)" "and a SysV hash table"
expect_out "linux-vdso\.so\.1" "it is named as Linux's"
expect_no_out "\(NEEDED\)|\(TEXTREL\)|\(BUILD_ID\)" \
	"it needs nothing and has no text relocations"
out=$(readelf -n "$so" 2>&1)
expect_no_out "Build ID" "it has no build-id"
out=$(readelf -W --dyn-syms "$so" 2>&1)
for f in clock_gettime gettimeofday time getcpu; do
	expect_out " FUNC +GLOBAL +DEFAULT +[0-9]+ __vdso_${f}@@LINUX_2\.6$" \
		"__vdso_$f is exported under LINUX_2.6"
	expect_out " FUNC +WEAK +DEFAULT +[0-9]+ ${f}@@LINUX_2\.6$" \
		"$f is its weak alias under LINUX_2.6"
done
expect_no_out "vdso_read_clock" "internal functions stay hidden"
out=$(readelf -W -s "$blob" 2>&1)
expect_out " osdk_image_vdso_start$" "the archive object has the start symbol"
expect_out " osdk_image_vdso_end$" "and the end symbol"
out=$(readelf -W -S "$blob" 2>&1)
expect_out "\.rodata\.osdk_image\.vdso +PROGBITS .* A +0 +0 +4096$" \
	"the image is page-aligned read-only data"
out=$(ar t target/osdk/dev/frame/libframe.a)
expect_out "^vdso\.blob\.o$" "the archive holds it"
out=$(strings -a "$so" "$blob")
expect_no_out "$T" "no absolute path of the build is in the image"

osdk build
expect_rc 0 "a second build succeeds"
expect_no_out "Linking user image" "and does not relink the image"
touch vdso/vdso.lds
osdk build
expect_out "Linking user image vdso" "a changed linker script relinks it"
touch src/vdso/vdso_data.h
osdk build
expect_out "Linking user image vdso" "a header it includes rebuilds it"

(cd "$T/two/deeper/frame" && "$OSDK" build -q >/dev/null 2>&1)
if cmp -s "$so" "$T/two/deeper/frame/$so" &&
	cmp -s "$blob" "$T/two/deeper/frame/$blob"; then
	ok "the image is the same bytes built elsewhere"
else
	not_ok "the image differs between two build directories"
fi

# An image that needs a loader: a pointer in data is a relocation.
cat >vdso/bad.c <<'C'
static int target;
int *const bad_ptr __attribute__((visibility("default"))) = &target;
C
sed -i 's|^  user-images:$|  user-images:\n    bad: { sources: [vdso/bad.c] }|' osdk.yaml
osdk build
expect_rc 1 "an image with relocations fails the build"
expect_out "user image 'bad' of package 'frame' has relocations \(DT_RELA\), which need a loader" \
	"the error names the image and what a loader would have to do"
cp "$OSDK_SRC/kernel/frame/osdk.yaml" osdk.yaml
rm vdso/bad.c
osdk build
expect_rc 0 "without it the frame builds again"

# Manifest rules.
sed -i 's|sources: \[vdso/vdso.c\]|sources: [src/time/clock.c]|' osdk.yaml
osdk build
expect_rc 1 "a user-image source under src/ is refused"
expect_out "osdk\.yaml:[0-9]+:[0-9]+: 'build\.user-images\.vdso\.sources\[0\]' is under 'src/'" \
	"with the field and its position"
cp "$OSDK_SRC/kernel/frame/osdk.yaml" osdk.yaml

# Only trusted packages: a lone package named otherwise is not trusted.
mkdir -p "$T/svc/src" "$T/svc/user"
cd "$T/svc"
cat >osdk.yaml <<'Y'
package:
  name: svc
  version: 0.1.0
  type: library
build:
  user-images:
    tool:
      sources: [user/tool.c]
Y
printf 'int svc_one(void) { return 1; }\n' >src/lib.c
printf 'int tool(void) { return 2; }\n' >user/tool.c
osdk build
expect_rc 1 "an untrusted package may not build a user image"
expect_out "package 'svc' is not trusted; only a trusted package may build user images" \
	"the error says why"

finish
