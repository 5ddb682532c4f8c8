/* SPDX-License-Identifier: MIT */
/* eventfd files: the counter, its blocking reads and writes, and poll. */
#ifndef EVENT_EVENTFD_H
#define EVENT_EVENTFD_H

#include <frame/types.h>

struct file;
struct eventfd;

#define EFD_SEMAPHORE 00000001
#define EFD_NONBLOCK  00004000 /* O_NONBLOCK */
#define EFD_CLOEXEC   02000000 /* O_CLOEXEC */

/* The largest value the counter holds; one more is the -EINVAL write. */
#define EVENTFD_MAX (UINT64_MAX - 1)

/*
 * eventfd_file_create() - a new eventfd file in *@out (one reference),
 * counter @initval, @flags a subset of EFD_NONBLOCK | EFD_SEMAPHORE
 * (the caller has checked them); 0 or -ENOMEM.
 */
int eventfd_file_create(uint64_t initval, unsigned int flags,
			struct file **out);

/* eventfd_of() - @f's eventfd, or NULL when @f is no eventfd. */
struct eventfd *eventfd_of(struct file *f);

/*
 * eventfd_take() - what a read returns, in *@val: the whole counter
 * (which becomes 0) or, for a semaphore, 1 (taken from it). Blocks while
 * the counter is 0 unless @nonblock (-EAGAIN); -ERESTARTSYS when a signal
 * interrupts the wait.
 */
int eventfd_take(struct eventfd *e, bool nonblock, uint64_t *val);

/*
 * eventfd_add() - what a write does: add @val, blocking while the sum
 * would pass EVENTFD_MAX unless @nonblock (-EAGAIN); -EINVAL for
 * UINT64_MAX, -ERESTARTSYS when a signal interrupts the wait.
 */
int eventfd_add(struct eventfd *e, bool nonblock, uint64_t val);

#endif /* EVENT_EVENTFD_H */
