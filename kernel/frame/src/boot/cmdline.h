/* SPDX-License-Identifier: MIT */
/* Command-line lookups on an explicit string, behind the public API. */
#ifndef BOOT_CMDLINE_H
#define BOOT_CMDLINE_H

#include <frame/types.h>

/*
 * The public frame_cmdline_*() functions apply these to the kernel's
 * command line; ktests apply them to strings of their own. Same contracts
 * as in <frame/boot.h>.
 */
bool frame_cmdline_has_in(const char *line, const char *key);
int frame_cmdline_get_in(const char *line, const char *key, char *buf,
			 size_t size);
size_t frame_cmdline_word_count_in(const char *line);
int frame_cmdline_word_in(const char *line, size_t index, char *buf,
			  size_t size);

/*
 * frame_parse_u64() - a whole string as a decimal or 0x-hex number
 *
 * Returns 0 and sets *@out; -EINVAL for an empty string or a stray
 * character; -ERANGE above UINT64_MAX.
 */
int frame_parse_u64(const char *s, uint64_t *out);

#endif /* BOOT_CMDLINE_H */
