/* SPDX-License-Identifier: MIT */
/* The ipc system calls: long sys_<name>(const uint64_t a[6]). */
#ifndef IPC_SYSCALLS_H
#define IPC_SYSCALLS_H

#include <frame/types.h>

/*
 * pipe(int fds[2]) and pipe2(int fds[2], int flags): fds[0] the read end
 * (read rights only), fds[1] the write end (write rights only). pipe2
 * takes O_CLOEXEC, O_NONBLOCK and O_DIRECT (accepted; writes are not
 * packetised); other flags are -EINVAL. -EFAULT when @fds cannot be
 * written (no descriptor is left open then), -EMFILE, -ENOMEM.
 */
long sys_pipe(const uint64_t a[6]);
long sys_pipe2(const uint64_t a[6]);

#endif /* IPC_SYSCALLS_H */
