/* SPDX-License-Identifier: MIT */
/* ktests of synthetic nodes: open-time content, generated entries, computed
 * links. */
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/ktest.h>

#include <fs/synth.h>

#include "fs_test.h"

#define FDCWD ((uint64_t)(int64_t)AT_FDCWD)

/* How many generated entries the test directory lists, and a stored value. */
static unsigned int kt_gen_count;
static long kt_stored;

static int kt_show(struct inode *node, struct synth_buf *b)
{
	return synth_printf(b, "key %llu\n",
			    (unsigned long long)synth_key(node));
}

static int kt_show_big(struct inode *node, struct synth_buf *b)
{
	static const char line[64] = "0123456789abcdef0123456789abcdef"
				     "0123456789abcdef0123456789abcde\n";
	int err = 0;

	(void)node;
	for (int i = 0; i < 2000 && !err; i++)
		err = synth_write(b, line, sizeof(line));
	return err;
}

static ssize_t kt_store(struct inode *node, const char *data, size_t n)
{
	(void)node;
	kt_stored = 0;
	for (size_t i = 0; i < n && data[i] >= '0' && data[i] <= '9'; i++)
		kt_stored = kt_stored * 10 + (data[i] - '0');
	return (ssize_t)n;
}

static int kt_link(struct inode *node, struct synth_buf *b)
{
	return synth_printf(b, "gen/%llu/self",
			    (unsigned long long)synth_key(node));
}

static const struct synth_ops kt_file_ops = { .show = kt_show,
					      .store = kt_store };
static const struct synth_ops kt_big_ops = { .show = kt_show_big };
static const struct synth_ops kt_link_ops = { .link = kt_link };

static int kt_populate_entry(struct inode *dir, struct synth_fill *fill)
{
	(void)dir;
	return synth_fill_file(fill, "self", 0444, &kt_file_ops, NULL, 0);
}

static const struct synth_ops kt_entry_ops = { .populate = kt_populate_entry };

static int kt_populate(struct inode *dir, struct synth_fill *fill)
{
	char name[16];
	int err = 0;

	(void)dir;
	for (unsigned int i = 1; i <= kt_gen_count && !err; i++) {
		frame_snprintf(name, sizeof(name), "%u", i);
		err = synth_fill_dir(fill, name, 0555, &kt_entry_ops, NULL, i);
	}
	if (!err)
		err = synth_fill_link(fill, "last", &kt_link_ops, NULL,
				      kt_gen_count);
	return err;
}

static const struct synth_ops kt_gen_ops = { .populate = kt_populate };

/* Read @path whole into @buf (NUL-terminated); the length or -errno. */
static long kt_read_all(const char *path, char *buf, size_t cap)
{
	long fd = KT_SYS(sys_openat, FDCWD, kt_str(0, path), O_RDONLY, 0);
	size_t len = 0;
	long n;

	if (fd < 0)
		return fd;
	while ((n = KT_SYS(sys_read, (uint64_t)fd, kt_u(KT_BUF), 4096)) > 0) {
		size_t take = MIN((size_t)n, cap - 1 - len);

		frame_copy_from_user(
			buf + len, uaddr_from_syscall_arg(kt_u(KT_BUF)), take);
		len += take;
	}
	KT_SYS(sys_close, (uint64_t)fd);
	buf[len] = '\0';
	return n < 0 ? n : (long)len;
}

KTEST(fs_synth_file_content_and_store)
{
	struct inode *top, *f;
	struct kt_env env;
	char *buf = frame_alloc(SYNTH_BUF_MAX + 1);
	long fd;

	KT_ASSERT(buf != NULL);
	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(
		synth_mkdir(vfs_root, "kt_synth", 0555, NULL, NULL, 0, &top));
	KT_ASSERT_OK(
		synth_mkfile(top, "info", 0644, &kt_file_ops, NULL, 7, &f));
	KT_ASSERT_EQ(synth_key(f), 7u);
	KT_ASSERT_OK(
		synth_mkfile(top, "big", 0444, &kt_big_ops, NULL, 0, NULL));
	KT_ASSERT_EQ(
		synth_mkfile(top, "info", 0444, &kt_file_ops, NULL, 0, NULL),
		-EEXIST);

	KT_ASSERT_EQ(kt_read_all("/kt_synth/info", buf, 64), 6);
	KT_ASSERT_EQ(strncmp(buf, "key 7\n", 64), 0);
	/* output past the cap is dropped, not an error */
	KT_ASSERT_EQ(kt_read_all("/kt_synth/big", buf, SYNTH_BUF_MAX + 1),
		     (long)SYNTH_BUF_MAX);

	/* a write goes to the store callback */
	fd = KT_SYS(sys_openat, FDCWD, kt_str(0, "/kt_synth/info"), O_WRONLY,
		    0);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_str(KT_BUF, "42\n"), 3),
		     3);
	KT_ASSERT_EQ(kt_stored, 42);
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	/* without a store callback, write(2) is EINVAL */
	fd = KT_SYS(sys_openat, FDCWD, kt_str(0, "/kt_synth/big"), O_RDWR, 0);
	KT_ASSERT_GE(fd, 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, (uint64_t)fd, kt_str(KT_BUF, "1"), 1),
		     -EINVAL);
	/* lseek from the end of the content */
	KT_ASSERT_EQ(KT_SYS(sys_lseek, (uint64_t)fd, (uint64_t)-10, SEEK_END),
		     (long)SYNTH_BUF_MAX - 10);
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	/* a synthetic directory takes no new names */
	KT_ASSERT_EQ(KT_SYS(sys_openat, FDCWD, kt_str(0, "/kt_synth/new"),
			    O_CREAT | O_WRONLY, 0644),
		     -EACCES);
	KT_ASSERT_EQ(KT_SYS(sys_mkdir, kt_str(0, "/kt_synth/d"), 0755), -EPERM);
	KT_ASSERT_EQ(KT_SYS(sys_unlink, kt_str(0, "/kt_synth/info")), -EPERM);
	frame_free(buf);
	kt_env_teardown(&env);
}

KTEST(fs_synth_generated_entries_and_links)
{
	struct inode *gen, *a, *b;
	struct kt_env env;
	char buf[64];
	long fd, n;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(synth_mkdir(vfs_root, "kt_synth_gen", 0555, &kt_gen_ops,
				 NULL, 0, &gen));
	kt_gen_count = 3;
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_synth_gen/2", 0, &a));
	KT_ASSERT(S_ISDIR(a->mode));
	KT_ASSERT_EQ(synth_key(a), 2u);
	/* a nested entry finds its directory's key */
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_synth_gen/2/self", 0, &b));
	KT_ASSERT_EQ(synth_parent_key(b), 0u);
	inode_put(b);
	KT_ASSERT_EQ(synth_parent_key(a), 2u);
	/* declared again: the same node */
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_synth_gen/2", 0, &b));
	KT_ASSERT_EQ(a, b);
	inode_put(b);
	KT_ASSERT_EQ(kt_read_all("/kt_synth_gen/3/self", buf, sizeof(buf)), 6);
	KT_ASSERT_EQ(strncmp(buf, "key 0\n", sizeof(buf)), 0);

	/* a computed link: readlink and the walk through it */
	n = KT_SYS(sys_readlink, kt_str(0, "/kt_synth_gen/last"), kt_u(KT_BUF),
		   64);
	KT_ASSERT_EQ(n, 10);
	frame_copy_from_user(buf, uaddr_from_syscall_arg(kt_u(KT_BUF)), 10);
	KT_ASSERT_EQ(memcmp(buf, "gen/3/self", 10), 0);
	kt_gen_count = 1;
	/* "gen/1/self" relative to /kt_synth_gen: no "gen" there */
	KT_ASSERT_EQ(vfs_lookup_at(AT_FDCWD, "/kt_synth_gen/last",
				   LOOKUP_FOLLOW, &b),
		     -ENOENT);

	/* entries no longer declared are gone, with what is below them */
	KT_ASSERT_EQ(vfs_lookup_at(AT_FDCWD, "/kt_synth_gen/2", 0, &b),
		     -ENOENT);
	KT_ASSERT(a->dead);
	inode_put(a);
	fd = KT_SYS(sys_openat, FDCWD, kt_str(0, "/kt_synth_gen"),
		    O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT_GE(fd, 0);
	kt_gen_count = 4;
	n = KT_SYS(sys_getdents64, (uint64_t)fd, kt_u(KT_BUF2), 4096);
	/* ".", "..", "1".."4", "last": 7 records of 24 bytes */
	KT_ASSERT_EQ(n, 7 * 24);
	KT_ASSERT_OK(KT_SYS(sys_close, (uint64_t)fd));
	(void)gen;
	kt_env_teardown(&env);
}

static int kt_type_fill(struct inode *root)
{
	return synth_mkfile(root, "static", 0444, &kt_file_ops, NULL, 5, NULL);
}

static int kt_type_populate(struct inode *dir, struct synth_fill *fill)
{
	(void)dir;
	return synth_fill_file(fill, "generated", 0444, &kt_file_ops, NULL,
			       9);
}

static const struct synth_ops kt_type_root_ops = {
	.populate = kt_type_populate,
};

/* A type's root_ops become its mount root's: generated and static
 * entries side by side. */
KTEST(fs_synth_type_root_ops)
{
	/* On a directory of its own: the boot's other tests (procfs's) still
	 * find "sysfs" and /sys free. */
	static const struct fs_type type = { "kt-type", kt_type_fill,
					     &kt_type_root_ops, "kt_type" };
	static const struct fs_type nowhere = { "kt-nowhere", kt_type_fill,
						NULL, NULL };
	struct kt_env env;
	char buf[64];

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_EQ(fs_register_type(&nowhere), -EINVAL);
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_type"), 0755));
	KT_ASSERT_OK(fs_register_type(&type));
	KT_ASSERT_EQ(fs_register_type(&type), -EEXIST);
	KT_ASSERT_EQ(kt_read_all("/kt_type/static", buf, sizeof(buf)), 6);
	KT_ASSERT_EQ(strncmp(buf, "key 5\n", sizeof(buf)), 0);
	KT_ASSERT_EQ(kt_read_all("/kt_type/generated", buf, sizeof(buf)), 6);
	KT_ASSERT_EQ(strncmp(buf, "key 9\n", sizeof(buf)), 0);
	KT_ASSERT_EQ(kt_read_all("/kt_type/other", buf, sizeof(buf)), -ENOENT);
	kt_env_teardown(&env);
}

static int kt_devtype_fill(struct inode *root)
{
	(void)root;
	return 0;
}

static int kt_devtype_populate(struct inode *dir, struct synth_fill *fill)
{
	(void)dir;
	synth_fill_owner(fill, 5, 6);
	return synth_fill_chrdev(fill, "7", 0620, 243, 7, 1);
}

static const struct synth_ops kt_devtype_root_ops = {
	.populate = kt_devtype_populate,
};

/* A type mounted two levels down, its last directory made for it, with
 * generated device nodes. */
KTEST(fs_synth_type_below_a_directory_with_device_nodes)
{
	static const struct fs_type type = { "kt-devtype", kt_devtype_fill,
					     &kt_devtype_root_ops,
					     "kt_devdir/pts" };
	struct kt_env env;
	struct inode *ino;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(KT_SYS(sys_mkdir, kt_str(0, "/kt_devdir"), 0755));
	KT_ASSERT_OK(fs_register_type(&type));
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_devdir/pts/7", 0, &ino));
	KT_ASSERT_EQ(ino->mode, S_IFCHR | 0620);
	KT_ASSERT_EQ(ino->rdev_major, 243);
	KT_ASSERT_EQ(ino->rdev_minor, 7);
	KT_ASSERT_EQ(ino->uid, 5);
	KT_ASSERT_EQ(ino->gid, 6);
	inode_put(ino);
	/* a type other than devpts is mounted nodev: its device nodes do not
	 * open (EACCES, as Linux) */
	KT_ASSERT_ERR(KT_SYS(sys_open, kt_str(0, "/kt_devdir/pts/7"), O_RDWR),
		      -EACCES);
	kt_env_teardown(&env);
}

static uint32_t kt_owner;

static int kt_owned_populate(struct inode *dir, struct synth_fill *fill)
{
	(void)dir;
	synth_fill_owner(fill, kt_owner, kt_owner + 1);
	return synth_fill_file(fill, "mine", 0400, &kt_file_ops, NULL, 3);
}

static const struct synth_ops kt_owned_ops = { .populate = kt_owned_populate };

/* Generated entries take the owner populate names, again at each call;
 * a generating directory says a new name does not exist. */
KTEST(fs_synth_fill_owner_and_create)
{
	struct inode *a, *b;
	struct kt_env env;

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(synth_mkdir(vfs_root, "kt_synth_own", 0555, &kt_owned_ops,
				 NULL, 0, NULL));
	kt_owner = 1000;
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_synth_own/mine", 0, &a));
	KT_ASSERT_EQ(a->uid, 1000u);
	KT_ASSERT_EQ(a->gid, 1001u);
	kt_owner = 2000;
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_synth_own/mine", 0, &b));
	KT_ASSERT_EQ(a, b);
	KT_ASSERT_EQ(b->uid, 2000u);
	inode_put(b);
	inode_put(a);
	KT_ASSERT_EQ(KT_SYS(sys_openat, FDCWD, kt_str(0, "/kt_synth_own/new"),
			    O_CREAT | O_WRONLY, 0644),
		     -ENOENT);
	kt_env_teardown(&env);
}
