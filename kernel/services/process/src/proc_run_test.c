/* SPDX-License-Identifier: MIT */
/* Tests that run real user programs: spawn, fork, wait, exec, #!, PIE. */
#include "exec_internal.h"

#include <fs/fs.h>
#include <fs/syscalls.h>
#include <mm/mm.h>
#include <process/syscalls.h>
#include <process/test_env.h>

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/umode.h>
#include <frame/vm.h>

/*
 * A minimal user loop for these tests (the real one is the syscall
 * package's, above this one): the process syscalls the programs use,
 * demand paging, and signal delivery.
 */
static void kt_user_loop(struct proc_thread *t)
{
	struct umode_trap trap;
	uint64_t a[6];

	while (!proc_thread_should_exit(t)) {
		struct mm *mm = mm_current();
		bool sc = false;
		long r = 0;
		int code;

		if (!mm || umode_run(t->uctx, mm_space(mm), &trap))
			break;
		if (trap.reason == UMODE_SYSCALL) {
			uctx_syscall_args(t->uctx, a);
			sc = true;
			switch (uctx_syscall_nr(t->uctx)) {
			case 39:
				r = sys_getpid(a);
				break;
			case 56:
				r = sys_clone(a);
				break;
			case 62:
				r = sys_kill(a);
				break;
			case 57:
				r = sys_fork(a);
				break;
			case 59:
				r = sys_execve(a);
				break;
			case 60:
				r = sys_exit(a);
				break;
			case 61:
				r = sys_wait4(a);
				break;
			case 231:
				r = sys_exit_group(a);
				break;
			default:
				r = -ENOSYS;
				break;
			}
		} else if (trap.reason == UMODE_PAGE_FAULT) {
			if (mm_fault(mm, trap.fault_addr,
				     (unsigned int)trap.error_code, &code))
				proc_exit_group(
					proc_status_signaled(11, false));
		} else if (trap.reason == UMODE_EXCEPTION) {
			proc_exit_group(proc_status_signaled(4, false));
		}
		if (proc_thread_should_exit(t))
			break;
		signal_deliver(&t->sig, sc, r);
	}
}

/* The shared set-up with 3 pages to talk through, and this loop. */
static int kt_env_up(struct proc_test_env *e)
{
	int err = proc_test_env_up(e, 3);

	if (!err)
		proc_set_user_entry(kt_user_loop);
	return err;
}

static void kt_put(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * A one-segment ELF: header, one PT_LOAD (read+execute, with 8 KiB of
 * bss) and @code at 0x78. @dyn: ET_DYN at 0, else ET_EXEC at 0x400000.
 */
static size_t kt_elf(uint8_t *out, const uint8_t *code, size_t n, bool dyn)
{
	uint64_t base = dyn ? 0 : 0x400000, total = 0x78 + n;

	memset(out, 0, 0x78);
	out[0] = 0x7f;
	out[1] = 'E';
	out[2] = 'L';
	out[3] = 'F';
	out[4] = 2;
	out[5] = 1;
	out[6] = 1;
	kt_put(out + 16, dyn ? EXEC_ET_DYN : EXEC_ET_EXEC, 2);
	kt_put(out + 18, EXEC_EM_X86_64, 2);
	kt_put(out + 20, 1, 4);
	kt_put(out + 24, base + 0x78, 8);
	kt_put(out + 32, 64, 8);
	kt_put(out + 52, 64, 2);
	kt_put(out + 54, 56, 2);
	kt_put(out + 56, 1, 2);
	kt_put(out + 64, EXEC_PT_LOAD, 4);
	kt_put(out + 68, EXEC_PF_R | EXEC_PF_X, 4);
	kt_put(out + 72, 0, 8);
	kt_put(out + 80, base, 8);
	kt_put(out + 88, base, 8);
	kt_put(out + 96, total, 8);
	kt_put(out + 104, total + 0x2000, 8);
	kt_put(out + 112, 0x1000, 8);
	memcpy(out + 0x78, code, n);
	return total;
}

/* exit_group(42) */
static const uint8_t kt_exit42[] = { 0xbf, 0x2a, 0, 0, 0,    0xb8,
				     0xe7, 0,	 0, 0, 0x0f, 0x05 };
/* exit_group(argc) */
static const uint8_t kt_exit_argc[] = { 0x8b, 0x3c, 0x24, 0xb8, 0xe7,
					0,    0,    0,	  0x0f, 0x05 };
/* fork; the child exits 7; the parent waits and exits with its code + 1 */
static const uint8_t kt_fork_wait[] = {
	0xb8, 0x39, 0,	  0,	0,    0x0f, 0x05, /* fork */
	0x85, 0xc0, 0x74, 0x28,			  /* test eax; jz child */
	0x48, 0x83, 0xec, 0x10,			  /* sub rsp, 16 */
	0x48, 0x89, 0xe6,			  /* mov rsi, rsp */
	0xbf, 0xff, 0xff, 0xff, 0xff,		  /* mov edi, -1 */
	0x31, 0xd2, 0x4d, 0x31, 0xd2,		  /* rdx = r10 = 0 */
	0xb8, 0x3d, 0,	  0,	0,    0x0f, 0x05, /* wait4 */
	0x8b, 0x3c, 0x24, 0xc1, 0xef, 0x08,	  /* edi = status >> 8 */
	0x83, 0xc7, 0x01,			  /* edi += 1 */
	0xb8, 0xe7, 0,	  0,	0,    0x0f, 0x05, /* exit_group */
	0xbf, 0x07, 0,	  0,	0,    0xb8, 0xe7,
	0,    0,    0, /* child: exit_group(7) */
	0x0f, 0x05,
};

/* Spawn @path as init with @argv and wait for its status. */
static int kt_run(const char *path, char *const argv[], int *status)
{
	char *const envp[] = { "K=V", NULL };
	int err = proc_spawn_init(path, argv, envp);

	if (err)
		return err;
	*status = proc_wait_init();
	return 0;
}

KTEST(proc_run_static_fork_wait_exec_script)
{
	static uint8_t img[512];
	char *const argv1[] = { "p", NULL };
	char *const argv3[] = { "p", "a", "b", NULL };
	struct proc_test_env e = { 0 };
	int status = -1;
	size_t n;

	KT_ASSERT_OK(kt_env_up(&e));
	proc_test_mkdir(&e, "/t");
	n = kt_elf(img, kt_exit42, sizeof(kt_exit42), false);
	KT_ASSERT_OK(proc_test_write_file(&e, "/t/exit42", img, n, 0755));
	n = kt_elf(img, kt_exit_argc, sizeof(kt_exit_argc), true);
	KT_ASSERT_OK(proc_test_write_file(&e, "/t/argc", img, n, 0755));
	n = kt_elf(img, kt_fork_wait, sizeof(kt_fork_wait), false);
	KT_ASSERT_OK(proc_test_write_file(&e, "/t/forkwait", img, n, 0755));
	KT_ASSERT_OK(proc_test_write_file(&e, "/t/script", "#!/t/argc -x\n", 13,
					  0755));
	KT_ASSERT_OK(
		proc_test_write_file(&e, "/t/loop1", "#!/t/loop2\n", 11, 0755));
	KT_ASSERT_OK(
		proc_test_write_file(&e, "/t/loop2", "#!/t/loop1\n", 11, 0755));
	KT_ASSERT_OK(proc_test_write_file(&e, "/t/noexec", img, n, 0644));
	KT_ASSERT_OK(proc_test_write_file(&e, "/t/junk", "junk junk", 9, 0755));

	/* A static executable exits with 42. */
	KT_ASSERT_OK(kt_run("/t/exit42", argv1, &status));
	KT_ASSERT_EQ(status, 42 << 8);
	/* A PIE sees its argc on the initial stack. */
	KT_ASSERT_OK(kt_run("/t/argc", argv3, &status));
	KT_ASSERT_EQ(status, 3 << 8);
	/* fork, exit in the child, wait4 in the parent. */
	KT_ASSERT_OK(kt_run("/t/forkwait", argv1, &status));
	KT_ASSERT_EQ(status, 8 << 8);
	/* #!: argv = interpreter, its argument, the script, "a", "b". */
	KT_ASSERT_OK(kt_run("/t/script", argv3, &status));
	KT_ASSERT_EQ(status, 5 << 8);
	/* The errors exec reports before anything runs. */
	KT_ASSERT_ERR(kt_run("/t/missing", argv1, &status), -ENOENT);
	KT_ASSERT_ERR(kt_run("/t/noexec", argv1, &status), -EACCES);
	KT_ASSERT_ERR(kt_run("/t/junk", argv1, &status), -ENOEXEC);
	KT_ASSERT_ERR(kt_run("/t/loop1", argv1, &status), -ELOOP);
	proc_test_env_down(&e);
}

/*
 * A thread with CLONE_PARENT_SETTID and CLONE_CHILD_CLEARTID on a word of
 * the parent's stack: the thread exits at once, the parent spins until
 * the word is 0 again (clear_child_tid) and exits 99, or 1 after a while.
 */
static const uint8_t kt_thread[] = {
	0x48, 0x8d, 0x54, 0x24, 0xc0,			/* lea rdx, [rsp-64] */
	0x4c, 0x8d, 0x54, 0x24, 0xc0,			/* lea r10, [rsp-64] */
	0x48, 0x8d, 0xb4, 0x24, 0x00, 0xf0, 0xff, 0xff, /* rsi = rsp-4096 */
	0xbf, 0x00, 0x0f, 0x35, 0x00,			/* edi = flags */
	0x45, 0x31, 0xc0,				/* r8 = 0 */
	0xb8, 0x38, 0,	  0,	0,    0x0f, 0x05,	/* clone */
	0x85, 0xc0, 0x74, 0x28,				/* jz child */
	0xb9, 0x00, 0x00, 0x00, 0x10,			/* ecx = 2^28 */
	0x83, 0x7c, 0x24, 0xc0, 0x00,			/* cmp [rsp-64], 0 */
	0x74, 0x10,					/* je done */
	0xff, 0xc9, 0x75, 0xf5,				/* dec ecx; jnz */
	0xbf, 0x01, 0,	  0,	0,    0xb8, 0xe7, 0,	0,    0,
	0x0f, 0x05, /* exit 1 */
	0xbf, 0x63, 0,	  0,	0,    0xb8, 0xe7, 0,	0,    0,
	0x0f, 0x05,					      /* exit 99 */
	0x31, 0xff, 0xb8, 0x3c, 0,    0,    0,	  0x0f, 0x05, /* child: exit(0)
							       */
};

/* fork; the child spins; the parent kills it and exits with the signal
 * wait4 reports */
static const uint8_t kt_kill[] = {
	0xb8, 0x39, 0,	  0,	0,    0x0f, 0x05, /* fork */
	0x85, 0xc0, 0x74, 0x33,			  /* jz child */
	0x89, 0xc7, 0xbe, 0x09, 0,    0,    0,	  /* edi = pid, esi = 9 */
	0xb8, 0x3e, 0,	  0,	0,    0x0f, 0x05, /* kill */
	0x48, 0x83, 0xec, 0x10, 0x48, 0x89, 0xe6, /* rsi = rsp - 16 */
	0xbf, 0xff, 0xff, 0xff, 0xff, 0x31, 0xd2, 0x4d, 0x31,
	0xd2, 0xb8, 0x3d, 0,	0,    0,    0x0f, 0x05, /* wait4(-1, ...) */
	0x8b, 0x3c, 0x24, 0x83, 0xe7, 0x7f,	  /* edi = status & 0x7f */
	0xb8, 0xe7, 0,	  0,	0,    0x0f, 0x05, /* exit_group */
	0xeb, 0xfe,				  /* child: spin */
};

KTEST(proc_run_threads_and_kill)
{
	static uint8_t img[512];
	char *const argv1[] = { "p", NULL };
	struct proc_test_env e = { 0 };
	int status = -1;
	size_t n;

	KT_ASSERT_OK(kt_env_up(&e));
	proc_test_mkdir(&e, "/t");
	n = kt_elf(img, kt_thread, sizeof(kt_thread), false);
	KT_ASSERT_OK(proc_test_write_file(&e, "/t/thread", img, n, 0755));
	n = kt_elf(img, kt_kill, sizeof(kt_kill), false);
	KT_ASSERT_OK(proc_test_write_file(&e, "/t/kill", img, n, 0755));
	KT_ASSERT_OK(kt_run("/t/thread", argv1, &status));
	KT_ASSERT_EQ(status, 99 << 8);
	KT_ASSERT_OK(kt_run("/t/kill", argv1, &status));
	KT_ASSERT_EQ(status, 9 << 8);
	KT_ASSERT_EQ(proc_count(), 0);
	proc_test_env_down(&e);
}
