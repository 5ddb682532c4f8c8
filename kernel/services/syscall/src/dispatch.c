/* SPDX-License-Identifier: MIT */
/* Dispatch: number -> handler, -ENOSYS logged once, the strace lines. */
#include <syscall/syscall.h>

#include <frame/console.h>
#include <frame/errno.h>
#include <frame/format.h>
#include <frame/log.h>
#include <frame/sync.h>

/* Numbers below this are remembered one by one for the warn-once rule. */
#define WARNED_NRS 1024

static struct {
	struct frame_spinlock lock;
	uint64_t warned[WARNED_NRS / 64];
	bool warned_beyond; /* a number >= WARNED_NRS was reported */
} syscall_nosys = { .lock = FRAME_SPINLOCK_INIT };

static bool syscall_strace;

void syscall_set_strace(bool on)
{
	syscall_strace = on;
}

bool syscall_strace_enabled(void)
{
	return syscall_strace;
}

/* Whether @nr's -ENOSYS is the first one (then it is logged). */
static bool nosys_first(uint64_t nr)
{
	uint64_t flags = frame_spin_lock_irqsave(&syscall_nosys.lock);
	bool first;

	if (nr < WARNED_NRS) {
		uint64_t bit = 1ull << (nr % 64);

		first = !(syscall_nosys.warned[nr / 64] & bit);
		syscall_nosys.warned[nr / 64] |= bit;
	} else {
		first = !syscall_nosys.warned_beyond;
		syscall_nosys.warned_beyond = true;
	}
	frame_spin_unlock_irqrestore(&syscall_nosys.lock, flags);
	return first;
}

static long syscall_nosys_ret(uint64_t nr)
{
	const char *name = syscall_name(nr);

	if (nosys_first(nr))
		log_warn("syscall %llu (%s) not implemented",
			 (unsigned long long)nr, name ? name : "unknown");
	return -ENOSYS;
}

static long syscall_call(uint64_t nr, const uint64_t a[6])
{
	const struct syscall_desc *d = syscall_desc(nr);

	if (!d || !d->fn)
		return syscall_nosys_ret(nr);
	return d->fn(a);
}

/* One line, "[pid N] call = result", written whole to the console. */
static void strace_emit(int tid, const char *call, const char *result)
{
	char line[384];
	int n = frame_snprintf(line, sizeof(line), "[pid %d] %s%s\n", tid, call,
			       result);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	frame_console_write(line, (size_t)n);
}

long syscall_dispatch(int tid, uint64_t nr, const uint64_t a[6])
{
	const struct syscall_kinds *k;
	char call[256], result[96];
	long ret;

	if (!syscall_strace)
		return syscall_call(nr, a);

	/*
	 * The arguments are formatted before the call: the strings are the
	 * caller's, which execve replaces and unlink may free.
	 */
	syscall_format_call(call, sizeof(call), nr, a);
	k = syscall_kinds(nr);
	if (k && k->ret == SCR_NORETURN) {
		syscall_format_result(result, sizeof(result), nr, 0);
		strace_emit(tid, call, result);
		return syscall_call(nr, a);
	}
	ret = syscall_call(nr, a);
	/* what read() and the like filled is shown once it is there */
	if (syscall_fills_buffer(nr))
		syscall_format_done(call, sizeof(call), nr, a, ret);
	syscall_format_result(result, sizeof(result), nr, ret);
	strace_emit(tid, call, result);
	return ret;
}
