/* SPDX-License-Identifier: MIT */
/* Frame-internal side of ktest: running the tests, and the test in flight. */
#ifndef KTEST_RUNNER_H
#define KTEST_RUNNER_H

#include <frame/ktest.h>

/*
 * ktest_run_all() - run the registered tests as the command line asks
 *
 * Honours `ktest.filter=TEXT` and `ktest.from=N` and prints the protocol
 * lines of docs/internals/kernel-contract.md. Returns the exit code:
 * FRAME_EXIT_SUCCESS when no test failed, else FRAME_EXIT_FAILURE.
 */
int ktest_run_all(void);

/*
 * ktest_current() - whether a test is running, and which
 *
 * Sets *@index to the running test's index. The panic path uses it, so it
 * only reads one variable.
 */
bool ktest_current(int *index);

/*
 * ktest_abandon() - end the running test as failed and jump to the runner
 *
 * The caller has printed the "ktest: fail" line. Panics when no test runs:
 * there is nowhere to jump to.
 */
__noreturn void ktest_abandon(void);

/* The registered tests, as the linker script collects them. */
extern const struct ktest_desc frame_ktest_start[];
extern const struct ktest_desc frame_ktest_end[];

#endif /* KTEST_RUNNER_H */
