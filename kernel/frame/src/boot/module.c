/* SPDX-License-Identifier: MIT */
/* Boot modules (the initramfs among them) as read-only handles. */
#include "boot/bootinfo.h"

#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/string.h>

#include "boot/cmdline.h"

/*
 * A handle is a pointer into frame_bootinfo.modules: the array is filled
 * once at boot and never changes, so a handle stays valid for the whole
 * run and needs no reference. Anything else a service passes is caught
 * by module_valid() before it is used.
 */
static bool module_valid(const struct frame_boot_module *m)
{
	uintptr_t base = (uintptr_t)frame_bootinfo.modules;
	uintptr_t p = (uintptr_t)m;

	if (p < base)
		return false;
	if ((p - base) % sizeof(*m))
		return false;
	return (p - base) / sizeof(*m) < frame_bootinfo.module_count;
}

size_t frame_boot_module_count(void)
{
	return frame_bootinfo.module_count;
}

const struct frame_boot_module *frame_boot_module_get(size_t index)
{
	if (index >= frame_bootinfo.module_count)
		return NULL;
	return &frame_bootinfo.modules[index];
}

/* Whether the first word of @cmdline is `initramfs` or `initrd`. */
static bool names_initramfs(const char *cmdline)
{
	char word[16];

	if (frame_cmdline_word_in(cmdline, 0, word, sizeof(word)))
		return false;
	return !strcmp(word, "initramfs") || !strcmp(word, "initrd");
}

const struct frame_boot_module *frame_boot_initramfs(void)
{
	for (size_t i = 0; i < frame_bootinfo.module_count; i++) {
		if (names_initramfs(frame_bootinfo.modules[i].cmdline))
			return &frame_bootinfo.modules[i];
	}
	return frame_boot_module_get(0);
}

uint64_t frame_boot_module_size(const struct frame_boot_module *m)
{
	return module_valid(m) ? m->size : 0;
}

const char *frame_boot_module_cmdline(const struct frame_boot_module *m)
{
	return module_valid(m) ? m->cmdline : "";
}

ssize_t frame_boot_module_read(const struct frame_boot_module *m,
			       uint64_t offset, void *buf, size_t len)
{
	const void *src;
	uint64_t n;

	if (!module_valid(m))
		return -EINVAL;
	if (offset >= m->size)
		return 0;
	n = MIN((uint64_t)len, m->size - offset);
	/* ssize_t must hold the count. */
	n = MIN(n, (uint64_t)((size_t)-1 >> 1));
	if (!n)
		return 0;
	/* A loader's size can be anything: no wrapping past 2^64. */
	if (m->start + offset < m->start)
		return -EIO;
	src = frame_early_phys(m->start + offset, n);
	if (!src)
		return -EIO;
	memcpy(buf, src, n);
	return (ssize_t)n;
}
