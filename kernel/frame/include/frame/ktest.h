/* SPDX-License-Identifier: MIT */
/* In-kernel unit tests: KTEST() cases and their KT_ASSERT_* assertions. */
#ifndef FRAME_KTEST_H
#define FRAME_KTEST_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * A test is written beside the code it tests:
 *
 *	KTEST(strnlen_stops_at_max)
 *	{
 *		KT_ASSERT_EQ(strnlen("abc", 2), 2);
 *	}
 *
 * osdk compiles a package with -DKTEST when it builds that package's tests;
 * only then does KTEST() register the case (a descriptor in the .ktest
 * section). Otherwise the body is still compiled, so it cannot rot, but it
 * is an unused static function that the linker drops.
 *
 * A failed assertion prints
 *	ktest: fail <index> <file>:<line>: <message>
 * and abandons the test with a non-local jump back to the runner; the next
 * test runs. So a test must not leave a lock held or an object half-built
 * across an assertion that may fail. A panic in a test (including a CPU
 * exception) stops the kernel with "ktest: panic <index>".
 *
 * Why in the frame: the runner is part of boot (the frame chooses between
 * main and the tests), and abandoning a test needs a register-level jump.
 * Safety: the check functions below are only meaningful inside a running
 * test; called outside one, a failure panics.
 */

/* A registered test, as the runner sees it. */
struct ktest_desc {
	const char *pkg;  /* OSDK_PKG_NAME of the package holding the test */
	const char *name; /* the KTEST() name */
	const char *file;
	void (*fn)(void);
	uint32_t line;
};

/*
 * osdk passes -DKTEST, which would clash with the function-like KTEST()
 * below; remember the setting as KTEST_BUILD (1 or 0) and reuse the name.
 */
#ifdef KTEST
#undef KTEST
#define KTEST_BUILD 1
#else
#define KTEST_BUILD 0
#endif

/* clang-format off */
#if KTEST_BUILD
#define KTEST(id)                                                          \
	static void ktest_fn_##id(void);                                   \
	static const struct ktest_desc ktest_desc_##id __used              \
		__section(".ktest") __aligned(8) = {                       \
			.pkg = OSDK_PKG_NAME,                              \
			.name = #id,                                       \
			.file = __FILE__,                                  \
			.fn = ktest_fn_##id,                               \
			.line = __LINE__,                                  \
	};                                                                 \
	static void ktest_fn_##id(void)
#else
#define KTEST(id) static __unused void ktest_fn_##id(void)
#endif
/* clang-format on */

/*
 * An integer or pointer operand of a comparison, captured with its
 * signedness so that the check compares mathematically (-1 < 1u holds) and
 * prints the value the way it was meant.
 */
enum ktest_value_kind {
	KTEST_SIGNED,
	KTEST_UNSIGNED,
	KTEST_POINTER,
};

struct ktest_value {
	enum ktest_value_kind kind;
	union {
		int64_t s;
		uint64_t u;
	};
};

struct ktest_value ktest_value_signed(long long v);
struct ktest_value ktest_value_unsigned(unsigned long long v);
struct ktest_value ktest_value_pointer(const void *p);

/* Capture @x with the constructor that matches its type. */
/* clang-format off */
#define KTEST_VALUE(x)                                                     \
	_Generic((x),                                                      \
		char: ktest_value_signed,                                  \
		signed char: ktest_value_signed,                           \
		short: ktest_value_signed,                                 \
		int: ktest_value_signed,                                   \
		long: ktest_value_signed,                                  \
		long long: ktest_value_signed,                             \
		_Bool: ktest_value_unsigned,                               \
		unsigned char: ktest_value_unsigned,                       \
		unsigned short: ktest_value_unsigned,                      \
		unsigned int: ktest_value_unsigned,                        \
		unsigned long: ktest_value_unsigned,                       \
		unsigned long long: ktest_value_unsigned,                  \
		default: ktest_value_pointer)(x)
/* clang-format on */

enum ktest_op {
	KTEST_EQ,
	KTEST_NE,
	KTEST_LT,
	KTEST_LE,
	KTEST_GT,
	KTEST_GE,
};

/*
 * The functions the assertion macros call. Each returns when the check
 * holds; otherwise it prints the failure line and jumps back to the runner.
 * @what is the assertion as written, e.g. "KT_ASSERT_EQ(x, 4)".
 */
__noreturn void ktest_fail(const char *file, int line, const char *fmt, ...)
    __printf(3, 4);
void ktest_check_cmp(const char *file, int line, const char *what,
		     enum ktest_op op, struct ktest_value left,
		     struct ktest_value right);
void ktest_check_err(const char *file, int line, const char *what, long got,
		     long want);
void ktest_check_null(const char *file, int line, const char *what,
		      const void *p, bool want_null);
void ktest_check_streq(const char *file, int line, const char *what,
		       const char *left, const char *right);

#define KTEST_CMP_(name, op, a, b)                                             \
	ktest_check_cmp(__FILE__, __LINE__, name "(" #a ", " #b ")", op,       \
			KTEST_VALUE(a), KTEST_VALUE(b))

/* Each operand is evaluated exactly once. */
#define KT_ASSERT(cond)                                                        \
	do {                                                                   \
		if (!(cond))                                                   \
			ktest_fail(__FILE__, __LINE__,                         \
				   "KT_ASSERT(%s) is false", #cond);           \
	} while (0)
#define KT_ASSERT_EQ(a, b) KTEST_CMP_("KT_ASSERT_EQ", KTEST_EQ, a, b)
#define KT_ASSERT_NE(a, b) KTEST_CMP_("KT_ASSERT_NE", KTEST_NE, a, b)
#define KT_ASSERT_LT(a, b) KTEST_CMP_("KT_ASSERT_LT", KTEST_LT, a, b)
#define KT_ASSERT_LE(a, b) KTEST_CMP_("KT_ASSERT_LE", KTEST_LE, a, b)
#define KT_ASSERT_GT(a, b) KTEST_CMP_("KT_ASSERT_GT", KTEST_GT, a, b)
#define KT_ASSERT_GE(a, b) KTEST_CMP_("KT_ASSERT_GE", KTEST_GE, a, b)

/* @expr returns 0 or -errno and must return exactly @err (say -EINVAL). */
#define KT_ASSERT_ERR(expr, err)                                               \
	ktest_check_err(__FILE__, __LINE__,                                    \
			"KT_ASSERT_ERR(" #expr ", " #err ")", (expr), (err))
/* @expr returns 0 or -errno and must return 0. */
#define KT_ASSERT_OK(expr)                                                     \
	ktest_check_err(__FILE__, __LINE__, "KT_ASSERT_OK(" #expr ")", (expr), \
			0)
#define KT_ASSERT_NULL(p)                                                      \
	ktest_check_null(__FILE__, __LINE__, "KT_ASSERT_NULL(" #p ")", (p),    \
			 true)
#define KT_ASSERT_NOT_NULL(p)                                                  \
	ktest_check_null(__FILE__, __LINE__, "KT_ASSERT_NOT_NULL(" #p ")",     \
			 (p), false)
/* Two NUL-terminated strings (either may be NULL) must be equal. */
#define KT_ASSERT_STREQ(a, b)                                                  \
	ktest_check_streq(__FILE__, __LINE__,                                  \
			  "KT_ASSERT_STREQ(" #a ", " #b ")", (a), (b))
/* Fail unconditionally; the arguments are a format and its values. */
#define KT_FAIL(...) ktest_fail(__FILE__, __LINE__, __VA_ARGS__)

#endif /* FRAME_KTEST_H */
