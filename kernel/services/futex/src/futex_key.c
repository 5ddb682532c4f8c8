/* SPDX-License-Identifier: MIT */
/* Futex keys: (space, address) or (page, offset), and their buckets. */
#include "futex_internal.h"

#include <frame/errno.h>
#include <frame/page.h>
#include <frame/vm.h>

static struct futex_bucket futex_table[FUTEX_BUCKETS];

struct futex_bucket *futex_bucket_of(const struct futex_key *key)
{
	uint64_t h = key->addr >> 2;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return &futex_table[(h >> 32) % FUTEX_BUCKETS];
}

bool futex_key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->page == b->page && a->addr == b->addr;
}

int futex_key_shared_in(struct vm_space *space, uaddr_t uaddr,
			struct futex_key *key)
{
	unsigned long a = uaddr_value(uaddr);
	uaddr_t page = uaddr_from_syscall_arg(a & ~(VM_PAGE_SIZE - 1));
	struct vm_mapping m;
	struct vm_cursor c;
	int err;

	err = vm_cursor_open(&c, space, page, VM_PAGE_SIZE);
	if (err)
		return err;
	err = vm_cursor_query(&c, &m);
	vm_cursor_close(&c);
	if (err)
		return err;
	key->space = NULL;
	key->page = m.page;
	/* The offset in the block, also inside a 2 MiB leaf. */
	key->addr = (uint64_t)m.page_index * VM_PAGE_SIZE +
		    (uaddr_value(uaddr) - uaddr_value(m.start));
	return 0;
}

/*
 * A shared key needs the page this space really uses: a write access
 * first resolves copy-on-write (and demand paging), so that the page
 * does not change under a waiter. A word that cannot be written (a
 * read-only mapping) is keyed privately instead.
 */
int futex_key_get(uaddr_t uaddr, bool shared, struct futex_key *key)
{
	struct vm_space *space = vm_space_current();
	uint32_t old;
	int err;

	if (!space)
		return -EFAULT;
	if (shared &&
	    frame_user_atomic_u32(uaddr, FRAME_USER_OR, 0, &old) == 0 &&
	    futex_key_shared_in(space, uaddr, key) == 0) {
		vm_space_put(space);
		return 0;
	}
	err = frame_user_load_u32(uaddr, &old);
	if (err) {
		vm_space_put(space);
		return err;
	}
	/* The space's identity only: the waiter's task keeps it alive. */
	key->space = space;
	key->page = NULL;
	key->addr = uaddr_value(uaddr);
	vm_space_put(space);
	return 0;
}

void futex_key_put(struct futex_key *key)
{
	if (key->page)
		frame_page_put(key->page);
	key->page = NULL;
}
