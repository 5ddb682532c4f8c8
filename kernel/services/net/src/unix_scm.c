/* SPDX-License-Identifier: MIT */
/* Ancillary data: SCM_RIGHTS and SCM_CREDENTIALS in and out of user memory. */
#include "unix_scm.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/user.h>

#include <cred/cred.h>
#include <fs/fd.h>
#include <fs/fs.h>
#include <process/process.h>

#include "sock.h"
#include "unix_gc.h"

#define SOL_SOCKET_	 1
#define SCM_RIGHTS_	 1
#define SCM_CREDENTIALS_ 2
#define MSG_CTRUNC_	 0x8

/* struct cmsghdr on x86-64, and its CMSG_ALIGN/LEN/SPACE. */
struct unix_cmsghdr {
	uint64_t len;
	int32_t level;
	int32_t type;
};
#define CMSG_HDR	sizeof(struct unix_cmsghdr)
#define CMSG_ALIGN_(n)	(((n) + 7) & ~(uint64_t)7)
#define CMSG_LEN_(n)	(CMSG_HDR + (n))
#define CMSG_SPACE_(n)	(CMSG_HDR + CMSG_ALIGN_(n))
#define SCM_CTL_MAX	0x7fffffffull /* INT_MAX */
#define SCM_CTL_BUF_MAX (64 * 1024)   /* Linux's optmem cap, about */

static struct unix_scm *scm_alloc(unsigned int nfiles)
{
	return frame_zalloc(sizeof(struct unix_scm) +
			    nfiles * sizeof(struct unix_scm_file));
}

void unix_scm_free(struct unix_scm *scm)
{
	if (!scm)
		return;
	for (unsigned int i = 0; i < scm->nfiles; i++) {
		if (scm->counted)
			unix_gc_inflight_del(scm->files[i].f);
		file_put(scm->files[i].f);
	}
	frame_free(scm);
}

/* Grow *@scm by the @n descriptors at @fds: 0, -EBADF, -EINVAL, -ENOMEM. */
static int scm_add_fds(struct unix_scm **scm, const int32_t *fds,
		       unsigned int n)
{
	struct fd_table *t = fd_table_current();
	unsigned int have = *scm ? (*scm)->nfiles : 0;
	struct unix_scm *s;

	if (have + n > UNIX_SCM_MAX_FD)
		return -EINVAL;
	if (!t)
		return -EBADF;
	s = scm_alloc(have + n);
	if (!s)
		return -ENOMEM;
	if (*scm) {
		s->has_cred = (*scm)->has_cred;
		s->cred = (*scm)->cred;
		s->from = (*scm)->from;
		memcpy(s->files, (*scm)->files, have * sizeof(s->files[0]));
		s->nfiles = have;
		(*scm)->nfiles = 0; /* the references moved */
		unix_scm_free(*scm);
	}
	*scm = s;
	s->counted = true;
	for (unsigned int i = 0; i < n; i++) {
		unsigned int rights = fd_rights(t, fds[i]);
		struct file *f;

		if (fd_get(t, fds[i], 0, &f))
			return -EBADF;
		s->files[s->nfiles].f = f;
		s->files[s->nfiles].rights = rights;
		s->nfiles++;
		unix_gc_inflight_add(f);
	}
	return 0;
}

/* Linux's scm_check_creds(): one's own pid and ids, unless privileged. */
static int scm_check_cred(const struct unix_cred *uc)
{
	const struct cred *c = cred_current();
	bool priv = cred_capable(c);

	if (uc->pid != proc_current_pid() && !priv)
		return -EPERM;
	if (uc->uid != c->uid && uc->uid != c->euid && uc->uid != c->suid &&
	    !priv)
		return -EPERM;
	if (uc->gid != c->gid && uc->gid != c->egid && uc->gid != c->sgid &&
	    !priv)
		return -EPERM;
	return 0;
}

/* One SOL_SOCKET message of @buf (@n bytes of data) into *@scm. */
static int scm_parse_one(const struct unix_cmsghdr *h, const uint8_t *data,
			 size_t n, struct unix_scm **scm)
{
	int32_t fds[UNIX_SCM_MAX_FD];
	struct unix_cred uc;
	int err;

	switch (h->type) {
	case SCM_RIGHTS_:
		if (n / sizeof(int32_t) == 0)
			return 0;
		if (n / sizeof(int32_t) > UNIX_SCM_MAX_FD)
			return -EINVAL;
		memcpy(fds, data, n / sizeof(int32_t) * sizeof(int32_t));
		return scm_add_fds(scm, fds,
				   (unsigned int)(n / sizeof(int32_t)));
	case SCM_CREDENTIALS_:
		if (n != sizeof(uc))
			return -EINVAL;
		memcpy(&uc, data, sizeof(uc));
		err = scm_check_cred(&uc);
		if (err)
			return err;
		if (!*scm) {
			*scm = scm_alloc(0);
			if (!*scm)
				return -ENOMEM;
		}
		(*scm)->has_cred = true;
		(*scm)->cred = uc;
		return 0;
	default:
		return -EINVAL;
	}
}

int unix_scm_from_user(uint64_t control, uint64_t len, struct unix_scm **out)
{
	struct unix_scm *scm = NULL;
	uint8_t *buf;
	size_t off = 0;
	int err = 0;

	*out = NULL;
	if (len > SCM_CTL_MAX)
		return -ENOBUFS;
	if (len < CMSG_HDR)
		return 0; /* no header fits: nothing (CMSG_FIRSTHDR is NULL) */
	if (len > SCM_CTL_BUF_MAX)
		return -ENOBUFS;
	buf = frame_alloc(len);
	if (!buf)
		return -ENOMEM;
	if (frame_copy_from_user(buf, uaddr_from_syscall_arg(control), len)) {
		err = -EFAULT;
		goto out;
	}
	while (off + CMSG_HDR <= len) {
		struct unix_cmsghdr h;

		memcpy(&h, buf + off, sizeof(h));
		if (h.len < CMSG_HDR || h.len > len - off) {
			err = -EINVAL;
			break;
		}
		if (h.level == SOL_SOCKET_) {
			err = scm_parse_one(&h, buf + off + CMSG_HDR,
					    h.len - CMSG_HDR, &scm);
			if (err)
				break;
		}
		off += CMSG_ALIGN_(h.len);
	}
out:
	frame_free(buf);
	if (err) {
		unix_scm_free(scm);
		return err;
	}
	*out = scm;
	return 0;
}

int unix_scm_sender(struct unix_scm **scm)
{
	const struct cred *c = cred_current();

	if (!*scm) {
		*scm = scm_alloc(0);
		if (!*scm)
			return -ENOMEM;
	}
	if (!(*scm)->has_cred) {
		(*scm)->has_cred = true;
		(*scm)->cred.pid = proc_current_pid();
		(*scm)->cred.uid = c->uid;
		(*scm)->cred.gid = c->gid;
	}
	return 0;
}

int unix_scm_from(struct unix_scm **scm, const struct unix_name *from)
{
	if (!*scm) {
		*scm = scm_alloc(0);
		if (!*scm)
			return -ENOMEM;
	}
	(*scm)->from = *from;
	return 0;
}

struct unix_scm *unix_scm_clone(const struct unix_scm *scm)
{
	struct unix_scm *s = scm_alloc(scm->nfiles);

	if (!s)
		return NULL;
	s->has_cred = scm->has_cred;
	s->cred = scm->cred;
	s->from = scm->from;
	s->nfiles = scm->nfiles;
	for (unsigned int i = 0; i < scm->nfiles; i++) {
		s->files[i] = scm->files[i];
		file_get(s->files[i].f);
	}
	return s;
}

/* Write one control message of @n data bytes at *@off, as far as it fits
 * (Linux's put_cmsg): 0 or -EFAULT. */
static int put_cmsg(uint64_t control, uint64_t len, uint64_t *off, int type,
		    const void *data, size_t n, int *msg_flags)
{
	struct unix_cmsghdr h = { CMSG_LEN_(n), SOL_SOCKET_, type };
	uint64_t room = len - *off;
	uaddr_t u = uaddr_add(uaddr_from_syscall_arg(control), *off);

	if (room < CMSG_HDR) {
		*msg_flags |= MSG_CTRUNC_;
		return 0;
	}
	if (room < h.len) {
		*msg_flags |= MSG_CTRUNC_;
		n = room - CMSG_HDR;
	}
	if (frame_copy_to_user(u, &h, sizeof(h)) ||
	    (n && frame_copy_to_user(uaddr_add(u, CMSG_HDR), data, n)))
		return -EFAULT;
	*off += MIN(CMSG_SPACE_(n), room);
	return 0;
}

int unix_scm_to_user(struct unix_scm *scm, bool passcred, bool cloexec,
		     uint64_t control, uint64_t len, uint64_t *used,
		     int *msg_flags)
{
	struct fd_table *t = fd_table_current();
	int32_t fds[UNIX_SCM_MAX_FD];
	unsigned int fit = 0, n = 0;
	uint64_t off = 0;
	int err = 0;

	*used = 0;
	if (!scm)
		return 0;
	if (!control)
		len = 0;
	if (passcred && scm->has_cred)
		err = put_cmsg(control, len, &off, SCM_CREDENTIALS_, &scm->cred,
			       sizeof(scm->cred), msg_flags);
	if (!err && scm->nfiles) {
		if (len - off > CMSG_HDR)
			fit = (unsigned int)MIN((len - off - CMSG_HDR) /
							sizeof(int32_t),
						(uint64_t)scm->nfiles);
		for (; t && n < fit; n++) {
			int fd = fd_install(t, scm->files[n].f,
					    scm->files[n].rights, cloexec);

			if (fd < 0)
				break;
			fds[n] = fd;
		}
		if (n < scm->nfiles)
			*msg_flags |= MSG_CTRUNC_;
		if (n)
			err = put_cmsg(control, len, &off, SCM_RIGHTS_, fds,
				       n * sizeof(int32_t), msg_flags);
	}
	*used = off;
	unix_scm_free(scm);
	return err;
}
