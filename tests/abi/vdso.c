/* SPDX-License-Identifier: MIT */
/* vdso.c - the vDSO: AT_SYSINFO_EHDR names an ELF image whose dynamic
 * symbols include __vdso_clock_gettime, gettimeofday, time and getcpu;
 * calling them agrees with the system calls; libc's clock_gettime works. */
#include "abi.h"

#include <elf.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

static const Elf64_Ehdr *eh;
static uintptr_t load_bias;
static const Elf64_Sym *symtab;
static const char *strtab;
static size_t nsyms;

static int vdso_parse(void)
{
	const Elf64_Phdr *ph = (const void *)((const char *)eh + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	const uint32_t *hash = NULL;
	int i, have_load = 0;

	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			load_bias =
				(uintptr_t)eh + ph[i].p_offset - ph[i].p_vaddr;
			have_load = 1;
		} else if (ph[i].p_type == PT_DYNAMIC) {
			dyn = (const void *)((const char *)eh + ph[i].p_offset);
		}
	}
	if (!have_load || !dyn)
		return 0;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB)
			symtab = (const void *)(dyn->d_un.d_ptr + load_bias);
		else if (dyn->d_tag == DT_STRTAB)
			strtab = (const void *)(dyn->d_un.d_ptr + load_bias);
		else if (dyn->d_tag == DT_HASH)
			hash = (const void *)(dyn->d_un.d_ptr + load_bias);
	}
	if (!symtab || !strtab || !hash)
		return 0;
	nsyms = hash[1];
	return 1;
}

static void *vdso_sym(const char *name)
{
	size_t i;

	for (i = 0; i < nsyms; i++)
		if (symtab[i].st_shndx != SHN_UNDEF &&
		    strcmp(strtab + symtab[i].st_name, name) == 0)
			return (void *)(symtab[i].st_value + load_bias);
	return NULL;
}

int main(int argc, char **argv)
{
	int (*vgettime)(clockid_t, struct timespec *);
	int (*vgtod)(struct timeval *, void *);
	long (*vtime)(long *);
	int (*vgetcpu)(unsigned *, unsigned *, void *);
	struct timespec a, b, c;
	struct timeval tv;
	unsigned cpu = 99;
	int i, mono = 1;

	(void)argc;
	abi_start(argv[0]);
	eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
	CHECK("auxv.sysinfo_ehdr", eh != NULL);
	if (!eh)
		return abi_end();
	CHECK("elf.magic", memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0);
	CHECK_EQ("elf.class64", eh->e_ident[EI_CLASS], ELFCLASS64);
	CHECK_EQ("elf.type_dyn", eh->e_type, ET_DYN);
	CHECK_EQ("elf.machine", eh->e_machine, EM_X86_64);
	CHECK("elf.page_aligned", ((uintptr_t)eh & 4095) == 0);
	CHECK("elf.dynamic_symbols", vdso_parse());
	vgettime = (int (*)(clockid_t, struct timespec *))vdso_sym(
		"__vdso_clock_gettime");
	vgtod = (int (*)(struct timeval *, void *))vdso_sym(
		"__vdso_gettimeofday");
	vtime = (long (*)(long *))vdso_sym("__vdso_time");
	vgetcpu = (int (*)(unsigned *, unsigned *, void *))vdso_sym(
		"__vdso_getcpu");
	CHECK("sym.clock_gettime", vgettime != NULL);
	CHECK("sym.gettimeofday", vgtod != NULL);
	CHECK("sym.time", vtime != NULL);
	CHECK("sym.getcpu", vgetcpu != NULL);
	CHECK("sym.clock_getres", vdso_sym("__vdso_clock_getres") != NULL);
	if (vgettime) {
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
		CHECK_EQ("vdso.clock_gettime_ok", vgettime(CLOCK_MONOTONIC, &b),
			 0);
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &c);
		CHECK("vdso.monotonic_between",
		      (b.tv_sec > a.tv_sec ||
		       (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)) &&
			      (c.tv_sec > b.tv_sec ||
			       (c.tv_sec == b.tv_sec &&
				c.tv_nsec >= b.tv_nsec)));
		syscall(SYS_clock_gettime, CLOCK_REALTIME, &a);
		vgettime(CLOCK_REALTIME, &b);
		CHECK("vdso.realtime_agrees",
		      llabs((long long)(b.tv_sec - a.tv_sec)) <= 1);
		CHECK_EQ("vdso.bad_clock", vgettime(42, &b), -EINVAL);
		CHECK_EQ("vdso.cputime_fallback",
			 vgettime(CLOCK_PROCESS_CPUTIME_ID, &b), 0);
	}
	if (vgtod) {
		CHECK_EQ("vdso.gettimeofday_ok", vgtod(&tv, NULL), 0);
		CHECK("vdso.gettimeofday_agrees",
		      llabs((long long)tv.tv_sec - (long long)time(NULL)) <= 1);
	}
	if (vtime)
		CHECK("vdso.time_agrees",
		      llabs(vtime(NULL) - (long)syscall(SYS_time, NULL)) <= 1);
	if (vgetcpu)
		CHECK("vdso.getcpu",
		      vgetcpu(&cpu, NULL, NULL) == 0 && cpu < 64);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 10000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (b.tv_sec < a.tv_sec ||
		    (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec))
			mono = 0;
		a = b;
	}
	CHECK("libc.clock_gettime_monotonic", mono);
	return abi_end();
}
