/* SPDX-License-Identifier: MIT */
/* sched_getaffinity, sched_setaffinity and getcpu. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/smp.h>
#include <frame/string.h>
#include <frame/task.h>

#include "time_internal.h"

/*
 * The size of a CPU mask as the kernel reports it: whole longs covering
 * the CPUs there are (Linux's cpumask_size() with off-stack masks).
 */
static size_t affinity_mask_size(void)
{
	size_t longs = ((size_t)smp_cpu_count() + 63) / 64;

	return longs * sizeof(uint64_t);
}

/* Clear the bits of CPUs that are not online (the frame numbers the
 * online CPUs densely from 0). */
static void affinity_online_only(struct task_cpuset *set)
{
	size_t ncpus = (size_t)smp_cpu_count();

	for (size_t w = 0; w < ARRAY_SIZE(set->bits); w++) {
		if (w * 64 >= ncpus)
			set->bits[w] = 0;
		else if (ncpus - w * 64 < 64)
			set->bits[w] &= (1ull << (ncpus - w * 64)) - 1;
	}
}

long sys_sched_getaffinity(const uint64_t a[6])
{
	int pid = (int)a[0];
	uint64_t len = a[1];
	uaddr_t out = uaddr_from_syscall_arg(a[2]);
	struct task_cpuset set;
	size_t n = affinity_mask_size();
	struct task *t;
	int err;

	if (len * 8 < (uint64_t)smp_cpu_count() || len % sizeof(uint64_t))
		return -EINVAL;
	err = time_task_get(pid, &t);
	if (err)
		return err;
	task_get_affinity(t, &set);
	time_task_put(t);
	/*
	 * Linux reports the mask within the online CPUs; a task allowed
	 * "everywhere" must not show CPUs that do not exist (glibc counts
	 * them against /sys/devices/system/cpu/online).
	 */
	affinity_online_only(&set);
	if (len < n)
		n = (size_t)len;
	if (frame_copy_to_user(out, set.bits, n))
		return -EFAULT;
	return (long)n;
}

/* A shorter mask than the kernel's is taken with the rest cleared. */
struct setaffinity_req {
	int pid;
	struct task_cpuset set;
};

static int setaffinity_decode(const uint64_t a[6], struct setaffinity_req *req)
{
	size_t n = sizeof(req->set.bits);

	req->pid = (int)a[0];
	task_cpuset_clear(&req->set);
	if (a[1] < n)
		n = (size_t)a[1];
	if (frame_copy_from_user(req->set.bits, uaddr_from_syscall_arg(a[2]),
				 n))
		return -EFAULT;
	return 0;
}

long sys_sched_setaffinity(const uint64_t a[6])
{
	struct setaffinity_req req;
	struct task *t;
	int err;

	err = setaffinity_decode(a, &req);
	if (err)
		return err;
	err = time_task_get(req.pid, &t);
	if (err)
		return err;
	/* -EINVAL when the mask holds no online CPU */
	err = task_set_affinity(t, &req.set);
	time_task_put(t);
	return err;
}

long sys_getcpu(const uint64_t a[6])
{
	uaddr_t ucpu = uaddr_from_syscall_arg(a[0]);
	uaddr_t unode = uaddr_from_syscall_arg(a[1]);
	uint32_t cpu = (uint32_t)task_current_cpu(), node = 0;

	if (!uaddr_is_null(ucpu) && frame_copy_to_user(ucpu, &cpu, sizeof(cpu)))
		return -EFAULT;
	if (!uaddr_is_null(unode) &&
	    frame_copy_to_user(unode, &node, sizeof(node)))
		return -EFAULT;
	return 0;
}
