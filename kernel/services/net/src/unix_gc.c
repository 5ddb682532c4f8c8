/* SPDX-License-Identifier: MIT */
/* Collecting passed AF_UNIX sockets that nothing but queues can reach. */
#include "unix_gc.h"

#include <frame/sync.h>

#include "sock.h"
#include "unix_ring.h"
#include "unix_scm.h"

/*
 * Why a snapshot is enough. unix_gc_lock guards every socket's @inflight
 * and the list of sockets with messages holding them; a collection holds
 * it from start to end, so no reference is counted in or out meanwhile.
 * A candidate is a socket all of whose references are counted in flight
 * (file_ref_count() == @inflight): no descriptor, no other holder. Its
 * references are in queues or in the hands of a sender or receiver
 * between a queue and the count (a "limbo" the scan does not see, which
 * therefore counts as a reference from outside). Counting down, for each
 * candidate, the references found in candidates' queues leaves above
 * zero exactly the candidates something else still reaches; those, and
 * everything in their queues, are live. The rest can only be reached
 * through one another's queues, which nobody can read: their queues are
 * emptied, outside the lock, and the sockets close as their last
 * references go.
 *
 * A reference counted between the reads of a file's count and @inflight
 * can only make a socket look referenced from outside, never the
 * opposite: the count rises before @inflight does and falls after it.
 *
 * Lock order: unix_gc_lock, then unix_ns_lock (the pending connections
 * of a listener), then a connection's lock. Counting in and out happens
 * with none of them held.
 */

/* Linux's UNIX_INFLIGHT_TRIGGER_GC: past this many, a send collects. */
#define UNIX_GC_TRIGGER 16000

static struct frame_mutex unix_gc_lock = FRAME_MUTEX_INIT(unix_gc_lock);
static struct unix_sock *gc_head;
static unsigned int gc_total;
static bool gc_running, gc_again;

void unix_gc_inflight_add(struct file *f)
{
	struct unix_sock *s = sock_from_file(f);
	bool collect;

	if (!s)
		return;
	frame_mutex_lock(&unix_gc_lock);
	if (s->inflight++ == 0) {
		s->gc_next = gc_head;
		if (gc_head)
			gc_head->gc_pprev = &s->gc_next;
		s->gc_pprev = &gc_head;
		gc_head = s;
	}
	collect = ++gc_total > UNIX_GC_TRIGGER && !gc_running;
	frame_mutex_unlock(&unix_gc_lock);
	if (collect)
		unix_gc();
}

void unix_gc_inflight_del(struct file *f)
{
	struct unix_sock *s = sock_from_file(f);

	if (!s)
		return;
	frame_mutex_lock(&unix_gc_lock);
	if (--s->inflight == 0) {
		*s->gc_pprev = s->gc_next;
		if (s->gc_next)
			s->gc_next->gc_pprev = s->gc_pprev;
		s->gc_next = NULL;
		s->gc_pprev = NULL;
	}
	gc_total--;
	frame_mutex_unlock(&unix_gc_lock);
}

unsigned int unix_gc_inflight_total(void)
{
	return __atomic_load_n(&gc_total, __ATOMIC_RELAXED);
}

/* What a scan does with each candidate found in a queue. */
enum gc_visit { GC_COUNT_DOWN, GC_MARK_LIVE };

/* Under the connection's lock: the candidates in ring @end of @c. */
static void scan_ring(struct unix_conn *c, int end, enum gc_visit how)
{
	frame_mutex_lock(&c->lock);
	for (struct unix_scm *m = c->ring[end].scm_head; m; m = m->next) {
		for (unsigned int i = 0; i < m->nfiles; i++) {
			struct unix_sock *t = sock_from_file(m->files[i].f);

			if (!t || !t->gc_cand)
				continue;
			if (how == GC_COUNT_DOWN)
				t->gc_count--;
			else
				t->gc_live = true;
		}
	}
	frame_mutex_unlock(&c->lock);
}

struct gc_scan {
	struct unix_pending_visit v;
	enum gc_visit how;
};

static void scan_pending(struct unix_pending_visit *v, struct unix_conn *c)
{
	/* end 1 is the socket accept() would make */
	scan_ring(c, 1, container_of(v, struct gc_scan, v)->how);
}

/* Every queue @s could ever read from: its own, and those of the
 * connections waiting for it to accept them. */
static void scan_queues(struct unix_sock *s, enum gc_visit how)
{
	struct gc_scan scan = { { scan_pending }, how };
	struct unix_conn *c = sock_conn(s);

	if (c)
		scan_ring(c, s->end, how);
	unix_ns_each_pending(s, &scan.v);
}

struct gc_steal {
	struct unix_pending_visit v;
	struct unix_scm *list, **tail;
};

static void steal_ring(struct unix_conn *c, int end, struct gc_steal *g)
{
	struct unix_scm *m;

	frame_mutex_lock(&c->lock);
	m = unix_ring_scm_steal(&c->ring[end]);
	frame_mutex_unlock(&c->lock);
	*g->tail = m;
	while (*g->tail)
		g->tail = &(*g->tail)->next;
}

static void steal_pending(struct unix_pending_visit *v, struct unix_conn *c)
{
	steal_ring(c, 1, container_of(v, struct gc_steal, v));
}

/* One pass, under unix_gc_lock: the messages of every unreachable
 * candidate's queues, to free once unlocked. */
static struct unix_scm *collect(void)
{
	struct gc_steal g = { { steal_pending }, NULL, &g.list };
	bool again;

	for (struct unix_sock *s = gc_head; s; s = s->gc_next) {
		s->gc_cand = file_ref_count(s->file) == s->inflight;
		s->gc_count = s->inflight;
		s->gc_live = false;
		s->gc_scanned = false;
	}
	for (struct unix_sock *s = gc_head; s; s = s->gc_next)
		if (s->gc_cand)
			scan_queues(s, GC_COUNT_DOWN);
	for (struct unix_sock *s = gc_head; s; s = s->gc_next)
		s->gc_live = s->gc_cand && s->gc_count > 0;
	/* What a live candidate's queues hold is live too, and so on. */
	do {
		again = false;
		for (struct unix_sock *s = gc_head; s; s = s->gc_next) {
			if (!s->gc_cand || !s->gc_live || s->gc_scanned)
				continue;
			s->gc_scanned = true;
			scan_queues(s, GC_MARK_LIVE);
			again = true;
		}
	} while (again);
	for (struct unix_sock *s = gc_head; s; s = s->gc_next) {
		if (s->gc_cand && !s->gc_live) {
			struct unix_conn *c = sock_conn(s);

			if (c)
				steal_ring(c, s->end, &g);
			unix_ns_each_pending(s, &g.v);
		}
	}
	for (struct unix_sock *s = gc_head; s; s = s->gc_next)
		s->gc_cand = false;
	return g.list;
}

void unix_gc(void)
{
	struct unix_scm *garbage;

	frame_mutex_lock(&unix_gc_lock);
	if (gc_running) {
		gc_again = true;
		frame_mutex_unlock(&unix_gc_lock);
		return;
	}
	gc_running = true;
	do {
		gc_again = false;
		garbage = gc_head ? collect() : NULL;
		frame_mutex_unlock(&unix_gc_lock);
		/* Closing what they held may release more sockets, whose
		 * releases ask for another pass. */
		unix_scm_list_free(garbage);
		frame_mutex_lock(&unix_gc_lock);
	} while (garbage || gc_again);
	gc_running = false;
	frame_mutex_unlock(&unix_gc_lock);
}
