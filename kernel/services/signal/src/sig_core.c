/* SPDX-License-Identifier: MIT */
/* Signal basics: default actions, siginfo layout, per-task slot, ops. */
#include "sig_internal.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/string.h>

enum sig_default sig_default_action(int sig)
{
	switch (sig) {
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGXCPU:
	case SIGXFSZ:
	case SIGSYS:
		return SIG_DEF_CORE;
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
		return SIG_DEF_IGN;
	case SIGCONT:
		return SIG_DEF_CONT;
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return SIG_DEF_STOP;
	default:
		return SIG_DEF_TERM;
	}
}

bool sig_is_stop(int sig)
{
	return sigset_has(SIG_STOP_MASK, sig);
}

void ksiginfo_init(struct ksiginfo *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->signo = sig;
	info->code = code;
}

static void put32(struct siginfo_user *u, size_t off, uint32_t v)
{
	memcpy(&u->bytes[off], &v, sizeof(v));
}

static void put64(struct siginfo_user *u, size_t off, uint64_t v)
{
	memcpy(&u->bytes[off], &v, sizeof(v));
}

static uint32_t get32(const struct siginfo_user *u, size_t off)
{
	uint32_t v;

	memcpy(&v, &u->bytes[off], sizeof(v));
	return v;
}

static uint64_t get64(const struct siginfo_user *u, size_t off)
{
	uint64_t v;

	memcpy(&v, &u->bytes[off], sizeof(v));
	return v;
}

/* Offsets in Linux's x86-64 siginfo_t: the union starts at 16. */
enum {
	SI_OFF_SIGNO = 0,
	SI_OFF_ERRNO = 4,
	SI_OFF_CODE = 8,
	SI_OFF_PID = 16,
	SI_OFF_UID = 20,
	SI_OFF_TIMERID = 16,
	SI_OFF_OVERRUN = 20,
	SI_OFF_VALUE = 24,
	SI_OFF_STATUS = 24,
	SI_OFF_UTIME = 32,
	SI_OFF_STIME = 40,
	SI_OFF_ADDR = 16,
	SI_OFF_BAND = 16,
	SI_OFF_FD = 24,
	SI_OFF_CALL_ADDR = 16,
	SI_OFF_SYSCALL = 24,
	SI_OFF_ARCH = 28,
};

static bool sig_is_fault(int sig)
{
	return sigset_has(SIG_SYNC_MASK, sig) && sig != SIGSYS;
}

void ksiginfo_to_user(const struct ksiginfo *info, struct siginfo_user *out)
{
	int sig = info->signo;
	int code = info->code;

	memset(out, 0, sizeof(*out));
	put32(out, SI_OFF_SIGNO, (uint32_t)sig);
	put32(out, SI_OFF_ERRNO, (uint32_t)info->errno_);
	put32(out, SI_OFF_CODE, (uint32_t)code);
	if (code <= 0 || code == SI_KERNEL) {
		/* Sent by a process (or the kernel as one): kill, rt, timer. */
		if (code == SI_TIMER) {
			put32(out, SI_OFF_TIMERID, (uint32_t)info->timerid);
			put32(out, SI_OFF_OVERRUN, (uint32_t)info->overrun);
		} else {
			put32(out, SI_OFF_PID, (uint32_t)info->pid);
			put32(out, SI_OFF_UID, info->uid);
		}
		if (code < 0)
			put64(out, SI_OFF_VALUE, info->value);
		return;
	}
	if (sig == SIGCHLD) {
		put32(out, SI_OFF_PID, (uint32_t)info->pid);
		put32(out, SI_OFF_UID, info->uid);
		put32(out, SI_OFF_STATUS, (uint32_t)info->status);
		put64(out, SI_OFF_UTIME, (uint64_t)info->utime);
		put64(out, SI_OFF_STIME, (uint64_t)info->stime);
	} else if (sig_is_fault(sig)) {
		put64(out, SI_OFF_ADDR, info->addr);
	} else if (sig == SIGPOLL) {
		put64(out, SI_OFF_BAND, (uint64_t)info->band);
		put32(out, SI_OFF_FD, (uint32_t)info->fd);
	} else if (sig == SIGSYS) {
		put64(out, SI_OFF_CALL_ADDR, info->addr);
		put32(out, SI_OFF_SYSCALL, (uint32_t)info->syscall);
		put32(out, SI_OFF_ARCH, info->arch);
	} else {
		put32(out, SI_OFF_PID, (uint32_t)info->pid);
		put32(out, SI_OFF_UID, info->uid);
		put64(out, SI_OFF_VALUE, info->value);
	}
}

void ksiginfo_from_user(const struct siginfo_user *in, struct ksiginfo *out)
{
	memset(out, 0, sizeof(*out));
	out->signo = (int)get32(in, SI_OFF_SIGNO);
	out->errno_ = (int)get32(in, SI_OFF_ERRNO);
	out->code = (int)get32(in, SI_OFF_CODE);
	out->pid = (int)get32(in, SI_OFF_PID);
	out->uid = get32(in, SI_OFF_UID);
	out->value = get64(in, SI_OFF_VALUE);
}

/* Per-task slot. */
static void sig_key_release(struct task_data_key *key, struct task_data *data)
{
	/* The thread object is the process package's to free. */
	(void)key;
	(void)data;
}

static struct task_data_key sig_key;
static bool sig_key_ready;
static struct frame_spinlock sig_key_lock = FRAME_SPINLOCK_INIT;

int signal_init(void)
{
	int err = 0;

	frame_spin_lock(&sig_key_lock);
	if (!sig_key_ready) {
		err = task_data_key_register(&sig_key, sig_key_release);
		sig_key_ready = err == 0;
	}
	frame_spin_unlock(&sig_key_lock);
	return err;
}

void signal_attach(struct task *task, struct sig_thread *t)
{
	if (signal_init())
		return;
	task_data_set(task, &sig_key, t ? &t->td_ : NULL);
}

struct sig_thread *sig_thread_current(void)
{
	struct task_data *d;

	if (!sig_key_ready)
		return NULL;
	d = task_data_get(task_current(), &sig_key);
	return d ? container_of(d, struct sig_thread, td_) : NULL;
}

/* Process ops. */
static const struct signal_process_ops *sig_process_ops;

void signal_set_process_ops(const struct signal_process_ops *ops)
{
	sig_process_ops = ops;
}

const struct signal_process_ops *sig_ops(void)
{
	return sig_process_ops;
}

void signal_set_restart(long (*fn)(const uint64_t args[6]),
			const uint64_t args[6])
{
	struct sig_thread *t = sig_thread_current();

	if (!t)
		return;
	t->restart.fn = fn;
	for (int i = 0; i < 6; i++)
		t->restart.args[i] = args ? args[i] : 0;
}
