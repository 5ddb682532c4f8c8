#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# boot.initramfs, init-args and init-env: the archive osdk builds from
# entries of every kind, its errors, its reproducible bytes, the kernel
# command line init's words make, and the docs' examples of them.
. "$(dirname "$0")/lib.sh"

for tool in cpio busybox; do
	command -v $tool >/dev/null || { echo "$tool missing"; exit 1; }
done
bb=$(command -v busybox)
rd=target/osdk/dev/rk.initramfs.cpio

# A kernel that says what it was given: its command line and the first
# bytes of its initramfs (a newc archive starts with "070701").
mkdir -p "$T/a/src" "$T/a/rootfs/etc" "$T/a/rootfs/usr/bin" "$T/a/rootfs/bin"
cat >"$T/a/src/main.c" <<'C'
/* SPDX-License-Identifier: MIT */
/* main.c - reports the command line and the initramfs it was booted with. */
#include <frame/boot.h>
#include <frame/log.h>

static int rk_main(void)
{
	const struct frame_boot_module *m = frame_boot_initramfs();
	char magic[7] = { 0 };

	log_info("cmdline: '%s'", frame_cmdline());
	if (m && frame_boot_module_read(m, 0, magic, 6) == 6)
		log_info("initramfs magic: %s", magic);
	return 0;
}

FRAME_MAIN(rk_main);
C
printf 'motd\n' >"$T/a/rootfs/etc/motd"
printf '#!/bin/sh\necho tool\n' >"$T/a/rootfs/usr/bin/tool"
chmod 0775 "$T/a/rootfs/usr/bin/tool"
chmod 0600 "$T/a/rootfs/etc/motd"
ln -s ../etc/motd "$T/a/rootfs/usr/motd"
# A tree's file where an explicit entry also puts one: the entry wins.
printf 'from the tree\n' >"$T/a/rootfs/bin/sh"
printf '#!/bin/sh\nexec sh\n' >"$T/a/init"
chmod +x "$T/a/init"

head_yaml() {
	cat <<Y
package: { name: rk, version: 0.1.0, type: kernel }
dependencies:
  frame: { path: "$OSDK_DATADIR/frame" }
Y
}

{
	head_yaml
	cat <<Y
boot:
  cmdline: "console=ttyS0"
  init-env: { HOME: /root, TERM: vt100, PS1: "keel # " }
  init-args: [-l, "two words"]
  initramfs:
    - { path: /bin/busybox, source: $bb, mode: 0755, applets: true }
    - { path: /init, source: init }
    - { path: /etc/hostname, content: "keel\n" }
    - { path: /tmp, dir: true, mode: 01777 }
    - { path: /root, dir: true, mode: 0700 }
    - { path: /bin/sh, symlink: busybox }
    - { path: /, tree: rootfs }
    - { path: /opt/extra, tree: rootfs/etc }
    - { path: /dev/console, char: "5:1" }
    - { path: /dev/sda, block: "8:0", mode: 0660 }
Y
} >"$T/a/osdk.yaml"
cd "$T/a"

osdk build -v
expect_rc 0 "a kernel with an initramfs of every kind of entry builds"
expect_out "Packed initramfs $rd \([0-9]+ entries\)" "the archive is packed"
expect_out "Cmdline kernel command line 'console=ttyS0 HOME=/root TERM=vt100 PS1=\"keel # \" -- -l \"two words\"'" \
	"init's environment goes before --, its arguments after, quoted"

out=$(cpio -itv <"$rd" 2>/dev/null)
list=$(cpio -it <"$rd" 2>/dev/null)
expect_out '^-rwxr-xr-x +1 root +root .* bin/busybox$' "a source file, 0755, owned by root"
expect_out '^-rwxr-xr-x .* init$' "an executable source keeps its x bits as 0755"
expect_out '^-rw-r--r-- .* 5 Jan  1  1970 etc/hostname$' "a content file, 0644, dated 1970"
expect_out '^drwxrwxrwt .* tmp$' "a directory with mode 01777"
expect_out '^drwx------ .* root$' "a directory with mode 0700"
expect_out '^lrwxrwxrwx .* bin/sh -> busybox$' "an explicit link beats the tree's file and the applet"
expect_out '^-rw-r--r-- .* etc/motd$' "a tree's file, its mode normalised to 0644"
expect_out '^-rwxr-xr-x .* usr/bin/tool$' "a tree's executable, normalised to 0755"
expect_out '^lrwxrwxrwx .* usr/motd -> \.\./etc/motd$' "a tree's link stays a link"
expect_out '^-rw-r--r-- .* opt/extra/motd$' "a tree merged in below a path"
expect_out '^drwxr-xr-x .* opt$' "its missing parents are added, 0755"
expect_out '^crw------- +1 root +root +5, +1 .* dev/console$' "a character device, 0600"
expect_out '^brw-rw---- +1 root +root +8, +0 .* dev/sda$' "a block device with its mode"
expect_out '^lrwxrwxrwx .* sbin/poweroff -> /bin/busybox$' "busybox's applets are linked to it"
expect_out '^lrwxrwxrwx .* bin/ls -> /bin/busybox$' "ls among them"
applets=$("$bb" --list-full | sed 's|^/||' | LC_ALL=C sort)
missing=$(LC_ALL=C comm -13 <(LC_ALL=C sort <<<"$list") <(printf '%s\n' "$applets"))
[ -z "$missing" ] && ok "every applet busybox lists is there" ||
	not_ok "every applet busybox lists is there (missing: $missing)"
# Each is a link to busybox, but those an entry already gives: /bin/sh,
# and /bin/busybox when it lists itself.
given=$(grep -cxE 'bin/(sh|busybox)' <<<"$applets")
napplets=$(wc -l <<<"$applets")
nlinks=$(grep -c -- '-> /bin/busybox$' <<<"$out")
[ "$nlinks" = $((napplets - given)) ] && ok "one link per applet no entry gives ($nlinks)" ||
	not_ok "one link per applet no entry gives ($nlinks of $napplets, $given given)"
sorted=$(LC_ALL=C sort <<<"$list")
[ "$list" = "$sorted" ] && ok "members are sorted by path" || not_ok "members are sorted by path"
[ -z "$(grep -E '^(/|\./)' <<<"$list")" ] && ok "names are relative to the root, as Linux packs them" ||
	not_ok "names are relative to the root"
ino=$(od -An -c -N 110 "$rd" | tr -d ' \n' | cut -c7-14)
[ "$ino" = 00000001 ] && ok "the first member is inode 1" || not_ok "the first member is inode 1 ($ino)"

# Incremental: nothing changed, nothing packed; a tree's file changed, packed.
osdk build
expect_no_out "Packed" "an unchanged initramfs is not packed again"
sleep 1
printf 'motd 2\n' >rootfs/etc/motd
osdk build
expect_out "Packed initramfs" "a changed file in a tree packs it again"
cpio -i --to-stdout etc/motd <"$rd" 2>/dev/null | grep -qx 'motd 2' &&
	ok "with the new content" || not_ok "with the new content"

# The kernel gets both, under QEMU's direct boot and from a GRUB ISO.
osdk run
expect_rc 0 "the kernel boots with its initramfs"
expect_out "cmdline: 'console=ttyS0 HOME=/root TERM=vt100 PS1=\"keel # \" -- -l \"two words\"'" \
	"and prints the composed command line"
expect_out "initramfs magic: 070701" "and reads a newc archive"
osdk run --boot-method grub-rescue-iso
expect_rc 0 "the kernel boots from a GRUB ISO with its initramfs"
expect_out "initramfs magic: 070701" "a multiboot2 module holding the archive"
cmp -s "$rd" target/osdk/dev/rk.iso.d/boot/initramfs &&
	ok "the ISO carries the same archive" || not_ok "the ISO carries the same archive"

# A `--` already on the command line: env before it, args after its words.
osdk build -v --kcmdline 'quiet -- first'
expect_out "Cmdline kernel command line 'quiet HOME=/root TERM=vt100 PS1=\"keel # \" -- first -l \"two words\"'" \
	"init's words go around an existing --"
osdk build -v --initramfs ''
expect_rc 0 "--initramfs '' builds without one"
expect_no_out "Packed" "and packs nothing"

# The same inputs in another directory give the same bytes.
cp -r "$T/a" "$T/b"
rm -rf "$T/b/target"
cd "$T/b"
osdk build
expect_rc 0 "a copy in another directory builds"
sum_a=$(sha256sum "$T/a/$rd" | cut -d' ' -f1)
sum_b=$(sha256sum "$T/b/$rd" | cut -d' ' -f1)
[ "$sum_a" = "$sum_b" ] && ok "the archive's bytes do not depend on where it is built" ||
	not_ok "the archive's bytes do not depend on where it is built"
SOURCE_DATE_EPOCH=1700000000 osdk build
expect_out "Packed initramfs" "a new SOURCE_DATE_EPOCH packs again"
out=$(cpio -itv <"$rd" 2>/dev/null)
expect_out '^-rw-r--r-- .* Nov 14  2023 etc/hostname$' "every member carries SOURCE_DATE_EPOCH"
(cd "$T/a" && SOURCE_DATE_EPOCH=1700000000 "$OSDK" build -q >/dev/null 2>&1)
[ "$(sha256sum <"$T/a/$rd")" = "$(sha256sum <"$rd")" ] &&
	ok "and the bytes agree again" || not_ok "and the bytes agree again"
SOURCE_DATE_EPOCH=soon osdk build
expect_rc 1 "a SOURCE_DATE_EPOCH that is not a number is refused"
expect_out "SOURCE_DATE_EPOCH must be a number of seconds" "and says why"

# gzip: the same archive, compressed, as reproducible.
for d in a b; do
	sed -i 's/^boot:$/boot:\n  initramfs-compress: gzip/' "$T/$d/osdk.yaml"
	(cd "$T/$d" && SOURCE_DATE_EPOCH=1700000000 "$OSDK" build -q >/dev/null 2>&1)
done
gz=$rd.gz
gzip -t "$gz" 2>/dev/null && ok "initramfs-compress: gzip gzips it" || not_ok "initramfs-compress: gzip gzips it"
[ "$(sha256sum <"$T/a/$gz")" = "$(sha256sum <"$T/b/$gz")" ] &&
	ok "the gzipped bytes agree across directories" || not_ok "the gzipped bytes agree across directories"
[ "$(gzip -dc "$gz" | sha256sum)" = "$(sha256sum <"$rd")" ] &&
	ok "and hold the same cpio" || not_ok "and hold the same cpio"

# Errors name the file, the line, the column and the field (the lines
# count the initramfs-compress line added above).
cd "$T/a"
cp osdk.yaml good.yaml
sed -i "s|source: $bb,|source: /no/such/busybox,|" osdk.yaml
osdk build
expect_rc 1 "a missing source is an error"
expect_out "osdk\.yaml:10:[0-9]+: 'boot\.initramfs\[0\]\.source' names '/no/such/busybox', which does not exist" \
	"naming file, line, column and field"
cp good.yaml osdk.yaml
sed -i 's|mode: 01777|mode: 01779|' osdk.yaml
osdk build
expect_rc 1 "a bad mode is an error"
expect_out "osdk\.yaml:13:[0-9]+: 'boot\.initramfs\[3\]\.mode' must be octal permission bits" \
	"naming file, line, column and field"
cp good.yaml osdk.yaml
sed -i 's|content: "keel\\n"|contents: "keel\\n"|' osdk.yaml
osdk build
expect_rc 1 "an unknown key in an entry is an error"
expect_out "osdk\.yaml:12:[0-9]+: unknown key 'contents' in 'boot\.initramfs\[2\]'; did you mean 'content'\?" \
	"naming file, line, column and a suggestion"
cp good.yaml osdk.yaml
sed -i 's|tree: rootfs/etc }|tree: rootfs/nothing }|' osdk.yaml
osdk build
expect_rc 1 "a missing tree is an error"
expect_out "osdk\.yaml:17:[0-9]+: 'boot\.initramfs\[7\]\.tree' names '.*/rootfs/nothing', which is not a directory" \
	"naming file, line, column and field"
cp good.yaml osdk.yaml
sed -i "s|source: $bb, mode: 0755, applets|source: /bin/true, mode: 0755, applets|" osdk.yaml
osdk build
expect_rc 1 "applets of a program that is not busybox are an error"
expect_out "osdk\.yaml:10:[0-9]+: 'boot\.initramfs\[0\]\.applets': '/bin/true --list-full' listed no applets" \
	"naming file, line, column and field"
cp good.yaml osdk.yaml
sed -i 's|init-args: \[-l, "two words"\]|init-args: [-l, '"'"'a"b'"'"']|' osdk.yaml
osdk build
expect_rc 1 "an init argument with a double quote is an error"
expect_out "osdk\.yaml:8:[0-9]+: 'boot\.init-args\[1\]' cannot go on the kernel command line" \
	"naming file, line, column and field"
cp good.yaml osdk.yaml

# The path forms: a directory is packed whole, a missing file is named.
{ head_yaml; printf 'boot:\n  initramfs: rootfs\n'; } >osdk.yaml
osdk build
expect_rc 0 "a directory as boot.initramfs builds"
out=$(cpio -itv <"$rd" 2>/dev/null)
expect_out '^-rwxr-xr-x .* usr/bin/tool$' "and is packed, modes normalised"
expect_out '^lrwxrwxrwx .* usr/motd -> \.\./etc/motd$' "links and all"
{ head_yaml; printf 'boot:\n  initramfs: rootfs.cpio\n'; } >osdk.yaml
osdk build
expect_rc 1 "a missing archive is an error"
expect_out "osdk\.yaml:5:14: 'boot\.initramfs' names '.*/rootfs\.cpio', which does not exist" \
	"naming file, line, column and field"

# The docs' examples build as written (with a rootfs/ holding init).
cp init rootfs/init
awk '/^```yaml initramfs-example/ { n++; f = sprintf("example-%d.yaml", n); next }
     /^```/ { f = "" } f { print > f }' "$OSDK_SRC/docs/manifest.md"
count=$(ls example-*.yaml 2>/dev/null | wc -l)
[ "$count" -ge 3 ] && ok "$count initramfs examples were taken from docs/manifest.md" ||
	not_ok "only $count initramfs examples were taken from docs/manifest.md"
for ex in example-*.yaml; do
	{ head_yaml; cat "$ex"; } >osdk.yaml
	osdk build
	expect_rc 0 "docs/manifest.md's $ex builds"
done
cp good.yaml osdk.yaml
finish
