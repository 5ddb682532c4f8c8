/* SPDX-License-Identifier: MIT */
/* ktests of initramfs unpacking: made-up archives, a host gzip archive. */
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/ktest.h>

#include "fs_test.h"
#include "initramfs.h"

/* `cpio -o -H newc --reproducible | gzip -9 -n` of etc/, etc/motd
 * ("hi\n"), bin/ and bin/link -> ../etc/motd, padded to 1024 bytes. */
static const uint8_t kt_cpio_gz[151] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x33, 0x30,
	0x37, 0x30, 0x37, 0x30, 0x34, 0x40, 0x02, 0x26, 0x86, 0xae, 0x2e, 0x06,
	0xd8, 0x81, 0x91, 0x99, 0x93, 0xa1, 0x89, 0xb3, 0x85, 0xa9, 0x93, 0x01,
	0x69, 0xc0, 0x04, 0xc6, 0x48, 0x2d, 0x49, 0x66, 0x60, 0x60, 0x30, 0x40,
	0xb6, 0x13, 0x4c, 0x5b, 0x18, 0x3a, 0x9a, 0xe0, 0xd0, 0x6b, 0x88, 0x66,
	0xa7, 0x31, 0x91, 0x76, 0x5a, 0x22, 0xd9, 0xa9, 0x9f, 0x9b, 0x5f, 0x92,
	0xc2, 0xc0, 0x90, 0x91, 0xc9, 0x85, 0x6a, 0xb7, 0x11, 0xad, 0xfd, 0x9b,
	0x94, 0x99, 0x87, 0xee, 0x5f, 0xb0, 0xfb, 0x1d, 0x0d, 0xdd, 0xdc, 0x88,
	0xf4, 0xaf, 0x13, 0xa9, 0xfe, 0x05, 0xda, 0xa9, 0x9f, 0x93, 0x99, 0x97,
	0xcd, 0xc0, 0xa0, 0xa7, 0xa7, 0x0f, 0xf7, 0xbc, 0x01, 0x46, 0x3c, 0xe3,
	0x01, 0x86, 0x06, 0xe4, 0x01, 0xb8, 0x5b, 0x43, 0x82, 0x1c, 0x3d, 0x7d,
	0x5c, 0x83, 0x14, 0x15, 0x15, 0x19, 0x46, 0xc1, 0xa0, 0x06, 0x00, 0x38,
	0xd8, 0xd4, 0x86, 0x00, 0x04, 0x00, 0x00,
};

/* Append one newc member to @buf at *@len. */
static void kt_cpio_add(uint8_t *buf, size_t *len, const char *name,
			uint32_t mode, uint32_t ino, uint32_t nlink,
			const char *data, size_t dlen)
{
	size_t nlen = strnlen(name, 256) + 1;
	char hdr[111];

	frame_snprintf(
		hdr, sizeof(hdr),
		"070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		ino, mode, 0u, 0u, nlink, 1000u, (unsigned int)dlen, 0u, 0u, 1u,
		3u, (unsigned int)nlen, 0u);
	memcpy(buf + *len, hdr, 110);
	*len += 110;
	memcpy(buf + *len, name, nlen);
	*len += nlen;
	while (*len % 4)
		buf[(*len)++] = 0;
	memcpy(buf + *len, data, dlen);
	*len += dlen;
	while (*len % 4)
		buf[(*len)++] = 0;
}

static void kt_cpio_trailer(uint8_t *buf, size_t *len)
{
	kt_cpio_add(buf, len, "TRAILER!!!", 0, 0, 1, "", 0);
}

static int kt_read_file(const char *path, char *out, size_t n)
{
	struct inode *ino;
	ssize_t r;
	int err = vfs_lookup_at(AT_FDCWD, path, LOOKUP_FOLLOW, &ino);

	if (err)
		return err;
	r = inode_read_kernel(ino, 0, out, n);
	inode_put(ino);
	return (int)r;
}

KTEST(fs_cpio_unpack_made_archive)
{
	uint8_t *buf = frame_zalloc(8192);
	struct inode *a, *b;
	struct kt_env env;
	size_t len = 0;
	char data[16];

	KT_ASSERT_NOT_NULL(buf);
	KT_ASSERT_OK(kt_env_setup(&env));
	/* parents made as needed, "./" prefixes */
	kt_cpio_add(buf, &len, "./kt_ird/deep/er/file", S_IFREG | 0640, 10, 1,
		    "deep", 4);
	kt_cpio_add(buf, &len, "kt_ird/x", S_IFDIR | 0700, 11, 2, "", 0);
	kt_cpio_add(buf, &len, "kt_ird/sl", S_IFLNK | 0777, 12, 1,
		    "deep/er/file", 12);
	/* hard links by inode number, data with the last one */
	kt_cpio_add(buf, &len, "kt_ird/h1", S_IFREG | 0644, 13, 2, "", 0);
	kt_cpio_add(buf, &len, "kt_ird/h2", S_IFREG | 0644, 13, 2, "linked", 6);
	kt_cpio_add(buf, &len, "kt_ird/null", S_IFCHR | 0666, 14, 1, "", 0);
	kt_cpio_trailer(buf, &len);
	/* padding, then a second archive that replaces a file */
	len += 512;
	kt_cpio_add(buf, &len, "kt_ird/h1", S_IFREG | 0600, 20, 1, "new", 3);
	kt_cpio_trailer(buf, &len);

	KT_ASSERT_OK(fs_unpack_buffer(buf, len));
	KT_ASSERT_EQ(kt_read_file("/kt_ird/deep/er/file", data, 16), 4);
	KT_ASSERT(memcmp(data, "deep", 4) == 0);
	KT_ASSERT_EQ(kt_read_file("/kt_ird/sl", data, 16), 4);
	KT_ASSERT_EQ(kt_read_file("/kt_ird/h2", data, 16), 6);
	KT_ASSERT(memcmp(data, "linked", 6) == 0);
	KT_ASSERT_EQ(kt_read_file("/kt_ird/h1", data, 16), 3);
	KT_ASSERT(memcmp(data, "new", 3) == 0);

	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_ird/x", 0, &a));
	KT_ASSERT_EQ(a->mode, S_IFDIR | 0700u);
	KT_ASSERT_EQ(a->mtime.sec, 1000);
	inode_put(a);
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_ird/deep/er/file", 0, &a));
	KT_ASSERT_EQ(a->mode, S_IFREG | 0640u);
	inode_put(a);
	/* h2 kept its link to the first h1's inode: nlink 1 after h1 went */
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_ird/h2", 0, &b));
	KT_ASSERT_EQ(b->nlink, 1u);
	inode_put(b);
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/kt_ird/null", 0, &b));
	KT_ASSERT(S_ISCHR(b->mode));
	KT_ASSERT_EQ(b->rdev_major, 1u);
	KT_ASSERT_EQ(b->rdev_minor, 3u);
	inode_put(b);
	/* the node works as /dev/null does */
	KT_ASSERT_EQ(KT_SYS(sys_open, kt_str(0, "/kt_ird/null"), O_RDWR), 0);
	KT_ASSERT_EQ(KT_SYS(sys_write, 0, kt_u(KT_BUF), 77), 77);

	/* malformed: a bad magic, a truncated member, an escape */
	len = 0;
	kt_cpio_add(buf, &len, "kt_ird/t", S_IFREG | 0644, 30, 1, "abcdef", 6);
	KT_ASSERT_ERR(fs_unpack_buffer(buf, len - 4), -EINVAL);
	buf[3] = 'X';
	KT_ASSERT_ERR(fs_unpack_buffer(buf, len), -EINVAL);
	len = 0;
	kt_cpio_add(buf, &len, "../escape", S_IFREG | 0644, 31, 1, "", 0);
	KT_ASSERT_ERR(fs_unpack_buffer(buf, len), -EINVAL);
	frame_free(buf);
	kt_env_teardown(&env);
}

KTEST(fs_cpio_unpack_gzip_archive)
{
	static uint8_t two[2 * sizeof(kt_cpio_gz) + 8];
	struct inode *ino;
	struct kt_env env;
	char data[16];

	KT_ASSERT_OK(kt_env_setup(&env));
	KT_ASSERT_OK(fs_unpack_buffer(kt_cpio_gz, sizeof(kt_cpio_gz)));
	KT_ASSERT_EQ(kt_read_file("/etc/motd", data, 16), 3);
	KT_ASSERT(memcmp(data, "hi\n", 3) == 0);
	KT_ASSERT_OK(vfs_lookup_at(AT_FDCWD, "/bin/link", 0, &ino));
	KT_ASSERT(S_ISLNK(ino->mode));
	inode_put(ino);
	KT_ASSERT_EQ(kt_read_file("/bin/link", data, 16), 3);

	/* two gzip members with padding between them */
	memset(two, 0, sizeof(two));
	memcpy(two, kt_cpio_gz, sizeof(kt_cpio_gz));
	memcpy(two + sizeof(kt_cpio_gz) + 8, kt_cpio_gz, sizeof(kt_cpio_gz));
	KT_ASSERT_OK(fs_unpack_buffer(two, sizeof(two)));
	/* a corrupted one is refused */
	two[sizeof(kt_cpio_gz) + 8 + 30] ^= 0x55;
	KT_ASSERT_LT(fs_unpack_buffer(two, sizeof(two)), 0);
	kt_env_teardown(&env);
}
