/* SPDX-License-Identifier: MIT */
/* getrandom: bytes of the frame's generator, which never blocks. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/random.h>
#include <frame/string.h>
#include <frame/task.h>

#include "time_internal.h"

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM   0x2
#define GRND_INSECURE 0x4

/* Linux caps one call at INT_MAX bytes; we copy in chunks of this. */
#define GETRANDOM_MAX	  0x7fffffffull
#define GETRANDOM_CHUNK	  256
#define GETRANDOM_CHECK_N 4096 /* look for a signal every this many */

struct getrandom_req {
	uaddr_t buf;
	size_t count;
};

static int getrandom_decode(const uint64_t a[6], struct getrandom_req *req)
{
	unsigned int flags = (unsigned int)a[2];

	if (flags &
	    ~(unsigned int)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	req->buf = uaddr_from_syscall_arg(a[0]);
	req->count = a[1] > GETRANDOM_MAX ? GETRANDOM_MAX : (size_t)a[1];
	return 0;
}

/*
 * The generator is seeded before user space runs, so no flag changes
 * what is returned: GRND_RANDOM and GRND_NONBLOCK never block here. A
 * fault part-way returns the bytes written, as Linux does; a pending
 * signal ends a long request the same way.
 */
static long do_getrandom(const struct getrandom_req *req)
{
	unsigned char chunk[GETRANDOM_CHUNK];
	size_t done = 0, n;

	while (done < req->count) {
		if (done && done % GETRANDOM_CHECK_N == 0 &&
		    task_interrupt_pending())
			break;
		n = req->count - done;
		if (n > sizeof(chunk))
			n = sizeof(chunk);
		frame_random_bytes(chunk, n);
		if (frame_copy_to_user(uaddr_add(req->buf, done), chunk, n)) {
			if (!done)
				return -EFAULT;
			break;
		}
		done += n;
	}
	memset(chunk, 0, sizeof(chunk));
	return (long)done;
}

long sys_getrandom(const uint64_t a[6])
{
	struct getrandom_req req;
	int err = getrandom_decode(a, &req);

	if (err)
		return err;
	return do_getrandom(&req);
}
