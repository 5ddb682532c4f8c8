/* SPDX-License-Identifier: MIT */
/* Synthetic regular files: content made at open, read from a kernel buffer. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/user.h>

#include <fs/synth.h>

#include "vfs.h"

/* Largest write(2) handed to a store callback at once. */
#define SYNTH_STORE_MAX 4096u

/* What an open synthetic file holds: its content as of the open. */
struct synth_open {
	struct file_priv priv;
	struct synth_buf buf;
};

static struct synth_open *synth_open_of(struct file *f)
{
	struct file_priv *p = file_priv(f, &synth_reg_ops);

	return p ? container_of(p, struct synth_open, priv) : NULL;
}

int synth_open(struct inode *ino, struct file *f)
{
	struct synth_open *so = frame_zalloc(sizeof(*so));
	int err = 0;

	if (!so)
		return -ENOMEM;
	/* content is made only for reading; a write-only open needs none */
	if ((file_flags(f) & O_ACCMODE) != O_WRONLY && ino->synth->show) {
		err = ino->synth->show(ino, &so->buf);
		if (err == -ENOSPC && so->buf.full)
			err = 0; /* the capped content is what reads see */
	}
	if (err) {
		synth_buf_free(&so->buf);
		frame_free(so);
		return err;
	}
	file_set_priv(f, &so->priv);
	return 0;
}

static ssize_t synth_read(struct file *f, struct vm_writer *w, uint64_t *pos)
{
	struct synth_open *so = synth_open_of(f);
	size_t n;
	int err;

	if (!so)
		return -EINVAL;
	if (*pos >= so->buf.len)
		return 0;
	n = MIN(so->buf.len - (size_t)*pos, vm_writer_remain(w));
	err = vm_writer_write(w, so->buf.data + *pos, n);
	if (err)
		return err;
	*pos += n;
	return (ssize_t)n;
}

static ssize_t synth_write_file(struct file *f, struct vm_reader *r,
				uint64_t *pos)
{
	struct inode *ino = f->inode;
	size_t n = MIN(vm_reader_remain(r), (size_t)SYNTH_STORE_MAX);
	char *buf;
	ssize_t ret;

	if (!ino->synth->store)
		return -EINVAL;
	buf = frame_alloc(n + 1);
	if (!buf)
		return -ENOMEM;
	ret = vm_reader_read(r, buf, n);
	if (!ret) {
		buf[n] = '\0'; /* callbacks may parse it as a string */
		ret = ino->synth->store(ino, buf, n);
	}
	frame_free(buf);
	if (ret > 0)
		*pos += (uint64_t)ret;
	return ret;
}

static int64_t synth_llseek(struct file *f, int64_t off, int whence,
			    uint64_t *pos)
{
	struct synth_open *so = synth_open_of(f);

	if (!so)
		return -EINVAL;
	if (whence == SEEK_CUR)
		off += (int64_t)*pos;
	else if (whence == SEEK_END)
		off += (int64_t)so->buf.len;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	*pos = (uint64_t)off;
	return off;
}

static void synth_release(struct file *f)
{
	struct synth_open *so = synth_open_of(f);

	if (!so)
		return;
	synth_buf_free(&so->buf);
	frame_free(so);
}

const struct file_ops synth_reg_ops = {
	.read = synth_read,
	.write = synth_write_file,
	.llseek = synth_llseek,
	.release = synth_release,
};
