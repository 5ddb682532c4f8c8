/* SPDX-License-Identifier: MIT */
/* The file system calls: long sys_<name>(const uint64_t a[6]). */
#ifndef FS_SYSCALLS_H
#define FS_SYSCALLS_H

#include <frame/types.h>

/*
 * Each returns >= 0, -errno, or a restart code of <frame/errno.h> (a
 * blocking read, poll or select interrupted by a signal). Arguments are
 * the raw registers; user pointers are decoded with
 * uaddr_from_syscall_arg().
 */
long sys_read(const uint64_t a[6]);
long sys_write(const uint64_t a[6]);
long sys_open(const uint64_t a[6]);
long sys_close(const uint64_t a[6]);
long sys_stat(const uint64_t a[6]);
long sys_fstat(const uint64_t a[6]);
long sys_lstat(const uint64_t a[6]);
long sys_poll(const uint64_t a[6]);
long sys_lseek(const uint64_t a[6]);
long sys_ioctl(const uint64_t a[6]);
long sys_pread64(const uint64_t a[6]);
long sys_pwrite64(const uint64_t a[6]);
long sys_readv(const uint64_t a[6]);
long sys_writev(const uint64_t a[6]);
long sys_access(const uint64_t a[6]);
long sys_select(const uint64_t a[6]);
long sys_dup(const uint64_t a[6]);
long sys_dup2(const uint64_t a[6]);
long sys_fcntl(const uint64_t a[6]);
long sys_fsync(const uint64_t a[6]);
long sys_fdatasync(const uint64_t a[6]);
long sys_truncate(const uint64_t a[6]);
long sys_ftruncate(const uint64_t a[6]);
long sys_getdents64(const uint64_t a[6]);
long sys_getcwd(const uint64_t a[6]);
long sys_chdir(const uint64_t a[6]);
long sys_fchdir(const uint64_t a[6]);
long sys_rename(const uint64_t a[6]);
long sys_mkdir(const uint64_t a[6]);
long sys_rmdir(const uint64_t a[6]);
long sys_creat(const uint64_t a[6]);
long sys_link(const uint64_t a[6]);
long sys_unlink(const uint64_t a[6]);
long sys_symlink(const uint64_t a[6]);
long sys_readlink(const uint64_t a[6]);
long sys_chmod(const uint64_t a[6]);
long sys_fchmod(const uint64_t a[6]);
long sys_umask(const uint64_t a[6]);
long sys_sync(const uint64_t a[6]);
long sys_openat(const uint64_t a[6]);
long sys_mkdirat(const uint64_t a[6]);
long sys_newfstatat(const uint64_t a[6]);
long sys_unlinkat(const uint64_t a[6]);
long sys_renameat(const uint64_t a[6]);
long sys_linkat(const uint64_t a[6]);
long sys_symlinkat(const uint64_t a[6]);
long sys_readlinkat(const uint64_t a[6]);
long sys_fchmodat(const uint64_t a[6]);
long sys_faccessat(const uint64_t a[6]);
long sys_pselect6(const uint64_t a[6]);
long sys_ppoll(const uint64_t a[6]);
long sys_dup3(const uint64_t a[6]);
long sys_preadv(const uint64_t a[6]);
long sys_pwritev(const uint64_t a[6]);
long sys_mknod(const uint64_t a[6]);
long sys_mknodat(const uint64_t a[6]);
long sys_memfd_create(const uint64_t a[6]);
long sys_renameat2(const uint64_t a[6]);
long sys_statx(const uint64_t a[6]);
long sys_faccessat2(const uint64_t a[6]);
long sys_syncfs(const uint64_t a[6]);
long sys_chown(const uint64_t a[6]);
long sys_fchown(const uint64_t a[6]);
long sys_lchown(const uint64_t a[6]);
long sys_fchownat(const uint64_t a[6]);
long sys_utimensat(const uint64_t a[6]);
long sys_utimes(const uint64_t a[6]);
long sys_futimesat(const uint64_t a[6]);
long sys_utime(const uint64_t a[6]);
long sys_statfs(const uint64_t a[6]);
long sys_fstatfs(const uint64_t a[6]);
long sys_mount(const uint64_t a[6]);
long sys_umount2(const uint64_t a[6]);
long sys_fadvise64(const uint64_t a[6]);
long sys_readahead(const uint64_t a[6]);
long sys_flock(const uint64_t a[6]);
long sys_fallocate(const uint64_t a[6]);
long sys_close_range(const uint64_t a[6]);
long sys_chroot(const uint64_t a[6]);
long sys_sendfile(const uint64_t a[6]);
long sys_copy_file_range(const uint64_t a[6]);

#endif /* FS_SYSCALLS_H */
