/* SPDX-License-Identifier: MIT */
/* ktests for the vDSO: its exports, and calling it from user mode. */
#include "vdso/vdso.h"

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/smp.h>
#include <frame/string.h>
#include <frame/task.h>
#include <frame/time.h>
#include <frame/user.h>
#include <frame/vdso.h>
#include <frame/vm.h>

#include "arch/x86_64/umode/umode_test.h"
#include "vdso/elf64.h"

extern const char vdso_test_prog_start[], vdso_test_prog_end[];
extern const char vdso_test_prog_call[];

/* Where the tests put the caller and the vDSO (the data page first). */
#define VT_CODE 0x500000ul
#define VT_VDSO 0x7ff000000000ul

/* Linux's numbers, as the image uses them. */
#define VT_CLOCK_REALTIME	  0
#define VT_CLOCK_MONOTONIC	  1
#define VT_CLOCK_PROCESS_CPUTIME  2
#define VT_CLOCK_MONOTONIC_RAW	  4
#define VT_CLOCK_REALTIME_COARSE  5
#define VT_CLOCK_MONOTONIC_COARSE 6
#define VT_CLOCK_BOOTTIME	  7
#define VT_NR_gettimeofday	  96
#define VT_NR_clock_gettime	  228
#define VT_NR_getcpu		  309

/* Dynamic tags that would ask a loader for work. */
#define VT_DT_PLTRELSZ 2
#define VT_DT_RELA     7
#define VT_DT_RELASZ   8
#define VT_DT_REL      17
#define VT_DT_RELSZ    18
#define VT_DT_TEXTREL  22
#define VT_DT_JMPREL   23

/* ---- finding symbols the way a libc does ---- */

/*
 * The tables a dynamic linker uses to look a versioned symbol up: the GNU
 * hash table (not the plain one vdso_init() walks), the version table and
 * the version definitions.
 */
struct vt_dyn {
	const unsigned char *img;
	size_t size;
	const uint32_t *gnu_hash;
	const struct elf64_sym *syms;
	const char *strs;
	const uint16_t *versym;
	const unsigned char *verdef;
	size_t nverdef;
	bool loader_work; /* some relocation tag with content */
};

static const void *vt_at(const struct vt_dyn *d, uint64_t off, size_t len)
{
	KT_ASSERT(off <= d->size && len <= d->size - off);
	return d->img + off;
}

static void vt_dyn_read(struct vt_dyn *d)
{
	const struct elf64_ehdr *eh;
	const struct elf64_phdr *ph;
	const struct elf64_dyn *dyn = NULL;
	size_t ndyn = 0;

	memset(d, 0, sizeof(*d));
	d->img = vdso_image(&d->size);
	KT_ASSERT_NOT_NULL(d->img);
	eh = vt_at(d, 0, sizeof(*eh));
	KT_ASSERT(!memcmp(eh->e_ident, "\177ELF", 4));
	KT_ASSERT_EQ(eh->e_type, ELF64_ET_DYN);
	ph = vt_at(d, eh->e_phoff, eh->e_phnum * sizeof(*ph));
	for (size_t i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != ELF64_PT_DYNAMIC)
			continue;
		dyn = vt_at(d, ph[i].p_offset, ph[i].p_filesz);
		ndyn = ph[i].p_filesz / sizeof(*dyn);
	}
	KT_ASSERT_NOT_NULL(dyn);
	for (size_t i = 0; i < ndyn && dyn[i].d_tag != ELF64_DT_NULL; i++) {
		uint64_t v = dyn[i].d_val;

		switch (dyn[i].d_tag) {
		case ELF64_DT_GNU_HASH:
			d->gnu_hash = vt_at(d, v, 16);
			break;
		case ELF64_DT_SYMTAB:
			d->syms = vt_at(d, v, sizeof(*d->syms));
			break;
		case ELF64_DT_STRTAB:
			d->strs = vt_at(d, v, 1);
			break;
		case ELF64_DT_VERSYM:
			d->versym = vt_at(d, v, 2);
			break;
		case ELF64_DT_VERDEF:
			d->verdef = vt_at(d, v, sizeof(struct elf64_verdef));
			break;
		case ELF64_DT_VERDEFNUM:
			d->nverdef = v;
			break;
		case VT_DT_RELA:
		case VT_DT_REL:
		case VT_DT_JMPREL:
		case VT_DT_TEXTREL:
			d->loader_work = true;
			break;
		case VT_DT_RELASZ:
		case VT_DT_RELSZ:
		case VT_DT_PLTRELSZ:
			d->loader_work |= v != 0;
			break;
		}
	}
	KT_ASSERT_NOT_NULL(d->gnu_hash);
	KT_ASSERT_NOT_NULL(d->syms);
	KT_ASSERT_NOT_NULL(d->strs);
	KT_ASSERT_NOT_NULL(d->versym);
	KT_ASSERT_NOT_NULL(d->verdef);
}

static uint32_t vt_gnu_hash(const char *s)
{
	uint32_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* Whether symbol @i is defined in version @version. */
static bool vt_version_is(const struct vt_dyn *d, size_t i, const char *version)
{
	unsigned int want = d->versym[i] & ~ELF64_VERSYM_HIDDEN;
	const unsigned char *p = d->verdef;

	for (size_t n = 0; n < d->nverdef; n++) {
		const struct elf64_verdef *vd = (const void *)p;

		if (vd->vd_ndx == want) {
			const struct elf64_verdaux *a =
				(const void *)(p + vd->vd_aux);

			return !strcmp(d->strs + a->vda_name, version);
		}
		p += vd->vd_next;
	}
	return false;
}

/*
 * The symbol @name of version @version, through the GNU hash table with
 * its Bloom filter, as glibc's and musl's dynamic linkers look it up; NULL
 * when there is none.
 */
static const struct elf64_sym *vt_lookup(const struct vt_dyn *d,
					 const char *name, const char *version)
{
	uint32_t nbuckets = d->gnu_hash[0], symoffset = d->gnu_hash[1];
	uint32_t bloom_size = d->gnu_hash[2], shift = d->gnu_hash[3];
	const uint64_t *bloom = (const uint64_t *)(d->gnu_hash + 4);
	const uint32_t *buckets = (const uint32_t *)(bloom + bloom_size);
	const uint32_t *chain = buckets + nbuckets;
	uint32_t h = vt_gnu_hash(name);
	uint64_t word = bloom[(h / 64) % bloom_size];
	uint64_t mask = (1ull << (h % 64)) | (1ull << ((h >> shift) % 64));

	if ((word & mask) != mask)
		return NULL;
	for (uint32_t i = buckets[h % nbuckets]; i >= symoffset && i; i++) {
		uint32_t ch = chain[i - symoffset];

		if ((ch | 1) == (h | 1) &&
		    !strcmp(d->strs + d->syms[i].st_name, name) &&
		    vt_version_is(d, i, version))
			return &d->syms[i];
		if (ch & 1)
			break;
	}
	return NULL;
}

static const char *const vt_names[] = { "clock_gettime", "gettimeofday", "time",
					"getcpu" };

KTEST(vdso_image_exports_linux_names_without_relocations)
{
	struct frame_vdso_layout l;
	struct vt_dyn d;
	char prefixed[32];

	frame_vdso_layout(&l);
	vt_dyn_read(&d);
	KT_ASSERT(!d.loader_work);
	KT_ASSERT_EQ(l.image_offset, FRAME_VDSO_DATA_PAGES * VM_PAGE_SIZE);
	KT_ASSERT_EQ(l.size % VM_PAGE_SIZE, 0);
	KT_ASSERT_GE(l.size, l.image_offset + l.image_size);
	for (size_t i = 0; i < ARRAY_SIZE(vt_names); i++) {
		const struct elf64_sym *p, *u;
		const size_t entries[] = { l.clock_gettime, l.gettimeofday,
					   l.time, l.getcpu };

		frame_snprintf(prefixed, sizeof(prefixed), "__vdso_%s",
			       vt_names[i]);
		p = vt_lookup(&d, prefixed, "LINUX_2.6");
		u = vt_lookup(&d, vt_names[i], "LINUX_2.6");
		KT_ASSERT_NOT_NULL(p);
		KT_ASSERT_NOT_NULL(u);
		KT_ASSERT_NULL(vt_lookup(&d, prefixed, "LINUX_2.5"));
		KT_ASSERT_EQ(ELF64_ST_TYPE(p->st_info), ELF64_STT_FUNC);
		KT_ASSERT_EQ(ELF64_ST_BIND(p->st_info), ELF64_STB_GLOBAL);
		KT_ASSERT_EQ(ELF64_ST_BIND(u->st_info), ELF64_STB_WEAK);
		KT_ASSERT_EQ(u->st_value, p->st_value);
		KT_ASSERT_EQ(p->st_value + l.image_offset, entries[i]);
	}
	KT_ASSERT_NULL(vt_lookup(&d, "vdso_read_clock", "LINUX_2.6"));
}

/* ---- running it ---- */

struct vdso_test {
	struct umode_test_env env;
	struct frame_page *prog;
	struct frame_vdso_layout l;
	struct vt_dyn d;
};

static void vt_init(struct vdso_test *vt)
{
	size_t len = (size_t)(vdso_test_prog_end - vdso_test_prog_start);
	struct vm_cursor c;

	vt->prog = NULL;
	KT_ASSERT_OK(umode_test_env_init(&vt->env));
	vt->prog = frame_page_alloc(0, FRAME_PAGE_ZERO);
	KT_ASSERT_NOT_NULL(vt->prog);
	KT_ASSERT_OK(frame_page_write(vt->prog, 0, vdso_test_prog_start, len));
	KT_ASSERT_OK(vm_cursor_open(&c, vt->env.space,
				    uaddr_from_syscall_arg(VT_CODE),
				    VM_PAGE_SIZE));
	KT_ASSERT_OK(vm_cursor_map(&c, vt->prog, VM_PROT_READ | VM_PROT_EXEC));
	vm_cursor_close(&c);
	KT_ASSERT_OK(
		frame_vdso_map(vt->env.space, uaddr_from_syscall_arg(VT_VDSO)));
	frame_vdso_layout(&vt->l);
	vt_dyn_read(&vt->d);
}

static void vt_release(struct vdso_test *vt)
{
	umode_test_env_release(&vt->env);
	if (vt->prog)
		frame_page_put(vt->prog);
}

/* The user address of the vDSO's function @name, found by symbol. */
static uint64_t vt_func(struct vdso_test *vt, const char *name)
{
	const struct elf64_sym *s = vt_lookup(&vt->d, name, "LINUX_2.6");

	KT_ASSERT_NOT_NULL(s);
	return VT_VDSO + vt->l.image_offset + s->st_value;
}

/* Start a call of @fn(a, b, c) in user mode. */
static void vt_call(struct vdso_test *vt, uint64_t fn, uint64_t a, uint64_t b,
		    uint64_t c)
{
	struct uctx *ctx = vt->env.ctx;

	uctx_set_rip(ctx, VT_CODE + (uint64_t)(vdso_test_prog_call -
					       vdso_test_prog_start));
	uctx_set_rsp(ctx, UT_STACK_TOP);
	uctx_set_reg(ctx, UCTX_R12, fn);
	uctx_set_reg(ctx, UCTX_RDI, a);
	uctx_set_reg(ctx, UCTX_RSI, b);
	uctx_set_reg(ctx, UCTX_RDX, c);
}

/* Run until the next syscall, which must be @nr. */
static void vt_expect_syscall(struct vdso_test *vt, uint64_t nr)
{
	struct umode_trap t;

	KT_ASSERT_OK(umode_test_run(vt->env.ctx, vt->env.space, &t));
	KT_ASSERT_EQ(t.reason, UMODE_SYSCALL);
	KT_ASSERT_EQ(uctx_syscall_nr(vt->env.ctx), nr);
}

/* Run the call to its end: what the function returned in RAX. */
static uint64_t vt_result_rax(struct vdso_test *vt)
{
	vt_expect_syscall(vt, UT_SYS_REPORT);
	return uctx_get_reg(vt->env.ctx, UCTX_RDI);
}

/* The same for a function that returns int: in EAX alone. */
static int vt_result(struct vdso_test *vt)
{
	return (int)(uint32_t)vt_result_rax(vt);
}

static uint64_t vt_read_u64(struct vdso_test *vt, size_t offset)
{
	uint64_t v;

	KT_ASSERT_OK(frame_page_read(vt->env.data, offset, &v, sizeof(v)));
	return v;
}

/* A timespec the vDSO wrote at UT_DATA, in nanoseconds. */
static uint64_t vt_timespec_ns(struct vdso_test *vt)
{
	uint64_t sec = vt_read_u64(vt, 0), nsec = vt_read_u64(vt, 8);

	KT_ASSERT_LT(nsec, FRAME_NSEC_PER_SEC);
	return sec * FRAME_NSEC_PER_SEC + nsec;
}

/* clock_gettime(@clock) through the vDSO, which must not make a syscall. */
static uint64_t vt_clock(struct vdso_test *vt, long clock)
{
	vt_call(vt, vt_func(vt, "__vdso_clock_gettime"), (uint64_t)clock,
		UT_DATA, 0);
	KT_ASSERT_EQ(vt_result(vt), 0);
	return vt_timespec_ns(vt);
}

KTEST(vdso_mapping_holds_the_image_and_data_page)
{
	struct vdso_test vt;
	unsigned char head[64];
	size_t len;
	const void *img;

	vt_init(&vt);
	/* Read-only both: a store faults as a protection violation. */
	for (uint64_t off = 0; off < vt.l.size; off += vt.l.image_offset) {
		struct umode_trap t;

		uctx_set_rip(vt.env.ctx,
			     umode_test_addr(umode_test_prog_store));
		uctx_set_reg(vt.env.ctx, UCTX_RDI, VT_VDSO + off);
		uctx_set_reg(vt.env.ctx, UCTX_RSI, 1);
		KT_ASSERT_OK(umode_test_run(vt.env.ctx, vt.env.space, &t));
		KT_ASSERT_EQ(t.reason, UMODE_PAGE_FAULT);
		KT_ASSERT_EQ(t.fault_addr, VT_VDSO + off);
		KT_ASSERT(t.error_code & UMODE_PF_PRESENT);
		KT_ASSERT(t.error_code & UMODE_PF_WRITE);
	}
	/* The process (current since it ran) sees the image at
	 * AT_SYSINFO_EHDR. */
	img = vdso_image(&len);
	KT_ASSERT_OK(frame_copy_from_user(
		head, uaddr_from_syscall_arg(VT_VDSO + vt.l.image_offset),
		sizeof(head)));
	KT_ASSERT(!memcmp(head, img, sizeof(head)));
	/* All or nothing, and only where the service may map. */
	KT_ASSERT_ERR(
		frame_vdso_map(vt.env.space, uaddr_from_syscall_arg(VT_VDSO)),
		-EEXIST);
	KT_ASSERT_ERR(frame_vdso_map(vt.env.space,
				     uaddr_from_syscall_arg(VT_VDSO - 4096)),
		      -EEXIST);
	KT_ASSERT_ERR(frame_vdso_map(vt.env.space,
				     uaddr_from_syscall_arg(VT_VDSO + 12)),
		      -EINVAL);
	KT_ASSERT_ERR(frame_vdso_map(vt.env.space,
				     uaddr_from_syscall_arg(VM_USER_MAX -
							    VM_PAGE_SIZE)),
		      -EINVAL);
	vt_release(&vt);
}

KTEST(vdso_clock_gettime_reads_the_frame_clocks)
{
	static const long mono_clocks[] = { VT_CLOCK_MONOTONIC,
					    VT_CLOCK_MONOTONIC_RAW,
					    VT_CLOCK_BOOTTIME };
	struct vdso_test vt;
	uint64_t before, got, after;

	vt_init(&vt);
	for (size_t i = 0; i < ARRAY_SIZE(mono_clocks); i++) {
		before = frame_clock_monotonic_ns();
		got = vt_clock(&vt, mono_clocks[i]);
		after = frame_clock_monotonic_ns();
		KT_ASSERT_LE(before, got);
		KT_ASSERT_LE(got, after);
	}
	before = frame_clock_realtime_ns();
	got = vt_clock(&vt, VT_CLOCK_REALTIME);
	after = frame_clock_realtime_ns();
	KT_ASSERT_LE(before, got);
	KT_ASSERT_LE(got, after);

	/* gettimeofday and time read the same wall clock. */
	before = frame_clock_realtime_ns() / FRAME_NSEC_PER_USEC;
	vt_call(&vt, vt_func(&vt, "__vdso_gettimeofday"), UT_DATA, 0, 0);
	KT_ASSERT_EQ(vt_result(&vt), 0);
	got = vt_read_u64(&vt, 0) * 1000000 + vt_read_u64(&vt, 8);
	after = frame_clock_realtime_ns() / FRAME_NSEC_PER_USEC;
	KT_ASSERT_LE(before, got);
	KT_ASSERT_LE(got, after);
	before = frame_clock_realtime_ns() / FRAME_NSEC_PER_SEC;
	vt_call(&vt, vt_func(&vt, "__vdso_time"), UT_DATA + 64, 0, 0);
	got = vt_result_rax(&vt);
	after = frame_clock_realtime_ns() / FRAME_NSEC_PER_SEC;
	KT_ASSERT_LE(before, got);
	KT_ASSERT_LE(got, after);
	KT_ASSERT_EQ(vt_read_u64(&vt, 64), got);
	vt_release(&vt);
}

KTEST(vdso_coarse_clocks_follow_the_tick)
{
	struct vdso_test vt;
	uint64_t c1, c2, r, mono;

	vt_init(&vt);
	c1 = vt_clock(&vt, VT_CLOCK_MONOTONIC_COARSE);
	KT_ASSERT_LE(c1, frame_clock_monotonic_ns());
	/* Several ticks later it has moved, and not past the fine clock. */
	task_sleep_ns(5 * FRAME_NSEC_PER_SEC / FRAME_TICK_HZ);
	c2 = vt_clock(&vt, VT_CLOCK_MONOTONIC_COARSE);
	mono = frame_clock_monotonic_ns();
	KT_ASSERT_GT(c2, c1);
	KT_ASSERT_LE(c2, mono);
	r = vt_clock(&vt, VT_CLOCK_REALTIME_COARSE);
	KT_ASSERT_LE(r, frame_clock_realtime_ns());
	KT_ASSERT_GE(r, c2 + (frame_clock_realtime_ns() - mono) -
				FRAME_NSEC_PER_SEC);
	vt_release(&vt);
}

KTEST(vdso_realtime_follows_clock_set)
{
	struct vdso_test vt;
	const uint64_t jump = 1000 * FRAME_NSEC_PER_SEC;
	uint64_t set, got;

	vt_init(&vt);
	set = frame_clock_realtime_ns() + jump;
	KT_ASSERT_OK(frame_clock_realtime_set(set));
	got = vt_clock(&vt, VT_CLOCK_REALTIME);
	/* Put the wall clock back before checking. */
	KT_ASSERT_OK(
		frame_clock_realtime_set(frame_clock_realtime_ns() - jump));
	KT_ASSERT_GE(got, set);
	KT_ASSERT_LT(got - set, FRAME_NSEC_PER_SEC);
	vt_release(&vt);
}

KTEST(vdso_falls_back_to_the_syscall)
{
	struct vdso_test vt;
	uint64_t args[6];

	vt_init(&vt);
	/* A clock it does not serve: the real clock_gettime, whose result
	 * (here an error) is what the caller gets. */
	vt_call(&vt, vt_func(&vt, "__vdso_clock_gettime"),
		VT_CLOCK_PROCESS_CPUTIME, UT_DATA, 0);
	vt_expect_syscall(&vt, VT_NR_clock_gettime);
	uctx_syscall_args(vt.env.ctx, args);
	KT_ASSERT_EQ(args[0], VT_CLOCK_PROCESS_CPUTIME);
	KT_ASSERT_EQ(args[1], UT_DATA);
	uctx_set_syscall_ret(vt.env.ctx, (uint64_t)-EINVAL);
	KT_ASSERT_EQ(vt_result(&vt), -EINVAL);
	/* A time zone is the kernel's to give. */
	vt_call(&vt, vt_func(&vt, "__vdso_gettimeofday"), UT_DATA, UT_DATA + 64,
		0);
	vt_expect_syscall(&vt, VT_NR_gettimeofday);
	uctx_set_syscall_ret(vt.env.ctx, 0);
	KT_ASSERT_EQ(vt_result(&vt), 0);
	vt_release(&vt);
}

KTEST(vdso_getcpu_reports_this_cpu)
{
	struct vdso_data *d = vdso_data();
	struct vdso_test vt;
	int cpu;

	/* Pinned, so that the CPU cannot change under the call. */
	task_pin(task_current(), true);
	cpu = smp_this_cpu();
	vt_init(&vt);
	vt_call(&vt, vt_func(&vt, "__vdso_getcpu"), UT_DATA, UT_DATA + 8, 0);
	if (d->cpu_mode == VDSO_CPU_SYSCALL) {
		/* Nothing to read it with: the syscall, then its result. */
		vt_expect_syscall(&vt, VT_NR_getcpu);
		KT_ASSERT_OK(frame_page_write(vt.env.data, 0, &cpu, 4));
		KT_ASSERT_OK(frame_page_fill(vt.env.data, 8, 0, 4));
		uctx_set_syscall_ret(vt.env.ctx, 0);
	}
	KT_ASSERT_EQ(vt_result(&vt), 0);
	KT_ASSERT_EQ((uint32_t)vt_read_u64(&vt, 0), (uint32_t)cpu);
	KT_ASSERT_EQ((uint32_t)vt_read_u64(&vt, 8), 0);
	KT_ASSERT_EQ(smp_this_cpu(), cpu);
	vt_release(&vt);
	task_pin(task_current(), false);
}

struct vt_aux_call {
	struct smp_call call;
	uint64_t aux;
};

/* What the vDSO's instruction reads on this CPU, into the call's aux. */
static void vt_read_tsc_aux(struct smp_call *call)
{
	uint64_t *out = &container_of(call, struct vt_aux_call, call)->aux;
	uint32_t lo, hi, aux;

	if (vdso_data()->cpu_mode == VDSO_CPU_RDPID) {
		__asm__ volatile("rdpid %0" : "=r"(*out));
		return;
	}
	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	*out = aux;
}

KTEST(vdso_tsc_aux_is_the_cpu_number_everywhere)
{
	if (vdso_data()->cpu_mode == VDSO_CPU_SYSCALL)
		return; /* no IA32_TSC_AUX: getcpu is the syscall */
	for (int cpu = 0; cpu < smp_cpu_count(); cpu++) {
		struct vt_aux_call c = { .aux = ~0ull };

		smp_call_init(&c.call, vt_read_tsc_aux);
		KT_ASSERT_OK(smp_call_on(cpu, &c.call, true));
		KT_ASSERT_EQ(c.aux & VDSO_TSC_AUX_CPU_MASK, (uint64_t)cpu);
		KT_ASSERT_EQ(c.aux >> VDSO_TSC_AUX_NODE_SHIFT, 0);
	}
}
