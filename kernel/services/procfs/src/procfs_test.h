/* SPDX-License-Identifier: MIT */
/* Shared fixtures of the procfs ktests: a rendering buffer, a task. */
#ifndef PROCFS_TEST_H
#define PROCFS_TEST_H

#include <procfs/procfs.h>

#include <frame/string.h>

/* A buffer big enough for any test's output, NUL-terminated on demand. */
struct procfs_test_out {
	struct procfs_buf b;
	char text[2048];
};

static inline struct procfs_buf *procfs_test_buf(struct procfs_test_out *o)
{
	procfs_buf_init(&o->b, o->text, sizeof(o->text) - 1);
	return &o->b;
}

static inline const char *procfs_test_str(struct procfs_test_out *o)
{
	o->text[o->b.len] = '\0';
	return o->text;
}

/* Whether @needle occurs in @hay. */
static inline bool procfs_test_has(const char *hay, const char *needle)
{
	size_t n = strnlen(needle, 256);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return true;
	return false;
}

/* A sleeping shell: pid 42, child of 1, with a tty and some memory. */
static inline void procfs_test_task(struct procfs_task *t)
{
	static const uint32_t groups[] = { 10, 20 };

	memset(t, 0, sizeof(*t));
	t->pid = t->tid = 42;
	t->ppid = 1;
	t->pgrp = 42;
	t->session = 7;
	t->tpgid = 42;
	t->tty_nr = 0x440; /* ttyS0: major 4, minor 64 */
	t->state = 'S';
	memcpy(t->comm, "sh", 3);
	t->umask = 022;
	t->uid[0] = t->uid[1] = t->uid[2] = t->uid[3] = 1000;
	t->gid[0] = 100;
	t->gid[1] = t->gid[2] = t->gid[3] = 101;
	t->groups = groups;
	t->ngroups = 2;
	t->threads = 1;
	t->fd_size = 64;
	t->cpu = 1;
	t->utime_ns = 1250000000ull; /* 125 ticks */
	t->stime_ns = 30000000ull;   /* 3 ticks */
	t->start_ns = 2000000000ull; /* 200 ticks */
	t->minflt = 77;
	t->vsize = 8u << 20;
	t->vm_peak = 9u << 20;
	t->rss = 1u << 20;
	t->rss_shared = 256u << 10;
	t->text = 512u << 10;
	t->data = 128u << 10;
	t->stack = 132u << 10;
	t->start_code = 0x400000;
	t->end_code = 0x480000;
	t->start_stack = 0x7ffff000;
	t->sig_blocked = 1ull << 16; /* SIGCHLD */
	t->sig_caught = (1ull << 1) | (1ull << 16);
	t->exit_signal = 17;
}

#endif /* PROCFS_TEST_H */
