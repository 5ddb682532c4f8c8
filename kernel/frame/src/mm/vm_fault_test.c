/* SPDX-License-Identifier: MIT */
/* ktests for fault hooks, replace, map counts, user atomics and sharing. */
#include <frame/vm.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/sync.h>
#include <frame/user.h>

/*
 * The test process: demand-zero memory at [DZ, DZ + 4 pages), and one
 * copy-on-write page at COW (mapped read-only, holding "original").
 */
#define DZ  0x30000000ul
#define COW 0x30100000ul

/* What a service's process object would look like. */
struct test_proc {
	struct vm_fault_hook hook;
	struct frame_page *cow_src;
	int calls, write_calls;
	int mode;  /* TP_* */
	int inner; /* result of a user access made from inside resolve() */
};

enum {
	TP_RESOLVE, /* map zero pages, break copy-on-write */
	TP_LIE,	    /* report success without doing anything */
	TP_REFUSE,  /* report an error */
	TP_RECURSE, /* make a user access inside the hook, then resolve */
};

static uaddr_t ua(unsigned long v)
{
	return uaddr_from_syscall_arg(v);
}

/* Demand zero, or copy-on-write: what a process service's hook does. */
static int tp_fix(struct vm_space *space, unsigned long page, bool write)
{
	struct frame_page *p = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct vm_mapping m;
	struct vm_cursor c;
	int ret;

	if (!p)
		return -ENOMEM;
	ret = vm_cursor_open(&c, space, ua(page), VM_PAGE_SIZE);
	if (ret)
		goto out_put;
	if (vm_cursor_query(&c, &m) == -ENOENT) {
		ret = vm_cursor_map(&c, p, VM_PROT_READ | VM_PROT_WRITE);
	} else if (write && !(m.prot & VM_PROT_WRITE)) {
		/* Only this entry maps it, and only the mapping holds it
		 * beside the process: it could be made writable in place;
		 * the test copies anyway, to exercise the replace. */
		ret = frame_page_copy(p, 0, m.page, 0, VM_PAGE_SIZE);
		if (!ret)
			ret = vm_cursor_replace(&c, p, 0,
						VM_PROT_READ | VM_PROT_WRITE);
		frame_page_put(m.page);
	} else {
		frame_page_put(m.page);
		ret = 0; /* resolved meanwhile */
	}
	vm_cursor_close(&c);
out_put:
	frame_page_put(p);
	return ret;
}

static int tp_resolve(struct vm_fault_hook *hook, struct vm_space *space,
		      uaddr_t addr, unsigned int access)
{
	struct test_proc *tp = container_of(hook, struct test_proc, hook);
	unsigned long a = uaddr_value(addr);
	bool write = access & VM_PROT_WRITE;
	char c;

	tp->calls++;
	if (write)
		tp->write_calls++;
	if (tp->mode == TP_LIE)
		return 0;
	if (tp->mode == TP_REFUSE)
		return -ENOMEM;
	if (tp->mode == TP_RECURSE)
		tp->inner =
			frame_copy_from_user(&c, ua(DZ + 3 * VM_PAGE_SIZE), 1);
	if (!((a >= DZ && a < DZ + 4 * VM_PAGE_SIZE) ||
	      (a >= COW && a < COW + VM_PAGE_SIZE)))
		return -EFAULT;
	return tp_fix(space, a & ~(VM_PAGE_SIZE - 1), write);
}

/* A space with the copy-on-write page mapped and the hook set. */
static struct vm_space *tp_space(struct test_proc *tp)
{
	struct vm_space *s = vm_space_create();
	struct vm_cursor c;

	*tp = (struct test_proc){ .hook.resolve = tp_resolve };
	tp->cow_src = frame_page_alloc(0, FRAME_PAGE_ZERO);
	KT_ASSERT_NOT_NULL(s);
	KT_ASSERT_NOT_NULL(tp->cow_src);
	KT_ASSERT_OK(frame_page_write(tp->cow_src, 0, "original", 9));
	KT_ASSERT_OK(vm_cursor_open(&c, s, ua(COW), VM_PAGE_SIZE));
	KT_ASSERT_OK(vm_cursor_map(&c, tp->cow_src, VM_PROT_READ));
	vm_cursor_close(&c);
	vm_space_set_fault_hook(s, &tp->hook);
	vm_space_activate(s);
	return s;
}

static void tp_done(struct test_proc *tp, struct vm_space *s)
{
	vm_space_activate(NULL);
	vm_space_put(s);
	frame_page_put(tp->cow_src);
}

KTEST(vm_fault_hook_pages_in_and_breaks_copy_on_write)
{
	struct test_proc tp;
	struct vm_space *s = tp_space(&tp);
	char out[3 * 4096], in[3 * 4096], buf[16];

	KT_ASSERT_EQ(frame_page_mapcount(tp.cow_src), 1);
	/* A copy across three untouched pages: each is paged in once. */
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (char)(i * 13);
	KT_ASSERT_OK(frame_copy_to_user(ua(DZ + 100), out, sizeof(out) - 200));
	KT_ASSERT_EQ(tp.calls, 3);
	KT_ASSERT_EQ(tp.write_calls, 3);
	KT_ASSERT_OK(frame_copy_from_user(in, ua(DZ + 100), sizeof(in) - 200));
	KT_ASSERT(!memcmp(in, out, sizeof(out) - 200));
	KT_ASSERT_EQ(tp.calls, 3);
	/* A read of the last page maps it too. */
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(DZ + 3 * 4096), 16));
	KT_ASSERT_EQ(tp.calls, 4);
	KT_ASSERT_EQ(tp.write_calls, 3);
	/* Outside what the hook serves: -EFAULT after one call. */
	KT_ASSERT_ERR(frame_copy_from_user(buf, ua(DZ + 4 * 4096), 16),
		      -EFAULT);
	KT_ASSERT_EQ(tp.calls, 5);

	/* Reading the copy-on-write page needs nothing. */
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(COW), 9));
	KT_ASSERT_STREQ(buf, "original");
	KT_ASSERT_EQ(tp.calls, 5);
	/* Writing it gets a private copy; the original stays as it was. */
	KT_ASSERT_OK(frame_copy_to_user(ua(COW), "modified", 9));
	KT_ASSERT_EQ(tp.calls, 6);
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(COW), 9));
	KT_ASSERT_STREQ(buf, "modified");
	KT_ASSERT_OK(frame_page_read(tp.cow_src, 0, buf, 9));
	KT_ASSERT_STREQ(buf, "original");
	/* The replace dropped the mapping's reference and map count. */
	KT_ASSERT_EQ(frame_page_mapcount(tp.cow_src), 0);
	KT_ASSERT_EQ(frame_page_refcount(tp.cow_src), 1);
	tp_done(&tp, s);
}

KTEST(vm_fault_hook_contract_bounds_and_refusals)
{
	struct frame_spinlock lock = FRAME_SPINLOCK_INIT;
	struct test_proc tp;
	struct vm_space *s = tp_space(&tp);
	char buf[16];
	int ret;

	/* A hook that claims success without mapping: bounded retries. */
	tp.mode = TP_LIE;
	KT_ASSERT_ERR(frame_copy_from_user(buf, ua(DZ), 16), -EFAULT);
	KT_ASSERT_EQ(tp.calls, VM_FAULT_RETRIES);
	/* A hook that fails: one call, -EFAULT. */
	tp.calls = 0;
	tp.mode = TP_REFUSE;
	KT_ASSERT_ERR(frame_copy_to_user(ua(DZ), "x", 1), -EFAULT);
	KT_ASSERT_EQ(tp.calls, 1);

	tp.calls = 0;
	tp.mode = TP_RESOLVE;
	/* The non-faulting copies never call it. */
	KT_ASSERT_ERR(frame_copy_to_user_nofault(ua(DZ), "x", 1), -EFAULT);
	KT_ASSERT_ERR(frame_copy_from_user_nofault(buf, ua(DZ), 1), -EFAULT);
	/* Nor does a copy made under a spinlock. */
	frame_spin_lock(&lock);
	ret = frame_copy_to_user(ua(DZ), "x", 1);
	frame_spin_unlock(&lock);
	KT_ASSERT_ERR(ret, -EFAULT);
	KT_ASSERT_EQ(tp.calls, 0);
	/* Once mapped, the non-faulting copies work. */
	KT_ASSERT_OK(frame_copy_to_user(ua(DZ), "mapped", 7));
	KT_ASSERT_OK(frame_copy_from_user_nofault(buf, ua(DZ), 7));
	KT_ASSERT_STREQ(buf, "mapped");
	frame_spin_lock(&lock);
	ret = frame_copy_to_user_nofault(ua(DZ), "locked", 7);
	frame_spin_unlock(&lock);
	KT_ASSERT_OK(ret);

	/* No recursion: an access inside the hook fails, the outer one
	 * is resolved. */
	tp.calls = 0;
	tp.mode = TP_RECURSE;
	KT_ASSERT_OK(frame_copy_to_user(ua(DZ + 4096), "y", 1));
	KT_ASSERT_EQ(tp.calls, 1);
	KT_ASSERT_ERR(tp.inner, -EFAULT);
	/* Strings page in too: this one's NUL is on a page not mapped yet. */
	tp.mode = TP_RESOLVE;
	KT_ASSERT_OK(frame_copy_to_user(ua(DZ + 3 * 4096 - 2), "ab", 2));
	tp.calls = 0;
	KT_ASSERT_EQ(frame_strncpy_from_user(buf, ua(DZ + 3 * 4096 - 2), 16),
		     2);
	KT_ASSERT_STREQ(buf, "ab");
	KT_ASSERT_EQ(tp.calls, 1);
	tp_done(&tp, s);
}

KTEST(vm_user_atomics_on_words)
{
	struct test_proc tp;
	struct vm_space *s = tp_space(&tp);
	uint32_t old, v = 5;

	/* The first access pages the word in (as a write). */
	KT_ASSERT_OK(frame_user_cmpxchg_u32(ua(DZ + 8), 0, 5, &old));
	KT_ASSERT_EQ(old, 0);
	KT_ASSERT_EQ(tp.write_calls, 1);
	KT_ASSERT_OK(frame_user_load_u32(ua(DZ + 8), &old));
	KT_ASSERT_EQ(old, 5);
	/* A failed compare changes nothing and reports the value. */
	KT_ASSERT_OK(frame_user_cmpxchg_u32(ua(DZ + 8), 4, 9, &old));
	KT_ASSERT_EQ(old, 5);
	KT_ASSERT_OK(
		frame_user_atomic_u32(ua(DZ + 8), FRAME_USER_ADD, 3, &old));
	KT_ASSERT_EQ(old, 5);
	KT_ASSERT_OK(
		frame_user_atomic_u32(ua(DZ + 8), FRAME_USER_OR, 0x30, &old));
	KT_ASSERT_EQ(old, 8);
	KT_ASSERT_OK(
		frame_user_atomic_u32(ua(DZ + 8), FRAME_USER_AND, ~8u, &old));
	KT_ASSERT_EQ(old, 0x38);
	KT_ASSERT_OK(
		frame_user_atomic_u32(ua(DZ + 8), FRAME_USER_XOR, 0xff, &old));
	KT_ASSERT_EQ(old, 0x30);
	KT_ASSERT_OK(
		frame_user_atomic_u32(ua(DZ + 8), FRAME_USER_SET, 7, &old));
	KT_ASSERT_EQ(old, 0xcf);
	KT_ASSERT_OK(frame_copy_from_user(&v, ua(DZ + 8), 4));
	KT_ASSERT_EQ(v, 7);

	/* Misaligned, unknown, or outside the user half. */
	KT_ASSERT_ERR(frame_user_load_u32(ua(DZ + 2), &old), -EINVAL);
	KT_ASSERT_ERR(frame_user_atomic_u32(ua(DZ + 8), (enum frame_user_op)9,
					    1, &old),
		      -EINVAL);
	KT_ASSERT_ERR(frame_user_load_u32(ua(0xffff800000000000ul), &old),
		      -EFAULT);
	KT_ASSERT_ERR(frame_user_load_u32(ua(VM_USER_MAX + 0x1000), &old),
		      -EFAULT);

	/* A futex word in a copy-on-write page: loads read the shared page,
	 * a compare-and-exchange breaks the sharing first. */
	KT_ASSERT_OK(frame_page_write(tp.cow_src, 64, &(uint32_t){ 41 }, 4));
	KT_ASSERT_OK(frame_user_load_u32(ua(COW + 64), &old));
	KT_ASSERT_EQ(old, 41);
	tp.calls = 0;
	KT_ASSERT_OK(frame_user_cmpxchg_u32(ua(COW + 64), 41, 42, &old));
	KT_ASSERT_EQ(tp.calls, 1);
	KT_ASSERT_OK(frame_user_load_u32(ua(COW + 64), &old));
	KT_ASSERT_EQ(old, 42);
	KT_ASSERT_OK(frame_page_read(tp.cow_src, 64, &v, 4));
	KT_ASSERT_EQ(v, 41);

	/* Without a hook, a missing page is -EFAULT. */
	vm_space_set_fault_hook(s, NULL);
	KT_ASSERT_ERR(frame_user_atomic_u32(ua(DZ + 3 * 4096), FRAME_USER_ADD,
					    1, &old),
		      -EFAULT);
	tp_done(&tp, s);
}

KTEST(vm_cursor_replace_swaps_one_page)
{
	struct vm_space *s = vm_space_create();
	struct frame_page *a = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct frame_page *b = frame_page_alloc(1, FRAME_PAGE_ZERO);
	struct frame_page *huge = frame_page_alloc(9, FRAME_PAGE_ZERO);
	struct vm_mapping m;
	struct vm_cursor c;
	char buf[8];

	KT_ASSERT_NOT_NULL(s);
	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_NOT_NULL(huge);
	KT_ASSERT_OK(frame_page_write(a, 0, "page-a", 7));
	KT_ASSERT_OK(frame_page_write(b, 4096, "page-b", 7));
	KT_ASSERT_OK(vm_cursor_open(&c, s, ua(0x40000000), 4 * 1024 * 1024));
	/* Nothing there yet. */
	KT_ASSERT_ERR(vm_cursor_replace(&c, a, 0, VM_PROT_READ), -ENOENT);
	KT_ASSERT_OK(vm_cursor_map(&c, a, VM_PROT_READ));
	KT_ASSERT_EQ(frame_page_mapcount(a), 1);
	KT_ASSERT_EQ(frame_page_refcount(a), 2);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x40000000)));
	KT_ASSERT_ERR(vm_cursor_replace(&c, b, 2, VM_PROT_READ), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_replace(&c, b, 1, VM_PROT_WRITE), -EINVAL);
	KT_ASSERT_OK(vm_cursor_replace(&c, b, 1, VM_PROT_READ | VM_PROT_WRITE));
	KT_ASSERT_EQ(uaddr_value(vm_cursor_pos(&c)), 0x40001000);
	/* a's mapping reference went after the flush; b's came. */
	KT_ASSERT_EQ(frame_page_mapcount(a), 0);
	KT_ASSERT_EQ(frame_page_refcount(a), 1);
	KT_ASSERT_EQ(frame_page_mapcount(b), 1);
	KT_ASSERT_EQ(frame_page_refcount(b), 2);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x40000000)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	KT_ASSERT_EQ(m.page, b);
	KT_ASSERT_EQ(m.page_index, 1);
	KT_ASSERT_EQ(m.prot, VM_PROT_READ | VM_PROT_WRITE);
	/* The query's handle is the caller's own reference. */
	KT_ASSERT_EQ(frame_page_refcount(b), 3);
	frame_page_put(m.page);

	/* In a 2 MiB leaf: split, one page swapped, the rest kept. */
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x40200000)));
	KT_ASSERT_OK(vm_cursor_map(&c, huge, VM_PROT_READ));
	KT_ASSERT_EQ(frame_page_mapcount(huge), 512);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x40200000 + 5 * 4096)));
	KT_ASSERT_OK(vm_cursor_replace(&c, a, 0, VM_PROT_READ));
	KT_ASSERT_EQ(frame_page_mapcount(huge), 511);
	KT_ASSERT_EQ(frame_page_mapcount(a), 1);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x40200000 + 6 * 4096)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	KT_ASSERT_EQ(m.page, huge);
	KT_ASSERT_EQ(m.page_index, 6);
	KT_ASSERT_EQ(m.size, VM_PAGE_SIZE);
	frame_page_put(m.page);
	vm_cursor_close(&c);

	vm_space_activate(s);
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(0x40000000), 7));
	KT_ASSERT_STREQ(buf, "page-b");
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(0x40200000 + 5 * 4096), 7));
	KT_ASSERT_STREQ(buf, "page-a");
	vm_space_activate(NULL);
	vm_space_put(s);
	KT_ASSERT_EQ(frame_page_mapcount(huge), 0);
	KT_ASSERT_EQ(frame_page_refcount(huge), 1);
	frame_page_put(a);
	frame_page_put(b);
	frame_page_put(huge);
}

KTEST(vm_one_page_shared_by_two_spaces)
{
	struct vm_space *s1 = vm_space_create(), *s2 = vm_space_create();
	struct frame_page *p = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct vm_cursor c;
	uint32_t old;
	char buf[8];

	KT_ASSERT_NOT_NULL(s1);
	KT_ASSERT_NOT_NULL(s2);
	KT_ASSERT_NOT_NULL(p);
	/* At different addresses, one writable, one read-only. */
	KT_ASSERT_OK(vm_cursor_open(&c, s1, ua(0x50000000), 4096));
	KT_ASSERT_OK(vm_cursor_map(&c, p, VM_PROT_READ | VM_PROT_WRITE));
	vm_cursor_close(&c);
	KT_ASSERT_OK(vm_cursor_open(&c, s2, ua(0x60000000), 4096));
	KT_ASSERT_OK(vm_cursor_map(&c, p, VM_PROT_READ));
	vm_cursor_close(&c);
	KT_ASSERT_EQ(frame_page_mapcount(p), 2);
	KT_ASSERT_EQ(frame_page_refcount(p), 3);

	vm_space_activate(s1);
	KT_ASSERT_OK(frame_copy_to_user(ua(0x50000010), "shared", 7));
	KT_ASSERT_OK(frame_user_atomic_u32(ua(0x50000000), FRAME_USER_SET, 77,
					   &old));
	vm_space_activate(s2);
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(0x60000010), 7));
	KT_ASSERT_STREQ(buf, "shared");
	KT_ASSERT_OK(frame_user_load_u32(ua(0x60000000), &old));
	KT_ASSERT_EQ(old, 77);
	KT_ASSERT_ERR(frame_copy_to_user(ua(0x60000010), "nope", 5), -EFAULT);
	/* The service's own handle sees the same bytes (a page cache). */
	KT_ASSERT_OK(frame_page_read(p, 16, buf, 7));
	KT_ASSERT_STREQ(buf, "shared");

	/* Unmapping from one space leaves the other's mapping alone. */
	KT_ASSERT_OK(vm_cursor_open(&c, s1, ua(0x50000000), 4096));
	KT_ASSERT_OK(vm_cursor_unmap(&c, 4096));
	vm_cursor_close(&c);
	KT_ASSERT_EQ(frame_page_mapcount(p), 1);
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(0x60000010), 7));
	KT_ASSERT_STREQ(buf, "shared");
	/* Dropping the page's handle keeps it alive for the mapping. */
	frame_page_get(p);
	frame_page_put(p);
	vm_space_activate(NULL);
	vm_space_put(s1);
	vm_space_put(s2);
	KT_ASSERT_EQ(frame_page_mapcount(p), 0);
	KT_ASSERT_EQ(frame_page_refcount(p), 1);
	frame_page_put(p);
}
