/* SPDX-License-Identifier: MIT */
/* signalfd files: the caller's pending signals of a set, read as records. */
#ifndef EVENT_SIGNALFD_H
#define EVENT_SIGNALFD_H

#include <frame/types.h>
#include <signal/signal.h>

struct file;
struct signalfd;

#define SFD_NONBLOCK 00004000 /* O_NONBLOCK */
#define SFD_CLOEXEC  02000000 /* O_CLOEXEC */

/* struct signalfd_siginfo: what read(2) returns per signal. */
#define SIGNALFD_INFO_SIZE 128
struct signalfd_info {
	uint32_t signo;
	int32_t errno_;
	int32_t code;
	uint32_t pid, uid;
	int32_t fd;
	uint32_t tid, band, overrun, trapno;
	int32_t status, int_;
	uint64_t ptr, utime, stime, addr;
	uint16_t addr_lsb, pad2_;
	int32_t syscall;
	uint64_t call_addr;
	uint32_t arch;
	uint8_t pad_[28];
};

/* signalfd_info_from() - lay @info out as Linux's signalfd_siginfo */
void signalfd_info_from(const struct ksiginfo *info, struct signalfd_info *out);

/*
 * signalfd_file_create() - a new signalfd for @mask (SIGKILL and SIGSTOP
 * already taken out) in *@out, O_NONBLOCK from @flags; 0 or -ENOMEM.
 */
int signalfd_file_create(sigset_t mask, unsigned int flags, struct file **out);

/* signalfd_of() - @f's signalfd, or NULL when @f is no signalfd. */
struct signalfd *signalfd_of(struct file *f);

/* signalfd_set_mask() - replace @s's set; readers and pollers see it at
 * their next look. */
void signalfd_set_mask(struct signalfd *s, sigset_t mask);

#endif /* EVENT_SIGNALFD_H */
