/* SPDX-License-Identifier: MIT */
/* threads.c - POSIX threads on the kernel's threads: 8 threads, mutexes,
 * condition variables, thread-local storage, join values, thread ids, a
 * signal aimed at one thread, a process signal taken by the one thread
 * that does not block it, and exit from a thread ending the process. */
#include "abi.h"

#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#define NT   8
#define ITER 2000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter;
static int arrived, go;
static __thread long tls_value = 5;
static pid_t tids[NT];
static volatile pid_t handled_by;
static volatile int ready_for_signal;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = (pid_t)syscall(SYS_gettid);
}

static void *worker(void *arg)
{
	long id = (long)arg, i;

	tids[id] = (pid_t)syscall(SYS_gettid);
	tls_value = id * 100;
	for (i = 0; i < ITER; i++) {
		pthread_mutex_lock(&mu);
		counter++;
		pthread_mutex_unlock(&mu);
	}
	pthread_mutex_lock(&mu);
	arrived++;
	pthread_cond_broadcast(&cv);
	while (!go)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	sched_yield();
	if (tls_value != id * 100 || getpid() == tids[id] ||
	    getpid() != (pid_t)syscall(SYS_getpid))
		return (void *)-1L;
	return (void *)(id + 1000);
}

static void *sig_target(void *arg)
{
	(void)arg;
	handled_by = 0;
	ready_for_signal = 1;
	while (handled_by == 0)
		sched_yield();
	return (void *)(long)syscall(SYS_gettid);
}

static void *sig_unblocked(void *arg)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return sig_target(arg);
}

static volatile int quit_ran;

static void *quitter(void *arg)
{
	(void)arg;
	quit_ran = 1;
	pthread_exit(NULL);
}

static pthread_mutex_t robust;

static void *lock_and_leave(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&robust);
	return NULL;
}

/* A process-shared robust mutex in shared memory, left locked by a child
 * that exits: the kernel's robust-list walk marks it, the next locker
 * gets EOWNERDEAD. */
static int robust_across_fork(void)
{
	pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t a;
	pid_t pid;
	int r;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &a);
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(m);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	r = pthread_mutex_lock(m);
	if (r == EOWNERDEAD) {
		pthread_mutex_consistent(m);
		pthread_mutex_unlock(m);
	}
	munmap(m, 4096);
	return r;
}

static void *exiter(void *arg)
{
	(void)arg;
	exit(9);
}

static int exit_from_thread(void *arg)
{
	pthread_t t;

	(void)arg;
	pthread_create(&t, NULL, exiter, NULL);
	for (;;)
		pause();
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t th[NT], t;
	sigset_t set;
	void *ret;
	long i;
	int ok = 1, distinct = 1, j, st;

	(void)argc;
	abi_start(argv[0]);
	for (i = 0; i < NT; i++)
		CHECK("create",
		      pthread_create(&th[i], NULL, worker, (void *)i) == 0);
	pthread_mutex_lock(&mu);
	while (arrived < NT)
		pthread_cond_wait(&cv, &mu);
	CHECK_EQ("mutex.counter", counter, NT * ITER);
	go = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	for (i = 0; i < NT; i++) {
		if (pthread_join(th[i], &ret) != 0 || (long)ret != i + 1000)
			ok = 0;
	}
	CHECK("join.values_and_tls", ok);
	CHECK_EQ("tls.main_untouched", tls_value, 5);
	for (i = 0; i < NT; i++)
		for (j = 0; j < i; j++)
			if (tids[i] == tids[j] || tids[i] == getpid())
				distinct = 0;
	CHECK("gettid.distinct", distinct);

	/* A signal sent to one thread runs its handler in that thread. */
	signal(SIGUSR1, on_usr1);
	ready_for_signal = 0;
	pthread_create(&t, NULL, sig_target, NULL);
	while (!ready_for_signal)
		sched_yield();
	pthread_kill(t, SIGUSR1);
	pthread_join(t, &ret);
	CHECK_EQ("pthread_kill.handled_in_target", handled_by,
		 (pid_t)(long)ret);

	/* A process signal goes to the thread that does not block it. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	ready_for_signal = 0;
	pthread_create(&t, NULL, sig_unblocked, NULL);
	while (!ready_for_signal)
		sched_yield();
	kill(getpid(), SIGUSR1);
	pthread_join(t, &ret);
	CHECK_EQ("kill.handled_by_unblocked_thread", handled_by,
		 (pid_t)(long)ret);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);

	/* exit() in any thread ends the whole process with its code. */
	st = abi_in_child(exit_from_thread, NULL);
	CHECK("exit.from_thread", WIFEXITED(st) && WEXITSTATUS(st) == 9);
	/* pthread_exit of a detached thread leaves the process running. */
	pthread_create(&t, NULL, quitter, NULL);
	pthread_detach(t);
	{
		struct timespec d = { 0, 50000000 };

		nanosleep(&d, NULL);
	}
	CHECK_EQ("pthread_exit.process_lives", quit_ran, 1);

	/* A thread that ends holding a robust mutex: EOWNERDEAD. */
	{
		pthread_mutexattr_t a;

		pthread_mutexattr_init(&a);
		pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
		pthread_mutex_init(&robust, &a);
		pthread_create(&t, NULL, lock_and_leave, NULL);
		pthread_join(t, NULL);
		CHECK_EQ("robust.thread_owner_dead",
			 pthread_mutex_lock(&robust), EOWNERDEAD);
		CHECK_EQ("robust.consistent", pthread_mutex_consistent(&robust),
			 0);
		CHECK_EQ("robust.unlock", pthread_mutex_unlock(&robust), 0);
	}
	CHECK_EQ("robust.process_owner_dead", robust_across_fork(), EOWNERDEAD);
	return abi_end();
}
