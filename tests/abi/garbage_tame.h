/* SPDX-License-Identifier: MIT */
/* garbage_tame.h - garbage.c's rules: which calls it skips, and how it
 * tames the arguments of the others so that a call checks its input
 * instead of ending or wrecking the test process, its parent or the
 * machine (each rule is listed in docs/abi-tests.md). Included by
 * garbage.c and by the fuzzer's tests/fuzz/gen.c, one translation unit
 * each: the includer sets the addresses these rules read.
 */
#ifndef ABI_GARBAGE_TAME_H
#define ABI_GARBAGE_TAME_H

#include <sched.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE	     4096UL
#define REGION_PAGES 64UL /* where memory calls may act */

#define KADDR1 0xffffffff80000000UL /* kernel text */
#define KADDR2 0xffff888000000000UL /* the direct map */

static unsigned char *scratch; /* 2 pages, then a PROT_NONE guard */
static char *paths;	       /* 1 page of path strings, then a guard */
static unsigned long region;   /* REGION_PAGES pages memory calls use */
static long self_pid;

/*
 * Memory of the includer's own that no call may write, remap or be handed
 * (its shared log page and the guards around it, its stacks, its image):
 * a call that wrote there would wreck the program that checks the kernel,
 * not test the kernel. tame() replaces any argument inside one of these
 * ranges; tame_scrub() cleans such addresses out of memory a call may read
 * structures from. Ranges are [lo, hi), registered before the calls start.
 */
#define TAME_PROTECT_MAX 24

static struct {
	unsigned long lo, hi;
} tame_ranges[TAME_PROTECT_MAX];
static unsigned int tame_nranges;
static unsigned long tame_lo = ~0UL, tame_hi; /* all ranges' bounds */

/* Registers [lo, hi); 0, or -1 when the table is full. */
static int tame_protect(unsigned long lo, unsigned long hi)
{
	unsigned int i = __atomic_load_n(&tame_nranges, __ATOMIC_ACQUIRE);

	if (i >= TAME_PROTECT_MAX || lo >= hi)
		return -1;
	tame_ranges[i].lo = lo;
	tame_ranges[i].hi = hi;
	if (lo < tame_lo)
		tame_lo = lo;
	if (hi > tame_hi)
		tame_hi = hi;
	__atomic_store_n(&tame_nranges, i + 1, __ATOMIC_RELEASE);
	return 0;
}

static int tame_protected(unsigned long v)
{
	unsigned int i, n;

	if (v < tame_lo || v >= tame_hi)
		return 0;
	n = __atomic_load_n(&tame_nranges, __ATOMIC_ACQUIRE);
	for (i = 0; i < n; i++)
		if (v >= tame_ranges[i].lo && v < tame_ranges[i].hi)
			return 1;
	return 0;
}

/* The program's image (text, data, bss and the brk heap after it) and a
 * window of the calling thread's stack around @sp: what every includer
 * protects. 0, or -1 when the table is full. */
/*
 * Shut the calling child in before its calls: a session of its own, new
 * namespaces where Linux has them (mounts, SysV objects and the host name
 * then change for this process only; without them the rules above keep
 * those calls tame), and at most 64 descriptors, 1 MiB files and @as
 * bytes of address space.
 */
static void tame_confine(unsigned long as)
{
	struct rlimit rl;

	setsid();
	unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS);
	rl.rlim_cur = rl.rlim_max = 64;
	setrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max = 1 << 20;
	setrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = rl.rlim_max = as;
	setrlimit(RLIMIT_AS, &rl);
}

static int tame_protect_self(const void *sp)
{
	extern char __executable_start[];
	unsigned long s = (unsigned long)sp & ~(PAGE - 1);
	unsigned long brk_end = (unsigned long)syscall(SYS_brk, 0);

	if (brk_end < (unsigned long)__executable_start)
		brk_end = (unsigned long)__executable_start + PAGE;
	if (tame_protect((unsigned long)__executable_start,
			 brk_end + 16 * PAGE))
		return -1;
	return tame_protect(s - 256 * PAGE, s + 64 * PAGE);
}

/*
 * tame_scrub() - the aligned words in [p, p + n) that hold a protected
 * address become KADDR1. Run on the memory a call's pointers name, after
 * the call: a few calls write our own addresses there (get_robust_list,
 * arch_prctl's ARCH_GET_FS, PR_GET_TID_ADDRESS, sigaltstack), which a
 * later call would read back as an iovec or a buffer.
 */
static void tame_scrub(unsigned long p, size_t n)
{
	unsigned long *w = (unsigned long *)((p + 7) & ~7UL);
	unsigned long *end = (unsigned long *)((p + n) & ~7UL);

	for (; w < end; w++)
		if (tame_protected(*w))
			*w = KADDR1;
}

static int is_scratch(unsigned long v)
{
	return (v >= (unsigned long)scratch &&
		v < (unsigned long)scratch + 2 * PAGE) ||
	       (v >= (unsigned long)paths && v < (unsigned long)paths + PAGE);
}

/* An address a memory call may act on: user addresses go to the region. */
static unsigned long fix_addr(unsigned long v)
{
	if (v < 0x800000000000UL &&
	    (v < region || v >= region + REGION_PAGES * PAGE))
		v = region + (v % REGION_PAGES) * PAGE + (v & 1 ? 1 : 0);
	return v;
}

/* A length for an address in the region stays in it (Linux's mremap
 * shrinks a mapping by unmapping all that follows it up to a huge old
 * length, our stack included), except those that wrap when rounded up
 * to a page. */
static unsigned long fix_len(unsigned long addr, unsigned long len)
{
	unsigned long end = region + REGION_PAGES * PAGE;

	if (len > ~PAGE || addr < region || addr >= end)
		return len;
	return len % (end - addr + 1);
}

static unsigned long fix_pid(unsigned long v)
{
	long p = (long)(int)v;

	if (v == (unsigned long)p && p >= 1 && p <= 4194304 && p != self_pid)
		return (unsigned long)self_pid;
	return v;
}

/* Skipped: they end or replace the process instead of checking input
 * (rt_sigreturn takes a frame off the stack; a clone child would share
 * our memory; PTRACE_TRACEME stops us at each signal). */
static const short skipped[] = { SYS_rt_sigreturn, SYS_clone,	   SYS_fork,
				 SYS_vfork,	   SYS_execve,	   SYS_execveat,
				 SYS_exit,	   SYS_exit_group, SYS_ptrace };

/* The credential calls: they drop root for good, so creds() runs them in
 * a grandchild after the main rounds. */
static const short cred_nrs[] = { SYS_setuid,	 SYS_setgid,	SYS_setreuid,
				  SYS_setregid,	 SYS_setgroups, SYS_setresuid,
				  SYS_setresgid, SYS_setfsuid,	SYS_setfsgid,
				  SYS_capset };

/* Calls whose pointers may not be valid memory: a garbage signal handler
 * (rt_sigaction), a mask that blocks our SIGALRM forever (rt_sigsuspend,
 * ppoll, pselect6, epoll_pwait(2), io_pgetevents, io_uring_enter), a
 * timer or notification sending SIGKILL or SIGSTOP, an io_uring whose
 * kernel polling thread (IORING_SETUP_SQPOLL, with a random idle time)
 * spins on a CPU long enough to stall us, a bad rseq_cs (a
 * SIGSEGV by design), a real-time policy that starves the machine
 * (sched_setattr), and the machine-wide state the programs after this one
 * see: mounts (428-433 and 442 are the new mount API), swap, accounting,
 * names, clocks, modules, kexec; clone3 and seccomp. */
/* clang-format off */
static const short no_pointers[] = {
	SYS_rt_sigaction, SYS_rt_sigsuspend, SYS_ppoll, SYS_pselect6,
	SYS_epoll_pwait, 441, SYS_io_pgetevents, 425, 426, SYS_timer_create,
	SYS_mq_notify, SYS_rseq, SYS_sched_setattr, SYS_mount, SYS_umount2,
	SYS_pivot_root, SYS_swapon, SYS_swapoff, SYS_acct, SYS_sethostname,
	SYS_setdomainname, SYS_settimeofday, SYS_clock_settime, SYS_adjtimex,
	SYS_clock_adjtime, SYS_init_module, SYS_finit_module,
	SYS_delete_module, SYS_kexec_load, SYS_kexec_file_load,
	428, 429, 430, 431, 432, 433, 435, 442, SYS_seccomp,
};
/* clang-format on */

static int in(const short *t, size_t n, long nr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i] == nr)
			return 1;
	return 0;
}

#define IN(t, nr) in(t, sizeof(t) / sizeof(t[0]), nr)

/* Returns 0 to skip the call; otherwise may tame a[]. */
static int tame(long nr, unsigned long *a)
{
	int i;

	if (IN(skipped, nr) || IN(cred_nrs, nr))
		return 0;
	if (IN(no_pointers, nr))
		for (i = 0; i < 6; i++)
			if (is_scratch(a[i]))
				a[i] = KADDR1;

	switch (nr) {
	case SYS_kill:
	case SYS_tkill:
		a[1] = 0; /* signal 0: the checks, not the signal */
		break;
	case SYS_tgkill:
	case SYS_rt_sigqueueinfo:
	case SYS_rt_tgsigqueueinfo:
		a[nr == SYS_tgkill ? 2 : 1] = 0;
		if (nr == SYS_rt_tgsigqueueinfo)
			a[2] = 0;
		break;
	case 424: /* pidfd_send_signal */
		a[1] = 0;
		break;
	case SYS_reboot: /* a wrong magic number: EINVAL, never a reboot */
		if ((unsigned int)a[0] == 0xfee1deadU)
			a[0] = 0;
		break;
	case SYS_seccomp: /* strict mode kills us at the next call */
		if ((unsigned int)a[0] == 0)
			a[0] = 2;
		break;
	case SYS_prctl:
		switch ((int)a[0]) {
		case 22: /* PR_SET_SECCOMP */
		case 26: /* PR_SET_TSC: the vDSO's rdtsc would fault */
		case 35: /* PR_SET_MM: rewrites our own layout */
		case 59: /* PR_SET_SYSCALL_USER_DISPATCH: SIGSYS */
			a[0] = 21;
		}
		break;
	case SYS_arch_prctl:
		switch ((int)a[0]) {
		case 0x1001: /* ARCH_SET_GS, ARCH_SET_FS: our TLS */
		case 0x1002:
		case 0x1012: /* ARCH_SET_CPUID */
		case 0x2001: /* ARCH_MAP_VDSO_*: over our code */
		case 0x2002:
		case 0x2003:
		case 0x4002: /* ARCH_ENABLE_TAGGED_ADDR */
		case 0x5002: /* ARCH_SHSTK_ENABLE */
			a[0] = 0x1003;
		}
		break;
	case SYS_sethostname: /* length 0 needs no memory: "" */
	case SYS_setdomainname:
		if ((int)a[1] == 0)
			a[1] = 1;
		break;
	case SYS_syslog: /* console level and on/off: spam or silence */
		if ((int)a[0] >= 6 && (int)a[0] <= 8)
			a[0] = 3;
		break;
	case SYS_futex: { /* PI locks restart instead of failing EINTR */
		unsigned int cmd = (unsigned int)a[1] & ~384U;

		if (cmd == 6 || cmd == 11 || cmd == 13)
			a[1] = 1;
		break;
	}
	case SYS_setrlimit:
	case SYS_prlimit64: {
		/* CPU and RTTIME limits SIGKILL us; AS, DATA and FSIZE keep
		 * memory and file growth bounded. */
		int res = (int)a[nr == SYS_prlimit64 ? 1 : 0];

		if (res == 0 || res == 1 || res == 2 || res == 9 || res == 15)
			a[nr == SYS_prlimit64 ? 1 : 0] = 13;
		break;
	}
	case SYS_sched_setscheduler: {
		unsigned int pol = (unsigned int)a[1] & ~0x40000000U;

		if (pol == 1 || pol == 2 || pol == 6) /* FIFO, RR, DEADLINE */
			a[1] = 0;
		break;
	}
	case SYS_setpriority: /* PRIO_USER would reach init */
	case SYS_ioprio_set:
		if ((int)a[0] == (nr == SYS_setpriority ? 2 : 3))
			a[1] = 0x7ffffff0;
		break;
	case SYS_pkey_alloc: /* a key that denies access, taken by pages */
		a[1] = 0;
		break;
	case SYS_mknod:
		a[2] &= 0xff; /* major 0: never a real device */
		break;
	case SYS_mknodat:
		a[3] &= 0xff;
		break;
	case SYS_madvise:
		if ((int)a[2] == 100 ||
		    (int)a[2] == 101) /* HWPOISON, SOFT_OFFLINE */
			a[2] = 4;
		break;
	}

	/* pids: only our own process, never init, the parent or others */
	switch (nr) {
	case SYS_kill:
	case SYS_tkill:
	case SYS_rt_sigqueueinfo:
	case SYS_prlimit64:
	case SYS_sched_setscheduler:
	case SYS_sched_setparam:
	case SYS_sched_setaffinity:
	case SYS_sched_setattr:
	case SYS_process_vm_readv:
	case SYS_process_vm_writev:
	case SYS_migrate_pages:
	case SYS_move_pages:
	case SYS_get_robust_list:
	case SYS_kcmp:
	case 434: /* pidfd_open */
	case SYS_setpgid:
		a[0] = fix_pid(a[0]);
		if (nr == SYS_kcmp || nr == SYS_setpgid)
			a[1] = fix_pid(a[1]);
		break;
	case SYS_tgkill:
	case SYS_rt_tgsigqueueinfo:
		a[0] = fix_pid(a[0]);
		a[1] = fix_pid(a[1]);
		break;
	case SYS_setpriority:
	case SYS_ioprio_set:
		a[1] = fix_pid(a[1]);
		break;
	}

	/* never an address of the includer's own state (above) */
	for (i = 0; i < 6; i++)
		if (tame_protected(a[i]))
			a[i] = KADDR1;

	/* memory calls act only on the region */
	switch (nr) {
	case SYS_mmap:
		a[0] = fix_addr(a[0]);
		if (a[1] < 0x800000000000UL) /* no gigabytes populated */
			a[1] %= 16UL << 20;
		a[1] = fix_len(a[0], a[1]);
		break;
	case SYS_mremap:
		a[0] = fix_addr(a[0]);
		a[1] = fix_len(a[0], a[1]);
		a[4] = fix_addr(a[4]);
		if (a[2] < 0x800000000000UL)
			a[2] %= 16UL << 20;
		a[2] = fix_len(a[4], a[2]);
		break;
	case SYS_brk: /* never below its start, never over the heap */
		if (a[0] < 0x800000000000UL)
			a[0] = 0;
		break;
	case SYS_shmat: /* SHM_REMAP maps all the segment over what follows */
		a[1] = fix_addr(a[1]);
		a[2] &= ~040000UL;
		break;
	case SYS_shmdt:
		a[0] = fix_addr(a[0]);
		break;
	case SYS_mprotect:
	case SYS_munmap:
	case SYS_madvise:
	case SYS_mlock:
	case SYS_munlock:
	case SYS_mlock2:
	case SYS_msync:
	case SYS_mincore:
	case SYS_pkey_mprotect:
	case SYS_remap_file_pages:
	case SYS_mbind:
	case 450: /* set_mempolicy_home_node */
	case 453: /* map_shadow_stack */
	case 462: /* mseal */
		a[0] = fix_addr(a[0]);
		a[1] = fix_len(a[0], a[1]);
		break;
	}
	return 1;
}

#endif /* ABI_GARBAGE_TAME_H */
