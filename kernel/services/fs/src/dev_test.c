/* SPDX-License-Identifier: MIT */
/* ktests of /dev, anonymous files, memfd, and poll/select on them. */
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/sync.h>
#include <frame/time.h>

#include "fs_test.h"

static ssize_t kt_write_all(struct file *f, struct vm_reader *r, uint64_t *pos)
{
	(void)f;
	(void)pos;
	return (ssize_t)vm_reader_remain(r);
}

static const struct file_ops null_like = { .write = kt_write_all };

static int kt_open_nothing(struct file *f)
{
	(void)f;
	return 0;
}

KTEST(fs_dev_null_zero_full_random)
{
	uint8_t buf[64];
	struct kt_env env;
	bool nonzero = false;
	long fd;

	KT_ASSERT_OK(kt_env_setup(&env));
	fd = KT_SYS(sys_open, kt_str(0, "/dev/null"), O_RDWR);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_read, (uint64_t)fd, kt_u(KT_BUF), 10), 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF), 1234), 1234);

	memset(buf, 0xaa, sizeof(buf));
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), buf, 64);
	fd = KT_SYS(sys_open, kt_str(0, "/dev/zero"), O_RDONLY);
	KT_ASSERT_EQ(KT_SYS(sys_read, (uint64_t)fd, kt_u(KT_BUF), 64), 64);
	frame_copy_from_user(buf, uaddr_from_syscall_arg(kt_u(KT_BUF)), 64);
	for (int i = 0; i < 64; i++)
		KT_ASSERT_EQ(buf[i], 0);

	fd = KT_SYS(sys_open, kt_str(0, "/dev/full"), O_RDWR);
	KT_ASSERT_ERR(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF), 1),
		      -ENOSPC);
	KT_ASSERT_EQ(KT_SYS(sys_read, (uint64_t)fd, kt_u(KT_BUF), 8), 8);

	fd = KT_SYS(sys_open, kt_str(0, "/dev/urandom"), O_RDONLY);
	KT_ASSERT_EQ(KT_SYS(sys_read, (uint64_t)fd, kt_u(KT_BUF), 64), 64);
	frame_copy_from_user(buf, uaddr_from_syscall_arg(kt_u(KT_BUF)), 64);
	for (int i = 0; i < 64; i++)
		nonzero |= buf[i] != 0;
	KT_ASSERT(nonzero);
	fd = KT_SYS(sys_open, kt_str(0, "/dev/random"), O_RDONLY);
	KT_ASSERT_EQ(KT_SYS(sys_read, (uint64_t)fd, kt_u(KT_BUF), 7), 7);

	/* the tree fs_init() builds */
	{
		static const struct {
			const char *path;
			uint32_t mode;
		} dirs[] = { { "/tmp", 01777 },
			     { "/dev/shm", 01777 },
			     { "/proc", 0555 },
			     { "/sys", 0555 },
			     { "/dev", 0755 } };

		for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
			struct inode *ino;

			KT_ASSERT_OK(
				vfs_lookup_at(AT_FDCWD, dirs[i].path, 0, &ino));
			KT_ASSERT_EQ(ino->mode, S_IFDIR | dirs[i].mode);
			inode_put(ino);
		}
	}

	/* a device node with no driver */
	KT_ASSERT_OK(KT_SYS(sys_mknod, kt_str(0, "/tmp/kt_nodev"),
			    S_IFCHR | 0600, (250 << 8) | 1));
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/tmp/kt_nodev"), O_RDWR),
		      -ENXIO);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_nodev")));
	/* a node made before the device registers is taken over; a name
	 * that is not a node is not */
	KT_ASSERT_OK(KT_SYS(sys_mknod, kt_str(0, "/dev/kt_early"),
			    S_IFCHR | 0600, (7 << 8) | 7));
	KT_ASSERT_OK(fs_register_chrdev(240, 1, "kt_early", 0666, &null_like,
					kt_open_nothing));
	fd = KT_SYS(sys_open, kt_str(0, "/dev/kt_early"), O_RDWR);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF), 9), 9);
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/dev/kt_dir"), 0755));
	KT_ASSERT_ERR(fs_register_chrdev(240, 2, "kt_dir", 0666, &null_like,
					 kt_open_nothing),
		      -EEXIST);
	/* registering a taken number or name */
	KT_ASSERT_ERR(
		fs_register_chrdev(1, 3, "null2", 0666, NULL, kt_open_nothing),
		-EEXIST);
	kt_env_teardown(&env);
}

static unsigned int kt_minor_seen;

static int kt_open_minor(struct file *f, unsigned int minor)
{
	(void)f;
	kt_minor_seen = minor;
	return minor == 13 ? -EIO : 0;
}

/* A whole major: every minor opens through it, told which; its open's
 * error is open(2)'s; the numbers are taken for single registrations. */
KTEST(fs_dev_whole_major_gets_the_minor)
{
	struct kt_env env;
	long fd;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(fs_register_chrdev_major(242, &null_like, kt_open_minor));
	KT_ASSERT_ERR(fs_register_chrdev_major(242, &null_like, kt_open_minor),
		      -EEXIST);
	KT_ASSERT_ERR(fs_register_chrdev(242, 3, "kt_m3", 0666, &null_like,
					 kt_open_nothing),
		      -EEXIST);
	KT_ASSERT_OK(KT_SYS(sys_mknod, kt_str(0, "/tmp/kt_m9"),
			    S_IFCHR | 0600, (242 << 8) | 9));
	KT_ASSERT_OK(KT_SYS(sys_mknod, kt_str(1, "/tmp/kt_m13"),
			    S_IFCHR | 0600, (242 << 8) | 13));
	fd = KT_SYS(sys_open, kt_str(0, "/tmp/kt_m9"), O_RDWR);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(kt_minor_seen, 9);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_u(KT_BUF), 5), 5);
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(1, "/tmp/kt_m13"), O_RDWR),
		      -EIO);
	KT_ASSERT_EQ(kt_minor_seen, 13);
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_m9")));
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(1, "/tmp/kt_m13")));
	kt_env_teardown(&env);
}

/* An anonymous file with a flag for readiness and a queue for waking. */
struct kt_flag {
	struct file_priv priv;
	struct frame_waitq wq;
	bool ready;
	struct frame_timer timer;
};

static unsigned int kt_flag_poll(struct file *f, struct frame_poller *p);

static const struct file_ops kt_flag_ops = { .poll = kt_flag_poll };

static unsigned int kt_flag_poll(struct file *f, struct frame_poller *p)
{
	struct kt_flag *k =
		container_of(file_priv(f, &kt_flag_ops), struct kt_flag, priv);

	fs_poll_wait(p, &k->wq);
	return __atomic_load_n(&k->ready, __ATOMIC_ACQUIRE) ? POLLIN : 0;
}

static void kt_flag_fire(struct frame_timer *t)
{
	struct kt_flag *k = container_of(t, struct kt_flag, timer);

	__atomic_store_n(&k->ready, true, __ATOMIC_RELEASE);
	frame_waitq_wake_all(&k->wq);
}

KTEST(fs_poll_select_wait_and_wake)
{
	struct kt_flag *k = frame_zalloc(sizeof(*k));
	struct kt_env env;
	struct file *f;
	int16_t pfd[8];
	uint64_t set;
	uint64_t t0;
	long fd, reg;

	KT_ASSERT_NOT_NULL(k);
	KT_ASSERT_OK(kt_env_setup(&env));
	frame_waitq_init(&k->wq);
	f = file_create_anon(&kt_flag_ops, O_RDONLY, &k->priv);
	KT_ASSERT_NOT_NULL(f);
	KT_ASSERT_EQ(file_priv(f, &ramfs_reg_ops), NULL);
	fd = fd_install(env.fds, f, fd_rights_for_oflags(O_RDONLY), false);
	file_put(f);
	KT_ASSERT_GE(fd, 0);
	reg = KT_SYS(sys_open, kt_str(0, "/tmp/kt_poll"), O_RDWR | O_CREAT,
		     0600);
	KT_ASSERT_GE(reg, 0);

	/* an anonymous file cannot seek, nor can a descriptor without the
	 * right to */
	KT_ASSERT_ERR(KT_SYS(sys_lseek, (uint64_t)fd, 0, SEEK_SET), -ESPIPE);
	{
		struct file *nf;
		long nofd;

		KT_ASSERT_OK(fd_get(env.fds, (int)reg, 0, &nf));
		nofd = fd_install(env.fds, nf, RIGHT_READ | RIGHT_WRITE, false);
		file_put(nf);
		KT_ASSERT_ERR(KT_SYS(sys_lseek, (uint64_t)nofd, 0, SEEK_SET),
			      -ESPIPE);
		KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)nofd));
	}
	KT_ASSERT_ERR(KT_SYS(sys_pread64, (uint64_t)fd, kt_u(KT_BUF), 1, 0),
		      -ESPIPE);

	/* statx and fstat of it: a FIFO, as a pipe shows; of the file, its
	 * size */
	{
		uint16_t mode;
		uint32_t fmode;
		uint64_t size;

		KT_ASSERT_OK(KT_SYS(sys_statx, (uint64_t)fd, kt_str(0, ""),
				    AT_EMPTY_PATH, 0x7ff, kt_u(KT_BUF2)));
		frame_copy_from_user(
			&mode, uaddr_from_syscall_arg(kt_u(KT_BUF2 + 28)), 2);
		KT_ASSERT_EQ(mode & S_IFMT, S_IFIFO);
		KT_ASSERT_OK(KT_SYS(sys_fstat, (uint64_t)fd, kt_u(KT_BUF2)));
		frame_copy_from_user(
			&fmode, uaddr_from_syscall_arg(kt_u(KT_BUF2 + 24)), 4);
		KT_ASSERT_EQ(fmode & S_IFMT, S_IFIFO);
		KT_ASSERT_EQ(KT_SYS(sys_pwrite64, (uint64_t)reg,
				    kt_str(0, "12345"), 5, 0),
			     5);
		KT_ASSERT_OK(KT_SYS(sys_statx, (uint64_t)(int64_t)AT_FDCWD,
				    kt_str(0, "/tmp/kt_poll"), 0, 0x7ff,
				    kt_u(KT_BUF2)));
		frame_copy_from_user(
			&size, uaddr_from_syscall_arg(kt_u(KT_BUF2 + 40)), 8);
		KT_ASSERT_EQ(size, 5u);
		frame_copy_from_user(
			&mode, uaddr_from_syscall_arg(kt_u(KT_BUF2 + 28)), 2);
		KT_ASSERT_EQ(mode, S_IFREG | 0600);
	}

	/* { fd, POLLIN }, { reg, POLLIN|POLLOUT }, { 900, POLLIN }, { -1 } */
	memset(pfd, 0, sizeof(pfd));
	pfd[0] = (int16_t)fd;
	pfd[2] = POLLIN;
	pfd[4] = (int16_t)reg;
	pfd[6] = POLLIN | POLLOUT;
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), pfd, 16);
	KT_ASSERT_EQ(KT_SYS(sys_poll, kt_u(KT_BUF), 2, 0), 1);
	frame_copy_from_user(pfd, uaddr_from_syscall_arg(kt_u(KT_BUF)), 16);
	KT_ASSERT_EQ(pfd[3], 0);
	KT_ASSERT_EQ(pfd[7], POLLIN | POLLOUT);
	/* a closed descriptor is POLLNVAL, a negative one is ignored */
	pfd[0] = 900;
	pfd[4] = -1;
	pfd[5] = -1; /* the fd is 32 bits */
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), pfd, 16);
	KT_ASSERT_EQ(KT_SYS(sys_poll, kt_u(KT_BUF), 2, 0), 1);
	frame_copy_from_user(pfd, uaddr_from_syscall_arg(kt_u(KT_BUF)), 16);
	KT_ASSERT_EQ(pfd[3], POLLNVAL);
	KT_ASSERT_EQ(pfd[7], 0);

	/* nothing ready: the timeout passes */
	pfd[0] = (int16_t)fd;
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), pfd, 8);
	t0 = frame_clock_monotonic_ns();
	KT_ASSERT_EQ(KT_SYS(sys_poll, kt_u(KT_BUF), 1, 30), 0);
	KT_ASSERT_GE(frame_clock_monotonic_ns() - t0, 30000000ull);

	/* a signal (the task's interrupt mark) ends the wait with a
	 * restart code the syscall layer turns into EINTR or a restart */
	task_interrupt(task_current());
	KT_ASSERT_ERR(KT_SYS(sys_poll, kt_u(KT_BUF), 1, 5000), -ERESTARTNOHAND);
	task_interrupt_clear();
	{
		int64_t tv[2] = { 0, 20000 }; /* 20 ms */
		uint64_t in = 1ull << fd;

		frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF2)), tv,
				   sizeof(tv));
		frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF2 + 16)),
				   &in, 8);
		task_interrupt(task_current());
		KT_ASSERT_ERR(KT_SYS(sys_pselect6, (uint64_t)fd + 1,
				     kt_u(KT_BUF2 + 16), 0, 0, 0, 0),
			      -ERESTARTNOHAND);
		task_interrupt_clear();
		/* select times out and writes back the time left (none) */
		KT_ASSERT_EQ(KT_SYS(sys_select, (uint64_t)fd + 1,
				    kt_u(KT_BUF2 + 16), 0, 0, kt_u(KT_BUF2)),
			     0);
		frame_copy_from_user(tv, uaddr_from_syscall_arg(kt_u(KT_BUF2)),
				     sizeof(tv));
		KT_ASSERT_EQ(tv[0], 0);
		KT_ASSERT_EQ(tv[1], 0);
		frame_copy_from_user(
			&in, uaddr_from_syscall_arg(kt_u(KT_BUF2 + 16)), 8);
		KT_ASSERT_EQ(in, 0u);
	}

	/* a wake from a timer ends an endless wait */
	frame_timer_init(&k->timer, kt_flag_fire);
	frame_timer_arm(&k->timer, frame_clock_monotonic_ns() + 20000000u);
	KT_ASSERT_EQ(KT_SYS(sys_poll, kt_u(KT_BUF), 1, (uint64_t)-1), 1);
	frame_copy_from_user(pfd, uaddr_from_syscall_arg(kt_u(KT_BUF)), 8);
	KT_ASSERT_EQ(pfd[3], POLLIN);

	/* select: the flag file and the regular file, read and write sets */
	set = (1ull << fd) | (1ull << reg);
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), &set, 8);
	set = 1ull << fd;
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF + 8)), &set, 8);
	KT_ASSERT_EQ(KT_SYS(sys_select, (uint64_t)MAX(fd, reg) + 1,
			    kt_u(KT_BUF), kt_u(KT_BUF + 8), 0, 0),
		     2);
	frame_copy_from_user(&set, uaddr_from_syscall_arg(kt_u(KT_BUF)), 8);
	KT_ASSERT_EQ(set, (1ull << fd) | (1ull << reg));
	frame_copy_from_user(&set, uaddr_from_syscall_arg(kt_u(KT_BUF + 8)), 8);
	KT_ASSERT_EQ(set, 0u); /* the flag file is never writable */
	/* a closed descriptor in a set is EBADF */
	set = 1ull << 40;
	frame_copy_to_user(uaddr_from_syscall_arg(kt_u(KT_BUF)), &set, 8);
	KT_ASSERT_ERR(KT_SYS(sys_select, 41, kt_u(KT_BUF), 0, 0, 0), -EBADF);

	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	KT_ASSERT_OK(KT_SYS(sys_unlink, kt_str(0, "/tmp/kt_poll")));
	frame_free(k);
	kt_env_teardown(&env);
}

KTEST(fs_memfd_is_an_unnamed_file)
{
	struct kt_env env;
	long fd;

	KT_ASSERT_OK(kt_env_setup(&env));
	fd = KT_SYS(sys_memfd_create, kt_str(0, "kt"), 1 /* MFD_CLOEXEC */);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_fcntl, (uint64_t)fd, F_GETFD), FD_CLOEXEC);
	KT_ASSERT_OK(KT_SYS(sys_ftruncate, (uint64_t)fd, 8192));
	KT_ASSERT_EQ(
		KT_SYS(sys_pwrite64, (uint64_t)fd, kt_str(0, "xyz"), 3, 8190),
		3);
	KT_ASSERT_EQ(KT_SYS(sys_lseek, (uint64_t)fd, 0, SEEK_END), 8193);
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	kt_env_teardown(&env);
}
