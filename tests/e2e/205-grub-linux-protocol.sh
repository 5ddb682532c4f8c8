#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# GRUB's Linux boot protocol (grub.boot-protocol: linux): a new kernel,
# wrapped as a bzImage, boots from the UEFI disk image under OVMF and from
# the GRUB rescue ISO under BIOS, prints its output and exits with its own
# code; grub.cfg loads it with linux/initrd; the frame's EFI handover entry
# (GRUB's linuxefi, the Secure Boot path) boots it too; the manifest key, its layers
# and the command-line flag select it; qemu-direct ignores it; the
# template's and the frame's ktests pass booted that way.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel k
cd k
printf '  accel: tcg\n\ntest:\n  timeout: 120\n' >>osdk.yaml

osdk run --boot-method grub-qcow2 --grub-boot-protocol linux
expect_rc 0 "a new kernel boots through the Linux boot protocol under OVMF and exits 0"
expect_out "Hello from the k kernel" "its main ran"
img=target/osdk/dev/k.qcow2
qemu-img convert -f qcow2 -O raw "$img" raw.img
start=$(sfdisk -d raw.img | sed -n 's/.*start= *\([0-9]*\).*/\1/p')
mdir -i "raw.img@@$((start * 512))" -/ -b :: 2>/dev/null | sort >files
grep -qx '::/boot/kernel.bzimage' files && ! grep -qx '::/boot/kernel.elf' files &&
	ok "the EFI system partition holds the bzImage, not the ELF" ||
	not_ok "the EFI system partition holds the bzImage, not the ELF ($(tr '\n' ' ' <files))"
mcopy -i "raw.img@@$((start * 512))" ::/boot/grub/grub.cfg esp.cfg 2>/dev/null
grep -q "^	linux /boot/kernel.bzimage 'console=ttyS0'" esp.cfg &&
	ok "its grub.cfg loads it with linux" || not_ok "its grub.cfg loads it with linux ($(cat esp.cfg))"
mcopy -i "raw.img@@$((start * 512))" ::/boot/kernel.bzimage bz 2>/dev/null
[ "$(dd if=bz bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] &&
	[ "$(od -An -tx1 -j 510 -N 2 bz | tr -d ' ')" = 55aa ] &&
	ok "the bzImage has the setup header (HdrS, boot flag)" ||
	not_ok "the bzImage has the setup header (HdrS, boot flag)"
# The payload is the ELF's first segment onwards, 4 KiB into the file:
# the multiboot2 header lies in it, as in the ELF.
grep -c $'\xd6\x50\x52\xe8' bz >/dev/null && ok "the payload carries the kernel's boot code" ||
	not_ok "the payload carries the kernel's boot code"

# The EFI handover entry, which GRUB takes under Secure Boot (linuxefi):
# OVMF without Secure Boot runs it too. osdk's image, with GRUB rebuilt
# with linuxefi and grub.cfg's linux turned into linuxefi.
[ "$(od -An -tx1 -j $((0x236)) -N 1 bz | tr -d ' ')" = 09 ] &&
	ok "the bzImage offers the 64-bit EFI handover (XLF_KERNEL_64 | XLF_EFI_HANDOVER_64)" ||
	not_ok "the bzImage offers the 64-bit EFI handover (XLF_KERNEL_64 | XLF_EFI_HANDOVER_64)"
off=$((start * 512))
sed -e 's/^\tlinux /\tlinuxefi /' -e 's/^\tinitrd /\tinitrdefi /' \
	-e "s/'console=ttyS0'/'console=ttyS0' 'log=debug'/" esp.cfg >handover.cfg
printf 'search --no-floppy --file --set=root /boot/kernel.bzimage\nset prefix=($root)/boot/grub\nconfigfile $prefix/grub.cfg\n' >early.cfg
grub-mkimage -O x86_64-efi -d /usr/lib/grub/x86_64-efi -p /boot/grub -c early.cfg -o handover.efi \
	part_gpt fat linuxefi normal configfile search search_fs_file serial terminal echo &&
	mcopy -o -i "raw.img@@$off" handover.cfg ::/boot/grub/grub.cfg &&
	mcopy -o -i "raw.img@@$off" handover.efi ::/EFI/BOOT/BOOTX64.EFI
uefi_boot() { # the disk raw.img under OVMF, its console in $out
	out=$(timeout 600 qemu-system-x86_64 -machine q35 -cpu max -m 256M -accel tcg -display none \
		-monitor none -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
		-drive if=pflash,format=raw,snapshot=on,file=/usr/share/OVMF/OVMF_VARS_4M.fd \
		-drive file=raw.img,format=raw,snapshot=on </dev/null 2>&1)
	rc=$?
	out=${out//$'\r'/}
}
uefi_boot
expect_out "Hello from the k kernel" "GRUB's linuxefi boots it through the EFI handover entry"
expect_out "booted through Linux by 'unnamed Linux boot protocol loader'" \
	"on the handover path (linuxefi names no loader; linux names GRUB)"
expect_out "UEFI system table at 0x" "with the system table it passed"
expect_out "frame: memory: [0-9]+ KiB free" "and the UEFI memory map it took leaving boot services"
# linuxefi loads the image at pref_address when it can: 32 MiB instead of
# 1 MiB makes the handover entry claim 1 MiB and move the image there.
printf '\x00\x00\x00\x02' | dd of=bz bs=1 seek=$((0x258)) conv=notrunc 2>/dev/null
mcopy -o -i "raw.img@@$off" bz ::/boot/kernel.bzimage
uefi_boot
expect_out "Hello from the k kernel" "loaded at 32 MiB, the handover entry moves the image to 1 MiB and boots it"

sed -i 's/return 0;/return 7;/' src/main.c
osdk run --boot-method grub-rescue-iso --grub-boot-protocol linux
expect_rc 7 "the rescue ISO boots it under BIOS the same way, and its exit code passes through"
expect_out "Hello from the k kernel" "its main ran"
expect_out "Running .*k.iso \(grub-rescue-iso, " "the Running line names the method"
grep -q "^	linux /boot/kernel.bzimage" target/osdk/dev/k.iso.d/boot/grub/grub.cfg &&
	ok "the ISO's grub.cfg uses linux" || not_ok "the ISO's grub.cfg uses linux"
sed -i 's/return 7;/return 0;/' src/main.c

# The manifest key, top level; a scheme's and the command line's override.
cat >>osdk.yaml <<'Y'

grub:
  boot-protocol: linux
Y
osdk build --boot-method grub-rescue-iso
expect_rc 0 "grub.boot-protocol in the manifest is read"
grep -q "^	linux /boot/kernel.bzimage" target/osdk/dev/k.iso.d/boot/grub/grub.cfg &&
	ok "and selects linux" || not_ok "and selects linux"
grep -q "^	initrd /boot/initramfs" target/osdk/dev/k.iso.d/boot/grub/grub.cfg ||
	! [ -e target/osdk/dev/k.iso.d/boot/initramfs ] &&
	ok "an initramfs, when there is one, goes with initrd" ||
	not_ok "an initramfs, when there is one, goes with initrd"
osdk build --boot-method grub-rescue-iso --grub-boot-protocol multiboot2
grep -q "^	multiboot2 /boot/kernel.elf" target/osdk/dev/k.iso.d/boot/grub/grub.cfg &&
	ok "--grub-boot-protocol overrides the manifest" || not_ok "--grub-boot-protocol overrides the manifest"
osdk run
expect_rc 0 "qemu-direct boots the ELF whatever grub.boot-protocol says"

osdk test --boot-method grub-qcow2
expect_rc 0 "the ktests pass booted through the Linux boot protocol under OVMF"
expect_out "^2 passed, 0 failed$" "every one of them"

osdk build --grub-boot-protocol multiboot
expect_rc 2 "an unknown protocol is a usage error"
expect_out "unknown GRUB boot protocol 'multiboot'; expected multiboot2 or linux" "saying which are known"
sed -i 's/boot-protocol: linux/boot-protocol: linuxx/' osdk.yaml
osdk build
expect_rc 1 "an unknown protocol in the manifest is an error"
expect_out "'grub.boot-protocol' must be one of multiboot2, linux; got 'linuxx' \(did you mean 'linux'\?\)" \
	"naming the key and the closest value"
cd ..

# The frame's own ktests, booted through the protocol on both firmwares:
# the boot information (E820, command line, initrd, the RSDP through
# UEFI's tables) and what rests on it.
cp -r "$OSDK_SRC/kernel/frame" frame
rm -rf frame/target
cd frame
osdk test --boot-method grub-qcow2 --grub-boot-protocol linux parser
expect_rc 0 "the frame's boot information parsers pass under OVMF"
expect_out "linux_parser_reads_boot_params \.\.\. ok" "the Linux parser among them"
osdk test --boot-method grub-qcow2 --grub-boot-protocol linux acpi
expect_rc 0 "the frame finds ACPI under OVMF through the UEFI system table"
osdk test --boot-method grub-rescue-iso --grub-boot-protocol linux module
expect_rc 0 "the frame's module ktests pass under BIOS: the initrd is its initramfs"
finish
