/* SPDX-License-Identifier: MIT */
/* Collecting passed AF_UNIX sockets that nothing but queues can reach. */
#ifndef NET_UNIX_GC_H
#define NET_UNIX_GC_H

struct file;

/*
 * A socket passed with SCM_RIGHTS is referenced by the message that
 * carries it until the message is received. A socket whose only
 * references are such messages, sitting in queues that only such
 * sockets can read (a socket sent over itself, two sockets sent to each
 * other, and closed), can never be received again: as Linux does, the
 * collector finds those and drops the messages in their queues, which
 * closes them.
 *
 * unix_gc_inflight_add() / _del(): @f (any file; only sockets count) was
 * put into / taken out of a message; never with a connection's or the
 * namespace's lock held. unix_gc(): collect now (a socket's release
 * calls it; a collection already running does another pass instead).
 */
void unix_gc_inflight_add(struct file *f);
void unix_gc_inflight_del(struct file *f);
void unix_gc(void);

/* unix_gc_inflight_total() - sockets' references held by messages */
unsigned int unix_gc_inflight_total(void);

#endif /* NET_UNIX_GC_H */
