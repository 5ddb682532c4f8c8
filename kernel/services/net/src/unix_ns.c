/* SPDX-License-Identifier: MIT */
/* AF_UNIX names: the abstract namespace, listen, connect and accept. */
#include "sock.h"
#include "unix_scm.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

#include <cred/cred.h>
#include <fs/fs.h>
#include <process/process.h>

/*
 * One mutex for every socket's name and listening state: binds, connects
 * and accepts are rare next to data transfers, which take only their
 * connection's lock. It is never taken with a connection's lock held.
 * @unix_ns_wq wakes clients waiting for room in a listener's queue; it is
 * global so that a waiter never sleeps on a socket that may go away.
 * @unix_ns_gen moves (under the lock) at every accept and every release:
 * what such a waiter waits for.
 */
static struct frame_mutex unix_ns_lock = FRAME_MUTEX_INIT(unix_ns_lock);
static struct frame_waitq unix_ns_wq = FRAME_WAITQ_INIT(unix_ns_wq);
static unsigned int unix_ns_gen;
static struct unix_sock *unix_ns_head;
static unsigned int unix_ns_autobind_next;

/* Linux's net.core.somaxconn: the largest backlog listen() keeps. */
#define UNIX_SOMAXCONN 4096
/* Autobind names: a NUL and five hex digits. */
#define UNIX_AUTOBIND_LEN 6
#define UNIX_AUTOBIND_MAX 0x100000u

void unix_cred_current(struct unix_cred *out)
{
	const struct cred *c = cred_current();

	out->pid = proc_current_pid();
	out->uid = c->euid;
	out->gid = c->egid;
}

static bool name_eq(const struct unix_name *a, const struct unix_name *b)
{
	return a->len == b->len && !memcmp(a->path, b->path, a->len);
}

/* Under the lock: the socket of @type named @name, or NULL. As on Linux,
 * an abstract name is taken per type. */
static struct unix_sock *ns_find(const struct unix_name *name, int type)
{
	for (struct unix_sock *s = unix_ns_head; s; s = s->ns_next)
		if (s->type == type && name_eq(&s->name, name))
			return s;
	return NULL;
}

/* Under the lock: a free autobind name into *@name, or -EADDRINUSE. */
static int ns_autoname(struct unix_name *name, int type)
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned int tries = 0; tries < UNIX_AUTOBIND_MAX; tries++) {
		unsigned int n = unix_ns_autobind_next++ % UNIX_AUTOBIND_MAX;

		name->len = UNIX_AUTOBIND_LEN;
		name->path[0] = 0;
		for (int i = 5; i >= 1; i--, n >>= 4)
			name->path[i] = hex[n & 0xf];
		if (!ns_find(name, type))
			return 0;
	}
	return -EADDRINUSE;
}

static bool is_path(const struct unix_name *name)
{
	return name->len && name->path[0];
}

/* Under the lock: the socket bound to the socket node @key, or NULL. */
static struct unix_sock *ns_find_node(uint64_t key)
{
	for (struct unix_sock *s = unix_ns_head; s; s = s->ns_next)
		if (s->node_key == key)
			return s;
	return NULL;
}

/*
 * Find who @name names for a socket of @type: a path through its node
 * (the lookup's error; -EPROTOTYPE for a socket of another type, as
 * Linux), an abstract name among those of @type. Under the lock; the
 * path lookup is done before, in *@key (@err its result).
 */
static int ns_lookup(const struct unix_name *name, int type, uint64_t key,
		     int err, struct unix_sock **out)
{
	struct unix_sock *l;

	if (err)
		return err;
	l = is_path(name) ? ns_find_node(key) : ns_find(name, type);
	if (!l)
		return -ECONNREFUSED;
	if (l->type != type)
		return -EPROTOTYPE;
	*out = l;
	return 0;
}

/* The path lookup half of ns_lookup(), done without the lock. */
static int path_find(const struct unix_name *name, uint64_t *key)
{
	*key = 0;
	return is_path(name) ? fs_sock_find(name->path, key) : 0;
}

/* Under the lock: give datagram socket @s, which has no pair, a queue
 * that senders by name can reach. */
static int ns_make_inbox(struct unix_sock *s)
{
	struct unix_cred me;
	struct unix_conn *c;

	unix_cred_current(&me);
	c = unix_conn_create_inbox(&me);
	if (!c)
		return -ENOMEM;
	s->inbox = true;
	c->passcred[0] = s->passcred;
	sock_set_conn(s, c, 0);
	return 0;
}

int unix_ns_bind(struct unix_sock *s, const struct unix_name *name)
{
	struct unix_name n = *name;
	uint64_t key = 0;
	int err = 0;

	if (is_path(&n)) {
		frame_mutex_lock(&unix_ns_lock);
		err = s->name.len ? -EINVAL : 0;
		frame_mutex_unlock(&unix_ns_lock);
		/* Linux makes the node first: a path that exists is
		 * EADDRINUSE even for a socket that has a name. */
		if (err)
			err = fs_sock_find(n.path, &key) == -ENOENT
				      ? -EINVAL
				      : -EADDRINUSE;
		else
			err = fs_sock_mknod(n.path, &key);
		if (err)
			return err == -EEXIST ? -EADDRINUSE : err;
	}
	frame_mutex_lock(&unix_ns_lock);
	if (s->name.len)
		err = -EINVAL;
	else if (!n.len)
		err = ns_autoname(&n, s->type);
	else if (!key && ns_find(&n, s->type))
		err = -EADDRINUSE;
	if (!err && s->type == UNIX_SOCK_DGRAM && !sock_conn(s))
		err = ns_make_inbox(s);
	if (!err) {
		s->name = n;
		s->node_key = key;
		s->ns_next = unix_ns_head;
		unix_ns_head = s;
	}
	frame_mutex_unlock(&unix_ns_lock);
	return err;
}

int unix_ns_listen(struct unix_sock *s, int backlog)
{
	int err = 0;

	/* As Linux: a negative backlog is taken as unsigned, then capped. */
	if ((unsigned int)backlog > UNIX_SOMAXCONN)
		backlog = UNIX_SOMAXCONN;
	frame_mutex_lock(&unix_ns_lock);
	if (!s->name.len || sock_conn(s)) {
		err = -EINVAL;
	} else {
		if (!s->listening) {
			unix_cred_current(&s->listen_cred);
			s->pend_tail = &s->pend_head;
		}
		s->backlog = (unsigned int)backlog;
		__atomic_store_n(&s->listening, true, __ATOMIC_RELEASE);
	}
	frame_mutex_unlock(&unix_ns_lock);
	return err;
}

/* Under the lock: whether @l can take one more pending connection. */
static bool ns_room(const struct unix_sock *l)
{
	return l->npending <= l->backlog;
}

/* Under the lock: the listener for a connect of @s to @name, or -errno
 * in Linux's order (the name, then the queue, then @s's own state). */
static int ns_target(struct unix_sock *s, const struct unix_name *name,
		     uint64_t key, int err, struct unix_sock **out)
{
	struct unix_sock *l = NULL;

	err = ns_lookup(name, s->type, key, err, &l);
	if (err)
		return err;
	if (!l->listening)
		return -ECONNREFUSED;
	if (!ns_room(l))
		return -EAGAIN;
	if (sock_conn(s))
		return -EISCONN;
	if (s->listening)
		return -EINVAL;
	*out = l;
	return 0;
}

/* Under the lock, with @l's room checked: queue a new connection for
 * @l and give @s the other end. */
static int ns_link(struct unix_sock *s, struct unix_sock *l)
{
	struct unix_pending *p = frame_zalloc(sizeof(*p));
	struct unix_cred me;
	struct unix_conn *c;

	if (!p)
		return -ENOMEM;
	unix_cred_current(&me);
	c = unix_conn_create(s->type, &me);
	if (!c) {
		frame_free(p);
		return -ENOMEM;
	}
	c->cred[1] = l->listen_cred;
	/* The accepted socket inherits the listener's SO_PASSCRED. */
	c->passcred[0] = s->passcred;
	c->passcred[1] = l->passcred;
	c->name[0] = s->name;
	c->name[1] = l->name;
	p->conn = c;
	*l->pend_tail = p;
	l->pend_tail = &p->next;
	/* poll reads it without the lock */
	__atomic_store_n(&l->npending, l->npending + 1, __ATOMIC_RELEASE);
	sock_set_conn(s, c, 0);
	return 0;
}

int unix_ns_connect(struct unix_sock *s, const struct unix_name *name,
		    bool nonblock)
{
	struct unix_sock *l = NULL;
	unsigned int gen;
	uint64_t key;
	int err, found;

	for (;;) {
		found = path_find(name, &key);
		frame_mutex_lock(&unix_ns_lock);
		err = ns_target(s, name, key, found, &l);
		if (!err) {
			err = ns_link(s, l);
			/* Under the lock: @l cannot be released meanwhile. */
			if (!err)
				frame_waitq_wake_all(&l->idle_wq);
			frame_mutex_unlock(&unix_ns_lock);
			return err;
		}
		gen = unix_ns_gen;
		frame_mutex_unlock(&unix_ns_lock);
		if (err != -EAGAIN || nonblock)
			return err;
		/* The queue is full: wait for an accept or a release, then
		 * look the name up again. */
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&unix_ns_wq,
			__atomic_load_n(&unix_ns_gen, __ATOMIC_ACQUIRE) != gen,
			FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
	}
}

int unix_ns_accept(struct unix_sock *s, bool nonblock, struct unix_conn **c)
{
	struct unix_pending *p;
	int err;

	for (;;) {
		frame_mutex_lock(&unix_ns_lock);
		if (!s->listening) {
			frame_mutex_unlock(&unix_ns_lock);
			return -EINVAL;
		}
		p = s->pend_head;
		if (p) {
			s->pend_head = p->next;
			if (!s->pend_head)
				s->pend_tail = &s->pend_head;
			__atomic_store_n(&s->npending, s->npending - 1,
					 __ATOMIC_RELEASE);
			__atomic_store_n(&unix_ns_gen, unix_ns_gen + 1,
					 __ATOMIC_RELEASE);
		}
		frame_mutex_unlock(&unix_ns_lock);
		if (p)
			break;
		if (nonblock)
			return -EAGAIN;
		err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&s->idle_wq,
			__atomic_load_n(&s->npending, __ATOMIC_ACQUIRE) > 0,
			FRAME_WAIT_FOREVER);
		if (err)
			return -ERESTARTSYS;
	}
	*c = p->conn;
	frame_free(p);
	frame_waitq_wake_all(&unix_ns_wq);
	return 0;
}

/*
 * Under the lock: where a datagram from @s goes: the socket named @to,
 * else the one @s connected to; a held queue and its end in *@c, *@end.
 * -ENOTCONN when neither (and @s has no pair: *@c NULL, 0 returned).
 */
/* Under the lock: Linux's unix_may_send(): a datagram socket @t that is
 * connected (by connect() or as a pair's end) takes datagrams only from
 * the socket it is connected to. */
static bool ns_may_send(struct unix_sock *s, struct unix_sock *t)
{
	struct unix_conn *tc = sock_conn(t), *sc = sock_conn(s);

	if (t->dpeer)
		return sc && t->dpeer == sc && t->dpeer_end == s->end;
	if (tc && !t->inbox && unix_conn_connected(tc, t->end))
		return sc == tc && s->end == 1 - t->end;
	return true;
}

static int ns_dgram_dest(struct unix_sock *s, const struct unix_name *to,
			 uint64_t key, int found, struct unix_conn **c,
			 int *end)
{
	struct unix_sock *t = NULL;
	int err;

	*c = NULL;
	if (!to) {
		if (!s->dpeer)
			return sock_conn(s) && !s->inbox ? 0 : -ENOTCONN;
		*c = s->dpeer;
		*end = s->dpeer_end;
	} else {
		err = ns_lookup(to, UNIX_SOCK_DGRAM, key, found, &t);
		if (err)
			return err;
		if (!ns_may_send(s, t))
			return -EPERM;
		*c = sock_conn(t);
		*end = t->end;
		if (!*c)
			return -ECONNREFUSED;
	}
	unix_conn_hold(*c);
	return 0;
}

ssize_t unix_ns_dgram_send(struct unix_sock *s, const struct unix_name *to,
			   struct unix_io *io, bool nonblock)
{
	struct unix_conn *own = sock_conn(s), *c, *gone = NULL;
	uint64_t key = 0;
	ssize_t ret;
	int end, found = to ? path_find(to, &key) : 0;

	frame_mutex_lock(&unix_ns_lock);
	ret = ns_dgram_dest(s, to, key, found, &c, &end);
	if (!ret && s->name.len)
		ret = unix_scm_from(&io->scm, &s->name);
	frame_mutex_unlock(&unix_ns_lock);
	if (ret || !c) {
		if (c)
			unix_conn_unhold(c);
		/* No destination but a pair: the pair's peer. */
		return ret ? ret : unix_conn_send(own, s->end, io, nonblock);
	}
	/* The receiver's SO_PASSCRED asks for the sender's credentials. */
	if (__atomic_load_n(&c->passcred[end], __ATOMIC_ACQUIRE))
		ret = unix_scm_sender(&io->scm);
	if (!ret && own && unix_conn_snd_shut(own, s->end))
		ret = -EPIPE;
	if (!ret)
		ret = unix_conn_deliver(c, end, io, nonblock);
	if (ret == -ECONNREFUSED && !to) {
		frame_mutex_lock(&unix_ns_lock);
		if (s->dpeer == c) {
			s->dpeer = NULL; /* its hold is dropped below */
			gone = c;
		}
		frame_mutex_unlock(&unix_ns_lock);
	}
	unix_conn_unhold(c);
	if (gone)
		unix_conn_unhold(gone);
	return ret;
}

int unix_ns_dgram_connect(struct unix_sock *s, const struct unix_name *name)
{
	struct unix_conn *c, *old;
	struct unix_sock *t = NULL;
	uint64_t key;
	int err, found = path_find(name, &key);

	frame_mutex_lock(&unix_ns_lock);
	err = ns_lookup(name, UNIX_SOCK_DGRAM, key, found, &t);
	if (!err && !ns_may_send(s, t))
		err = -EPERM;
	c = err ? NULL : sock_conn(t);
	if (!err && !c)
		err = -ECONNREFUSED;
	old = err ? NULL : s->dpeer;
	if (!err) {
		unix_conn_hold(c);
		s->dpeer = c;
		s->dpeer_end = t->end;
		s->dpeer_name = t->name;
	}
	frame_mutex_unlock(&unix_ns_lock);
	if (old)
		unix_conn_unhold(old);
	return err;
}

void unix_ns_dgram_disconnect(struct unix_sock *s)
{
	struct unix_conn *old, *c = sock_conn(s);

	frame_mutex_lock(&unix_ns_lock);
	old = s->dpeer;
	s->dpeer = NULL;
	frame_mutex_unlock(&unix_ns_lock);
	if (old)
		unix_conn_unhold(old);
	if (c && !s->inbox)
		unix_conn_disconnect(c, s->end);
}

bool unix_ns_peer(struct unix_sock *s, struct unix_name *out)
{
	struct unix_conn *c = sock_conn(s);
	bool ok = true;

	frame_mutex_lock(&unix_ns_lock);
	if (s->dpeer)
		*out = s->dpeer_name;
	else if (c && !s->inbox && unix_conn_connected(c, s->end))
		*out = c->name[1 - s->end];
	else
		ok = false;
	frame_mutex_unlock(&unix_ns_lock);
	return ok;
}

void unix_ns_release(struct unix_sock *s)
{
	struct unix_pending *p;
	struct unix_conn *dpeer;

	frame_mutex_lock(&unix_ns_lock);
	dpeer = s->dpeer;
	s->dpeer = NULL;
	for (struct unix_sock **pp = &unix_ns_head; *pp; pp = &(*pp)->ns_next) {
		if (*pp == s) {
			*pp = s->ns_next;
			break;
		}
	}
	p = s->pend_head;
	s->pend_head = NULL;
	__atomic_store_n(&s->npending, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&s->listening, false, __ATOMIC_RELEASE);
	__atomic_store_n(&unix_ns_gen, unix_ns_gen + 1, __ATOMIC_RELEASE);
	frame_mutex_unlock(&unix_ns_lock);
	if (dpeer)
		unix_conn_unhold(dpeer);
	/* Clients queued here lose their connection: ECONNRESET. */
	while (p) {
		struct unix_pending *next = p->next;

		unix_conn_reset(p->conn, 1);
		frame_free(p);
		p = next;
	}
	frame_waitq_wake_all(&unix_ns_wq);
}

void unix_ns_each_pending(struct unix_sock *s, struct unix_pending_visit *v)
{
	frame_mutex_lock(&unix_ns_lock);
	for (struct unix_pending *p = s->pend_head; p; p = p->next)
		v->fn(v, p->conn);
	frame_mutex_unlock(&unix_ns_lock);
}

void unix_ns_name(struct unix_sock *s, struct unix_name *out)
{
	frame_mutex_lock(&unix_ns_lock);
	*out = s->name;
	frame_mutex_unlock(&unix_ns_lock);
}
