/* SPDX-License-Identifier: MIT */
/* profile.c - sampling a running kernel's stacks through QEMU's gdb stub. */
#include "core/profile/profile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/profile/rsp.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The kernel's half of the address space (4-level paging). */
#define KERNEL_BASE 0xffff800000000000ull
#define MAX_CPUS    64

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

const struct elf_sym *profile_function(const struct elf_syms *syms,
				       uint64_t addr)
{
	size_t lo = 0, hi = syms->n;

	/* The last symbol at or below @addr, if @addr is inside it. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (syms->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0) {
		const struct elf_sym *s = &syms->v[--lo];

		if (addr < s->addr + (s->size ? s->size : 1))
			return s;
		if (s->size)
			break;
	}
	return NULL;
}

const char *profile_symbol(const struct elf_syms *syms, uint64_t addr)
{
	const struct elf_sym *s = profile_function(syms, addr);

	return s ? s->name : NULL;
}

enum profile_leaf profile_leaf(const unsigned char *code, size_t len,
			       uint64_t start, uint64_t rip)
{
	static const unsigned char endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	static const unsigned char mov_rsp_rbp[] = { 0x48, 0x89, 0xe5 };
	size_t at = 0;
	uint64_t off = rip - start;

	if (len >= 4 && !memcmp(code, endbr64, 4))
		at = 4;
	if (off <= at)
		return PROFILE_AT_ENTRY;
	if (len < at + 4 || code[at] != 0x55 ||
	    memcmp(code + at + 1, mov_rsp_rbp, 3))
		return PROFILE_FRAMELESS;
	return off == at + 1 ? PROFILE_PUSHED : PROFILE_FRAMED;
}

bool profile_calls(const unsigned char before[5], uint64_t ret,
		   uint64_t start)
{
	int32_t rel;

	if (before[0] != 0xe8)
		return false;
	rel = (int32_t)((uint32_t)before[1] | (uint32_t)before[2] << 8 |
			(uint32_t)before[3] << 16 | (uint32_t)before[4] << 24);
	return ret + (uint64_t)(int64_t)rel == start;
}

void profile_add(struct profile *p, const char *folded, size_t count)
{
	p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	p->v[p->n].folded = xstrdup(folded);
	p->v[p->n].count = count;
	p->n++;
}

static int by_folded(const void *a, const void *b)
{
	return strcmp(((const struct profile_stack *)a)->folded,
		      ((const struct profile_stack *)b)->folded);
}

void profile_sort(struct profile *p)
{
	size_t k = 0;

	if (p->n)
		qsort(p->v, p->n, sizeof(*p->v), by_folded);
	for (size_t i = 0; i < p->n; i++) {
		if (k && !strcmp(p->v[k - 1].folded, p->v[i].folded)) {
			p->v[k - 1].count += p->v[i].count;
			free(p->v[i].folded);
			continue;
		}
		p->v[k++] = p->v[i];
	}
	p->n = k;
}

/* The caller of the function on top of the stack when that function has
 * no frame of its own yet (or at all), which the rbp chain would skip. */
static const char *leaf_caller(struct rsp *r, const struct elf_syms *syms,
			       const struct rsp_regs *regs,
			       struct osdk_err *err)
{
	const struct elf_sym *fn = profile_function(syms, regs->rip);
	unsigned char code[8], before[5];
	enum profile_leaf leaf;
	uint64_t ret;

	if (!fn || rsp_read(r, fn->addr, code, sizeof(code), err))
		return NULL;
	leaf = profile_leaf(code, sizeof(code), fn->addr, regs->rip);
	if (leaf == PROFILE_FRAMED ||
	    rsp_read(r, regs->rsp + (leaf == PROFILE_PUSHED ? 8 : 0), &ret,
		     sizeof(ret), err) ||
	    ret < KERNEL_BASE)
		return NULL;
	if (leaf == PROFILE_FRAMELESS &&
	    (rsp_read(r, ret - 5, before, sizeof(before), err) ||
	     !profile_calls(before, ret, fn->addr)))
		return NULL;
	return profile_symbol(syms, ret - 1);
}

/* The folded stack of one vCPU, root first, into @sb. */
static int take_stack(struct rsp *r, long tid, const struct elf_syms *syms,
		      struct strbuf *sb, struct osdk_err *err)
{
	const char *names[PROFILE_MAX_DEPTH];
	struct rsp_regs regs;
	const char *caller;
	uint64_t fp, frame[2];
	size_t n = 0;
	int ret = rsp_regs(r, tid, &regs, err);

	if (ret)
		return ret;
	strbuf_reset(sb);
	if ((regs.cs & 3) == 3) {
		strbuf_adds(sb, PROFILE_USER);
		return 0;
	}
	if (regs.rip < KERNEL_BASE) {
		/* Kernel code below the higher half: the boot path. */
		const char *name = profile_symbol(syms, regs.rip);

		strbuf_adds(sb, name ? name : PROFILE_BOOT);
		return 0;
	}
	names[n++] = profile_symbol(syms, regs.rip);
	caller = leaf_caller(r, syms, &regs, err);
	if (caller)
		names[n++] = caller;
	/* Frame pointers: [rbp] is the caller's rbp, [rbp+8] the return
	 * address; the chain climbs towards higher addresses. */
	for (fp = regs.rbp;
	     n < PROFILE_MAX_DEPTH && fp >= KERNEL_BASE && !(fp & 7);
	     fp = frame[0]) {
		const char *name;

		if (rsp_read(r, fp, frame, sizeof(frame), err))
			break; /* an unmapped frame ends the walk */
		name = frame[1] >= KERNEL_BASE
			       ? profile_symbol(syms, frame[1] - 1)
			       : NULL;
		if (!name)
			break;
		names[n++] = name;
		if (frame[0] <= fp)
			break;
	}
	while (n--) {
		strbuf_adds(sb, names[n] ? names[n] : PROFILE_UNKNOWN);
		if (n)
			strbuf_addch(sb, ';');
	}
	return 0;
}

int profile_run(const struct profile_opts *o, const struct elf_syms *syms,
		struct profile *out, struct osdk_err *err)
{
	struct rsp r = { .fd = -1 };
	struct strbuf sb = STRBUF_INIT;
	long tids[MAX_CPUS];
	size_t ntids, picked = 0;
	double start;
	int ret;

	memset(out, 0, sizeof(*out));
	out->interval_ms = o->interval_ms;
	ret = rsp_connect(&r, o->addr, err);
	if (ret)
		return ret;
	ret = rsp_threads(&r, tids, MAX_CPUS, &ntids, err);
	if (ret)
		goto out;
	for (size_t i = 0; i < ntids; i++)
		if (!o->cpu_mask || (i < 64 && (o->cpu_mask >> i) & 1))
			tids[picked++] = tids[i];
	if (!picked) {
		ret = err_set(
			err, -EINVAL,
			"the CPU mask %#llx selects none of the %zu vCPUs",
			(unsigned long long)o->cpu_mask, ntids);
		goto out;
	}
	out->cpus = (unsigned)picked;
	start = mono_s();
	/* Connecting stopped the CPUs: the first round is now. */
	for (;;) {
		for (size_t i = 0; i < picked; i++) {
			ret = take_stack(&r, tids[i], syms, &sb, err);
			if (ret)
				goto ended;
			profile_add(out, sb.buf, 1);
			out->samples++;
		}
		out->rounds++;
		out->seconds = mono_s() - start;
		if ((o->samples && out->rounds >= o->samples) ||
		    (o->duration_s > 0 && out->seconds >= o->duration_s) ||
		    (o->more && !o->more(o->ctx, out->rounds)))
			break;
		ret = rsp_continue(&r, err);
		if (ret)
			goto ended;
		sleep_ms(o->interval_ms);
		ret = rsp_interrupt(&r, err);
		if (ret)
			goto ended;
		/* The kernel powered off or QEMU quit: "W" or "X". */
		if (r.buf[0] == 'W' || r.buf[0] == 'X') {
			ret = -EPIPE;
			goto ended;
		}
	}
	rsp_detach(&r);
	goto sorted;
ended:
	/* The kernel went away mid-run: what was taken stands. */
	if (out->samples && (ret == -EPIPE || ret == -ETIMEDOUT)) {
		out->target_ended = true;
		ret = 0;
	}
sorted:
	profile_sort(out);
out:
	rsp_close(&r);
	strbuf_release(&sb);
	if (ret)
		profile_release(out);
	return ret;
}

void profile_release(struct profile *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].folded);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static int by_heat(const void *a, const void *b)
{
	const struct profile_fn *x = a, *y = b;

	if (x->self != y->self)
		return x->self < y->self ? 1 : -1;
	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* The index of @name in @v, added when missing. */
static size_t fn_index(struct profile_fn **v, size_t *n, const char *name,
		       size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*v)[i].name) == len &&
		    !strncmp((*v)[i].name, name, len))
			return i;
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n] = (struct profile_fn){ xstrndup(name, len), 0, 0 };
	return (*n)++;
}

void profile_functions(const struct profile *p, struct profile_fn **out,
		       size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < p->n; i++) {
		const char *s = p->v[i].folded;
		size_t seen[PROFILE_MAX_DEPTH + 1], nseen = 0, f = 0;

		for (const char *semi = s; semi; s = semi + 1) {
			bool dup = false;

			semi = strchr(s, ';');
			f = fn_index(out, n, s,
				     semi ? (size_t)(semi - s) : strlen(s));
			/* A recursive function counts once a stack. */
			for (size_t k = 0; k < nseen; k++)
				dup |= seen[k] == f;
			if (!dup && nseen <= PROFILE_MAX_DEPTH) {
				(*out)[f].total += p->v[i].count;
				seen[nseen++] = f;
			}
			if (!semi)
				break;
		}
		(*out)[f].self += p->v[i].count;
	}
	if (*n)
		qsort(*out, *n, sizeof(**out), by_heat);
}

void profile_functions_release(struct profile_fn *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)v[i].name);
	free(v);
}
