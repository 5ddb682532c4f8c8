/* SPDX-License-Identifier: MIT */
/* Ancillary data of AF_UNIX messages: passed descriptors and credentials. */
#ifndef NET_UNIX_SCM_H
#define NET_UNIX_SCM_H

#include <frame/types.h>

#include "unix_conn.h"

struct file;

/* Linux's SCM_MAX_FD: the most descriptors one message carries. */
#define UNIX_SCM_MAX_FD 253

/* One passed descriptor: the file (a reference held in flight) and the
 * rights its descriptor had. */
struct unix_scm_file {
	struct file *f;
	unsigned int rights;
};

/*
 * What one sendmsg() attached to its bytes, queued beside them in the
 * ring: the bytes at positions [@start, @end) of the ring they went to
 * (set when queued). @nfiles files in @files; @has_cred: @cred is the
 * sender's (given with SCM_CREDENTIALS, or filled in because one side
 * has SO_PASSCRED). @from: a datagram's sender's name (0 long: none).
 * @counted: a sent message's files count as in flight (unix_gc.h); a
 * copy made for MSG_PEEK holds its references as any holder does.
 */
struct unix_scm {
	struct unix_scm *next;
	size_t start, end;
	unsigned int nfiles;
	bool counted; /* its sockets' references are counted in flight */
	bool has_cred;
	struct unix_cred cred;
	struct unix_name from;
	struct unix_scm_file files[];
};

/*
 * unix_scm_from_user() - read sendmsg()'s control buffer (@control,
 * @len bytes) as Linux does: SOL_SOCKET's SCM_RIGHTS (descriptors of the
 * caller, -EBADF; more than UNIX_SCM_MAX_FD in all -EINVAL) and
 * SCM_CREDENTIALS (-EINVAL for a bad length, -EPERM for ids or a pid not
 * the caller's without privilege); other levels are skipped, another
 * type is -EINVAL, a malformed header -EINVAL; -EFAULT, -ENOMEM,
 * -ENOBUFS (@len above INT_MAX). *@out: NULL when nothing is to be
 * carried, else a new unix_scm (free with unix_scm_free()).
 */
int unix_scm_from_user(uint64_t control, uint64_t len, struct unix_scm **out);

/* unix_scm_sender() - make sure *@scm carries the caller's credentials
 * (a new one when NULL): 0 or -ENOMEM */
int unix_scm_sender(struct unix_scm **scm);

/* unix_scm_from() - make sure *@scm (a new one when NULL) names the
 * datagram's sender @from: 0 or -ENOMEM */
int unix_scm_from(struct unix_scm **scm, const struct unix_name *from);

/* unix_scm_clone() - a copy of @scm with its own file references (for
 * MSG_PEEK), or NULL when out of memory */
struct unix_scm *unix_scm_clone(const struct unix_scm *scm);

/* unix_scm_free() - drop @scm's file references and free it (NULL is
 * ignored). Never with a connection's lock held: the last reference to
 * a passed socket closes it. */
void unix_scm_free(struct unix_scm *scm);

/*
 * unix_scm_to_user() - recvmsg()'s control buffer: SCM_CREDENTIALS when
 * @passcred and @scm has them, then SCM_RIGHTS with the files installed
 * as new descriptors (O_CLOEXEC with @cloexec) as far as room allows,
 * MSG_CTRUNC in *@msg_flags for what did not fit (those files are
 * dropped). *@used: the bytes of control data written. Consumes @scm
 * (NULL: nothing to give). 0 or -EFAULT.
 */
int unix_scm_to_user(struct unix_scm *scm, bool passcred, bool cloexec,
		     uint64_t control, uint64_t len, uint64_t *used,
		     int *msg_flags);

#endif /* NET_UNIX_SCM_H */
