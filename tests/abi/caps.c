/* SPDX-License-Identifier: MIT */
/* caps.c - capget and capset: root's full sets, an unprivileged user's
 * empty ones, the three header versions and the version write-back,
 * capset only dropping, and the sets following set*id calls. */
#include "abi.h"

#include <stdint.h>
#include <sys/syscall.h>

#define V1	    0x19980330u
#define V2	    0x20071026u
#define V3	    0x20080522u
#define CAP_NET_RAW 13

struct hdr {
	uint32_t version;
	int pid;
};

struct data {
	uint32_t eff, prm, inh;
};

static long capget_(struct hdr *h, struct data *d)
{
	return syscall(SYS_capget, h, d);
}

static long capset_(struct hdr *h, struct data *d)
{
	return syscall(SYS_capset, h, d);
}

/* The caller's sets, version 3. */
static void get3(struct data d[2])
{
	struct hdr h = { V3, 0 };

	memset(d, 0, 2 * sizeof(*d));
	capget_(&h, d);
}

static int drop_bits(void *arg)
{
	struct hdr h = { V3, 0 };
	struct data full[2], d[2];

	(void)arg;
	get3(full);
	memcpy(d, full, sizeof(d));
	d[0].eff &= ~(1u << CAP_NET_RAW);
	CHECK_OK("capset.drop_effective", capset_(&h, d));
	get3(d);
	CHECK("capget.effective_dropped",
	      d[0].eff == (full[0].eff & ~(1u << CAP_NET_RAW)) &&
		      d[0].prm == full[0].prm && d[1].eff == full[1].eff);
	/* raising an effective bit that is still permitted is allowed */
	memcpy(d, full, sizeof(d));
	CHECK_OK("capset.raise_effective_within_permitted", capset_(&h, d));
	get3(d);
	CHECK_EQ("capget.effective_back", d[0].eff, full[0].eff);
	d[0].prm &= ~(1u << CAP_NET_RAW);
	CHECK_ERR("capset.effective_outside_permitted", capset_(&h, d), EPERM);
	d[0].eff &= ~(1u << CAP_NET_RAW);
	CHECK_OK("capset.drop_permitted", capset_(&h, d));
	memcpy(d, full, sizeof(d));
	CHECK_ERR("capset.raise_permitted", capset_(&h, d), EPERM);
	get3(d);
	CHECK("capget.permitted_dropped",
	      d[0].prm == (full[0].prm & ~(1u << CAP_NET_RAW)));
	/* version 1 carries only the low words: the high ones are dropped */
	h.version = V1;
	CHECK_OK("capset.v1", capset_(&h, d));
	get3(d);
	CHECK("capset.v1_drops_high_words", d[1].prm == 0 && d[1].eff == 0);
	CHECK_EQ("geteuid.still_root", geteuid(), 0);
	return 0;
}

static int user_sets(void *arg)
{
	struct hdr h = { V3, 0 };
	struct data d[2];

	(void)arg;
	CHECK_OK("setresuid.drop", setresuid(1000, 1000, 1000));
	get3(d);
	CHECK("capget.user_empty",
	      d[0].eff == 0 && d[0].prm == 0 && d[1].eff == 0 && d[1].prm == 0);
	memset(d, 0, sizeof(d));
	CHECK_OK("capset.user_empty", capset_(&h, d));
	d[0].prm = d[0].eff = 1u << CAP_NET_RAW;
	CHECK_ERR("capset.user_raise", capset_(&h, d), EPERM);
	memset(d, 0, sizeof(d));
	d[0].inh = 1;
	CHECK_ERR("capset.user_inheritable", capset_(&h, d), EPERM);
	return 0;
}

static int seteuid_sets(void *arg)
{
	struct data full[2], d[2];

	(void)arg;
	get3(full);
	CHECK_OK("seteuid.away", seteuid(1000));
	get3(d);
	CHECK("capget.seteuid_keeps_permitted",
	      d[0].eff == 0 && d[1].eff == 0 && d[0].prm == full[0].prm &&
		      d[1].prm == full[1].prm);
	CHECK_OK("seteuid.back", seteuid(0));
	get3(d);
	CHECK("capget.seteuid_back_effective",
	      d[0].eff == full[0].eff && d[1].eff == full[1].eff);
	return 0;
}

int main(int argc, char **argv)
{
	struct hdr h = { V3, 0 };
	struct data d[2], sentinel = { 0xdead, 0xbeef, 0xf00d };

	(void)argc;
	abi_start(argv[0]);
	get3(d);
	CHECK("capget.root_low_full",
	      d[0].eff == 0xffffffffu && d[0].prm == 0xffffffffu);
	CHECK("capget.root_high_nonzero",
	      d[1].eff != 0 && d[1].eff == d[1].prm);
	CHECK("capget.root_inheritable_empty", d[0].inh == 0 && d[1].inh == 0);
	h.pid = getpid();
	CHECK_OK("capget.own_pid", capget_(&h, d));
	h.pid = 1;
	CHECK_OK("capget.pid_1", capget_(&h, d));
	h.pid = -1;
	CHECK_ERR("capget.negative_pid", capget_(&h, d), EINVAL);
	h.pid = 999999;
	CHECK_ERR("capget.no_such_pid", capget_(&h, d), ESRCH);
	/* an unknown version: V3 written back, EINVAL; NULL data: 0 */
	h = (struct hdr){ 0, 0 };
	CHECK_OK("capget.probe_null_data", capget_(&h, NULL));
	CHECK_EQ("capget.probe_writes_v3", h.version, V3);
	h = (struct hdr){ 0x12345678, 0 };
	CHECK_ERR("capget.bad_version", capget_(&h, d), EINVAL);
	CHECK_EQ("capget.bad_version_writes_v3", h.version, V3);
	h = (struct hdr){ 0x12345678, 0 };
	CHECK_ERR("capset.bad_version", capset_(&h, d), EINVAL);
	CHECK_EQ("capset.bad_version_writes_v3", h.version, V3);
	h = (struct hdr){ V3, 0 };
	CHECK_OK("capget.v3_null_data", capget_(&h, NULL));
	CHECK_ERR("capget.bad_header", capget_(NULL, d), EFAULT);
	CHECK_ERR("capget.bad_data", capget_(&h, (struct data *)1), EFAULT);
	/* version 1 writes one word, 2 and 3 two */
	h.version = V1;
	d[1] = sentinel;
	CHECK_OK("capget.v1", capget_(&h, d));
	CHECK("capget.v1_one_word",
	      d[0].eff == 0xffffffffu && d[1].eff == sentinel.eff);
	h.version = V2;
	CHECK_OK("capget.v2", capget_(&h, d));
	CHECK("capget.v2_two_words", d[1].eff != sentinel.eff);
	h = (struct hdr){ V3, 1 };
	get3(d);
	CHECK_ERR("capset.other_pid", capset_(&h, d), EPERM);
	h.pid = 0;
	/* bits past the last capability are ignored */
	d[1].eff = d[1].prm = 0xffffffffu;
	CHECK_OK("capset.unchanged_extra_bits", capset_(&h, d));
	CHECK_CHILD_OK("drop.bits", abi_in_child(drop_bits, NULL));
	CHECK_CHILD_OK("user.sets", abi_in_child(user_sets, NULL));
	CHECK_CHILD_OK("seteuid.sets", abi_in_child(seteuid_sets, NULL));
	get3(d);
	CHECK("capget.parent_unchanged", d[0].eff == 0xffffffffu);
	return abi_end();
}
