/* SPDX-License-Identifier: MIT */
/* initramfs_int.h - the member list shared by collecting and writing. */
#ifndef OSDK_CORE_INITRAMFS_INT_H
#define OSDK_CORE_INITRAMFS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct initramfs_opts;
struct manifest_rd_entry;
struct osdk_err;

/* Who put a member there: a higher rank replaces a lower one. */
enum rd_rank {
	RD_RANK_PARENT,	  /* a directory added for what lies below it */
	RD_RANK_APPLET,	  /* a busybox applet link */
	RD_RANK_TREE,	  /* found in a tree */
	RD_RANK_EXPLICIT, /* an entry of its own */
};

enum rd_type { RD_REG, RD_DIR, RD_LNK, RD_CHR, RD_BLK };

struct rd_member {
	char *name; /* in the archive, without the leading '/' */
	enum rd_type type;
	int perm;
	char *host;	       /* RD_REG from the host: the file to copy */
	const char *data;      /* RD_REG from a text: borrowed from the entry */
	size_t len;	       /* its size (the host file's when copied) */
	char *target;	       /* RD_LNK */
	unsigned major, minor; /* RD_CHR, RD_BLK */
	int64_t mtime_ns;      /* the host file's, for the record only */
	enum rd_rank rank;
	const struct manifest_rd_entry *from; /* NULL for parents */
};

struct rd_set {
	struct rd_member *v;
	size_t n, cap;
};

/* Write the members, sorted, into o->out (through a temporary file). */
int initramfs_write(const struct initramfs_opts *o, const struct rd_set *s,
		    struct osdk_err *err);

#endif
