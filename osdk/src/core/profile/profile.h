/* SPDX-License-Identifier: MIT */
/* profile.h - sampling a running kernel's stacks through QEMU's gdb stub,
 * and the profile they make. */
#ifndef OSDK_CORE_PROFILE_H
#define OSDK_CORE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/build/elf.h"

struct osdk_err;

/* Frames kept of one stack, leaf first; deeper ones are cut. */
#define PROFILE_MAX_DEPTH 64
/* Names of frames that are not kernel functions. */
#define PROFILE_USER	"[user]"
#define PROFILE_UNKNOWN "[unknown]"
#define PROFILE_BOOT	"[boot]"

struct profile_opts {
	const char *addr; /* the gdb stub: a socket path or HOST:PORT */
	unsigned samples; /* stop after this many rounds (0: no limit) */
	unsigned interval_ms;
	double duration_s; /* stop after this long (0: no limit) */
	uint64_t cpu_mask; /* bit N: sample vCPU N (0: every vCPU) */
	/* Called between rounds with the rounds taken: false stops. May be
	 * NULL. */
	bool (*more)(void *ctx, unsigned rounds);
	void *ctx;
};

/* One distinct stack and how often it was seen. */
struct profile_stack {
	char *folded; /* root first, ';' between frames: "main;work;spin" */
	size_t count;
};

struct profile {
	struct profile_stack *v; /* sorted by folded */
	size_t n;
	size_t samples;	   /* stacks taken (rounds times vCPUs) */
	unsigned rounds;   /* times the CPUs were stopped */
	unsigned cpus;	   /* vCPUs sampled */
	double seconds;	   /* from the first round to the last */
	bool target_ended; /* the kernel ended before the limit */
	unsigned interval_ms;
};

/*
 * profile_run() - connect to the stub at @o->addr, and every interval stop
 * the CPUs, take the stack of each selected vCPU (walking frame pointers
 * through kernel memory, naming each return address with @syms), and let
 * them run, until the samples, the duration or @o->more say stop, or the
 * kernel ends (then target_ended, and what was taken is kept). Detaches,
 * leaving the kernel running. 0 with @out filled, or -errno when nothing
 * could be sampled.
 */
int profile_run(const struct profile_opts *o, const struct elf_syms *syms,
		struct profile *out, struct osdk_err *err);

/* profile_add() - count one stack @folded (for tests and merging). */
void profile_add(struct profile *p, const char *folded, size_t count);

/* profile_sort() - sort p->v by the folded stack, merging duplicates. */
void profile_sort(struct profile *p);

/* profile_symbol() - the name of the function holding @addr, or NULL. */
const char *profile_symbol(const struct elf_syms *syms, uint64_t addr);

/* profile_function() - the symbol of the function holding @addr, or NULL. */
const struct elf_sym *profile_function(const struct elf_syms *syms,
				       uint64_t addr);

/* Where the function on top of the stack keeps its return address. */
enum profile_leaf {
	PROFILE_FRAMED,	   /* its frame is set up: [rbp+8], as every caller's */
	PROFILE_AT_ENTRY,  /* before `push %rbp`: [rsp] */
	PROFILE_PUSHED,	   /* between the push and `mov %rsp,%rbp`: [rsp+8] */
	PROFILE_FRAMELESS, /* a leaf compiled without a frame: [rsp] if it
			    * pushed nothing, which profile_calls() checks */
};

/*
 * profile_leaf() - which, given the first bytes of the function (@code,
 * @len of them, from @start) and @rip inside it. Outside PROFILE_FRAMED,
 * rbp is still the caller's, so the walk from rbp alone would skip the
 * caller.
 */
enum profile_leaf profile_leaf(const unsigned char *code, size_t len,
			       uint64_t start, uint64_t rip);

/* profile_calls() - whether the 5 bytes @before (those ending at @ret) are
 * a direct call to @start: a frameless leaf's [rsp] is trusted only so. */
bool profile_calls(const unsigned char before[5], uint64_t ret,
		   uint64_t start);

void profile_release(struct profile *p);

/* The hottest functions: by samples on top of the stack (self) and
 * anywhere in it (total, counted once a stack). */
struct profile_fn {
	const char *name; /* the function, or PROFILE_USER / _UNKNOWN */
	size_t self, total;
};

/* profile_functions() - every function of @p, by self then total samples,
 * descending, into *@out (*@n entries; profile_functions_release()). */
void profile_functions(const struct profile *p, struct profile_fn **out,
		       size_t *n);
void profile_functions_release(struct profile_fn *v, size_t n);

/*
 * The written forms: folded stacks (one "stack count" a line, what the
 * common flame graph tools read), a JSON profile, and a self-contained SVG
 * flame graph with click-to-zoom and search. 0 or -errno.
 */
int profile_write_folded(const struct profile *p, const char *path,
			 struct osdk_err *err);
int profile_write_json(const struct profile *p, const char *kernel,
		       const char *path, struct osdk_err *err);
int profile_write_svg(const struct profile *p, const char *title,
		      const char *path, struct osdk_err *err);

#endif
