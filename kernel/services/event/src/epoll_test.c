/* SPDX-License-Identifier: MIT */
/* ktests of epoll: triggers, one-shot, the ctl rules, nesting, release. */
#include "epoll_impl.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/task.h>
#include <frame/time.h>

#include <fs/fs.h>

#include "eventfd.h"

/* A kernel array for the events. */
struct kt_sink {
	struct epoll_sink sink;
	struct epoll_event ev[8];
	int fail_at; /* -1: never */
};

static int kt_put(struct epoll_sink *s, int i, const struct epoll_event *ev)
{
	struct kt_sink *k = container_of(s, struct kt_sink, sink);

	if (i == k->fail_at)
		return -EFAULT;
	k->ev[i] = *ev;
	return 0;
}

static void kt_sink_init(struct kt_sink *k)
{
	k->sink.put = kt_put;
	k->fail_at = -1;
}

/* One look, no wait. */
static int kt_look(struct epoll *ep, struct kt_sink *k, int max)
{
	return epoll_wait_events(ep, &k->sink, max, 0);
}

static int kt_ctl(struct epoll *ep, int op, struct file *f, uint32_t events,
		  uint64_t data)
{
	struct epoll_event ev = { .events = events, .data = data };

	return epoll_ctl_file(ep, op, 3, f, &ev);
}

static int kt_items(struct epoll *ep)
{
	int n = 0;

	frame_mutex_lock(&epoll_mtx);
	for (struct epitem *it = ep->items; it; it = it->next)
		n++;
	frame_mutex_unlock(&epoll_mtx);
	return n;
}

KTEST(epoll_level_edge_and_oneshot)
{
	struct file *epf, *ef;
	struct epoll *ep;
	struct eventfd *e;
	struct kt_sink k;
	uint64_t v;

	kt_sink_init(&k);
	KT_ASSERT_OK(epoll_file_create(&epf));
	ep = epoll_of(epf);
	KT_ASSERT_NOT_NULL(ep);
	KT_ASSERT_OK(eventfd_file_create(0, EFD_NONBLOCK, &ef));
	e = eventfd_of(ef);

	/* level-triggered: reported while it holds, data as given */
	KT_ASSERT_OK(
		kt_ctl(ep, EPOLL_CTL_ADD, ef, EPOLLIN, 0x1122334455667788));
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 0);
	KT_ASSERT_EQ(file_ops_of(epf)->poll(epf, NULL), 0u);
	KT_ASSERT_OK(eventfd_add(e, true, 1));
	KT_ASSERT_EQ(file_ops_of(epf)->poll(epf, NULL), EPOLLIN | EPOLLRDNORM);
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 1);
	KT_ASSERT_EQ(k.ev[0].events, EPOLLIN);
	KT_ASSERT_EQ(k.ev[0].data, 0x1122334455667788);
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 1);
	KT_ASSERT_OK(eventfd_take(e, true, &v));
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 0);

	/* edge-triggered: once per wake-up */
	KT_ASSERT_OK(kt_ctl(ep, EPOLL_CTL_MOD, ef, EPOLLIN | EPOLLET, 7));
	KT_ASSERT_OK(eventfd_add(e, true, 1));
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 1);
	KT_ASSERT_EQ(k.ev[0].data, 7);
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 0);
	KT_ASSERT_OK(eventfd_add(e, true, 1));
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 1);
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 0);

	/* one-shot: disabled after one report until MOD */
	KT_ASSERT_OK(kt_ctl(ep, EPOLL_CTL_MOD, ef,
			    EPOLLIN | EPOLLOUT | EPOLLONESHOT, 9));
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 1);
	KT_ASSERT_EQ(k.ev[0].events, EPOLLIN | EPOLLOUT);
	KT_ASSERT_OK(eventfd_add(e, true, 1));
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 0);
	KT_ASSERT_OK(kt_ctl(ep, EPOLL_CTL_MOD, ef, EPOLLOUT | EPOLLONESHOT, 9));
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 1);
	KT_ASSERT_EQ(k.ev[0].events, EPOLLOUT);

	/* a sink that faults first: EFAULT, and the event stays */
	KT_ASSERT_OK(kt_ctl(ep, EPOLL_CTL_MOD, ef, EPOLLIN, 1));
	k.fail_at = 0;
	KT_ASSERT_ERR(kt_look(ep, &k, 8), -EFAULT);
	k.fail_at = -1;
	KT_ASSERT_EQ(kt_look(ep, &k, 8), 1);

	file_put(ef);
	file_put(epf);
}

KTEST(epoll_ctl_rules)
{
	struct file *epf, *ef;
	struct epoll *ep;

	KT_ASSERT_OK(epoll_file_create(&epf));
	ep = epoll_of(epf);
	KT_ASSERT_OK(eventfd_file_create(0, 0, &ef));
	KT_ASSERT_NULL(epoll_of(ef));
	KT_ASSERT_ERR(kt_ctl(ep, EPOLL_CTL_MOD, ef, EPOLLIN, 0), -ENOENT);
	KT_ASSERT_ERR(kt_ctl(ep, EPOLL_CTL_DEL, ef, 0, 0), -ENOENT);
	KT_ASSERT_ERR(kt_ctl(ep, 0, ef, EPOLLIN, 0), -EINVAL);
	/* EPOLLEXCLUSIVE: ADD only, with the usual bits only */
	KT_ASSERT_ERR(kt_ctl(ep, EPOLL_CTL_ADD, ef,
			     EPOLLIN | EPOLLEXCLUSIVE | EPOLLRDHUP, 0),
		      -EINVAL);
	KT_ASSERT_OK(
		kt_ctl(ep, EPOLL_CTL_ADD, ef, EPOLLIN | EPOLLEXCLUSIVE, 0));
	KT_ASSERT_ERR(kt_ctl(ep, EPOLL_CTL_ADD, ef, EPOLLIN, 0), -EEXIST);
	KT_ASSERT_ERR(kt_ctl(ep, EPOLL_CTL_MOD, ef, EPOLLIN, 0), -EINVAL);
	KT_ASSERT_ERR(
		kt_ctl(ep, EPOLL_CTL_MOD, ef, EPOLLIN | EPOLLEXCLUSIVE, 0),
		-EINVAL);
	KT_ASSERT_EQ(kt_items(ep), 1);
	KT_ASSERT_OK(kt_ctl(ep, EPOLL_CTL_DEL, ef, 0, 0));
	KT_ASSERT_EQ(kt_items(ep), 0);
	/* the same file under another fd is another item */
	KT_ASSERT_OK(kt_ctl(ep, EPOLL_CTL_ADD, ef, EPOLLIN | EPOLLRDHUP, 0));
	{
		struct epoll_event ev = { .events = EPOLLIN };

		KT_ASSERT_OK(epoll_ctl_file(ep, EPOLL_CTL_ADD, 4, ef, &ev));
	}
	KT_ASSERT_EQ(kt_items(ep), 2);
	/* the file's last reference drops both */
	file_put(ef);
	KT_ASSERT_EQ(kt_items(ep), 0);
	file_put(epf);
}

KTEST(epoll_nesting_reports_and_refuses_loops)
{
	struct file *f[7], *ef;
	struct epoll *ep[7];
	struct kt_sink k;

	kt_sink_init(&k);
	for (int i = 0; i < 7; i++) {
		KT_ASSERT_OK(epoll_file_create(&f[i]));
		ep[i] = epoll_of(f[i]);
	}
	KT_ASSERT_OK(eventfd_file_create(0, 0, &ef));
	/* ep0 in ep1: an event on ep0's eventfd makes ep1 readable */
	KT_ASSERT_OK(kt_ctl(ep[0], EPOLL_CTL_ADD, ef, EPOLLIN, 5));
	KT_ASSERT_OK(kt_ctl(ep[1], EPOLL_CTL_ADD, f[0], EPOLLIN, 6));
	KT_ASSERT_EQ(kt_look(ep[1], &k, 8), 0);
	KT_ASSERT_OK(eventfd_add(eventfd_of(ef), true, 1));
	KT_ASSERT_EQ(kt_look(ep[1], &k, 8), 1);
	KT_ASSERT_EQ(k.ev[0].events, EPOLLIN);
	KT_ASSERT_EQ(k.ev[0].data, 6);
	/* a cycle, direct or not */
	KT_ASSERT_ERR(kt_ctl(ep[0], EPOLL_CTL_ADD, f[1], EPOLLIN, 0), -ELOOP);
	KT_ASSERT_OK(kt_ctl(ep[2], EPOLL_CTL_ADD, f[1], EPOLLIN, 0));
	KT_ASSERT_ERR(kt_ctl(ep[0], EPOLL_CTL_ADD, f[2], EPOLLIN, 0), -ELOOP);
	/* a chain ep0 <- ep1 <- ... <- ep4 is 4 deep: one more is too many */
	KT_ASSERT_OK(kt_ctl(ep[3], EPOLL_CTL_ADD, f[2], EPOLLIN, 0));
	KT_ASSERT_OK(kt_ctl(ep[4], EPOLL_CTL_ADD, f[3], EPOLLIN, 0));
	KT_ASSERT_ERR(kt_ctl(ep[5], EPOLL_CTL_ADD, f[4], EPOLLIN, 0), -ELOOP);
	/* and from below: ep6 under ep0 would make it 5 deep */
	KT_ASSERT_ERR(kt_ctl(ep[0], EPOLL_CTL_ADD, f[6], EPOLLIN, 0), -ELOOP);
	KT_ASSERT_EQ(kt_look(ep[4], &k, 8), 1);
	/* the inner instance's end drops the outer one's item */
	KT_ASSERT_EQ(kt_items(ep[1]), 1);
	file_put(f[0]);
	KT_ASSERT_EQ(kt_items(ep[1]), 0);
	KT_ASSERT_EQ(kt_look(ep[4], &k, 8), 0);
	for (int i = 1; i < 7; i++)
		file_put(f[i]);
	file_put(ef);
}

KTEST(epoll_wait_times_out)
{
	struct file *epf, *ef;
	struct kt_sink k;
	uint64_t t0;

	kt_sink_init(&k);
	KT_ASSERT_OK(epoll_file_create(&epf));
	KT_ASSERT_OK(eventfd_file_create(0, 0, &ef));
	KT_ASSERT_OK(kt_ctl(epoll_of(epf), EPOLL_CTL_ADD, ef, EPOLLIN, 0));
	t0 = frame_clock_monotonic_ns();
	KT_ASSERT_EQ(
		epoll_wait_events(epoll_of(epf), &k.sink, 8, t0 + 20000000u),
		0);
	KT_ASSERT_GE(frame_clock_monotonic_ns() - t0, 20000000u);
	file_put(epf);
	/* the item went with the instance; the eventfd is still whole */
	KT_ASSERT_OK(eventfd_add(eventfd_of(ef), true, 1));
	file_put(ef);
}

/* A task adding to an eventfd one by one while epoll_wait sleeps. */
#define KT_ADDS 200

static struct kt_adder {
	struct task_entry entry;
	struct eventfd *e;
} kt_adder;

static int kt_adder_run(struct task_entry *entry)
{
	struct kt_adder *a = container_of(entry, struct kt_adder, entry);

	for (int i = 0; i < KT_ADDS; i++) {
		int err = eventfd_add(a->e, false, 1);

		if (err)
			return err;
		if (i % 16 == 0)
			task_yield();
	}
	return 0;
}

KTEST(epoll_edge_wait_loses_no_wakeup)
{
	struct file *epf, *ef;
	struct kt_sink k;
	struct task *t;
	uint64_t total = 0;

	kt_sink_init(&k);
	KT_ASSERT_OK(epoll_file_create(&epf));
	KT_ASSERT_OK(eventfd_file_create(0, 0, &ef));
	KT_ASSERT_OK(kt_ctl(epoll_of(epf), EPOLL_CTL_ADD, ef, EPOLLIN | EPOLLET,
			    42));
	kt_adder.e = eventfd_of(ef);
	task_entry_init(&kt_adder.entry, kt_adder_run);
	t = task_spawn("ktest-epoll", &kt_adder.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t);
	/* every add wakes the item: a lost wake-up would hang here, where
	 * the test's time-out reports it */
	while (total < KT_ADDS) {
		uint64_t v;
		int n = epoll_wait_events(epoll_of(epf), &k.sink, 8,
					  FRAME_WAIT_FOREVER);

		KT_ASSERT_EQ(n, 1);
		KT_ASSERT_EQ(k.ev[0].data, 42);
		if (!eventfd_take(kt_adder.e, true, &v))
			total += v;
	}
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(total, KT_ADDS);
	file_put(ef);
	file_put(epf);
}

/* Exclusive items of one queue share a group: with no epoll_wait caller
 * to wake, a wake-up reaches every one of them (Linux stops only at an
 * instance it woke); leaving and the file's end free the group. */
KTEST(epoll_exclusive_items_share_a_queue)
{
	struct file *epf[3], *ef;
	struct epoll *ep[3];
	struct kt_sink k;

	kt_sink_init(&k);
	KT_ASSERT_OK(eventfd_file_create(0, EFD_NONBLOCK, &ef));
	for (int i = 0; i < 3; i++) {
		KT_ASSERT_OK(epoll_file_create(&epf[i]));
		ep[i] = epoll_of(epf[i]);
		/* the last one plain, beside the group */
		KT_ASSERT_OK(kt_ctl(ep[i], EPOLL_CTL_ADD, ef,
				    EPOLLIN | EPOLLET |
					    (i < 2 ? EPOLLEXCLUSIVE : 0),
				    (uint64_t)i));
	}
	KT_ASSERT_OK(eventfd_add(eventfd_of(ef), true, 1));
	for (int i = 0; i < 3; i++) {
		KT_ASSERT_EQ(kt_look(ep[i], &k, 8), 1);
		KT_ASSERT_EQ(k.ev[0].data, (uint64_t)i);
		KT_ASSERT_EQ(kt_look(ep[i], &k, 8), 0);
	}
	/* the first member leaves: the second still gets the events */
	KT_ASSERT_OK(kt_ctl(ep[0], EPOLL_CTL_DEL, ef, 0, 0));
	KT_ASSERT_OK(eventfd_add(eventfd_of(ef), true, 1));
	KT_ASSERT_EQ(kt_look(ep[0], &k, 8), 0);
	KT_ASSERT_EQ(kt_look(ep[1], &k, 8), 1);
	KT_ASSERT_EQ(kt_look(ep[2], &k, 8), 1);
	/* and joins again, now after it */
	KT_ASSERT_OK(kt_ctl(ep[0], EPOLL_CTL_ADD, ef,
			    EPOLLIN | EPOLLET | EPOLLEXCLUSIVE, 0));
	KT_ASSERT_EQ(kt_look(ep[0], &k, 8), 1);
	file_put(ef);
	for (int i = 0; i < 3; i++) {
		KT_ASSERT_EQ(kt_items(ep[i]), 0);
		file_put(epf[i]);
	}
}
