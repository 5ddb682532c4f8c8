/* SPDX-License-Identifier: MIT */
/* epoll instances: the interest list, the ready list, the wait. */
#ifndef EVENT_EPOLL_H
#define EVENT_EPOLL_H

#include <frame/types.h>

struct file;
struct epoll;

/* The event bits, as Linux's <sys/epoll.h> numbers them. */
#define EPOLLIN	       0x001u
#define EPOLLPRI       0x002u
#define EPOLLOUT       0x004u
#define EPOLLERR       0x008u
#define EPOLLHUP       0x010u
#define EPOLLRDNORM    0x040u
#define EPOLLRDBAND    0x080u
#define EPOLLWRNORM    0x100u
#define EPOLLWRBAND    0x200u
#define EPOLLMSG       0x400u
#define EPOLLRDHUP     0x2000u
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP    (1u << 29)
#define EPOLLONESHOT   (1u << 30)
#define EPOLLET	       (1u << 31)

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3

/* How deep epoll instances may watch one another, as on Linux. */
#define EPOLL_MAX_NESTS 4

/* Linux's struct epoll_event on x86-64: packed, 12 bytes. */
struct epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

/* epoll_file_create() - a new, empty instance with O_RDWR in *@out; 0
 * or -ENOMEM */
int epoll_file_create(struct file **out);

/* epoll_of() - @f's instance, or NULL when @f is no epoll file */
struct epoll *epoll_of(struct file *f);

/*
 * epoll_ctl_file() - EPOLL_CTL_ADD, _MOD or _DEL of (@tf, @fd) in @ep
 * (@ev read for ADD and MOD only). The caller has checked that @tf can
 * be polled and is not @ep's own file; this checks the rest in Linux's
 * order: EPOLLEXCLUSIVE's rules (EINVAL), ELOOP for an epoll file that
 * would close a cycle or nest too deep, then EEXIST, ENOENT, EINVAL for
 * an unknown @op; ENOMEM.
 */
int epoll_ctl_file(struct epoll *ep, int op, int fd, struct file *tf,
		   const struct epoll_event *ev);

/*
 * Where a wait's events go: @put(@s, @i, @ev) stores the @i-th event; 0
 * or -EFAULT (the event then stays ready). The syscalls give the caller's
 * array; ktests give a kernel one.
 */
struct epoll_sink {
	int (*put)(struct epoll_sink *s, int i, const struct epoll_event *ev);
};

/*
 * epoll_wait_events() - wait until @ep has ready events or @deadline
 * passes (FRAME_WAIT_FOREVER: never; in the past: look once); give up
 * to @max (> 0) of them to @out. The number given (0 at the deadline),
 * -EFAULT when the first could not be stored, -EINTR when a signal
 * ended the wait.
 */
int epoll_wait_events(struct epoll *ep, struct epoll_sink *out, int max,
		      uint64_t deadline);

#endif /* EVENT_EPOLL_H */
