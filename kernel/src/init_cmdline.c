/* SPDX-License-Identifier: MIT */
/* The kernel command line read as Linux reads it for init. */
#include "init.h"

#include <frame/boot.h>
#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/string.h>

/* Keys the kernel itself takes (bare or with a value), never init's. */
static const char *const kernel_keys[] = {
	"init",	    "rdinit",  "quiet", "debug",      "log",
	"loglevel", "console", "root",	"rootfstype", "ro",
	"rw",	    "initrd",  "panic", "nokaslr",    "earlyprintk",
};

#define WORD_MAX 1024

/* The length of @w's key: up to '=' or the end. */
static size_t key_len(const char *w)
{
	size_t n = 0;

	while (w[n] && w[n] != '=')
		n++;
	return n;
}

static bool key_is(const char *w, size_t len, const char *key)
{
	return strnlen(key, len + 1) == len && !strncmp(w, key, len);
}

static bool is_kernel_key(const char *w, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(kernel_keys); i++)
		if (key_is(w, len, kernel_keys[i]))
			return true;
	/* name.param=value: a module parameter, as Linux treats it */
	for (size_t i = 0; i < len; i++)
		if (w[i] == '.')
			return true;
	return false;
}

/* A copy of @w in @c's store, or NULL when the store is full. */
static char *store(struct keel_init_cmdline *c, const char *w)
{
	size_t n = strnlen(w, WORD_MAX) + 1;
	char *s;

	if (n > sizeof(c->store) - c->used)
		return NULL;
	s = c->store + c->used;
	frame_strscpy(s, w, n);
	c->used += n;
	return s;
}

static void add_arg(struct keel_init_cmdline *c, const char *w)
{
	char *s;

	if (c->argc >= KEEL_INIT_MAX_ARGS || !(s = store(c, w))) {
		c->dropped++;
		return;
	}
	c->argv[++c->argc] = s;
	c->argv[c->argc + 1] = NULL;
}

static void add_env(struct keel_init_cmdline *c, const char *w)
{
	size_t len = key_len(w);
	char *s = store(c, w);

	if (!s) {
		c->dropped++;
		return;
	}
	for (size_t i = 0; i < c->envc; i++) {
		if (key_len(c->envp[i]) == len &&
		    !strncmp(c->envp[i], w, len)) {
			c->envp[i] = s;
			return;
		}
	}
	if (c->envc >= KEEL_INIT_MAX_ENVS) {
		c->dropped++;
		return;
	}
	c->envp[c->envc++] = s;
	c->envp[c->envc] = NULL;
}

/* A word the kernel knows: take what it says. */
static void kernel_word(struct keel_init_cmdline *c, const char *w, size_t len)
{
	const char *val = w[len] == '=' ? w + len + 1 : NULL;

	if ((key_is(w, len, "init") || key_is(w, len, "rdinit")) && val)
		frame_strscpy(c->path, val, sizeof(c->path));
	else if (key_is(w, len, "quiet"))
		c->quiet = true;
	else if (key_is(w, len, "log") && val)
		c->log_given = true;
	else if (key_is(w, len, "keel.strace"))
		c->strace = !val || strncmp(val, "0", 2) != 0;
}

void keel_init_cmdline_parse(struct keel_init_cmdline *c,
			     const char *const words[], size_t n)
{
	bool after_dashes = false;

	memset(c, 0, sizeof(*c));
	add_env(c, "HOME=/");
	add_env(c, "TERM=linux");
	for (size_t i = 0; i < n; i++) {
		const char *w = words[i];
		size_t len = key_len(w);

		if (after_dashes) {
			add_arg(c, w);
		} else if (!strncmp(w, "--", 3)) {
			after_dashes = true;
		} else if (!len) {
			continue; /* "=x" or "": nothing Linux would pass on */
		} else if (is_kernel_key(w, len)) {
			kernel_word(c, w, len);
		} else if (w[len] == '=') {
			add_env(c, w);
		} else {
			add_arg(c, w);
		}
	}
}

int keel_init_cmdline_read(struct keel_init_cmdline *c)
{
	size_t n = frame_cmdline_word_count();
	const char **words = frame_calloc(n + 1, sizeof(*words));
	char *buf = frame_alloc(n * WORD_MAX + 1);
	int ret = 0;

	if (!words || !buf) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (frame_cmdline_word(i, buf + i * WORD_MAX, WORD_MAX) ==
		    -E2BIG)
			log_warn("command-line word %zu is longer than %d "
				 "characters: cut",
				 i, WORD_MAX - 1);
		words[i] = buf + i * WORD_MAX;
	}
	keel_init_cmdline_parse(c, words, n);
	if (c->dropped)
		log_warn("%u command-line words for init were dropped "
			 "(at most %d arguments and %d variables)",
			 c->dropped, KEEL_INIT_MAX_ARGS, KEEL_INIT_MAX_ENVS);
out:
	frame_free(buf);
	frame_free(words);
	return ret;
}
