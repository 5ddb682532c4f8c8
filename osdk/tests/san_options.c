/* SPDX-License-Identifier: MIT */
/* san_options.c - the sanitizer runtime's defaults for osdk's test builds. */

/*
 * Linked into every program built on osdk_core_san (osdk-san, which the
 * end-to-end tests run, and the unit tests); the runtime reads it before
 * main, and ASAN_OPTIONS in the environment still overrides it.
 *
 * intercept_tls_get_addr=0: the runtimes of GCC 12 and clang 14 watch
 * __tls_get_addr to learn where each thread's dynamic TLS blocks lie,
 * the blocks of libclang and LLVM, which the check opens with dlopen.
 * When a block's address is 16 past a page boundary, they take it for a
 * block with the header glibc 2.19 to 2.24 wrote, and read the two words
 * before it, the allocator's own header, as the block's start and size.
 * glibc has written no such header since 2.25, so the range is garbage,
 * and at exit LeakSanitizer's tracer faults scanning it ("DTLS 6 at
 * 0x3e1-0x8000014e3", then "Tracer caught signal 11: addr=0x3e8"), after
 * osdk's work is done. Where libclang's 8-byte block
 * lands depends on every allocation before it, so a given command crashed
 * on every run and a slightly different one never. Without the
 * interception the tracer still reaches those blocks, which ld.so
 * allocates with malloc, from the DTV that points at them: a pointer kept
 * in a dlopen'ed library's TLS is not reported, a dropped one is. Newer
 * runtimes ask their allocator for the block's bounds instead of guessing
 * (google/sanitizers#1322, llvm/llvm-project#108120).
 */
const char *__asan_default_options(void);

const char *__asan_default_options(void)
{
	return "intercept_tls_get_addr=0";
}
