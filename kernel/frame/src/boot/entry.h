/* SPDX-License-Identifier: MIT */
/* The C function the boot assembly jumps to. */
#ifndef BOOT_ENTRY_H
#define BOOT_ENTRY_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * frame_boot_main() - set the frame up and run the kernel
 * @protocol: BOOT_PROTO_MULTIBOOT2, BOOT_PROTO_PVH or BOOT_PROTO_LINUX, by
 *            entry point
 * @info_phys: physical address of the loader's boot information
 * @magic: %eax at the multiboot2 entry, 0 for PVH
 *
 * Called by entry.S on the boot stack, in long mode, running in the higher
 * half with the early page tables. Never returns: it powers off.
 */
__noreturn void frame_boot_main(uint32_t protocol, uint32_t info_phys,
				uint32_t magic);

#endif /* BOOT_ENTRY_H */
