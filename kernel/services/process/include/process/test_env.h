/* SPDX-License-Identifier: MIT */
/* For ktests that run user programs: a test task set up as a process. */
#ifndef PROCESS_TEST_ENV_H
#define PROCESS_TEST_ENV_H

#include <frame/types.h>

struct fd_table;
struct fs_ctx;
struct mm;

/*
 * What the ktests of process and of the syscall layer share: the calling
 * (test) task gets its own descriptor table, fs context and an empty mm,
 * made the active address space, with @pages read-write pages at @buf to
 * pass paths and data to the syscalls through.
 */
struct proc_test_env {
	struct fd_table *files;
	struct fs_ctx *fs;
	struct mm *mm;
	uint64_t buf;
};

/*
 * proc_test_env_up() - bring signal, fs and process up (each once per
 * boot), then set @e (zeroed by the caller) up with @pages pages at
 * @e->buf. 0 or -errno; proc_test_env_down() undoes what was done in any
 * case.
 */
int proc_test_env_up(struct proc_test_env *e, size_t pages);
void proc_test_env_down(struct proc_test_env *e);

/*
 * proc_test_write_file() - write @len bytes (up to what @e's buffer holds
 * after its first page) as file @path with @mode through the fs syscalls,
 * creating or truncating it; 0 or -errno.
 */
int proc_test_write_file(struct proc_test_env *e, const char *path,
			 const void *data, size_t len, unsigned int mode);

/* proc_test_mkdir() - mkdir @path 0755; 0 or -errno (-EEXIST too). */
int proc_test_mkdir(struct proc_test_env *e, const char *path);

#endif /* PROCESS_TEST_ENV_H */
