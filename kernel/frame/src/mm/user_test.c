/* SPDX-License-Identifier: MIT */
/* ktests for user memory access: copies, -EFAULT, SMAP and SMEP. */
#include <frame/user.h>

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/vm.h>

#include "arch/x86_64/trap/extable.h"
#include "arch/x86_64/trap/fault_probe.h"
#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/umode/usercopy.h"
#include "panic/ksyms.h"

/*
 * The test space: two writable pages at U, a hole at U + 2 pages, a
 * read-only page at U + 3 pages.
 */
#define U 0x10000000ul

static struct vm_space *space;
static struct frame_page *pg[3];

static uaddr_t ua(unsigned long v)
{
	return uaddr_from_syscall_arg(v);
}

static void space_up(void)
{
	struct vm_cursor c;

	space = vm_space_create();
	KT_ASSERT_NOT_NULL(space);
	for (int i = 0; i < 3; i++) {
		pg[i] = frame_page_alloc(0, FRAME_PAGE_ZERO);
		KT_ASSERT_NOT_NULL(pg[i]);
	}
	KT_ASSERT_OK(vm_cursor_open(&c, space, ua(U), 4 * 4096));
	KT_ASSERT_OK(vm_cursor_map(&c, pg[0], VM_PROT_READ | VM_PROT_WRITE));
	KT_ASSERT_OK(vm_cursor_map(&c, pg[1], VM_PROT_READ | VM_PROT_WRITE));
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(U + 3 * 4096)));
	KT_ASSERT_OK(vm_cursor_map(&c, pg[2], VM_PROT_READ));
	vm_cursor_close(&c);
	vm_space_activate(space);
}

static void space_down(void)
{
	vm_space_activate(NULL);
	vm_space_put(space);
	for (int i = 0; i < 3; i++)
		frame_page_put(pg[i]);
}

KTEST(user_copy_round_trip)
{
	char out[200], in[200], check[100];

	for (int i = 0; i < 200; i++)
		out[i] = (char)(i * 7 + 1);
	space_up();
	/* Across the boundary between the two mapped pages. */
	KT_ASSERT_OK(frame_copy_to_user(ua(U + 4000), out, 200));
	memset(in, 0, sizeof(in));
	KT_ASSERT_OK(frame_copy_from_user(in, ua(U + 4000), 200));
	KT_ASSERT(!memcmp(in, out, 200));
	KT_ASSERT_OK(frame_page_read(pg[0], 4000, check, 96));
	KT_ASSERT(!memcmp(check, out, 96));
	KT_ASSERT_OK(frame_page_read(pg[1], 0, check, 100));
	KT_ASSERT(!memcmp(check, out + 96, 100));
	/* Zero-length copies touch nothing, even at odd addresses. */
	KT_ASSERT_OK(frame_copy_to_user(ua(U + 2 * 4096), out, 0));
	KT_ASSERT_OK(frame_clear_user(ua(U + 4000), 100));
	KT_ASSERT_OK(frame_page_read(pg[0], 4000, check, 96));
	for (int i = 0; i < 96; i++)
		KT_ASSERT_EQ(check[i], 0);
	space_down();
}

static uint64_t kernel_secret = 0x5ec2e7;

KTEST(user_copy_faults_are_efault)
{
	static const unsigned long bad[] = {
		0,		    /* null: unmapped */
		U + 2 * 4096,	    /* the hole */
		0x7ffffffff000,	    /* the top user page, never mapped */
		0x0000800000000000, /* first non-canonical */
		0xdead000000000000, /* non-canonical */
		0xffff800000000000, /* kernel: the direct map */
	};
	char buf[16];

	space_up();
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(buf, 'k', sizeof(buf));
		KT_ASSERT_ERR(frame_copy_from_user(buf, ua(bad[i]), 16),
			      -EFAULT);
		/* Nothing stale left behind in the kernel buffer. */
		for (int j = 0; j < 16; j++)
			KT_ASSERT_EQ(buf[j], 0);
		KT_ASSERT_ERR(frame_copy_to_user(ua(bad[i]), buf, 16), -EFAULT);
		KT_ASSERT_ERR(frame_clear_user(ua(bad[i]), 16), -EFAULT);
	}
	/* A kernel object's own address: refused, and left alone. */
	KT_ASSERT_ERR(
		frame_copy_from_user(
			buf, ua((unsigned long)(uintptr_t)&kernel_secret), 8),
		-EFAULT);
	KT_ASSERT_ERR(
		frame_copy_to_user(ua((unsigned long)(uintptr_t)&kernel_secret),
				   buf, 8),
		-EFAULT);
	KT_ASSERT_EQ(kernel_secret, 0x5ec2e7);
	/* A range that starts in user space and wraps or crosses over. */
	KT_ASSERT_ERR(
		vm_reader_init(&(struct vm_reader){ 0 }, ua(U), ~0ul - U + 2),
		-EFAULT);
	KT_ASSERT_ERR(frame_copy_to_user(ua(0x7ffffffffff8), buf, 16), -EFAULT);
	/* A read-only page reads but does not write. */
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(U + 3 * 4096), 16));
	KT_ASSERT_ERR(frame_copy_to_user(ua(U + 3 * 4096), buf, 16), -EFAULT);
	space_down();
}

KTEST(user_partial_copy_reports_efault_and_progress)
{
	struct vm_writer w;
	struct vm_reader r;
	char out[32], in[32], check[16];

	for (int i = 0; i < 32; i++)
		out[i] = (char)('a' + i % 26);
	space_up();
	/* 16 bytes fit before the hole; the writer says how far it got. */
	KT_ASSERT_OK(vm_writer_init(&w, ua(U + 2 * 4096 - 16), 32));
	KT_ASSERT_ERR(vm_writer_write(&w, out, 32), -EFAULT);
	KT_ASSERT_EQ(vm_writer_remain(&w), 16);
	KT_ASSERT_EQ(uaddr_value(vm_writer_pos(&w)), U + 2 * 4096);
	KT_ASSERT_OK(frame_page_read(pg[1], 4096 - 16, check, 16));
	KT_ASSERT(!memcmp(check, out, 16));

	KT_ASSERT_OK(vm_reader_init(&r, ua(U + 2 * 4096 - 16), 32));
	memset(in, 'z', sizeof(in));
	KT_ASSERT_ERR(vm_reader_read(&r, in, 32), -EFAULT);
	KT_ASSERT_EQ(vm_reader_remain(&r), 16);
	KT_ASSERT(!memcmp(in, out, 16));

	/* The one-shot copy keeps what it read and zeroes the rest. */
	memset(in, 'z', sizeof(in));
	KT_ASSERT_ERR(frame_copy_from_user(in, ua(U + 2 * 4096 - 16), 32),
		      -EFAULT);
	KT_ASSERT(!memcmp(in, out, 16));
	for (int i = 16; i < 32; i++)
		KT_ASSERT_EQ(in[i], 0);
	space_down();
}

KTEST(user_readers_and_writers)
{
	struct vm_reader r;
	struct vm_writer w;
	struct frame_page *p = frame_page_alloc(0, 0);
	uint32_t v = 0;
	char buf[8];

	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_OK(frame_page_write(p, 8, "pagedata", 8));
	space_up();
	KT_ASSERT_OK(vm_writer_init(&w, ua(U), 64));
	KT_ASSERT_OK(vm_writer_write(&w, &(uint32_t){ 0xfeedface }, 4));
	KT_ASSERT_OK(vm_writer_fill(&w, 'x', 4));
	KT_ASSERT_OK(vm_writer_write_from_page(&w, p, 8, 8));
	KT_ASSERT_ERR(vm_writer_write_from_page(&w, p, 4090, 8), -EINVAL);
	KT_ASSERT_EQ(vm_writer_remain(&w), 48);
	KT_ASSERT_ERR(vm_writer_fill(&w, 0, 49), -EFAULT); /* past its end */
	KT_ASSERT_EQ(vm_writer_remain(&w), 48);

	KT_ASSERT_OK(vm_reader_init(&r, ua(U), 16));
	KT_ASSERT_OK(vm_reader_read(&r, &v, 4));
	KT_ASSERT_EQ(v, 0xfeedface);
	KT_ASSERT_OK(vm_reader_skip(&r, 4));
	KT_ASSERT_OK(vm_reader_read_to_page(&r, p, 100, 8));
	KT_ASSERT_EQ(vm_reader_remain(&r), 0);
	KT_ASSERT_ERR(vm_reader_read(&r, buf, 1), -EFAULT);
	KT_ASSERT_ERR(vm_reader_skip(&r, 1), -EFAULT);
	KT_ASSERT_OK(frame_page_read(p, 100, buf, 8));
	KT_ASSERT(!memcmp(buf, "pagedata", 8));

	/* Made for one space, useless in another. */
	KT_ASSERT_OK(vm_reader_init(&r, ua(U), 16));
	vm_space_activate(NULL);
	KT_ASSERT_ERR(vm_reader_read(&r, buf, 4), -EFAULT);
	vm_space_activate(space);
	KT_ASSERT_OK(vm_reader_read(&r, buf, 4));

	KT_ASSERT_ERR(vm_reader_init(&r, ua(0xffff800000000000), 1), -EFAULT);
	KT_ASSERT_ERR(vm_writer_init(&w, ua(0x7ffffffff000), 0x2000), -EFAULT);
	space_down();
	frame_page_put(p);
}

KTEST(user_strncpy_lengths_and_faults)
{
	char dst[16];
	char long_name[20];

	memset(long_name, 'n', sizeof(long_name));
	space_up();
	KT_ASSERT_OK(frame_copy_to_user(ua(U), "hello", 6));
	KT_ASSERT_EQ(frame_strncpy_from_user(dst, ua(U), sizeof(dst)), 5);
	KT_ASSERT_STREQ(dst, "hello");
	KT_ASSERT_EQ(frame_strncpy_from_user(dst, ua(U + 5), sizeof(dst)), 0);
	KT_ASSERT_STREQ(dst, "");
	/* Exactly fits with its NUL, then one too long. */
	KT_ASSERT_OK(frame_copy_to_user(ua(U + 100), long_name, 15));
	KT_ASSERT_OK(frame_clear_user(ua(U + 115), 1));
	KT_ASSERT_EQ(frame_strncpy_from_user(dst, ua(U + 100), 16), 15);
	KT_ASSERT_EQ(frame_strncpy_from_user(dst, ua(U + 100), 15),
		     -ENAMETOOLONG);
	KT_ASSERT_EQ(strlen(dst), 14);
	/* No NUL before the hole. */
	KT_ASSERT_OK(frame_copy_to_user(ua(U + 2 * 4096 - 4), "abcd", 4));
	KT_ASSERT_EQ(frame_strncpy_from_user(dst, ua(U + 2 * 4096 - 4), 16),
		     -EFAULT);
	KT_ASSERT_EQ(frame_strncpy_from_user(dst, ua(U + 2 * 4096 - 4), 4),
		     -ENAMETOOLONG);
	KT_ASSERT_EQ(frame_strncpy_from_user(dst, ua(0), 16), -EFAULT);
	KT_ASSERT_EQ(frame_strncpy_from_user(dst, ua(0xffff800000001000), 16),
		     -EFAULT);
	KT_ASSERT_EQ(frame_strncpy_from_user(dst, ua(U), 0), -EINVAL);
	space_down();
}

static void read_user_directly(void *p)
{
	(void)*(volatile const uint8_t *)p;
}

static void call_user_code(void *p)
{
	((void (*)(void))(uintptr_t)p)();
}

KTEST(smap_and_smep_keep_the_kernel_out_of_user_pages)
{
	struct arch_fault f;
	struct vm_cursor c;
	struct frame_page *code = frame_page_alloc(0, FRAME_PAGE_ZERO);
	unsigned long code_at = U + 8 * 4096;

	KT_ASSERT_NOT_NULL(code);
	KT_ASSERT_OK(frame_page_fill(code, 0, 0xc3, 16)); /* ret */
	space_up();
	KT_ASSERT_OK(vm_cursor_open(&c, space, ua(code_at), 4096));
	KT_ASSERT_OK(vm_cursor_map(&c, code, VM_PROT_READ | VM_PROT_EXEC));
	vm_cursor_close(&c);
	if (arch_mmu.smap) {
		KT_ASSERT_EQ(arch_fault_probe(read_user_directly,
					      (void *)(uintptr_t)U, &f),
			     1);
		KT_ASSERT_EQ(f.address, U);
		KT_ASSERT(f.error_code & PF_ERR_PRESENT);
		KT_ASSERT(!(f.error_code & PF_ERR_USER));
	}
	if (arch_mmu.smep) {
		KT_ASSERT_EQ(arch_fault_probe(call_user_code,
					      (void *)(uintptr_t)code_at, &f),
			     1);
		KT_ASSERT_EQ(f.address, code_at);
		KT_ASSERT_EQ(f.error_code & (PF_ERR_PRESENT | PF_ERR_FETCH),
			     PF_ERR_PRESENT | PF_ERR_FETCH);
	}
	/* The copy routines still get through, with SMAP opened briefly. */
	KT_ASSERT_OK(frame_copy_from_user(&f, ua(code_at), 1));
	space_down();
	frame_page_put(code);
}

extern const struct arch_extable_entry frame_extable_start[];
extern const struct arch_extable_entry frame_extable_end[];

KTEST(exception_table_covers_only_the_copy_routines)
{
	size_t n = 0;

	for (const struct arch_extable_entry *e = frame_extable_start;
	     e < frame_extable_end; e++, n++) {
		struct frame_ksym_info insn, fixup;

		/* Every entry is inside a user-copy routine, and resumes in
		 * the same routine. */
		KT_ASSERT(frame_ksyms_lookup(e->insn, &insn));
		KT_ASSERT(frame_ksyms_lookup(e->fixup, &fixup));
		KT_ASSERT(!strncmp(insn.name, "arch_user_", 10));
		KT_ASSERT_STREQ(insn.name, fixup.name);
		KT_ASSERT_EQ(arch_extable_fixup(e->insn), e->fixup);
	}
	/* Four copy routines (in, out, fill, string), the load, cmpxchg,
	 * xchg and xadd with one entry each, and or/and/xor with two (load
	 * and cmpxchg). */
	KT_ASSERT_EQ(n, 14);
	KT_ASSERT_EQ(arch_extable_fixup(0), 0);
	KT_ASSERT_EQ(arch_extable_fixup((uint64_t)(uintptr_t)&space_up), 0);
	/* The first instruction of arch_user_copy_in is not the faulting
	 * one. */
	KT_ASSERT_EQ(arch_extable_fixup((uint64_t)(uintptr_t)&arch_user_copy_in),
		     0);
}
