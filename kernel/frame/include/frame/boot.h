/* SPDX-License-Identifier: MIT */
/* The kernel's entry point, and what the boot loader told the frame. */
#ifndef FRAME_BOOT_H
#define FRAME_BOOT_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * The kernel's main: int fn(void). After the frame has set itself up it
 * calls the registered function and powers off with its return value as
 * the exit code (0..255, see <frame/power.h>).
 */
typedef int (*frame_main_fn)(void);

/*
 * FRAME_MAIN(fn) - register @fn as the kernel's main
 *
 * Use once, at file scope, in the kernel package. The registration is a
 * pointer in the .frame_main section; the frame panics at boot when there
 * is none (unless it runs ktests) or more than one. A kernel booted with
 * `ktest` on its command line runs its tests instead of main.
 */
/* clang-format off */
#define FRAME_MAIN(fn)                                                     \
	static const frame_main_fn frame_main_entry_ __used                \
		__section(".frame_main") __aligned(8) = (fn)
/* clang-format on */

/*
 * Every function below only reads data the frame copied out of the boot
 * loader's structures before any service ran, so none of them fails or
 * blocks, and they may be called from any context. They are in the frame
 * because the boot loader's structures live in physical memory that only
 * the frame may read, and in one of two formats (multiboot2, PVH) that the
 * frame hides.
 */

/* frame_version() - the frame package's version, "0.1.0" and the like */
const char *frame_version(void);

/* How the kernel was started. */
enum frame_boot_protocol {
	FRAME_BOOT_MULTIBOOT2, /* by GRUB or another multiboot2 loader */
	FRAME_BOOT_PVH, /* by QEMU -kernel (or Xen) through the PVH note */
	FRAME_BOOT_LINUX, /* by GRUB's `linux`: the Linux boot protocol */
};

/* frame_boot_protocol() - the protocol the kernel was started with */
enum frame_boot_protocol frame_boot_protocol(void);

/* frame_boot_protocol_name() - "multiboot2", "PVH" or "Linux" */
const char *frame_boot_protocol_name(void);

/*
 * frame_boot_loader_name() - the boot loader's name, as it gave it
 *
 * Multiboot2 loaders name themselves ("GRUB 2.06"); PVH has no such field,
 * so the result is then "unnamed PVH loader". Never NULL.
 */
const char *frame_boot_loader_name(void);

/*
 * frame_cmdline() - the whole kernel command line
 *
 * Words are separated by spaces; a word is `key` or `key=value`, and a
 * double-quoted part of a word may contain spaces (`init="/bin/sh -l"`).
 * Never NULL; "" when the loader passed none. Lines longer than 4095
 * characters are cut (the frame logs a warning when that happens).
 */
const char *frame_cmdline(void);

/*
 * frame_cmdline_has() - whether the command line has the word @key
 *
 * True for a word `key` and for `key=anything`, but not for `keyboard` or
 * `key.sub=1`: the whole key must match.
 */
bool frame_cmdline_has(const char *key);

/*
 * frame_cmdline_get() - the value of `key=value` on the command line
 * @key: the key, without '='
 * @buf: receives the value, quotes removed, NUL-terminated
 * @size: size of @buf
 *
 * When `key=value` appears several times the last one wins, as in Linux.
 * Returns 0; -ENOENT when the key is absent; -ENODATA when it appears only
 * as a bare word without '='; -E2BIG when the value does not fit, in which
 * case @buf holds as much of it as fits.
 */
int frame_cmdline_get(const char *key, char *buf, size_t size);

/*
 * frame_cmdline_get_u64() - a numeric `key=value`, decimal or 0x-hex
 *
 * Returns 0 and sets *@out; -ENOENT or -ENODATA as frame_cmdline_get();
 * -EINVAL when the value is not a number; -ERANGE when it exceeds 64 bits.
 * *@out is unchanged on error.
 */
int frame_cmdline_get_u64(const char *key, uint64_t *out);

/*
 * frame_cmdline_word_count() - how many words the command line has
 * frame_cmdline_word() - word @index (from 0) into @buf (@size bytes),
 * NUL-terminated, with the double quotes that grouped it removed
 *
 * Words are split as above: `init="/bin/sh -l"` is one word and comes out
 * as `init=/bin/sh -l`. This is what a service turns into init's argv and
 * envp (Linux hands init the words after `--`, and the words it does not
 * know). Returns 0; -ENOENT when @index >= the word count; -E2BIG when the
 * word does not fit, in which case @buf holds as much of it as fits.
 * Iterate with `for (i = 0; i < frame_cmdline_word_count(); i++)`.
 */
size_t frame_cmdline_word_count(void);
int frame_cmdline_word(size_t index, char *buf, size_t size);

/*
 * Boot modules: files the boot loader placed in memory for the kernel,
 * the first of them usually the initramfs. GRUB passes them as multiboot2
 * module tags (`module2 /boot/initramfs initramfs`, which is what osdk's
 * ISO images do), QEMU's `-kernel ... -initrd FILE` as the PVH start
 * info's module list (what `osdk run` and `osdk test` do with
 * --initramfs). The frame reserves their memory at boot so that nothing
 * else is ever allocated there, and keeps it for the whole run.
 *
 * A service sees a module as an opaque handle with a size, a command line
 * and a read-at-offset, never as an address: it cannot write a module, nor
 * read past its end. Handles are never freed; a pointer that is not one
 * the functions below returned is rejected (-EINVAL, or 0 and "").
 */
struct frame_boot_module;

/* frame_boot_module_count() - how many modules the loader passed */
size_t frame_boot_module_count(void);

/* frame_boot_module_get() - module @index, in the loader's order; NULL
 * when @index >= frame_boot_module_count() */
const struct frame_boot_module *frame_boot_module_get(size_t index);

/*
 * frame_boot_initramfs() - the initramfs: the first module whose command
 * line starts with the word `initramfs` or `initrd`, else the first
 * module (QEMU's -initrd names none); NULL when there is no module
 */
const struct frame_boot_module *frame_boot_initramfs(void);

/* frame_boot_module_size() - @m's size in bytes (0 for a bad handle) */
uint64_t frame_boot_module_size(const struct frame_boot_module *m);

/* frame_boot_module_cmdline() - the string the loader gave with @m
 * (GRUB's words after the file name; "" from QEMU, or for a bad handle) */
const char *frame_boot_module_cmdline(const struct frame_boot_module *m);

/*
 * frame_boot_module_read() - copy up to @len bytes of @m, from byte
 * @offset on, into @buf
 *
 * Returns the number of bytes copied: less than @len only at the end of
 * the module, 0 at or past it. -EINVAL for a handle the frame did not
 * hand out; -EIO when the loader put the module where the frame has no
 * mapping (outside the RAM the memory map lists). Callable from any
 * context; it copies, so a large read keeps the CPU for its length.
 */
ssize_t frame_boot_module_read(const struct frame_boot_module *m,
			       uint64_t offset, void *buf, size_t len);

/* What a physical memory region holds, per the firmware's memory map. */
enum frame_mem_type {
	FRAME_MEM_USABLE,   /* free RAM (may hold the kernel image) */
	FRAME_MEM_RESERVED, /* firmware, MMIO, or a type we do not know */
	FRAME_MEM_ACPI_RECLAIMABLE, /* ACPI tables; RAM once they are read */
	FRAME_MEM_ACPI_NVS,	    /* ACPI NVS, firmware state: never touch */
	FRAME_MEM_BAD,		    /* RAM the firmware found defective */
};

/*
 * One region of the memory map. The addresses are for printing and
 * accounting: a service cannot turn them into a pointer.
 */
struct frame_mem_region {
	uint64_t start;	 /* first physical byte */
	uint64_t length; /* bytes; never 0 */
	enum frame_mem_type type;
};

/* frame_memmap_count() - the number of regions in the memory map */
size_t frame_memmap_count(void);

/*
 * frame_memmap_get() - region @index of the memory map
 *
 * Regions are sorted by start address. Returns 0 and fills *@out, or
 * -ENOENT when @index >= frame_memmap_count(). Iterate with
 * `for (i = 0; !frame_memmap_get(i, &r); i++)`.
 */
int frame_memmap_get(size_t index, struct frame_mem_region *out);

/* frame_mem_type_name() - "usable", "reserved", "ACPI NVS" and so on */
const char *frame_mem_type_name(enum frame_mem_type type);

#endif /* FRAME_BOOT_H */
