/* SPDX-License-Identifier: MIT */
/* fs-internal: unpacking archives held in memory (ktests). */
#ifndef FS_INITRAMFS_H
#define FS_INITRAMFS_H

#include <frame/types.h>

/* Archives one after the other, each gzip-compressed or not, with NUL
 * padding between them, into the root. 0 or -errno. */
int fs_unpack_buffer(const uint8_t *buf, size_t len);

#endif /* FS_INITRAMFS_H */
