/* SPDX-License-Identifier: MIT */
/* Credential objects: reference counts, copies, and each task's current one.
 */
#include <cred/cred.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/sync.h>
#include <frame/task.h>

/* What a task's cred slot holds: the task's reference to its cred. */
struct cred_slot {
	struct task_data data;
	struct cred *cred;
};

static struct task_data_key cred_key;
static bool cred_key_ready;
static struct frame_spinlock cred_setup_lock = FRAME_SPINLOCK_INIT;
static struct cred *cred_root_cred;

void cred_get(struct cred *c)
{
	__atomic_add_fetch(&c->refs_cred, 1, __ATOMIC_RELAXED);
}

void cred_put(struct cred *c)
{
	if (!c)
		return;
	if (__atomic_sub_fetch(&c->refs_cred, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	frame_free(c->groups);
	frame_free(c);
}

static void cred_slot_release(struct task_data_key *key, struct task_data *data)
{
	struct cred_slot *slot = container_of(data, struct cred_slot, data);

	(void)key;
	cred_put(slot->cred);
	frame_free(slot);
}

/* Take the task data slot once, whoever comes first. */
static int cred_key_setup(void)
{
	int err = 0;

	if (__atomic_load_n(&cred_key_ready, __ATOMIC_ACQUIRE))
		return 0;
	frame_spin_lock(&cred_setup_lock);
	if (!cred_key_ready) {
		err = task_data_key_register(&cred_key, cred_slot_release);
		if (!err)
			__atomic_store_n(&cred_key_ready, true,
					 __ATOMIC_RELEASE);
	}
	frame_spin_unlock(&cred_setup_lock);
	return err;
}

struct cred *cred_root(void)
{
	struct cred *c = __atomic_load_n(&cred_root_cred, __ATOMIC_ACQUIRE);
	struct cred *fresh;

	if (c) {
		cred_get(c);
		return c;
	}
	fresh = frame_zalloc(sizeof(*fresh));
	if (!fresh)
		return NULL;
	fresh->refs_cred = 2; /* the module's and the caller's */
	frame_spin_lock(&cred_setup_lock);
	c = cred_root_cred;
	if (!c)
		cred_root_cred = c = fresh;
	else
		cred_get(c);
	frame_spin_unlock(&cred_setup_lock);
	if (c != fresh)
		frame_free(fresh);
	return c;
}

struct cred *cred_dup(const struct cred *c)
{
	struct cred *n = frame_alloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *c;
	n->refs_cred = 1;
	n->groups = NULL;
	if (c->ngroups) {
		n->groups = frame_calloc(c->ngroups, sizeof(uint32_t));
		if (!n->groups) {
			frame_free(n);
			return NULL;
		}
		memcpy(n->groups, c->groups, c->ngroups * sizeof(uint32_t));
	}
	return n;
}

static struct cred_slot *cred_slot_of(const struct task *t)
{
	struct task_data *d;

	if (!__atomic_load_n(&cred_key_ready, __ATOMIC_ACQUIRE))
		return NULL;
	d = task_data_get(t, &cred_key);
	return d ? container_of(d, struct cred_slot, data) : NULL;
}

const struct cred *cred_of(const struct task *t)
{
	struct cred_slot *slot = cred_slot_of(t);

	return slot ? slot->cred : NULL;
}

const struct cred *cred_current(void)
{
	const struct cred *c = cred_of(task_current());
	struct cred *root;

	if (c)
		return c;
	/* The root cred lives as long as the kernel: lending it is safe. */
	root = cred_root();
	if (!root)
		frame_panic("cred: no memory for the root credentials");
	cred_put(root);
	return root;
}

struct cred *cred_current_get(void)
{
	struct cred_slot *slot = cred_slot_of(task_current());

	if (slot) {
		cred_get(slot->cred);
		return slot->cred;
	}
	return cred_root();
}

int cred_attach(struct task *t, struct cred *c)
{
	struct cred_slot *slot;
	struct task_data *old;
	int err = cred_key_setup();

	if (err)
		return err;
	if (!c) {
		old = task_data_set(t, &cred_key, NULL);
		if (old)
			cred_slot_release(&cred_key, old);
		return 0;
	}
	slot = cred_slot_of(t);
	if (slot) {
		/* Only the task itself or its creator (before it runs)
		 * attaches, so the slot cannot go away under us. */
		struct cred *prev = slot->cred;

		cred_get(c);
		__atomic_store_n(&slot->cred, c, __ATOMIC_RELEASE);
		cred_put(prev);
		return 0;
	}
	slot = frame_zalloc(sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	cred_get(c);
	slot->cred = c;
	old = task_data_set(t, &cred_key, &slot->data);
	if (old)
		cred_slot_release(&cred_key, old);
	return 0;
}

int cred_commit(struct cred *new)
{
	int err = cred_attach(task_current(), new);

	cred_put(new);
	return err;
}

static void cred_sort_ids(uint32_t *v, size_t n)
{
	/* Shell sort: groups lists are short, and no recursion. */
	for (size_t gap = n / 2; gap > 0; gap /= 2)
		for (size_t i = gap; i < n; i++) {
			uint32_t x = v[i];
			size_t j = i;

			while (j >= gap && v[j - gap] > x) {
				v[j] = v[j - gap];
				j -= gap;
			}
			v[j] = x;
		}
}

int cred_set_groups(struct cred *c, const uint32_t *groups, size_t n)
{
	uint32_t *copy = NULL;

	if (n > CRED_NGROUPS_MAX)
		return -EINVAL;
	if (n) {
		copy = frame_calloc(n, sizeof(uint32_t));
		if (!copy)
			return -ENOMEM;
		memcpy(copy, groups, n * sizeof(uint32_t));
		cred_sort_ids(copy, n);
	}
	frame_free(c->groups);
	c->groups = copy;
	c->ngroups = (uint32_t)n;
	return 0;
}

static bool cred_in_groups(const struct cred *c, uint32_t gid)
{
	size_t lo = 0, hi = c->ngroups;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->groups[mid] == gid)
			return true;
		if (c->groups[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool cred_in_group(const struct cred *c, uint32_t gid)
{
	return gid == c->fsgid || cred_in_groups(c, gid);
}

bool cred_in_egroup(const struct cred *c, uint32_t gid)
{
	return gid == c->egid || cred_in_groups(c, gid);
}
