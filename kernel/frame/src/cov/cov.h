/* SPDX-License-Identifier: MIT */
/* The coverage runtime's hook: its counters written out as the kernel stops. */
#ifndef COV_COV_H
#define COV_COV_H

/*
 * osdk compiles the runtime (cov/gcov.c, the manifest's
 * build.coverage-runtime) and defines OSDK_COVERAGE only in a coverage
 * build (`osdk test --coverage`, docs/coverage.md); a normal build has
 * neither, and the hook is an empty inline.
 */
#ifdef OSDK_COVERAGE
/*
 * cov_dump() - write every instrumented file's counters to the coverage
 * port (COV_PORT), once: a second call (a panic while stopping) writes
 * nothing. Interrupts must be off; other CPUs may still run.
 */
void cov_dump(void);
#else
static inline void cov_dump(void)
{
}
#endif

#endif /* COV_COV_H */
