/* SPDX-License-Identifier: MIT */
/* ktests of uname, host names, getrandom, sysinfo, sched_* and reboot. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "test_user.h"
#include "time_internal.h"

KTEST(time_uname_strings)
{
	struct test_user tu;
	char u[6][65];
	long r, efault;

	KT_ASSERT_OK(test_user_setup(&tu));
	r = sys_uname((const uint64_t[6]){ USER(0) });
	test_user_read(0, u, sizeof(u));
	efault = sys_uname((const uint64_t[6]){ USER_HOLE - 100 });
	test_user_teardown(&tu);

	KT_ASSERT_EQ(r, 0);
	KT_ASSERT_STREQ(u[0], "Linux");
	KT_ASSERT_STREQ(u[1], "keel");
	KT_ASSERT_STREQ(u[2], "6.1.0-keel");
	KT_ASSERT_STREQ(u[3], "#1 SMP Keel");
	KT_ASSERT_STREQ(u[4], "x86_64");
	KT_ASSERT_STREQ(u[5], "(none)");
	KT_ASSERT_EQ(efault, -EFAULT);
}

KTEST(time_sethostname_rules)
{
	static const char name[] = "builder.example";
	struct test_user tu;
	char got[65], u[6][65];
	long r, rlong, rneg, rperm, rdom, rfault;

	KT_ASSERT_OK(test_user_setup(&tu));
	test_user_write(0, name, sizeof(name));
	/* the length excludes the NUL: the name need not have one */
	r = sys_sethostname((const uint64_t[6]){ USER(0), 7 });
	time_hostname(got, sizeof(got));
	rlong = sys_sethostname((const uint64_t[6]){ USER(0), 65 });
	rneg = sys_sethostname((const uint64_t[6]){ USER(0), (uint64_t)-1 });
	rfault = sys_sethostname((const uint64_t[6]){ USER_HOLE, 4 });
	rdom = sys_setdomainname((const uint64_t[6]){ USER(8), 7 });
	sys_uname((const uint64_t[6]){ USER(1024) });
	test_user_read(1024, u, sizeof(u));
	test_set_euid(1000);
	rperm = sys_sethostname((const uint64_t[6]){ USER(0), 4 });
	test_set_euid(0);
	test_user_write(0, "keel(none)", 10);
	sys_sethostname((const uint64_t[6]){ USER(0), 4 });
	sys_setdomainname((const uint64_t[6]){ USER(4), 6 });
	test_user_teardown(&tu);

	KT_ASSERT_EQ(r, 0);
	KT_ASSERT_STREQ(got, "builder");
	KT_ASSERT_EQ(rlong, -EINVAL);
	KT_ASSERT_EQ(rneg, -EINVAL);
	KT_ASSERT_EQ(rfault, -EFAULT);
	KT_ASSERT_EQ(rdom, 0);
	KT_ASSERT_STREQ(u[1], "builder");
	KT_ASSERT_STREQ(u[5], "example");
	KT_ASSERT_EQ(rperm, -EPERM);
	time_hostname(got, sizeof(got));
	KT_ASSERT_STREQ(got, "keel");
	time_domainname(got, sizeof(got));
	KT_ASSERT_STREQ(got, "(none)");
}

KTEST(time_getrandom_flags_and_bytes)
{
	unsigned char buf[64];
	struct test_user tu;
	long r, rflags, rboth, rins, rfault, rpart;
	bool nonzero = false;

	KT_ASSERT_OK(test_user_setup(&tu));
	r = sys_getrandom((const uint64_t[6]){ USER(0), sizeof(buf), 0 });
	test_user_read(0, buf, sizeof(buf));
	rflags = sys_getrandom((const uint64_t[6]){ USER(0), 8, 8 });
	rboth = sys_getrandom((const uint64_t[6]){ USER(0), 8, 2 | 4 });
	rins = sys_getrandom((const uint64_t[6]){ USER(0), 8, 1 | 4 });
	rfault = sys_getrandom((const uint64_t[6]){ USER_HOLE, 8, 0 });
	/* runs off the end of the mapping after 512 bytes */
	rpart = sys_getrandom((const uint64_t[6]){ USER_HOLE - 512, 4096, 1 });
	test_user_teardown(&tu);

	for (size_t i = 0; i < sizeof(buf); i++)
		nonzero |= buf[i] != 0;
	KT_ASSERT_EQ(r, 64);
	KT_ASSERT(nonzero);
	KT_ASSERT_EQ(rflags, -EINVAL);
	KT_ASSERT_EQ(rboth, -EINVAL);
	KT_ASSERT_EQ(rins, 8);
	KT_ASSERT_EQ(rfault, -EFAULT);
	KT_ASSERT_EQ(rpart, 512);
}

KTEST(time_sysinfo_memory_and_uptime)
{
	struct test_user tu;
	struct {
		int64_t uptime;
		uint64_t loads[3], totalram, freeram, rest[4];
		uint16_t procs, pad;
		uint32_t pad2;
		uint64_t high[2];
		uint32_t mem_unit, pad3;
	} si;
	long r;

	KT_ASSERT_OK(test_user_setup(&tu));
	r = sys_sysinfo((const uint64_t[6]){ USER(0) });
	test_user_read(0, &si, sizeof(si));
	test_user_teardown(&tu);

	KT_ASSERT_EQ(sizeof(si), 112);
	KT_ASSERT_EQ(r, 0);
	KT_ASSERT_GE(si.uptime, 1);
	KT_ASSERT_GT(si.totalram, 16ull << 20);
	KT_ASSERT_GT(si.freeram, 0);
	KT_ASSERT_LE(si.freeram, si.totalram);
	KT_ASSERT_GE(si.procs, 1);
	KT_ASSERT_EQ(si.mem_unit, 1);
}

KTEST(time_sched_calls)
{
	const int32_t prio0 = 0, prio5 = 5;
	struct test_user tu;
	uint64_t mask = 0;
	long gshort, godd, g8, s1, snone, pfifo, pother, pneg, p5, gs, gp;

	KT_ASSERT_OK(test_user_setup(&tu));
	test_user_write(0, &prio0, 4);
	test_user_write(4, &prio5, 4);
	gshort = sys_sched_getaffinity((const uint64_t[6]){ 0, 0, USER(64) });
	godd = sys_sched_getaffinity((const uint64_t[6]){ 0, 12, USER(64) });
	g8 = sys_sched_getaffinity((const uint64_t[6]){ 0, 128, USER(64) });
	test_user_read(64, &mask, sizeof(mask));
	test_user_write(128, (const uint64_t[1]){ 1 }, 8);
	s1 = sys_sched_setaffinity((const uint64_t[6]){ 0, 8, USER(128) });
	test_user_write(136, (const uint64_t[1]){ 0 }, 8);
	snone = sys_sched_setaffinity((const uint64_t[6]){ 0, 8, USER(136) });
	/* back to every CPU */
	test_user_write(128, (const uint64_t[1]){ ~0ull }, 8);
	sys_sched_setaffinity((const uint64_t[6]){ 0, 8, USER(128) });
	pfifo = sys_sched_setscheduler((const uint64_t[6]){ 0, 1, USER(4) });
	pother = sys_sched_setscheduler((const uint64_t[6]){ 0, 0, USER(0) });
	p5 = sys_sched_setparam((const uint64_t[6]){ 0, USER(4) });
	pneg = sys_sched_getscheduler((const uint64_t[6]){ (uint64_t)-1 });
	gs = sys_sched_getscheduler((const uint64_t[6]){ 0 });
	gp = sys_sched_getparam((const uint64_t[6]){ 0, 0 });
	test_user_teardown(&tu);

	KT_ASSERT_EQ(gshort, -EINVAL);
	KT_ASSERT_EQ(godd, -EINVAL);
	KT_ASSERT_EQ(g8, 8);
	KT_ASSERT(mask & 1);
	KT_ASSERT_EQ(s1, 0);
	KT_ASSERT_EQ(snone, -EINVAL);
	KT_ASSERT_EQ(pfifo, -EINVAL);
	KT_ASSERT_EQ(pother, 0);
	KT_ASSERT_EQ(p5, -EINVAL);
	KT_ASSERT_EQ(pneg, -EINVAL);
	KT_ASSERT_EQ(gs, 0);
	KT_ASSERT_EQ(gp, -EINVAL);
	KT_ASSERT_EQ(sys_sched_get_priority_max((const uint64_t[6]){ 1 }), 99);
	KT_ASSERT_EQ(sys_sched_get_priority_min((const uint64_t[6]){ 2 }), 1);
	KT_ASSERT_EQ(sys_sched_get_priority_max((const uint64_t[6]){ 0 }), 0);
	KT_ASSERT_EQ(sys_sched_get_priority_min((const uint64_t[6]){ 4 }),
		     -EINVAL);
	KT_ASSERT_EQ(sys_sched_yield((const uint64_t[6]){ 0 }), 0);
}

KTEST(time_getcpu_and_reboot_checks)
{
	struct test_user tu;
	uint32_t cpu = 99, node = 99;
	long r, rfault, rmagic, rcmd, rcad, rperm;

	KT_ASSERT_OK(test_user_setup(&tu));
	r = sys_getcpu((const uint64_t[6]){ USER(0), USER(4), 0 });
	test_user_read(0, &cpu, 4);
	test_user_read(4, &node, 4);
	rfault = sys_getcpu((const uint64_t[6]){ USER_HOLE, 0, 0 });
	test_user_teardown(&tu);
	rmagic = sys_reboot((const uint64_t[6]){ 0xfee1dead, 1, 0x4321fedc });
	rcmd = sys_reboot((const uint64_t[6]){ 0xfee1dead, 672274793, 7 });
	rcad = sys_reboot(
		(const uint64_t[6]){ 0xfee1dead, 0x20112000, 0x89abcdef });
	test_set_euid(1000);
	rperm = sys_reboot(
		(const uint64_t[6]){ 0xfee1dead, 672274793, 0x4321fedc });
	test_set_euid(0);

	KT_ASSERT_EQ(r, 0);
	KT_ASSERT_EQ(cpu, (uint32_t)task_current_cpu());
	KT_ASSERT_EQ(node, 0);
	KT_ASSERT_EQ(rfault, -EFAULT);
	KT_ASSERT_EQ(rmagic, -EINVAL);
	KT_ASSERT_EQ(rcmd, -EINVAL);
	KT_ASSERT_EQ(rcad, 0);
	KT_ASSERT_EQ(rperm, -EPERM);
}
