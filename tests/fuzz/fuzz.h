/* SPDX-License-Identifier: MIT */
/* fuzz.h - what the fuzzer's parent (fuzz.c), its call generator (gen.c)
 * and its leak check (leak.c) share: the options, the page of shared
 * state the watchdog reads, and the functions between the files.
 */
#ifndef FUZZ_H
#define FUZZ_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FUZZ_MAX_PROCS	 16
#define FUZZ_MAX_THREADS 8
#define FUZZ_FOREIGN_FDS 32   /* descriptors workers saw, for the others */
#define FUZZ_IPC_IDS	 4096 /* SysV ids made, removed after the run */
#define FUZZ_LOG_FD	 60   /* --log's descriptor in a worker */

struct fuzz_opts {
	uint64_t seed;
	uint64_t calls;
	int procs, threads;
	int single, log, stats;
	int stall_s;	   /* no call for this long: a hang */
	int no_leak;	   /* skip the leak check */
	long nr_lo, nr_hi; /* --syscalls: only numbers in [lo, hi] */
	const char *dir;
};

/* What one fuzzing thread last did, for the watchdog and its report.
 * @check seals the other fields (fuzz_slot_seal()): a slot that a stray
 * write changed no longer matches it, and the parent says so. */
struct fuzz_slot {
	volatile uint64_t seq; /* calls this thread made */
	volatile uint64_t gen; /* its worker's generation */
	volatile long nr;
	volatile unsigned long a[6];
	volatile int tid;
	volatile int done; /* out of calls, waiting for its worker to end */
	volatile uint64_t check;
};

#define FUZZ_MAGIC 0x7a7a7566u /* "fuzz", at both ends of the page */

/* Shared by the parent and every worker (MAP_SHARED, between guards). */
struct fuzz_shared {
	volatile uint32_t magic_head;
	volatile uint64_t claimed; /* calls handed out, all workers */
	volatile uint64_t nok, nenosys;
	volatile uint32_t nr_calls[512],
		nr_ok[512]; /* by number, for --stats */
	volatile int foreign[FUZZ_FOREIGN_FDS];
	volatile unsigned int foreign_next;
	volatile int ipc_ids[FUZZ_IPC_IDS];	       /* SysV ids made */
	volatile unsigned char ipc_kind[FUZZ_IPC_IDS]; /* 1 shm, 2 sem, 3 msg */
	volatile unsigned int ipc_next;
	struct fuzz_slot slot[FUZZ_MAX_PROCS][FUZZ_MAX_THREADS];
	volatile uint32_t magic_tail;
};

/* splitmix64: small, good enough, and reproducible. */
static inline uint64_t fuzz_mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t fuzz_slot_sum(const struct fuzz_slot *s)
{
	uint64_t h = 0x6a09e667f3bcc908ULL ^ s->seq, k = s->gen;

	h = (h ^ fuzz_mix(&k)) + (uint64_t)s->nr;
	for (int i = 0; i < 6; i++) {
		k = h ^ s->a[i];
		h = fuzz_mix(&k);
	}
	k = h ^ ((uint64_t)(unsigned int)s->tid << 32 | (unsigned int)s->done);
	return fuzz_mix(&k);
}

/* fuzz_slot_seal() - after its owner changed @s; fuzz_slot_ok() - the
 * parent's test of it. A slot is written by one thread (its worker's main
 * thread before that thread starts), so a mismatch seen twice apart
 * with the same count is a stray write, not a write under way. */
static inline void fuzz_slot_seal(struct fuzz_slot *s)
{
	s->check = fuzz_slot_sum(s);
}

static inline int fuzz_slot_ok(const struct fuzz_slot *s)
{
	return s->check == fuzz_slot_sum(s);
}

/* fuzz_shared_check() - whether something else than the fuzzer's code
 * wrote the shared page: NULL when it is intact, else a description in
 * @b (a magic at an end of the page, or the first slot that does not
 * match its seal at this check and the previous one with the same count).
 * @prev holds, per slot, 1 + the count of a mismatch seen at the previous
 * check (0: none); the parent keeps it between checks. */
const char *fuzz_shared_check(const struct fuzz_opts *o,
			      struct fuzz_shared *sh, uint64_t *prev, char *b,
			      size_t n);

/*
 * fuzz_worker() - a worker process's body: sets itself up (descriptors,
 * limits, scratch memory, signals), runs @o->threads fuzzing threads
 * seeded from (@o->seed, @w, @gen) until the shared budget is spent,
 * and returns the exit status it wants.
 */
int fuzz_worker(const struct fuzz_opts *o, struct fuzz_shared *sh, int w,
		uint64_t gen);

/*
 * The leak check: a snapshot of the allocator's figures (MemFree from
 * /proc/meminfo everywhere; Keel's /proc/keel/allocator where it exists),
 * taken after writing 3 to /proc/sys/vm/drop_caches.
 */
#define FUZZ_MEM_KINDS 18 /* leak.c's kinds[]: size classes, objects */

struct fuzz_mem {
	long memfree_kb;
	int keel; /* the fields below are valid */
	long managed, free, slab, large, large_allocs, objects;
	/* what the objects are: those of each heap size class, and the
	 * services' files, inodes... (-1 where the kernel has no line) */
	long kind[FUZZ_MEM_KINDS];
};

int fuzz_mem_snapshot(struct fuzz_mem *m);
/* 0 when @after is back at @before within the tolerance of docs/fuzz.md;
 * otherwise 1, having described each difference in @why. */
int fuzz_mem_compare(const struct fuzz_mem *before,
		     const struct fuzz_mem *after, char *why, size_t n);
void fuzz_mem_print(const char *label, const struct fuzz_mem *m);

/* fuzz_vwrite() - a formatted line on @fd through one write(2). */
void fuzz_vwrite(int fd, const char *fmt, va_list ap);

/* fuzz_say() - one line on stdout through one write(2): no stdio buffer
 * to grow, nothing allocated (the leak check counts the parent too) */
void fuzz_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The watchdog's report: each thread's last call; those whose count is
 * still @seen (a stall period ago) are marked STUCK. */
void fuzz_report_slots(const struct fuzz_opts *opts, struct fuzz_shared *sh,
		       const uint64_t *seen);
/* --stats: the numbers called most, with the calls that succeeded. */
void fuzz_report_stats(struct fuzz_shared *sh);
/* After a failed leak check: the processes listed besides init and us. */
void fuzz_report_processes(void);
/* The names reachable from / (not under /proc, /sys or /dev), counted
 * before the run and after it: leaked inodes that are still named
 * somewhere show as a difference, and the first names found in
 * directories that grew are printed when @print. */
long fuzz_count_names(int print);

#endif /* FUZZ_H */
