/* SPDX-License-Identifier: MIT */
/* The coverage runtime: gcc's arc counters out through a debugcon port. */
#include "cov/cov.h"

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/layout.h"

/*
 * Only a coverage build compiles this file, never instrumented itself
 * (docs/coverage.md). gcc's -fprofile-arcs gives each instrumented file a
 * gcov_info object; with -fprofile-info-section=gcov_info it puts a
 * pointer to it in the section gcov_info, which linker.ld gathers between
 * frame_gcov_info_start and frame_gcov_info_end, so no constructor has to
 * register anything. The layout below is gcc's (gcc/gcov-io.h and
 * libgcov.h): version 12 added the checksum, version 14 a ninth counter
 * kind (condition coverage).
 *
 * The kernel does not make .gcda files: it streams what they need and osdk
 * writes them (osdk/src/core/coverage/). The stream, little-endian words:
 *
 *   dump:     COV_MAGIC, COV_FORMAT, object..., COV_END, number of objects
 *   object:   COV_OBJECT, gcc's version, stamp, checksum, name length,
 *             name bytes, number of functions, bit mask of counter kinds
 *   function: 0 (absent from this link), or 1, ident, line checksum,
 *             cfg checksum, then for each kind in the mask: count n and n
 *             64-bit counters
 *
 * A dump cut short (the machine stopped mid-way) has no COV_END, and osdk
 * ignores it.
 */
#if defined(__clang__) || !defined(__GNUC__) || __GNUC__ < 12
#error "a coverage build needs gcc 12 or later (clang's counters differ)"
#endif

#if __GNUC__ >= 14
#define GCOV_COUNTERS 9
#else
#define GCOV_COUNTERS 8
#endif

#define COV_MAGIC  0x564f434bu /* "KCOV" */
#define COV_FORMAT 1u
#define COV_OBJECT 0x4a424f43u /* "COBJ" */
#define COV_END	   0x444e4543u /* "CEND" */

typedef int64_t gcov_type;

struct gcov_info;

struct gcov_ctr_info {
	uint32_t num;
	gcov_type *values;
};

struct gcov_fn_info {
	const struct gcov_info *key; /* the object it belongs to */
	uint32_t ident;
	uint32_t lineno_checksum;
	uint32_t cfg_checksum;
	/* One per counter kind whose merge function is set, in kind order. */
	struct gcov_ctr_info ctrs[];
};

typedef void (*gcov_merge_fn)(gcov_type *, uint32_t);

struct gcov_info {
	uint32_t version;
	struct gcov_info *next;
	uint32_t stamp;
	uint32_t checksum;
	const char *filename; /* the .gcda path, as the compiler saw it */
	gcov_merge_fn merge[GCOV_COUNTERS];
	uint32_t n_functions;
	const struct gcov_fn_info *const *functions;
};

extern const struct gcov_info *const frame_gcov_info_start[];
extern const struct gcov_info *const frame_gcov_info_end[];

/*
 * gcc names this merge function in every gcov_info. libgcov calls it to
 * add a run's counters to a .gcda's; here osdk adds runs up, so the
 * kernel never calls it, but it must exist for the link. Declared here:
 * no header of ours may name it.
 */
void __gcov_merge_add(gcov_type *counters, uint32_t n);
void __gcov_merge_add(gcov_type *counters, uint32_t n)
{
	(void)counters;
	(void)n;
}

static void put8(uint8_t b)
{
	arch_outb(COV_PORT, b);
}

static void put32(uint32_t v)
{
	for (int i = 0; i < 4; i++)
		put8((uint8_t)(v >> (8 * i)));
}

static void put64(uint64_t v)
{
	put32((uint32_t)v);
	put32((uint32_t)(v >> 32));
}

static uint32_t kinds_of(const struct gcov_info *gi)
{
	uint32_t mask = 0;

	for (unsigned int k = 0; k < GCOV_COUNTERS; k++)
		if (gi->merge[k])
			mask |= 1u << k;
	return mask;
}

static void put_function(const struct gcov_info *gi,
			 const struct gcov_fn_info *fn, uint32_t kinds)
{
	unsigned int c = 0;

	/* A function the linker dropped, or one a COMDAT copy elsewhere
	 * owns, has no counters of this object's. */
	if (!fn || fn->key != gi) {
		put32(0);
		return;
	}
	put32(1);
	put32(fn->ident);
	put32(fn->lineno_checksum);
	put32(fn->cfg_checksum);
	for (unsigned int k = 0; k < GCOV_COUNTERS; k++) {
		const struct gcov_ctr_info *ci;

		if (!(kinds & (1u << k)))
			continue;
		ci = &fn->ctrs[c++];
		put32(ci->num);
		/* Other CPUs may still be counting: a torn read cannot
		 * happen on an aligned word, only a count slightly late. */
		for (uint32_t i = 0; i < ci->num; i++)
			put64((uint64_t)__atomic_load_n(&ci->values[i],
							__ATOMIC_RELAXED));
	}
}

static void put_object(const struct gcov_info *gi)
{
	const char *name = gi->filename;
	uint32_t len = 0, kinds = kinds_of(gi);

	while (name[len])
		len++;
	put32(COV_OBJECT);
	put32(gi->version);
	put32(gi->stamp);
	put32(gi->checksum);
	put32(len);
	for (uint32_t i = 0; i < len; i++)
		put8((uint8_t)name[i]);
	put32(gi->n_functions);
	put32(kinds);
	for (uint32_t f = 0; f < gi->n_functions; f++)
		put_function(gi, gi->functions[f], kinds);
}

void cov_dump(void)
{
	static bool dumped;
	const struct gcov_info *const *p;

	/* Once: a panic while dumping must not start a second stream. */
	if (__atomic_exchange_n(&dumped, true, __ATOMIC_ACQ_REL))
		return;
	put32(COV_MAGIC);
	put32(COV_FORMAT);
	for (p = frame_gcov_info_start; p < frame_gcov_info_end; p++)
		put_object(*p);
	put32(COV_END);
	put32((uint32_t)(frame_gcov_info_end - frame_gcov_info_start));
}
