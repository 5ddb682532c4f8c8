/* SPDX-License-Identifier: MIT */
/* Tests of exec's pure parts: ELF checks, #! lines, arguments, the stack. */
#include "exec_internal.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/string.h>

static void kt_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void kt_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A valid x86-64 ET_EXEC header with @phnum program headers. */
static void kt_ehdr(uint8_t *b, uint16_t type, uint16_t phnum)
{
	memset(b, 0, 64);
	b[0] = 0x7f;
	b[1] = 'E';
	b[2] = 'L';
	b[3] = 'F';
	b[4] = 2;
	b[5] = 1;
	b[6] = 1;
	kt_put16(b + 16, type);
	kt_put16(b + 18, EXEC_EM_X86_64);
	b[20] = 1;
	kt_put64(b + 24, 0x401000);
	kt_put64(b + 32, 64);
	kt_put16(b + 52, 64);
	kt_put16(b + 54, 56);
	kt_put16(b + 56, phnum);
}

KTEST(proc_elf_header_checks)
{
	uint8_t b[64];
	struct exec_ehdr eh;

	kt_ehdr(b, EXEC_ET_EXEC, 2);
	KT_ASSERT_OK(exec_elf_check_header(b, sizeof(b), &eh));
	KT_ASSERT_EQ(eh.phnum, 2);
	KT_ASSERT_EQ(eh.entry, 0x401000);
	/* truncated */
	KT_ASSERT_ERR(exec_elf_check_header(b, 40, &eh), -ENOEXEC);
	/* wrong machine (i386) */
	kt_put16(b + 18, 3);
	KT_ASSERT_ERR(exec_elf_check_header(b, sizeof(b), &eh), -ENOEXEC);
	kt_put16(b + 18, EXEC_EM_X86_64);
	/* 32-bit class */
	b[4] = 1;
	KT_ASSERT_ERR(exec_elf_check_header(b, sizeof(b), &eh), -ENOEXEC);
	b[4] = 2;
	/* big-endian */
	b[5] = 2;
	KT_ASSERT_ERR(exec_elf_check_header(b, sizeof(b), &eh), -ENOEXEC);
	b[5] = 1;
	/* a relocatable object is not executable */
	kt_put16(b + 16, 1);
	KT_ASSERT_ERR(exec_elf_check_header(b, sizeof(b), &eh), -ENOEXEC);
	kt_put16(b + 16, EXEC_ET_DYN);
	KT_ASSERT_OK(exec_elf_check_header(b, sizeof(b), &eh));
	/* odd program header size, no program headers */
	kt_put16(b + 54, 32);
	KT_ASSERT_ERR(exec_elf_check_header(b, sizeof(b), &eh), -ENOEXEC);
	kt_put16(b + 54, 56);
	kt_put16(b + 56, 0);
	KT_ASSERT_ERR(exec_elf_check_header(b, sizeof(b), &eh), -ENOEXEC);
	/* not ELF at all */
	memcpy(b, "#!/bin", 6);
	KT_ASSERT_ERR(exec_elf_check_header(b, sizeof(b), &eh), -ENOEXEC);
}

/* Two PT_LOADs of a classic static binary, then a PT_GNU_STACK. */
static void kt_phdrs(struct exec_phdr ph[3])
{
	memset(ph, 0, 3 * sizeof(*ph));
	ph[0].type = EXEC_PT_LOAD;
	ph[0].flags = EXEC_PF_R | EXEC_PF_X;
	ph[0].offset = 0;
	ph[0].vaddr = 0x400000;
	ph[0].filesz = ph[0].memsz = 0x1234;
	ph[1].type = EXEC_PT_LOAD;
	ph[1].flags = EXEC_PF_R | EXEC_PF_W;
	ph[1].offset = 0x2010;
	ph[1].vaddr = 0x402010;
	ph[1].filesz = 0x100;
	ph[1].memsz = 0x3000;
	ph[2].type = EXEC_PT_GNU_STACK;
	ph[2].flags = EXEC_PF_R | EXEC_PF_W;
}

KTEST(proc_elf_phdr_checks)
{
	struct exec_phdr ph[3];
	struct exec_elf elf = { .ph = ph };

	elf.eh.phnum = 3;
	kt_phdrs(ph);
	KT_ASSERT_OK(exec_elf_check_phdrs(&elf));
	KT_ASSERT_EQ(elf.lo, 0x400000);
	KT_ASSERT_EQ(elf.hi, 0x406000);
	KT_ASSERT_EQ(elf.interp_idx, -1);
	KT_ASSERT(!elf.exec_stack);
	/* p_filesz > p_memsz */
	ph[1].filesz = 0x4000;
	KT_ASSERT_ERR(exec_elf_check_phdrs(&elf), -EINVAL);
	kt_phdrs(ph);
	/* offset and address not congruent modulo the page size */
	ph[1].offset = 0x2000;
	KT_ASSERT_ERR(exec_elf_check_phdrs(&elf), -EINVAL);
	kt_phdrs(ph);
	/* overlapping segments */
	ph[1].vaddr = 0x401010;
	ph[1].offset = 0x1010;
	KT_ASSERT_ERR(exec_elf_check_phdrs(&elf), -EINVAL);
	kt_phdrs(ph);
	/* beyond the user half */
	ph[1].vaddr = 0x7ffffffff010;
	ph[1].offset = 0x10;
	KT_ASSERT_ERR(exec_elf_check_phdrs(&elf), -EINVAL);
	kt_phdrs(ph);
	/* an interpreter path of one byte */
	ph[2].type = EXEC_PT_INTERP;
	ph[2].filesz = 1;
	KT_ASSERT_ERR(exec_elf_check_phdrs(&elf), -ENOEXEC);
	ph[2].filesz = 28;
	KT_ASSERT_OK(exec_elf_check_phdrs(&elf));
	KT_ASSERT_EQ(elf.interp_idx, 2);
	/* executable stack */
	ph[2].type = EXEC_PT_GNU_STACK;
	ph[2].flags = EXEC_PF_R | EXEC_PF_W | EXEC_PF_X;
	KT_ASSERT_OK(exec_elf_check_phdrs(&elf));
	KT_ASSERT(elf.exec_stack);
	/* nothing to load */
	ph[0].type = ph[1].type = 4; /* PT_NOTE */
	KT_ASSERT_ERR(exec_elf_check_phdrs(&elf), -ENOEXEC);
}

/* Parse @line as a script's first bytes. */
static int kt_script(const char *line, size_t len, char *interp, char *arg)
{
	return exec_script_parse((const uint8_t *)line, len, interp,
				 EXEC_BUF_SIZE, arg, EXEC_BUF_SIZE);
}

KTEST(proc_script_lines)
{
	char interp[EXEC_BUF_SIZE], arg[EXEC_BUF_SIZE];
	char *big = frame_alloc(EXEC_BUF_SIZE);

	KT_ASSERT_NOT_NULL(big);
	KT_ASSERT_EQ(kt_script("#!/bin/sh\necho", 14, interp, arg), 1);
	KT_ASSERT_STREQ(interp, "/bin/sh");
	KT_ASSERT_STREQ(arg, "");
	KT_ASSERT_EQ(kt_script("#! \t/usr/bin/env  python3 -u \t\n", 31, interp,
			       arg),
		     1);
	KT_ASSERT_STREQ(interp, "/usr/bin/env");
	KT_ASSERT_STREQ(arg, "python3 -u");
	/* a file that is only the line, without a newline */
	KT_ASSERT_EQ(kt_script("#!/bin/ash", 10, interp, arg), 1);
	KT_ASSERT_STREQ(interp, "/bin/ash");
	KT_ASSERT_EQ(kt_script("#!   \n", 6, interp, arg), -ENOEXEC);
	KT_ASSERT_EQ(kt_script("#!\n", 3, interp, arg), -ENOEXEC);
	KT_ASSERT_EQ(kt_script("\x7f"
			       "ELF",
			       4, interp, arg),
		     0);
	KT_ASSERT_EQ(kt_script("#", 1, interp, arg), 0);
	/* an interpreter name that fills the buffer: cut, refused */
	memset(big, 'a', EXEC_BUF_SIZE);
	big[0] = '#';
	big[1] = '!';
	KT_ASSERT_EQ(kt_script(big, EXEC_BUF_SIZE, interp, arg), -ENOEXEC);
	/* a long argument without a newline: cut at the buffer */
	memcpy(big + 2, "/bin/sh ", 8);
	KT_ASSERT_EQ(kt_script(big, EXEC_BUF_SIZE, interp, arg), 1);
	KT_ASSERT_STREQ(interp, "/bin/sh");
	KT_ASSERT_EQ(strnlen(arg, EXEC_BUF_SIZE), EXEC_BUF_SIZE - 1 - 10);
	frame_free(big);
}

KTEST(proc_exec_args_limits_and_script)
{
	struct exec_args a;
	char *big = frame_alloc(EXEC_MAX_ARG_STRLEN);

	KT_ASSERT_NOT_NULL(big);
	exec_args_init(&a, 8u << 20);
	KT_ASSERT_EQ(a.limit, 2u << 20);
	KT_ASSERT_OK(exec_args_push(&a, "./s", 3));
	a.argc++;
	KT_ASSERT_OK(exec_args_push(&a, "x", 1));
	a.argc++;
	KT_ASSERT_OK(exec_args_push(&a, "HOME=/", 6));
	a.envc++;
	KT_ASSERT_OK(exec_args_script(&a, "/bin/sh", "-e", "./s"));
	KT_ASSERT_EQ(a.argc, 4);
	KT_ASSERT_EQ(a.envc, 1);
	KT_ASSERT_STREQ(exec_args_str(&a, 0), "/bin/sh");
	KT_ASSERT_STREQ(exec_args_str(&a, 1), "-e");
	KT_ASSERT_STREQ(exec_args_str(&a, 2), "./s");
	KT_ASSERT_STREQ(exec_args_str(&a, 3), "x");
	KT_ASSERT_STREQ(exec_args_str(&a, 4), "HOME=/");
	/* one string of MAX_ARG_STRLEN bytes plus its NUL is too long */
	memset(big, 'y', EXEC_MAX_ARG_STRLEN);
	KT_ASSERT_ERR(exec_args_push(&a, big, EXEC_MAX_ARG_STRLEN), -E2BIG);
	KT_ASSERT_OK(exec_args_push(&a, big, EXEC_MAX_ARG_STRLEN - 1));
	exec_args_release(&a);
	/* a small RLIMIT_STACK still allows ARG_MAX's 32 pages */
	exec_args_init(&a, 4096);
	KT_ASSERT_EQ(a.limit, 32u * 4096u);
	for (int i = 0; i < 2; i++)
		KT_ASSERT_OK(exec_args_push(&a, big, 60000));
	KT_ASSERT_ERR(exec_args_push(&a, big, 60000), -E2BIG);
	exec_args_release(&a);
	frame_free(big);
}

static uint64_t kt_word(const uint8_t *img, size_t len, uint64_t top,
			uint64_t addr)
{
	uint64_t v;

	memcpy(&v, img + (len - (top - addr)), sizeof(v));
	return v;
}

KTEST(proc_stack_layout)
{
	const uint64_t top = 0x7ffffffff000ull;
	const size_t len = 8192;
	uint8_t *img = frame_zalloc(len);
	struct exec_args a;
	struct exec_auxv_in aux = { .phdr = 0x400040,
				    .phnum = 3,
				    .entry = 0x401000,
				    .vdso = 0x7fff0000,
				    .uid = 5,
				    .euid = 6,
				    .gid = 7,
				    .egid = 8 };
	const uint8_t rnd[16] = { 1, 2,	 3,  4,	 5,  6,	 7,  8,
				  9, 10, 11, 12, 13, 14, 15, 16 };
	uint64_t sp, at, v, found = 0;

	KT_ASSERT_NOT_NULL(img);
	exec_args_init(&a, 8u << 20);
	KT_ASSERT_OK(exec_args_push(&a, "prog", 4));
	KT_ASSERT_OK(exec_args_push(&a, "-v", 2));
	a.argc = 2;
	KT_ASSERT_OK(exec_args_push(&a, "A=1", 3));
	a.envc = 1;
	KT_ASSERT_OK(exec_stack_layout(img, len, top, &a, "/bin/prog", &aux,
				       rnd, &sp));
	KT_ASSERT_EQ(sp % 16, 0);
	KT_ASSERT_LT(top - sp, len);
	KT_ASSERT_EQ(kt_word(img, len, top, sp), 2); /* argc */
	v = kt_word(img, len, top, sp + 8);
	KT_ASSERT_STREQ((const char *)img + (len - (top - v)), "prog");
	v = kt_word(img, len, top, sp + 16);
	KT_ASSERT_STREQ((const char *)img + (len - (top - v)), "-v");
	KT_ASSERT_EQ(kt_word(img, len, top, sp + 24), 0);
	v = kt_word(img, len, top, sp + 32);
	KT_ASSERT_STREQ((const char *)img + (len - (top - v)), "A=1");
	KT_ASSERT_EQ(kt_word(img, len, top, sp + 40), 0);
	/* the auxiliary vector up to AT_NULL */
	for (at = sp + 48;; at += 16) {
		uint64_t tag = kt_word(img, len, top, at);

		v = kt_word(img, len, top, at + 8);
		if (tag == AT_NULL)
			break;
		if (tag == AT_RANDOM) {
			KT_ASSERT_EQ(memcmp(img + (len - (top - v)), rnd, 16),
				     0);
			found |= 1;
		} else if (tag == AT_EXECFN) {
			KT_ASSERT_STREQ((const char *)img + (len - (top - v)),
					"/bin/prog");
			found |= 2;
		} else if (tag == AT_PLATFORM) {
			KT_ASSERT_STREQ((const char *)img + (len - (top - v)),
					"x86_64");
			found |= 4;
		} else if (tag == AT_PAGESZ) {
			KT_ASSERT_EQ(v, 4096);
			found |= 8;
		} else if (tag == AT_EGID) {
			KT_ASSERT_EQ(v, 8);
			found |= 16;
		} else if (tag == AT_SYSINFO_EHDR) {
			KT_ASSERT_EQ(v, 0x7fff0000);
			found |= 32;
		}
		KT_ASSERT_LT(at, top);
	}
	KT_ASSERT_EQ(found, 63);
	/* too small an image: E2BIG, not an overrun */
	KT_ASSERT_ERR(exec_stack_layout(img, 64, top, &a, "/bin/prog", &aux,
					rnd, &sp),
		      -E2BIG);
	exec_args_release(&a);
	frame_free(img);
}
