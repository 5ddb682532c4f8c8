/* SPDX-License-Identifier: MIT */
/* uname, sethostname and setdomainname: the one set of UTS names. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/string.h>
#include <frame/sync.h>

#include "time_internal.h"

/* Linux's __NEW_UTS_LEN: each field holds 64 characters and a NUL. */
#define UTS_LEN 64

struct utsname_user {
	char sysname[UTS_LEN + 1];
	char nodename[UTS_LEN + 1];
	char release[UTS_LEN + 1];
	char version[UTS_LEN + 1];
	char machine[UTS_LEN + 1];
	char domainname[UTS_LEN + 1];
};

static struct {
	struct frame_spinlock lock; /* guards both names */
	char nodename[UTS_LEN + 1];
	char domainname[UTS_LEN + 1];
} uts = {
	.lock = FRAME_SPINLOCK_INIT,
	.nodename = "keel",
	.domainname = "(none)",
};

static void uts_read(const char *name, char *buf, size_t size)
{
	uint64_t flags = frame_spin_lock_irqsave(&uts.lock);

	frame_strscpy(buf, name, size);
	frame_spin_unlock_irqrestore(&uts.lock, flags);
}

void time_hostname(char *buf, size_t size)
{
	uts_read(uts.nodename, buf, size);
}

void time_domainname(char *buf, size_t size)
{
	uts_read(uts.domainname, buf, size);
}

long sys_uname(const uint64_t a[6])
{
	uaddr_t out = uaddr_from_syscall_arg(a[0]);
	struct utsname_user u;

	memset(&u, 0, sizeof(u));
	frame_strscpy(u.sysname, TIME_UTS_SYSNAME, sizeof(u.sysname));
	time_hostname(u.nodename, sizeof(u.nodename));
	frame_strscpy(u.release, TIME_UTS_RELEASE, sizeof(u.release));
	frame_strscpy(u.version, TIME_UTS_VERSION, sizeof(u.version));
	frame_strscpy(u.machine, TIME_UTS_MACHINE, sizeof(u.machine));
	time_domainname(u.domainname, sizeof(u.domainname));
	if (frame_copy_to_user(out, &u, sizeof(u)))
		return -EFAULT;
	return 0;
}

/*
 * A new name, checked as Linux does: privilege first, then the length
 * (0..64; the name need not be NUL-terminated), then the copy.
 */
static int uts_name_decode(const uint64_t a[6], char name[UTS_LEN + 1])
{
	int len = (int)a[1];

	if (!time_capable())
		return -EPERM;
	if (len < 0 || len > UTS_LEN)
		return -EINVAL;
	memset(name, 0, UTS_LEN + 1);
	if (frame_copy_from_user(name, uaddr_from_syscall_arg(a[0]),
				 (size_t)len))
		return -EFAULT;
	return 0;
}

static void uts_write(char *dst, const char name[UTS_LEN + 1])
{
	uint64_t flags = frame_spin_lock_irqsave(&uts.lock);

	memcpy(dst, name, UTS_LEN + 1);
	frame_spin_unlock_irqrestore(&uts.lock, flags);
}

long sys_sethostname(const uint64_t a[6])
{
	char name[UTS_LEN + 1];
	int err = uts_name_decode(a, name);

	if (err)
		return err;
	uts_write(uts.nodename, name);
	return 0;
}

long sys_setdomainname(const uint64_t a[6])
{
	char name[UTS_LEN + 1];
	int err = uts_name_decode(a, name);

	if (err)
		return err;
	uts_write(uts.domainname, name);
	return 0;
}
