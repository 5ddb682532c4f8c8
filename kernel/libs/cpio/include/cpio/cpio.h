/* SPDX-License-Identifier: MIT */
/* A reader of cpio "newc" archives (070701/070702) held in a byte buffer. */
#ifndef CPIO_CPIO_H
#define CPIO_CPIO_H

#include <frame/types.h>

/*
 * One member of an archive. @name points into the buffer (NUL-terminated
 * there, @namesize counts the NUL); @data and @filesize likewise. Numbers
 * are the header's fields, decoded from hexadecimal.
 */
struct cpio_entry {
	const char *name;
	size_t namesize;
	const uint8_t *data;
	size_t filesize;
	uint32_t ino, mode, uid, gid, nlink, mtime;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
};

/* A cursor over [buf, buf + len); make it with cpio_reader_init(). */
struct cpio_reader {
	const uint8_t *buf;
	size_t len, off;
};

void cpio_reader_init(struct cpio_reader *r, const uint8_t *buf, size_t len);

/*
 * cpio_next() - decode the next member into *@e
 *
 * Returns 1 with *@e filled, 0 at the end (the TRAILER!!! member, or the
 * end of the buffer at a member boundary; NUL padding between
 * concatenated archives is skipped), or -EINVAL for a malformed header:
 * a bad magic, a non-hexadecimal field, a name without its NUL or of
 * size 0, or a name or data running past the buffer. The reader never
 * reads outside the buffer. cpio_reader_offset() tells where the next
 * archive starts once 0 came back (after TRAILER!!! and its padding).
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);
size_t cpio_reader_offset(const struct cpio_reader *r);

#endif /* CPIO_CPIO_H */
