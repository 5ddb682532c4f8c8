/* SPDX-License-Identifier: MIT */
/* fs-internal: unpacking archives held in memory (initramfs, ktests). */
#ifndef FS_INITRAMFS_H
#define FS_INITRAMFS_H

#include <frame/types.h>

/* One cpio newc stream (to its TRAILER!!!) into the root; *@used: the
 * bytes it took. 0 or -errno. */
int fs_unpack_cpio(const uint8_t *buf, size_t len, size_t *used);

/* Archives one after the other, each gzip-compressed or not. */
int fs_unpack_buffer(const uint8_t *buf, size_t len);

#endif /* FS_INITRAMFS_H */
