/* SPDX-License-Identifier: MIT */
/* test_image.c - ELF symbols, grub.cfg, QEMU argv and exit codes. */
#include "unit.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/boot/bundle.h"
#include "core/build/elf.h"
#include "core/boot/qemu.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* A minimal ELF64 with a symbol table holding two functions and a datum. */
static size_t make_elf(unsigned char *buf)
{
	static const char strtab[] = "\0zeta\0alpha\0datum";
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Shdr *sh;
	Elf64_Sym *sym;
	size_t off = sizeof(*eh);

	memset(buf, 0, 1024);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_machine = EM_X86_64;
	memcpy(buf + off, strtab, sizeof(strtab));
	sym = (Elf64_Sym *)(buf + 128);
	sym[1] = (Elf64_Sym){ .st_name = 1, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
			      .st_shndx = 1, .st_value = 0x2000, .st_size = 16 };
	sym[2] = (Elf64_Sym){ .st_name = 6, .st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC),
			      .st_shndx = 1, .st_value = 0x1000, .st_size = 32 };
	sym[3] = (Elf64_Sym){ .st_name = 12, .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT),
			      .st_shndx = 1, .st_value = 0x3000 };
	sh = (Elf64_Shdr *)(buf + 256);
	sh[1] = (Elf64_Shdr){ .sh_type = SHT_SYMTAB, .sh_offset = 128,
			      .sh_size = 4 * sizeof(Elf64_Sym), .sh_link = 2,
			      .sh_entsize = sizeof(Elf64_Sym) };
	sh[2] = (Elf64_Shdr){ .sh_type = SHT_STRTAB, .sh_offset = off,
			      .sh_size = sizeof(strtab) };
	eh->e_shoff = 256;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = 3;
	return 256 + 3 * sizeof(Elf64_Shdr);
}

UNIT(elf_functions_sorted)
{
	unsigned char buf[1024];
	size_t len = make_elf(buf);
	struct elf_syms syms;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(elf_parse_functions(buf, len, "k.elf", &syms, &err), 0);
	CHECK_INT(syms.n, 2);
	if (syms.n == 2) {
		CHECK_STR(syms.v[0].name, "alpha");
		CHECK_INT(syms.v[0].addr, 0x1000);
		CHECK_STR(syms.v[1].name, "zeta");
		CHECK_INT(syms.v[1].size, 16);
	}
	elf_syms_release(&syms);
}

UNIT(elf_truncated_never_crashes)
{
	unsigned char buf[1024];
	size_t len = make_elf(buf);
	struct osdk_err err = OSDK_ERR_INIT;

	for (size_t n = 0; n < len; n++) {
		struct elf_syms syms;
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, buf, n);
		if (elf_parse_functions(copy, n, "cut", &syms, &err) == 0)
			elf_syms_release(&syms);
		free(copy);
	}
	/* A string offset past the table is caught, not followed. */
	((Elf64_Sym *)(buf + 128))[1].st_name = 5000;
	{
		struct elf_syms syms;

		CHECK_INT(elf_parse_functions(buf, len, "bad", &syms, &err),
			  -EINVAL);
		CHECK_HAS(err.msg, "malformed symbol table");
	}
	{
		struct elf_syms syms;

		CHECK_INT(elf_read_functions("/nonexistent/k.elf", &syms, &err),
			  -ENOENT);
	}
}

UNIT(grub_cfg_quotes_the_command_line)
{
	char *cfg = bundle_grub_cfg("console=ttyS0 msg='it''s' $x", true,
				    BUNDLE_PROTO_MULTIBOOT2);

	CHECK_HAS(cfg, "multiboot2 /boot/kernel.elf 'console=ttyS0' 'msg=its' '$x'\n");
	CHECK_HAS(cfg, "module2 /boot/initramfs initramfs\n");
	CHECK_HAS(cfg, "set timeout=0\n");
	free(cfg);
	cfg = bundle_grub_cfg("", false, BUNDLE_PROTO_MULTIBOOT2);
	CHECK(strstr(cfg, "module2") == NULL);
	CHECK_HAS(cfg, "multiboot2 /boot/kernel.elf\n");
	free(cfg);
}

UNIT(grub_cfg_linux_protocol)
{
	char *cfg = bundle_grub_cfg("console=ttyS0 a='b c'", true,
				    BUNDLE_PROTO_LINUX);

	CHECK_HAS(cfg, "\tlinux /boot/kernel.bzimage 'console=ttyS0' "
		       "'a=b c'\n");
	CHECK_HAS(cfg, "\tinitrd /boot/initramfs\n");
	CHECK(strstr(cfg, "multiboot2") == NULL);
	CHECK(strstr(cfg, "module2") == NULL);
	free(cfg);
	cfg = bundle_grub_cfg("", false, BUNDLE_PROTO_LINUX);
	CHECK_HAS(cfg, "\tlinux /boot/kernel.bzimage\n");
	CHECK(strstr(cfg, "initrd") == NULL);
	free(cfg);
}

UNIT(grub_protocol_names)
{
	enum bundle_protocol p;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(bundle_protocol_parse("linux", &p, &err), 0);
	CHECK_INT(p, BUNDLE_PROTO_LINUX);
	CHECK_INT(bundle_protocol_parse("multiboot2", &p, &err), 0);
	CHECK_INT(p, BUNDLE_PROTO_MULTIBOOT2);
	CHECK_STR(bundle_protocol_name(BUNDLE_PROTO_LINUX), "linux");
	CHECK_INT(bundle_protocol_parse("multiboot", &p, &err), -EINVAL);
	CHECK_HAS(err.msg, "unknown GRUB boot protocol 'multiboot'");
}

UNIT(boot_method_names)
{
	enum bundle_method m;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(bundle_method_parse("grub-rescue-iso", &m, &err), 0);
	CHECK_INT(m, BUNDLE_GRUB_RESCUE_ISO);
	CHECK_STR(bundle_method_name(BUNDLE_QEMU_DIRECT), "qemu-direct");
	CHECK_INT(bundle_method_parse("floppy", &m, &err), -EINVAL);
	CHECK_HAS(err.msg, "unknown boot method 'floppy'");
}

UNIT(qemu_exit_codes)
{
	const char *what;
	int code = -1;

	CHECK(qemu_guest_code(129, &code, &what));
	CHECK_INT(code, 0);
	CHECK(qemu_guest_code(143, &code, &what));
	CHECK_INT(code, 7);
	CHECK(qemu_guest_code(255, &code, &what));
	CHECK_INT(code, 63);
	CHECK(!qemu_guest_code(0, &code, &what));
	CHECK_HAS(what, "reset");
	CHECK(!qemu_guest_code(1, &code, &what));
	CHECK_HAS(what, "QEMU failed");
	CHECK(!qemu_guest_code(-9, &code, &what));
	CHECK_HAS(what, "signal");
	CHECK(!qemu_guest_code(130, &code, &what));
}

UNIT(qemu_exit_records)
{
	static const char firmware_then_code[] =
		"boot noise osdk-exit code 9\nmore\nosdk-exit code 200\n";
	struct qemu_end end = { 0 };

	/* The last record that starts a line wins; one inside a line does
	 * not count. */
	CHECK(qemu_exit_record(firmware_then_code,
			       sizeof(firmware_then_code) - 1, &end));
	CHECK_INT(end.kind, QEMU_END_CODE);
	CHECK_INT(end.code, 200);
	CHECK(qemu_exit_record("\nosdk-exit code 255\n", 20, &end));
	CHECK_INT(end.code, 255);
	CHECK(qemu_exit_record("osdk-exit code 0", 16, &end));
	CHECK_INT(end.code, 0);
	CHECK(qemu_exit_record("\nosdk-exit panic\n", 17, &end));
	CHECK_INT(end.kind, QEMU_END_PANIC);
	CHECK(qemu_exit_record("\nosdk-exit ktest-panic\n", 23, &end));
	CHECK_INT(end.kind, QEMU_END_KTEST_PANIC);
	CHECK(!qemu_exit_record("x osdk-exit code 3\n", 19, &end));
	CHECK(!qemu_exit_record("osdk-exit code 256\n", 19, &end));
	CHECK(!qemu_exit_record("osdk-exit code -1\n", 18, &end));
	CHECK(!qemu_exit_record("osdk-exit code 7x\n", 18, &end));
	CHECK(!qemu_exit_record("osdk-exit", 9, &end));
	CHECK(!qemu_exit_record("", 0, &end));

	/* Without a file, QEMU's status is all there is. */
	qemu_end(143, NULL, &end);
	CHECK_INT(end.kind, QEMU_END_CODE);
	CHECK_INT(end.code, 7);
	qemu_end(0, "/nonexistent/exit", &end);
	CHECK_INT(end.kind, QEMU_END_OTHER);
	CHECK_HAS(end.what, "reset");
}

UNIT(qemu_argv_direct_and_iso)
{
	struct bundle b = { .method = BUNDLE_QEMU_DIRECT, .kernel = "k.elf",
			    .cmdline = "console=ttyS0", .initramfs = "i.cpio" };
	struct qemu_opts o = { .qemu = "qemu-system-x86_64",
			       .args = "-m 512M -smp '2'", .bundle = &b,
			       .gdb_addr = "/tmp/g.sock", .gdb_wait = true };
	struct strvec argv = STRVEC_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	char *line;

	CHECK_INT(qemu_argv(&o, &argv, &err), 0);
	line = strvec_join(&argv);
	CHECK_HAS(line, "qemu-system-x86_64 -m 512M -smp 2 -display none");
	CHECK_HAS(line, "-serial stdio -no-reboot");
	CHECK_HAS(line, "isa-debug-exit,iobase=0xf4,iosize=0x04");
	CHECK_HAS(line, "-kernel k.elf -append console=ttyS0 -initrd i.cpio");
	CHECK_HAS(line, "-gdb unix:/tmp/g.sock,server=on,wait=off -S");
	free(line);
	strvec_clear(&argv);

	b.method = BUNDLE_GRUB_RESCUE_ISO;
	b.image = "k.iso";
	o.gdb_addr = "localhost:1234";
	o.gdb_wait = false;
	o.interactive = true;
	CHECK_INT(qemu_argv(&o, &argv, &err), 0);
	line = strvec_join(&argv);
	CHECK_HAS(line, "file=k.iso,media=cdrom");
	CHECK_HAS(line, "-serial mon:stdio");
	CHECK_HAS(line, "-gdb tcp:localhost:1234");
	CHECK(strstr(line, "-kernel") == NULL);
	CHECK(strstr(line, " -S") == NULL);
	CHECK(strstr(line, "osdk-exit") == NULL);
	free(line);
	strvec_clear(&argv);

	/* The exit record's channel; a comma in the path is doubled. */
	o.exit_file = "out/a,b.exit";
	CHECK_INT(qemu_argv(&o, &argv, &err), 0);
	line = strvec_join(&argv);
	CHECK_HAS(line, "-chardev file,id=osdk-exit,path=out/a,,b.exit");
	CHECK_HAS(line, "-device isa-debugcon,iobase=0xe9,chardev=osdk-exit");
	free(line);
	strvec_clear(&argv);

	o.args = "-m '512M";
	CHECK_INT(qemu_argv(&o, &argv, &err), -EINVAL);
	CHECK_HAS(err.msg, "QEMU arguments: unterminated");
	strvec_clear(&argv);
}

UNIT(abspath_normalises)
{
	char *p = fs_abspath("/a/./b//c/../d/");

	CHECK_STR(p, "/a/b/d");
	free(p);
	p = fs_abspath("/..");
	CHECK_STR(p, "/");
	free(p);
	p = fs_relpath("/a/b/c", "/a/b");
	CHECK_STR(p, "c");
	free(p);
	p = fs_relpath("/a/bc", "/a/b");
	CHECK_STR(p, "/a/bc");
	free(p);
	p = fs_join("/x/", "y");
	CHECK_STR(p, "/x/y");
	free(p);
}

UNIT_MAIN()
