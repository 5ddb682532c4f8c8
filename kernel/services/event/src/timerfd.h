/* SPDX-License-Identifier: MIT */
/* timerfd files: a frame timer that counts expirations for read(2). */
#ifndef EVENT_TIMERFD_H
#define EVENT_TIMERFD_H

#include <frame/types.h>

struct file;
struct timerfd;

#define TFD_NONBLOCK		00004000 /* O_NONBLOCK */
#define TFD_CLOEXEC		02000000 /* O_CLOEXEC */
#define TFD_TIMER_ABSTIME	(1u << 0)
#define TFD_TIMER_CANCEL_ON_SET (1u << 1)

#define TIMERFD_CLOCK_REALTIME	0
#define TIMERFD_CLOCK_MONOTONIC 1
#define TIMERFD_CLOCK_BOOTTIME	7

/* A timer setting in nanoseconds: @value 0 is disarmed. */
struct timerfd_spec {
	uint64_t interval_ns, value_ns;
};

/* timerfd_clock_ok() - whether timerfd_create() takes @clockid */
bool timerfd_clock_ok(int clockid);

/*
 * timerfd_file_create() - a new disarmed timerfd on @clockid (checked
 * with timerfd_clock_ok()) in *@out, O_NONBLOCK from @flags; 0 or -ENOMEM.
 */
int timerfd_file_create(int clockid, unsigned int flags, struct file **out);

/* timerfd_of() - @f's timerfd, or NULL when @f is no timerfd. */
struct timerfd *timerfd_of(struct file *f);

/*
 * timerfd_set() - arm (or, @spec->value_ns 0, disarm) @t: @spec->value_ns
 * from now, or at that time of the timer's clock with TFD_TIMER_ABSTIME
 * in @flags; then every @spec->interval_ns. TFD_TIMER_CANCEL_ON_SET with
 * ABSTIME on CLOCK_REALTIME makes a setting of the wall clock end reads
 * with -ECANCELED. The setting it replaces goes to *@old. Clears the
 * expiration count.
 */
void timerfd_set(struct timerfd *t, unsigned int flags,
		 const struct timerfd_spec *spec, struct timerfd_spec *old);

/* timerfd_get() - the time to the next expiration, and the interval. */
void timerfd_get(struct timerfd *t, struct timerfd_spec *out);

/*
 * timerfd_take() - the expirations since the last take, in *@n (then 0);
 * blocks while there are none unless @nonblock (-EAGAIN); -ECANCELED once
 * after the wall clock was set under a CANCEL_ON_SET timer; -ERESTARTSYS
 * when a signal interrupts the wait.
 */
int timerfd_take(struct timerfd *t, bool nonblock, uint64_t *n);

#endif /* EVENT_TIMERFD_H */
