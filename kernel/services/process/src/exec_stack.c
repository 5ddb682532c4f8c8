/* SPDX-License-Identifier: MIT */
/* The initial stack of a new program: strings, argv, envp and auxv. */
#include "exec_internal.h"

#include <frame/cpu.h>
#include <frame/errno.h>
#include <frame/string.h>
#include <frame/umode.h>

static const char exec_platform[] = "x86_64";

size_t exec_stack_size(const struct exec_args *args, const char *execfn)
{
	size_t words = 3 + (size_t)args->argc + args->envc + 2 * EXEC_AUXV_MAX;

	return 8 + strnlen(execfn, EXEC_PATH_MAX) + 1 + args->len +
	       sizeof(exec_platform) + 16 + 32 + words * 8;
}

/* A cursor writing downwards into the image of [top - len, top). */
struct exec_img {
	uint8_t *img;
	size_t len;
	uint64_t top, sp;
};

static int exec_img_push(struct exec_img *s, const void *src, size_t n)
{
	if (s->top - s->sp + n > s->len)
		return -E2BIG;
	s->sp -= n;
	memcpy(s->img + (s->len - (s->top - s->sp)), src, n);
	return 0;
}

static void exec_img_put_word(struct exec_img *s, uint64_t addr, uint64_t v)
{
	memcpy(s->img + (s->len - (s->top - addr)), &v, sizeof(v));
}

/* The minimum signal stack a handler frame needs on this CPU. */
static uint64_t exec_minsigstksz(void)
{
	uint64_t need = uctx_fpu_size() + 1024;

	return need < 2048 ? 2048 : ALIGN_UP(need, 64);
}

int exec_stack_layout(uint8_t *img, size_t img_len, uint64_t top,
		      const struct exec_args *args, const char *execfn,
		      const struct exec_auxv_in *aux, const uint8_t random[16],
		      uint64_t *sp)
{
	struct exec_img s = { img, img_len, top, top };
	const uint64_t zero = 0;
	size_t fn_len = strnlen(execfn, EXEC_PATH_MAX);
	uint64_t execfn_at, strings_at, platform_at, random_at, words, at;
	uint64_t auxv[2 * EXEC_AUXV_MAX];
	unsigned int n = 0;
	int err;

	err = exec_img_push(&s, &zero, sizeof(zero));
	if (!err)
		err = exec_img_push(&s, execfn, fn_len + 1);
	execfn_at = s.sp;
	if (!err)
		err = exec_img_push(&s, args->buf, args->len);
	strings_at = s.sp;
	if (!err)
		err = exec_img_push(&s, exec_platform, sizeof(exec_platform));
	platform_at = s.sp;
	s.sp = ALIGN_DOWN(s.sp, 16);
	if (!err)
		err = exec_img_push(&s, random, 16);
	random_at = s.sp;
	if (err)
		return err;

#define EXEC_AUX(tag, val)                   \
	do {                                 \
		auxv[n++] = (tag);           \
		auxv[n++] = (uint64_t)(val); \
	} while (0)
	EXEC_AUX(AT_SYSINFO_EHDR, aux->vdso);
	EXEC_AUX(AT_MINSIGSTKSZ, exec_minsigstksz());
	EXEC_AUX(AT_HWCAP, frame_cpu_hwcap());
	EXEC_AUX(AT_PAGESZ, 4096);
	EXEC_AUX(AT_CLKTCK, 100);
	EXEC_AUX(AT_PHDR, aux->phdr);
	EXEC_AUX(AT_PHENT, 56);
	EXEC_AUX(AT_PHNUM, aux->phnum);
	EXEC_AUX(AT_BASE, aux->base);
	EXEC_AUX(AT_FLAGS, 0);
	EXEC_AUX(AT_ENTRY, aux->entry);
	EXEC_AUX(AT_UID, aux->uid);
	EXEC_AUX(AT_EUID, aux->euid);
	EXEC_AUX(AT_GID, aux->gid);
	EXEC_AUX(AT_EGID, aux->egid);
	EXEC_AUX(AT_SECURE, aux->secure ? 1 : 0);
	EXEC_AUX(AT_RANDOM, random_at);
	EXEC_AUX(AT_HWCAP2, frame_cpu_hwcap2());
	EXEC_AUX(AT_EXECFN, execfn_at);
	EXEC_AUX(AT_PLATFORM, platform_at);
	EXEC_AUX(AT_NULL, 0);
#undef EXEC_AUX

	/* argc, argv[], NULL, envp[], NULL, auxv: sp 16-byte aligned. */
	words = 1 + (uint64_t)args->argc + 1 + args->envc + 1 + n;
	if (s.top - s.sp + words * 8 + 16 > s.len)
		return -E2BIG;
	s.sp = ALIGN_DOWN(s.sp - words * 8, 16);
	at = s.sp;
	exec_img_put_word(&s, at, args->argc);
	at += 8;
	for (unsigned int i = 0, off = 0; i < args->argc + args->envc; i++) {
		if (i == args->argc) {
			exec_img_put_word(&s, at, 0);
			at += 8;
		}
		exec_img_put_word(&s, at, strings_at + off);
		at += 8;
		off += (unsigned int)strnlen(args->buf + off, args->len - off) +
		       1;
	}
	if (args->argc + args->envc == args->argc) {
		exec_img_put_word(&s, at, 0); /* argv's NULL (no envp) */
		at += 8;
	}
	exec_img_put_word(&s, at, 0); /* envp's NULL */
	at += 8;
	for (unsigned int i = 0; i < n; i++, at += 8)
		exec_img_put_word(&s, at, auxv[i]);
	*sp = s.sp;
	return 0;
}
