/* SPDX-License-Identifier: MIT */
/* mount(2)'s option strings: tmpfs's size=, mode=, uid=, gid=, generic ones. */
#include <frame/errno.h>
#include <frame/page.h>
#include <frame/string.h>

#include "mount_ops.h"

/* A decimal (or, with @base 8, octal) number at @s of @len characters,
 * with a k/m/g suffix when @suffix; false when malformed or too big. */
static bool opt_number(const char *s, size_t len, unsigned int base,
		       bool suffix, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (len == 0)
		return false;
	for (; i < len && s[i] >= '0' && s[i] < (char)('0' + base); i++) {
		if (v > (UINT64_MAX - 9) / base)
			return false;
		v = v * base + (uint64_t)(s[i] - '0');
	}
	if (i == 0)
		return false;
	if (suffix && i + 1 == len) {
		unsigned int shift;

		switch (s[i]) {
		case 'k':
		case 'K':
			shift = 10;
			break;
		case 'm':
		case 'M':
			shift = 20;
			break;
		case 'g':
		case 'G':
			shift = 30;
			break;
		case 't':
		case 'T':
			shift = 40;
			break;
		case '%':
			shift = 0;
			break;
		default:
			return false;
		}
		if (s[i] == '%') {
			/* a share of RAM, as tmpfs's size=N% */
			if (v > 100)
				return false;
			v = (uint64_t)space_default_pages() * 2 * v / 100 *
			    FRAME_PAGE_SIZE;
		} else {
			if (v > (UINT64_MAX >> shift))
				return false;
			v <<= shift;
		}
		i++;
	}
	if (i != len)
		return false;
	*out = v;
	return true;
}

/* The flags Linux parses out of any type's option string. */
static bool opt_generic(const char *key, size_t klen, struct mount_opts *o)
{
	static const struct {
		const char *name;
		unsigned int set, clear;
	} flags[] = {
		{ "ro", MS_RDONLY, 0 },
		{ "rw", 0, MS_RDONLY },
		{ "sync", MS_SYNCHRONOUS, 0 },
		{ "async", 0, MS_SYNCHRONOUS },
		{ "dirsync", MS_DIRSYNC, 0 },
		{ "mand", MS_MANDLOCK, 0 },
		{ "nomand", 0, MS_MANDLOCK },
		{ "lazytime", MS_LAZYTIME, 0 },
		{ "nolazytime", 0, MS_LAZYTIME },
		{ "silent", MS_SILENT, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		if (strnlen(flags[i].name, 16) != klen ||
		    memcmp(flags[i].name, key, klen) != 0)
			continue;
		o->sb_flags |= flags[i].set;
		o->sb_flags &= ~flags[i].clear;
		return true;
	}
	return false;
}

static bool key_is(const char *key, size_t klen, const char *name)
{
	return strnlen(name, 32) == klen && memcmp(key, name, klen) == 0;
}

/* One "key[=value]" of a tmpfs: 0 or -EINVAL. */
static int opt_tmpfs(const char *key, size_t klen, const char *val, size_t vlen,
		     struct mount_opts *o)
{
	uint64_t v;

	if (key_is(key, klen, "size")) {
		if (!val || !opt_number(val, vlen, 10, true, &v))
			return -EINVAL;
		o->size_pages = (v + FRAME_PAGE_SIZE - 1) / FRAME_PAGE_SIZE;
		o->has_size = true;
	} else if (key_is(key, klen, "nr_blocks")) {
		if (!val || !opt_number(val, vlen, 10, true, &v))
			return -EINVAL;
		o->size_pages = v;
		o->has_size = true;
	} else if (key_is(key, klen, "mode")) {
		if (!val || !opt_number(val, vlen, 8, false, &v) || v > 07777)
			return -EINVAL;
		o->mode = (uint32_t)v;
		o->has_mode = true;
	} else if (key_is(key, klen, "uid") || key_is(key, klen, "gid")) {
		if (!val || !opt_number(val, vlen, 10, false, &v) ||
		    v >= UINT32_MAX)
			return -EINVAL;
		if (key[0] == 'u')
			o->uid = (uint32_t)v;
		else
			o->gid = (uint32_t)v;
	} else if (key_is(key, klen, "nr_inodes")) {
		/* inodes are not limited: the number is checked, not kept */
		if (!val || !opt_number(val, vlen, 10, true, &v))
			return -EINVAL;
	} else {
		return -EINVAL; /* as tmpfs: "Unknown parameter" */
	}
	return 0;
}

int mount_opts_parse(const char *data, bool tmpfs, struct mount_opts *o)
{
	const char *p = data;

	while (p && *p) {
		size_t len = 0, klen;
		const char *eq;
		int err = 0;

		while (p[len] && p[len] != ',')
			len++;
		for (klen = 0; klen < len && p[klen] != '='; klen++)
			;
		eq = klen < len ? p + klen : NULL;
		if (len == 0) {
			/* empty entries (",,") are skipped, as Linux does */
		} else if (!eq && opt_generic(p, klen, o)) {
			/* a flag any type takes */
		} else if (tmpfs && o->ramfs && !key_is(p, klen, "mode")) {
			/* ramfs has always ignored what it does not know */
		} else if (tmpfs) {
			err = opt_tmpfs(p, klen, eq ? eq + 1 : NULL,
					eq ? len - klen - 1 : 0, o);
		} else if (!o->lenient) {
			err = -EINVAL;
		}
		if (err)
			return err;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}
