/* SPDX-License-Identifier: MIT */
/* ktest_proto.c - one console line of a test kernel into a message. */
#include "core/boot/ktest_proto.h"

#include <errno.h>
#include <string.h>

#define PREFIX "ktest: "

static const struct {
	const char *word;
	enum ktest_msg_kind kind;
} words[] = {
	{ "begin", KTEST_MSG_BEGIN }, { "run", KTEST_MSG_RUN },
	{ "ok", KTEST_MSG_OK },	      { "fail", KTEST_MSG_FAIL },
	{ "panic", KTEST_MSG_PANIC }, { "end", KTEST_MSG_END },
};

/* A decimal index at s; *end after it. -1 when there is none or it is too
 * large. */
static int parse_index(const char *s, const char **end)
{
	long v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > KTEST_PROTO_MAX_INDEX)
			return -1;
	}
	*end = s;
	return (int)v;
}

int ktest_parse_line(const char *line, struct ktest_msg *out)
{
	const char *p, *end = NULL;
	size_t n;

	out->kind = KTEST_MSG_OUTPUT;
	out->index = -1;
	out->text = NULL;
	if (strncmp(line, PREFIX, strlen(PREFIX)) != 0)
		return 0;
	p = line + strlen(PREFIX);
	n = strcspn(p, " ");
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strlen(words[i].word) == n && !strncmp(p, words[i].word, n))
			out->kind = words[i].kind;
	/* Every word is followed by a blank and something. */
	if (out->kind == KTEST_MSG_OUTPUT || p[n] != ' ' || !p[n + 1])
		return -EPROTO;
	p += n + 1;
	if (out->kind == KTEST_MSG_END)
		return 0;
	out->index = parse_index(p, &end);
	if (out->index < 0)
		return -EPROTO;
	switch (out->kind) {
	case KTEST_MSG_RUN:
		if (*end != ' ' || !end[1])
			return -EPROTO;
		out->text = end + 1;
		return 0;
	case KTEST_MSG_FAIL:
		if (*end && (*end != ' ' || !end[1]))
			return -EPROTO;
		out->text = *end ? end + 1 : NULL;
		return 0;
	default:
		/* begin, ok and panic: nothing may follow the index. */
		return *end ? -EPROTO : 0;
	}
}
