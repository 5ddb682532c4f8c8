/* SPDX-License-Identifier: MIT */
/* ktests for boot modules and the command line's words. */
#include "boot/bootinfo.h"

#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "boot/cmdline.h"

/*
 * The frame's osdk.yaml boots its ktests with ktest-data/boot-module.txt
 * as the initramfs: 200 lines of 40 bytes, "boot module line NNNN: " and
 * 16 hex digits. expect_at() is the byte at @off of that file.
 */
#define LINE_LEN    40
#define LINES	    200
#define MODULE_SIZE (LINE_LEN * LINES)

static char expect_at(uint64_t off)
{
	static const char tail[] = ": 0123456789abcdef\n";
	unsigned int line = (unsigned int)(off / LINE_LEN);
	unsigned int col = (unsigned int)(off % LINE_LEN);
	char digits[5];

	if (col < 17)
		return "boot module line "[col];
	if (col < 21) {
		digits[0] = (char)('0' + line / 1000 % 10);
		digits[1] = (char)('0' + line / 100 % 10);
		digits[2] = (char)('0' + line / 10 % 10);
		digits[3] = (char)('0' + line % 10);
		return digits[col - 17];
	}
	return tail[col - 21];
}

/* Whether the module is the ktest fixture (a user may boot another). */
static bool is_fixture(const struct frame_boot_module *m)
{
	char head[22];

	return frame_boot_module_read(m, 0, head, sizeof(head)) ==
		       (ssize_t)sizeof(head) &&
	       !memcmp(head, "boot module line 0000:", sizeof(head));
}

KTEST(module_initramfs_reads_at_any_offset)
{
	const struct frame_boot_module *m = frame_boot_initramfs();
	static char buf[MODULE_SIZE + 64];
	ssize_t n;

	if (!frame_boot_module_count()) {
		/* Booted without one (osdk test --initramfs ''): none. */
		KT_ASSERT_NULL(m);
		KT_ASSERT_NULL(frame_boot_module_get(0));
		return;
	}
	KT_ASSERT_NOT_NULL(m);
	KT_ASSERT(is_fixture(m));
	KT_ASSERT_EQ(frame_boot_module_size(m), MODULE_SIZE);

	/* The whole module, asking for more than there is. */
	n = frame_boot_module_read(m, 0, buf, sizeof(buf));
	KT_ASSERT_EQ(n, MODULE_SIZE);
	for (uint64_t i = 0; i < MODULE_SIZE; i++) {
		if (buf[i] != expect_at(i))
			KT_FAIL("byte %llu is '%c', not '%c'",
				(unsigned long long)i, buf[i], expect_at(i));
	}
	/* Pieces across a page boundary and at odd offsets. */
	for (uint64_t off = 1; off < MODULE_SIZE; off += 997) {
		memset(buf, 0, 300);
		n = frame_boot_module_read(m, off, buf, 300);
		KT_ASSERT_EQ(n, (ssize_t)MIN(300, MODULE_SIZE - off));
		for (ssize_t i = 0; i < n; i++)
			KT_ASSERT_EQ(buf[i], expect_at(off + (uint64_t)i));
	}
	/* The end: short reads, then nothing. */
	KT_ASSERT_EQ(frame_boot_module_read(m, MODULE_SIZE - 5, buf, 64), 5);
	KT_ASSERT_EQ(buf[4], '\n');
	KT_ASSERT_EQ(frame_boot_module_read(m, MODULE_SIZE, buf, 64), 0);
	KT_ASSERT_EQ(frame_boot_module_read(m, UINT64_MAX, buf, 64), 0);
	KT_ASSERT_EQ(frame_boot_module_read(m, 0, buf, 0), 0);
}

KTEST(module_handles_are_checked)
{
	const struct frame_boot_module *m = frame_boot_module_get(0);
	size_t count = frame_boot_module_count();
	char buf[8];

	KT_ASSERT_NULL(frame_boot_module_get(count));
	KT_ASSERT_NULL(frame_boot_module_get((size_t)-1));
	/* A forged handle: the frame's own struct, not in the table. */
	{
		static struct frame_boot_module fake = { .start = 0x1000,
							 .size = 4096 };

		KT_ASSERT_ERR(frame_boot_module_read(&fake, 0, buf, 8),
			      -EINVAL);
		KT_ASSERT_EQ(frame_boot_module_size(&fake), 0);
		KT_ASSERT_STREQ(frame_boot_module_cmdline(&fake), "");
	}
	KT_ASSERT_ERR(frame_boot_module_read(NULL, 0, buf, 8), -EINVAL);
	if (!m)
		return;
	/* Between two entries, and one past the last. */
	KT_ASSERT_ERR(
		frame_boot_module_read(
			(const struct frame_boot_module *)((const char *)m + 1),
			0, buf, 8),
		-EINVAL);
	KT_ASSERT_ERR(frame_boot_module_read(m + count, 0, buf, 8), -EINVAL);
	for (size_t i = 0; i < count; i++)
		KT_ASSERT_EQ(frame_boot_module_get(i), m + i);
}

/* The initramfs is the module GRUB names so, else the first. */
KTEST(module_initramfs_is_the_named_or_first_one)
{
	const struct frame_boot_module *rd = frame_boot_initramfs();
	const struct frame_boot_module *named = NULL;

	for (size_t i = 0; i < frame_boot_module_count(); i++) {
		const char *c =
			frame_boot_module_cmdline(frame_boot_module_get(i));

		if (!named &&
		    (!strncmp(c, "initramfs", 9) || !strncmp(c, "initrd", 6)))
			named = frame_boot_module_get(i);
	}
	if (named)
		KT_ASSERT_EQ(rd, named);
	else
		KT_ASSERT_EQ(rd, frame_boot_module_get(0));
	/* osdk names its ISO module; QEMU's -initrd has no command line. */
	if (rd && frame_boot_protocol() == FRAME_BOOT_MULTIBOOT2)
		KT_ASSERT_STREQ(frame_boot_module_cmdline(rd), "initramfs");
	if (rd && frame_boot_protocol() == FRAME_BOOT_PVH)
		KT_ASSERT_STREQ(frame_boot_module_cmdline(rd), "");
	/* boot_params' one ramdisk has no command line: the parser names it. */
	if (rd && frame_boot_protocol() == FRAME_BOOT_LINUX)
		KT_ASSERT_STREQ(frame_boot_module_cmdline(rd), "initrd");
}

static const char words_line[] =
	"  console=ttyS0 quiet\tinit=\"/bin/sh -l\" \"a b\"c -- x=\"\" last ";

KTEST(cmdline_words_split_and_unquote)
{
	static const char *const expect[] = {
		"console=ttyS0", "quiet", "init=/bin/sh -l", "a bc", "--", "x=",
		"last",
	};
	char buf[32];

	KT_ASSERT_EQ(frame_cmdline_word_count_in(words_line),
		     ARRAY_SIZE(expect));
	for (size_t i = 0; i < ARRAY_SIZE(expect); i++) {
		KT_ASSERT_OK(
			frame_cmdline_word_in(words_line, i, buf, sizeof(buf)));
		KT_ASSERT_STREQ(buf, expect[i]);
	}
	KT_ASSERT_ERR(frame_cmdline_word_in(words_line, ARRAY_SIZE(expect), buf,
					    sizeof(buf)),
		      -ENOENT);
	/* Too long: cut, and said so. */
	KT_ASSERT_ERR(frame_cmdline_word_in(words_line, 0, buf, 5), -E2BIG);
	KT_ASSERT_STREQ(buf, "cons");
	KT_ASSERT_ERR(frame_cmdline_word_in(words_line, 0, buf, 0), -E2BIG);
	KT_ASSERT_EQ(frame_cmdline_word_count_in(""), 0);
	KT_ASSERT_EQ(frame_cmdline_word_count_in("   \t "), 0);
	KT_ASSERT_ERR(frame_cmdline_word_in("", 0, buf, sizeof(buf)), -ENOENT);
}

/* The kernel's own command line: it was booted with `ktest`. */
KTEST(cmdline_words_of_the_kernel)
{
	char buf[256];
	bool seen = false;
	size_t n = frame_cmdline_word_count();

	KT_ASSERT_GE(n, 1);
	for (size_t i = 0; i < n; i++) {
		KT_ASSERT_OK(frame_cmdline_word(i, buf, sizeof(buf)));
		seen |= !strcmp(buf, "ktest");
	}
	KT_ASSERT(seen);
	KT_ASSERT_ERR(frame_cmdline_word(n, buf, sizeof(buf)), -ENOENT);
}
