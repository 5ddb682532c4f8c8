/* SPDX-License-Identifier: MIT */
/* ktests of FIFO opens: the non-blocking rendezvous, the shared pipe. */
#include "fifo.h"

#include <frame/errno.h>
#include <frame/ktest.h>

#include <fs/fs.h>

static unsigned int kt_poll(struct file *f)
{
	return file_ops_of(f)->poll(f, NULL);
}

/* A file being opened on the FIFO of @slot with @oflags: 0 or -errno;
 * *@out the file (a failed one is put here). */
static int kt_open(struct fifo **slot, unsigned int oflags, struct file **out)
{
	struct file *f = file_create_anon(NULL, oflags, NULL);
	int err;

	if (!f)
		return -ENOMEM;
	err = ipc_fifo_ops.open(slot, f);
	if (err) {
		file_put(f);
		return err;
	}
	*out = f;
	return 0;
}

static ssize_t kt_write(struct file *f, const char *s, size_t n)
{
	uint8_t buf[16];
	uint64_t pos = 0;

	for (size_t i = 0; i < n && i < sizeof(buf); i++)
		buf[i] = (uint8_t)s[i];
	return file_ops_of(f)->write_kernel(f, buf, n, &pos);
}

KTEST(fifo_nonblocking_opens_share_one_pipe)
{
	struct fifo *slot = NULL;
	struct file *r, *w, *rw, *w0 = NULL;

	/* a writer without a reader */
	KT_ASSERT_ERR(kt_open(&slot, O_WRONLY | O_NONBLOCK, &w0), -ENXIO);
	KT_ASSERT_NULL(w0);
	/* a non-blocking reader opens alone, then a writer finds it */
	KT_ASSERT_OK(kt_open(&slot, O_RDONLY | O_NONBLOCK, &r));
	KT_ASSERT_NOT_NULL(slot);
	KT_ASSERT_NULL(file_ops_of(r)->write);
	KT_ASSERT_OK(kt_open(&slot, O_WRONLY | O_NONBLOCK, &w));
	KT_ASSERT_NULL(file_ops_of(w)->read);
	KT_ASSERT_EQ(kt_poll(r) & POLLIN, 0u);
	KT_ASSERT_EQ(kt_write(w, "abc", 3), 3);
	KT_ASSERT(kt_poll(r) & POLLIN);
	/* the writer gone: the bytes stay for the reader, with a hang-up */
	file_put(w);
	KT_ASSERT(kt_poll(r) & POLLIN);
	KT_ASSERT(kt_poll(r) & POLLHUP);
	file_put(r);
	/* O_RDWR opens at once and holds both sides; its bytes go with the
	 * last end */
	KT_ASSERT_OK(kt_open(&slot, O_RDWR, &rw));
	KT_ASSERT(kt_poll(rw) & POLLOUT);
	KT_ASSERT_EQ(kt_write(rw, "x", 1), 1);
	KT_ASSERT(kt_poll(rw) & POLLIN);
	KT_ASSERT_OK(kt_open(&slot, O_WRONLY | O_NONBLOCK, &w));
	file_put(rw);
	file_put(w);
	KT_ASSERT_OK(kt_open(&slot, O_RDONLY | O_NONBLOCK, &r));
	KT_ASSERT_EQ(kt_poll(r) & POLLIN, 0u);
	file_put(r);
	ipc_fifo_ops.destroy(slot);
}
