/* SPDX-License-Identifier: MIT */
/* yload.c - YAML documents built from libyaml's events, nesting bounded. */
#include "core/manifest/yload.h"

#include <errno.h>
#include <string.h>

#include "util/err.h"
#include "util/xalloc.h"

/*
 * libyaml's own yaml_parser_load() has no nesting limit and its cost grows
 * quadratically with the depth of flow collections, so a small hostile file
 * takes minutes. Building the same yaml_document_t from the event stream
 * lets us stop at the first collection that opens too deep.
 */

struct anchor {
	char *name;
	int node;
};

struct loader {
	yaml_parser_t *p;
	yaml_document_t *doc;
	int stack[YLOAD_MAX_DEPTH + 1]; /* open collections, outermost first */
	int pending_key[YLOAD_MAX_DEPTH + 1]; /* mappings: key awaiting value */
	size_t depth;
	struct anchor *anchors;
	size_t nanchors, anchors_cap;
};

/* Report a problem as the parser would, so callers handle one error kind. */
static int fail(struct loader *l, const char *problem, yaml_mark_t mark)
{
	l->p->error = YAML_COMPOSER_ERROR;
	l->p->problem = problem;
	l->p->problem_mark = mark;
	l->p->context = NULL;
	return 0;
}

static yaml_node_t *node(struct loader *l, int id)
{
	return l->doc->nodes.start + id - 1;
}

static int remember(struct loader *l, const yaml_char_t *anchor, int id)
{
	if (!anchor)
		return 1;
	if (l->nanchors == l->anchors_cap) {
		l->anchors_cap = l->anchors_cap ? 2 * l->anchors_cap : 8;
		l->anchors = xrealloc(l->anchors,
				      l->anchors_cap * sizeof(*l->anchors));
	}
	l->anchors[l->nanchors].name = xstrdup((const char *)anchor);
	l->anchors[l->nanchors++].node = id;
	return 1;
}

static int lookup(struct loader *l, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;

	/* The latest definition wins, as in the YAML spec. */
	for (size_t i = l->nanchors; i-- > 0;)
		if (strcmp(l->anchors[i].name, name) == 0)
			return l->anchors[i].node;
	return fail(l, "found undefined alias", ev->start_mark);
}

/* Hang node @id under the innermost open collection (or make it root). */
static int attach(struct loader *l, int id)
{
	int parent;

	if (!l->depth)
		return 1; /* the root: first node added */
	parent = l->stack[l->depth - 1];
	if (node(l, parent)->type == YAML_SEQUENCE_NODE)
		return yaml_document_append_sequence_item(l->doc, parent, id);
	if (!l->pending_key[l->depth - 1]) {
		l->pending_key[l->depth - 1] = id;
		return 1;
	}
	if (!yaml_document_append_mapping_pair(
		    l->doc, parent, l->pending_key[l->depth - 1], id))
		return 0;
	l->pending_key[l->depth - 1] = 0;
	return 1;
}

static int open_collection(struct loader *l, const yaml_event_t *ev)
{
	int id;

	if (l->depth == YLOAD_MAX_DEPTH)
		return fail(l,
			    "collections nest deeper than "
			    YLOAD_MAX_DEPTH_TEXT " levels",
			    ev->start_mark);
	if (ev->type == YAML_SEQUENCE_START_EVENT)
		id = yaml_document_add_sequence(
			l->doc, ev->data.sequence_start.tag,
			ev->data.sequence_start.style);
	else
		id = yaml_document_add_mapping(l->doc,
					       ev->data.mapping_start.tag,
					       ev->data.mapping_start.style);
	if (!id || !attach(l, id))
		return 0;
	node(l, id)->start_mark = ev->start_mark;
	if (!remember(l,
		      ev->type == YAML_SEQUENCE_START_EVENT ?
			      ev->data.sequence_start.anchor :
			      ev->data.mapping_start.anchor,
		      id))
		return 0;
	l->stack[l->depth] = id;
	l->pending_key[l->depth++] = 0;
	return 1;
}

static int add_scalar(struct loader *l, const yaml_event_t *ev)
{
	const yaml_char_t *tag = ev->data.scalar.tag;
	int id;

	/* A plain untagged scalar gets the default tag, as the loader does. */
	if (tag && strcmp((const char *)tag, "!") == 0)
		tag = NULL;
	id = yaml_document_add_scalar(l->doc, tag, ev->data.scalar.value,
				      (int)ev->data.scalar.length,
				      ev->data.scalar.style);
	if (!id || !attach(l, id))
		return 0;
	node(l, id)->start_mark = ev->start_mark;
	node(l, id)->end_mark = ev->end_mark;
	return remember(l, ev->data.scalar.anchor, id);
}

/* One event of a document's body; 1 to go on, 2 at its end, 0 on error. */
static int step(struct loader *l, const yaml_event_t *ev)
{
	int id;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return add_scalar(l, ev);
	case YAML_ALIAS_EVENT:
		id = lookup(l, ev);
		return id ? attach(l, id) : 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return open_collection(l, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		node(l, l->stack[--l->depth])->end_mark = ev->end_mark;
		return 1;
	case YAML_DOCUMENT_END_EVENT:
		l->doc->end_implicit = ev->data.document_end.implicit;
		l->doc->end_mark = ev->end_mark;
		return 2;
	default:
		return fail(l, "unexpected event inside a document",
			    ev->start_mark);
	}
}

static int load_body(struct loader *l)
{
	yaml_event_t ev;
	int r;

	do {
		if (!yaml_parser_parse(l->p, &ev))
			return 0;
		r = step(l, &ev);
		yaml_event_delete(&ev);
	} while (r == 1);
	return r == 2;
}

int yload_document(yaml_parser_t *p, yaml_document_t *doc)
{
	struct loader l = { .p = p, .doc = doc };
	yaml_event_t ev;
	int ok;

	memset(doc, 0, sizeof(*doc));
	if (!p->stream_start_produced) {
		if (!yaml_parser_parse(p, &ev))
			return 0;
		yaml_event_delete(&ev); /* STREAM-START, the parser's promise */
	}
	if (p->stream_end_produced)
		return yaml_document_initialize(doc, NULL, NULL, NULL, 1, 1);
	if (!yaml_parser_parse(p, &ev))
		return 0;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return yaml_document_initialize(doc, NULL, NULL, NULL, 1, 1);
	}
	/* DOCUMENT-START: its directives were checked by the parser. */
	ok = yaml_document_initialize(doc, NULL, NULL, NULL,
				      ev.data.document_start.implicit, 1);
	doc->start_mark = ev.start_mark;
	yaml_event_delete(&ev);
	if (ok)
		ok = load_body(&l);
	for (size_t i = 0; i < l.nanchors; i++)
		free(l.anchors[i].name);
	free(l.anchors);
	if (!ok) {
		yaml_document_delete(doc);
		memset(doc, 0, sizeof(*doc));
	}
	return ok;
}

int yload_check_encoding(const char *file, const char *text, size_t len,
			 struct osdk_err *err)
{
	const unsigned char *t = (const unsigned char *)text;
	const char *what = NULL;

	if (len >= 4 && ((t[0] == 0 && t[1] == 0 && t[2] == 0xfe && t[3] == 0xff) ||
			 (t[0] == 0xff && t[1] == 0xfe && t[2] == 0 && t[3] == 0)))
		what = "UTF-32";
	else if (len >= 2 && ((t[0] == 0xfe && t[1] == 0xff) ||
			      (t[0] == 0xff && t[1] == 0xfe)))
		what = "UTF-16";
	else if (memchr(text, 0, len))
		what = "UTF-16 or binary (it holds NUL bytes)";
	if (!what)
		return 0;
	return err_set(err, -EINVAL,
		       "%s:1:1: the file is %s; osdk reads YAML files as "
		       "UTF-8 only: convert it (iconv -t UTF-8)",
		       file, what);
}
