#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reproducible builds: the same kernel built in two checkouts at different
# paths, at different times, with its sources' modification times changed,
# gives byte-identical kernel ELFs, test kernels, initramfs archives, GRUB
# ISOs and UEFI disk images, with either GRUB boot protocol (the linux one's
# bzImage too); $SOURCE_DATE_EPOCH sets the archive's and the images' dates.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel k
cat >>k/osdk.yaml <<'Y'
  accel: tcg
Y
sed -i 's|^boot:|boot:\n  initramfs-compress: gzip\n  initramfs:\n    - { path: /etc/motd, content: "hello\\n" }\n    - { path: /data, source: data.txt, mode: 0644 }|' k/osdk.yaml
echo "payload" >k/data.txt
mkdir -p one/a/deeper/path two
cp -r k one/a/deeper/path/k
cp -r k two/k

build_all() { # build_all DIR: every artefact, then their sha256 sums
	(
		cd "$1" || exit 1
		"$OSDK" build -q >/dev/null 2>&1 || exit 1
		"$OSDK" build -q --boot-method grub-rescue-iso >/dev/null 2>&1 || exit 1
		"$OSDK" build -q --boot-method grub-qcow2 >/dev/null 2>&1 || exit 1
		"$OSDK" test -q -o ktests --no-run >/dev/null 2>&1 || exit 1
		cd target/osdk/dev &&
			sha256sum k.elf k.iso k.initramfs.cpio.gz | sed 's/ .*//' &&
			sha256sum ../../../ktests/ktest.elf | sed 's/ .*//' &&
			sha256sum k.qcow2 | sed 's/ .*//' || exit 1
		cd ../../.. &&
			"$OSDK" build -q --boot-method grub-rescue-iso --grub-boot-protocol linux >/dev/null 2>&1 &&
			"$OSDK" build -q --boot-method grub-qcow2 --grub-boot-protocol linux >/dev/null 2>&1 &&
			sha256sum target/osdk/dev/k.iso target/osdk/dev/k.qcow2 \
				target/osdk/dev/k.iso.d/boot/kernel.bzimage | sed 's/ .*//'
	)
}
a=$(build_all one/a/deeper/path/k) && ok "the first checkout builds" || not_ok "the first checkout builds"
sleep 1
touch two/k/src/*.c two/k/data.txt
b=$(build_all two/k) && ok "the second checkout builds" || not_ok "the second checkout builds"
names="kernel ISO initramfs test-kernel UEFI-disk-image linux-protocol-ISO linux-protocol-UEFI-disk-image bzImage"
i=0
for n in $names; do
	i=$((i + 1))
	x=$(printf '%s\n' "$a" | sed -n ${i}p)
	y=$(printf '%s\n' "$b" | sed -n ${i}p)
	[ -n "$x" ] && [ "$x" = "$y" ] && ok "the $n is the same in both checkouts" ||
		not_ok "the $n is the same in both checkouts ($x vs $y)"
done
[ "$(printf '%s\n' "$a" | sed -n 6p)" != "$(printf '%s\n' "$a" | sed -n 2p)" ] &&
	[ "$(printf '%s\n' "$a" | sed -n 7p)" != "$(printf '%s\n' "$a" | sed -n 5p)" ] &&
	ok "the linux protocol's images differ from multiboot2's" ||
	not_ok "the linux protocol's images differ from multiboot2's"
grep -aq "$T" two/k/target/osdk/dev/k.elf && not_ok "the kernel holds the checkout's path" ||
	ok "the kernel holds no path of the checkout"
grep -aq "$HOME/.osdk" two/k/target/osdk/dev/k.elf && not_ok "the kernel holds osdk's cache path" ||
	ok "the kernel holds no path of osdk's cache"

# SOURCE_DATE_EPOCH: another date gives other archive and ISO bytes, the
# same date the same bytes again.
(cd two/k && SOURCE_DATE_EPOCH=1800000000 "$OSDK" build -q --boot-method grub-rescue-iso >/dev/null 2>&1 &&
	SOURCE_DATE_EPOCH=1800000000 "$OSDK" build -q --boot-method grub-qcow2 >/dev/null 2>&1)
[ "$(sha256sum two/k/target/osdk/dev/k.qcow2 | sed 's/ .*//')" != "$(printf '%s\n' "$b" | sed -n 5p)" ] &&
	ok "SOURCE_DATE_EPOCH changes the UEFI disk image" || not_ok "SOURCE_DATE_EPOCH changes the UEFI disk image"
c=$(sha256sum two/k/target/osdk/dev/k.iso two/k/target/osdk/dev/k.initramfs.cpio.gz | sed 's/ .*//')
[ "$(printf '%s\n' "$c" | sed -n 1p)" != "$(printf '%s\n' "$b" | sed -n 2p)" ] &&
	ok "SOURCE_DATE_EPOCH changes the ISO" || not_ok "SOURCE_DATE_EPOCH changes the ISO"
[ "$(printf '%s\n' "$c" | sed -n 2p)" != "$(printf '%s\n' "$b" | sed -n 3p)" ] &&
	ok "and the initramfs" || not_ok "and the initramfs"
(cd one/a/deeper/path/k && SOURCE_DATE_EPOCH=1800000000 "$OSDK" build -q --boot-method grub-rescue-iso >/dev/null 2>&1)
[ "$(sha256sum one/a/deeper/path/k/target/osdk/dev/k.iso | sed 's/ .*//')" = "$(printf '%s\n' "$c" | sed -n 1p)" ] &&
	ok "the same SOURCE_DATE_EPOCH gives the same ISO in the other checkout" ||
	not_ok "the same SOURCE_DATE_EPOCH gives the same ISO in the other checkout"
xorriso -indev two/k/target/osdk/dev/k.iso -find / -name kernel.elf -exec lsdl 2>/dev/null |
	grep -q "2027" && ok "the ISO's files carry that date (2027)" ||
	not_ok "the ISO's files carry that date (2027)"
finish
