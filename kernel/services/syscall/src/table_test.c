/* SPDX-License-Identifier: MIT */
/* ktests of the syscall table: names, numbers, argument kinds. */
#include <syscall/syscall.h>

#include <frame/compiler.h>
#include <frame/ktest.h>
#include <frame/string.h>

KTEST(syscall_table_known_numbers)
{
	KT_ASSERT_STREQ(syscall_name(0), "read");
	KT_ASSERT_STREQ(syscall_name(1), "write");
	KT_ASSERT_STREQ(syscall_name(9), "mmap");
	KT_ASSERT_STREQ(syscall_name(39), "getpid");
	KT_ASSERT_STREQ(syscall_name(59), "execve");
	KT_ASSERT_STREQ(syscall_name(60), "exit");
	KT_ASSERT_STREQ(syscall_name(158), "arch_prctl");
	KT_ASSERT_STREQ(syscall_name(202), "futex");
	KT_ASSERT_STREQ(syscall_name(231), "exit_group");
	KT_ASSERT_STREQ(syscall_name(257), "openat");
	KT_ASSERT_STREQ(syscall_name(318), "getrandom");
	KT_ASSERT_STREQ(syscall_name(334), "rseq");
	KT_ASSERT_STREQ(syscall_name(424), "pidfd_send_signal");
	KT_ASSERT_STREQ(syscall_name(435), "clone3");
	KT_ASSERT_STREQ(syscall_name(439), "faccessat2");
	KT_ASSERT_STREQ(syscall_name(462), "mseal");
}

KTEST(syscall_table_holes)
{
	KT_ASSERT_NULL(syscall_desc(335));
	KT_ASSERT_NULL(syscall_desc(423));
	KT_ASSERT_NULL(syscall_desc(463));
	KT_ASSERT_NULL(syscall_desc(512));
	KT_ASSERT_NULL(syscall_desc(~0ull));
	KT_ASSERT_NULL(syscall_name(400));
}

KTEST(syscall_table_complete_and_unique)
{
	unsigned int named = 0;

	for (uint64_t nr = 0; nr < SYSCALL_NR_COUNT; nr++) {
		const struct syscall_desc *d = syscall_desc(nr);
		const struct syscall_kinds *k;

		/* 0..334 and 424..462 have a name, nothing else does */
		if ((nr <= 334) || (nr >= 424 && nr <= 462))
			KT_ASSERT_NOT_NULL(d);
		else
			KT_ASSERT_NULL(d);
		if (!d) {
			KT_ASSERT_NULL(syscall_kinds(nr));
			continue;
		}
		named++;
		k = syscall_kinds(nr);
		KT_ASSERT_NOT_NULL(k);
		KT_ASSERT_LE(k->nargs, 6);
		KT_ASSERT_LE(k->ret, SCR_NORETURN);
		for (unsigned int i = 0; i < 6; i++) {
			if (i < k->nargs)
				KT_ASSERT_NE(k->args[i], SCA_NONE);
			else
				KT_ASSERT_EQ(k->args[i], SCA_NONE);
		}
		for (uint64_t other = nr + 1; other < SYSCALL_NR_COUNT;
		     other++) {
			const char *n = syscall_name(other);

			if (n)
				KT_ASSERT(strncmp(n, d->name, 64) != 0);
		}
	}
	KT_ASSERT_EQ(named, 335 + 39);
}

KTEST(syscall_table_argument_kinds)
{
	const struct syscall_kinds *k = syscall_kinds(257);

	KT_ASSERT_EQ(k->nargs, 4);
	KT_ASSERT_EQ(k->args[0], SCA_DIRFD);
	KT_ASSERT_EQ(k->args[1], SCA_STR);
	KT_ASSERT_EQ(k->args[2], SCA_OFLAGS);
	k = syscall_kinds(9);
	KT_ASSERT_EQ(k->nargs, 6);
	KT_ASSERT_EQ(k->ret, SCR_HEX);
	KT_ASSERT_EQ(k->args[2], SCA_PROT);
	KT_ASSERT_EQ(k->args[3], SCA_MMAP);
	KT_ASSERT_EQ(syscall_kinds(231)->ret, SCR_NORETURN);
	KT_ASSERT_EQ(syscall_kinds(24)->nargs, 0);
	KT_ASSERT_NULL(syscall_kinds(400));
}
