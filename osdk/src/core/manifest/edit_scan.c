/* SPDX-License-Identifier: MIT */
/* edit_scan.c - where a manifest's dependencies stand in its text. */
#include "core/manifest/edit_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/xalloc.h"

static void index_lines(struct edit_doc *d)
{
	size_t cap = 64;

	d->lines = xmalloc(cap * sizeof(*d->lines));
	d->lines[d->nlines++] = 0;
	for (size_t i = 0; i < d->len; i++) {
		if (d->text[i] != '\n')
			continue;
		XGROW(d->lines, cap, d->nlines + 1);
		d->lines[d->nlines++] = i + 1;
	}
}

/* The byte offset of a mark: its line's start, then column characters. */
static size_t mark_off(const struct edit_doc *d, yaml_mark_t m)
{
	size_t off, col = 0;

	if (m.line >= d->nlines)
		return d->len;
	off = d->lines[m.line];
	while (off < d->len && col < m.column && d->text[off] != '\n') {
		off++;
		while (off < d->len &&
		       ((unsigned char)d->text[off] & 0xc0) == 0x80)
			off++; /* a UTF-8 continuation byte */
		col++;
	}
	if (off < d->len && d->text[off] == '\r' && col < m.column)
		off++;
	return off;
}

/* Start of line `line`, or the end of the text past the last line. */
size_t edit_line_off(const struct edit_doc *d, size_t line)
{
	return line < d->nlines ? d->lines[line] : d->len;
}

/* The 0-based line that holds byte @off. */
static size_t line_of(const struct edit_doc *d, size_t off)
{
	size_t lo = 0, hi = d->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int parse_fail(struct edit_doc *d, struct osdk_err *err)
{
	return err_set(err, -EINVAL, "%s:%zu:%zu: %s", d->file,
		       d->p.problem_mark.line + 1, d->p.problem_mark.column + 1,
		       d->p.problem ? d->p.problem : "YAML syntax error");
}

static int next_event(struct edit_doc *d, yaml_event_t *ev,
		      struct osdk_err *err)
{
	if (!yaml_parser_parse(&d->p, ev))
		return parse_fail(d, err);
	if (ev->type == YAML_MAPPING_START_EVENT ||
	    ev->type == YAML_SEQUENCE_START_EVENT) {
		if (d->depth > YLOAD_MAX_DEPTH) {
			yaml_event_delete(ev);
			return err_set(err, -EINVAL,
				       "%s:%zu:%zu: nested deeper than "
				       "" YLOAD_MAX_DEPTH_TEXT " levels",
				       d->file, ev->start_mark.line + 1,
				       ev->start_mark.column + 1);
		}
		d->styles[d->depth++] =
			ev->type == YAML_MAPPING_START_EVENT
				? ev->data.mapping_start.style ==
					  YAML_FLOW_MAPPING_STYLE
				: ev->data.sequence_start.style ==
					  YAML_FLOW_SEQUENCE_STYLE;
	}
	return 0;
}

/* An empty plain scalar (`key:` with nothing after it) has no text. */
static bool empty_scalar(const yaml_event_t *ev)
{
	return ev->type == YAML_SCALAR_EVENT && ev->data.scalar.length == 0 &&
	       ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/*
 * Consume the node that starts with @first (already read) and every event
 * inside it; *last becomes the farthest end mark of its text: scalars,
 * aliases and flow collections' closing brackets (a block collection ends
 * where the next token starts, possibly after comments, so it does not
 * count). *any says whether there was any text at all.
 */
static int skip_node(struct edit_doc *d, const yaml_event_t *first,
		     yaml_mark_t *last, bool *any, struct osdk_err *err)
{
	bool start = first->type == YAML_MAPPING_START_EVENT ||
		     first->type == YAML_SEQUENCE_START_EVENT;
	size_t outer = d->depth - (start ? 1 : 0);
	yaml_event_t ev = *first;
	bool own = false;
	int ret = 0;

	for (;;) {
		bool text = false;

		if (ev.type == YAML_SCALAR_EVENT)
			text = !empty_scalar(&ev);
		else if (ev.type == YAML_ALIAS_EVENT)
			text = true;
		else if (ev.type == YAML_MAPPING_END_EVENT ||
			 ev.type == YAML_SEQUENCE_END_EVENT)
			text = d->styles[--d->depth];
		if (text && (!*any || ev.end_mark.index > last->index)) {
			*last = ev.end_mark;
			*any = true;
		}
		if (own)
			yaml_event_delete(&ev);
		if (d->depth == outer)
			break;
		if ((ret = next_event(d, &ev, err)))
			break;
		own = true;
	}
	return ret;
}

static bool null_scalar(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") ||
	       !strcmp(v, "Null") || !strcmp(v, "NULL");
}

static int refuse(struct edit_doc *d, const yaml_event_t *ev,
		  struct osdk_err *err, const char *what)
{
	return err_set(err, -EINVAL, "%s:%zu:%zu: %s", d->file,
		       ev->start_mark.line + 1, ev->start_mark.column + 1,
		       what);
}

/* The indentation of the first non-blank, non-comment line after `line`. */
static size_t indent_after(const struct edit_doc *d, size_t line)
{
	for (size_t l = line + 1; l < d->nlines; l++) {
		size_t o = d->lines[l], n = 0;

		while (o + n < d->len && d->text[o + n] == ' ')
			n++;
		if (o + n < d->len && d->text[o + n] != '\n' &&
		    d->text[o + n] != '\r' && d->text[o + n] != '#')
			return n;
	}
	return 0;
}

/* One entry of the dependencies mapping: its key @key, then its value. */
static int read_entry(struct edit_doc *d, const yaml_event_t *key,
		      struct osdk_err *err)
{
	struct edit_entry *e;
	yaml_event_t val;
	yaml_mark_t last = key->end_mark;
	bool any = true;
	int ret;

	if (key->type != YAML_SCALAR_EVENT)
		return refuse(d, key, err, "a dependency's key must be a name");
	if ((ret = next_event(d, &val, err)))
		return ret;
	ret = skip_node(d, &val, &last, &any, err);
	yaml_event_delete(&val);
	if (ret)
		return ret;
	XGROW(d->e, d->cap, d->n + 1);
	e = &d->e[d->n++];
	e->name = xstrdup((const char *)key->data.scalar.value);
	e->key_off = mark_off(d, key->start_mark);
	e->key_line = key->start_mark.line;
	/* A block scalar ends past its line break, and after the blank lines
	 * it keeps or strips: the entry ends at its last visible character. */
	e->val_end = mark_off(d, last);
	while (e->val_end > e->key_off && d->text[e->val_end - 1] &&
	       strchr(" \t\r\n", d->text[e->val_end - 1]))
		e->val_end--;
	e->last_line = line_of(d, e->val_end - 1);
	return 0;
}

/* The value of `dependencies:`, its first event @ev already read. */
static int read_deps(struct edit_doc *d, const yaml_event_t *ev,
		     struct osdk_err *err)
{
	yaml_event_t k;
	int ret = 0;

	if (ev->type == YAML_SCALAR_EVENT && null_scalar(ev)) {
		d->style = DEPS_NULL;
		d->val_start = mark_off(d, ev->start_mark);
		d->val_end = mark_off(d, ev->end_mark);
		if (empty_scalar(ev))
			d->val_start = d->val_end = 0;
		return 0;
	}
	if (ev->type != YAML_MAPPING_START_EVENT)
		return refuse(d, ev, err,
			      "'dependencies' must be a mapping from names "
			      "to requirements");
	d->style = d->styles[d->depth - 1] ? DEPS_FLOW : DEPS_BLOCK;
	d->open_off = mark_off(d, ev->start_mark);
	for (;;) {
		if ((ret = next_event(d, &k, err)))
			return ret;
		if (k.type == YAML_MAPPING_END_EVENT) {
			d->depth--;
			d->close_off = mark_off(d, k.start_mark);
			yaml_event_delete(&k);
			return 0;
		}
		ret = read_entry(d, &k, err);
		yaml_event_delete(&k);
		if (ret)
			return ret;
	}
}

/* The top-level mapping: find `dependencies` and the file's indentation. */
static int read_root(struct edit_doc *d, struct osdk_err *err)
{
	yaml_event_t k, v;
	bool first = true;
	int ret = 0;

	for (;;) {
		yaml_mark_t last;
		bool any = false, deps;

		if ((ret = next_event(d, &k, err)))
			return ret;
		if (k.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&k);
			return 0;
		}
		if (k.type != YAML_SCALAR_EVENT) {
			ret = refuse(d, &k, err,
				     "a top-level key must be a "
				     "plain name");
			yaml_event_delete(&k);
			return ret;
		}
		if (first)
			d->root_col = k.start_mark.column;
		first = false;
		deps = !strcmp((const char *)k.data.scalar.value,
			       "dependencies");
		if (deps)
			d->key_line = k.start_mark.line;
		if ((ret = next_event(d, &v, err))) {
			yaml_event_delete(&k);
			return ret;
		}
		if (!d->unit && v.type == YAML_MAPPING_START_EVENT &&
		    !d->styles[d->depth - 1]) {
			size_t in = indent_after(d, k.start_mark.line);

			if (in > d->root_col)
				d->unit = in - d->root_col;
		}
		if (deps)
			ret = read_deps(d, &v, err);
		else
			ret = skip_node(d, &v, &last, &any, err);
		yaml_event_delete(&k);
		yaml_event_delete(&v);
		if (ret)
			return ret;
	}
}

/* Read the text's first document into d: where everything is. */
int edit_scan(struct edit_doc *d, struct osdk_err *err)
{
	yaml_event_t ev;
	int ret;

	index_lines(d);
	if (!yaml_parser_initialize(&d->p))
		return err_set(err, -ENOMEM, "out of memory");
	yaml_parser_set_input_string(&d->p, (const unsigned char *)d->text,
				     d->len);
	do {
		if ((ret = next_event(d, &ev, err)))
			return ret;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			return 0; /* an empty file */
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
	} while (1);
	if ((ret = next_event(d, &ev, err)))
		return ret;
	if (ev.type == YAML_MAPPING_START_EVENT && !d->styles[0])
		ret = read_root(d, err);
	else if (ev.type != YAML_SCALAR_EVENT || !null_scalar(&ev))
		ret = refuse(d, &ev, err,
			     "osdk edits only a manifest whose top level is a "
			     "block mapping (`key: value` lines); edit this "
			     "one by hand");
	yaml_event_delete(&ev);
	return ret;
}

void edit_release(struct edit_doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->e[i].name);
	free(d->e);
	free(d->lines);
	yaml_parser_delete(&d->p);
}
