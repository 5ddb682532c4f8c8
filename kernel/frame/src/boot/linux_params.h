/* SPDX-License-Identifier: MIT */
/* The Linux boot protocol's constants the frame's boot code shares. */
#ifndef BOOT_LINUX_PARAMS_H
#define BOOT_LINUX_PARAMS_H

/* The size of struct boot_params, which the loader passes in %esi/%rsi. */
#define LINUX_BOOT_PARAMS_SIZE 4096
/* The oldest protocol version whose boot_params the frame reads (2.12). */
#define LINUX_BOOT_VERSION_MIN 0x020c

#endif /* BOOT_LINUX_PARAMS_H */
