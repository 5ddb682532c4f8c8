/* SPDX-License-Identifier: MIT */
/* struct sockaddr_un in and out of user memory, with Linux's checks. */
#include "sock.h"

#include <frame/errno.h>
#include <frame/string.h>
#include <frame/user.h>

#define SUN_PATH_OFF 2	 /* offsetof(struct sockaddr_un, sun_path) */
#define SUN_LEN_MAX  110 /* sizeof(struct sockaddr_un) */
/* sizeof(struct sockaddr_storage): longer addresses are refused first */
#define SOCKADDR_STORAGE 128

int unix_addr_get(uint64_t uaddr, uint32_t len, struct unix_name *name)
{
	char buf[SUN_LEN_MAX];
	uint16_t family;

	if ((int32_t)len < 0 || len > SOCKADDR_STORAGE)
		return -EINVAL;
	if (len && frame_copy_from_user(buf, uaddr_from_syscall_arg(uaddr),
					MIN(len, (uint32_t)sizeof(buf))))
		return -EFAULT;
	if (len < SUN_PATH_OFF || len > SUN_LEN_MAX)
		return -EINVAL;
	memcpy(&family, buf, sizeof(family));
	if (family != AF_UNIX_)
		return -EINVAL;
	len -= SUN_PATH_OFF;
	memset(name, 0, sizeof(*name));
	if (len && buf[SUN_PATH_OFF] != 0) {
		/* A path ends at its first NUL; the name keeps one. */
		size_t n = strnlen(buf + SUN_PATH_OFF, len);

		memcpy(name->path, buf + SUN_PATH_OFF, n);
		name->len = (uint8_t)(n + 1);
	} else {
		memcpy(name->path, buf + SUN_PATH_OFF, len);
		name->len = (uint8_t)len;
	}
	return 0;
}

int unix_addr_put(const struct unix_name *name, uint64_t uaddr, uint64_t ulen)
{
	uaddr_t ul = uaddr_from_syscall_arg(ulen);
	uint8_t buf[SUN_PATH_OFF + sizeof(name->path)];
	uint16_t family = AF_UNIX_;
	int32_t len, full = SUN_PATH_OFF + name->len;

	if (frame_copy_from_user(&len, ul, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	memcpy(buf, &family, sizeof(family));
	memcpy(buf + SUN_PATH_OFF, name->path, name->len);
	if (len > full)
		len = full;
	if (len &&
	    frame_copy_to_user(uaddr_from_syscall_arg(uaddr), buf, (size_t)len))
		return -EFAULT;
	return frame_copy_to_user(ul, &full, sizeof(full)) ? -EFAULT : 0;
}
