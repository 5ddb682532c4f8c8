/* SPDX-License-Identifier: MIT */
/* edit.c - adding and removing dependencies in osdk.yaml's own text. */
#include "core/manifest/edit.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/edit_int.h"
#include "core/manifest/manifest.h"
#include "util/fs.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/*
 * The scan (edit_scan.c) turns libyaml's marks into byte offsets; each edit
 * below is a splice of the text at those offsets, so the rest of the file
 * stays byte for byte as it was.
 */

static void quote(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			strbuf_addf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(out, "\\x%02x", c);
		else
			strbuf_addch(out, (char)c);
	}
	strbuf_addch(out, '"');
}

static void field(struct strbuf *out, bool *first, const char *key,
		  const char *v)
{
	if (!v)
		return;
	strbuf_adds(out, *first ? "{ " : ", ");
	strbuf_addf(out, "%s: ", key);
	quote(out, v);
	*first = false;
}

void edit_dep_value(const struct edit_dep *d, struct strbuf *out)
{
	bool first = true;

	if (!d->path && !d->git && !d->registry && d->version) {
		quote(out, d->version);
		return;
	}
	field(out, &first, "path", d->path);
	field(out, &first, "git", d->git);
	field(out, &first, "tag", d->tag);
	field(out, &first, "branch", d->branch);
	field(out, &first, "rev", d->rev);
	field(out, &first, "version", d->version);
	field(out, &first, "registry", d->registry);
	strbuf_adds(out, first ? "{}" : " }");
}

/* out = text with [from, to) replaced by rep. */
static void splice(const struct edit_doc *d, size_t from, size_t to,
		   const char *rep, struct strbuf *out)
{
	strbuf_add(out, d->text, from);
	strbuf_adds(out, rep);
	strbuf_add(out, d->text + to, d->len - to);
}

static long find_entry(const struct edit_doc *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->e[i].name, name))
			return (long)i;
	return -1;
}

/* The whitespace before a block entry's key, which must be only spaces. */
static int entry_indent(const struct edit_doc *d, const struct edit_entry *e,
			size_t *n, struct osdk_err *err)
{
	size_t s = d->lines[e->key_line];

	for (size_t o = s; o < e->key_off; o++)
		if (d->text[o] != ' ')
			return err_set(err, -EINVAL,
				       "%s:%zu: the entry '%s' does not start "
				       "its line; edit it by hand",
				       d->file, e->key_line + 1, e->name);
	*n = e->key_off - s;
	return 0;
}

/* The file's own line ending: CR LF when its first line ends so. */
static const char *eol(const struct edit_doc *d)
{
	const char *nl = memchr(d->text, '\n', d->len);

	return nl && nl > d->text && nl[-1] == '\r' ? "\r\n" : "\n";
}

static void entry_line(const struct edit_doc *d, struct strbuf *sb,
		       size_t indent, const struct edit_dep *dep,
		       const char *value)
{
	for (size_t i = 0; i < indent; i++)
		strbuf_addch(sb, ' ');
	strbuf_addf(sb, "%s: %s%s", dep->name, value, eol(d));
}

static int add_block(struct edit_doc *d, const struct edit_dep *dep,
		     const char *value, struct strbuf *out,
		     struct osdk_err *err)
{
	struct strbuf line = STRBUF_INIT;
	long i = find_entry(d, dep->name);
	const struct edit_entry *e = &d->e[i < 0 ? d->n - 1 : (size_t)i];
	size_t indent = 0, at;
	int ret;

	if ((ret = entry_indent(d, e, &indent, err)))
		return ret;
	at = edit_line_off(d, e->last_line + 1);
	if (i < 0 && at == d->len && d->len && d->text[d->len - 1] != '\n')
		strbuf_adds(&line, eol(d));
	entry_line(d, &line, indent, dep, value);
	splice(d, i < 0 ? at : edit_line_off(d, e->key_line), at, line.buf,
	       out);
	strbuf_release(&line);
	return 0;
}

/* `dependencies:` with no value: the entry on the line after the key. */
static void add_null(struct edit_doc *d, const struct edit_dep *dep,
		     const char *value, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t at = edit_line_off(d, d->key_line + 1);

	/* `dependencies: ~` loses its `~`; a comment after it stays. */
	strbuf_add(&sb, d->text, d->val_start);
	strbuf_add(&sb, d->text + d->val_end, at - d->val_end);
	if (at == d->len && d->len && d->text[d->len - 1] != '\n')
		strbuf_adds(&sb, eol(d));
	entry_line(d, &sb, d->root_col + (d->unit ? d->unit : 2), dep, value);
	strbuf_add(&sb, d->text + at, d->len - at);
	strbuf_add(out, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* No `dependencies:` at all: a new block at the end of the file. */
static void add_absent(struct edit_doc *d, const struct edit_dep *dep,
		       const char *value, struct strbuf *out)
{
	const char *t = d->text;
	size_t n = d->len;
	bool blank = (n >= 2 && t[n - 1] == '\n' && t[n - 2] == '\n') ||
		     (n >= 3 && t[n - 1] == '\n' && t[n - 2] == '\r' &&
		      t[n - 3] == '\n');

	strbuf_add(out, t, n);
	if (n && t[n - 1] != '\n')
		strbuf_adds(out, eol(d));
	if (n && !blank)
		strbuf_adds(out, eol(d)); /* a blank line before the block */
	for (size_t i = 0; i < d->root_col; i++)
		strbuf_addch(out, ' ');
	strbuf_addf(out, "dependencies:%s", eol(d));
	entry_line(d, out, d->root_col + (d->unit ? d->unit : 2), dep, value);
}

static void add_flow(struct edit_doc *d, const struct edit_dep *dep,
		     const char *value, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	long i = find_entry(d, dep->name);

	if (i >= 0) {
		strbuf_addf(&sb, "%s: %s", dep->name, value);
		splice(d, d->e[i].key_off, d->e[i].val_end, sb.buf, out);
	} else if (d->n) {
		strbuf_addf(&sb, ", %s: %s", dep->name, value);
		splice(d, d->e[d->n - 1].val_end, d->e[d->n - 1].val_end,
		       sb.buf, out);
	} else {
		strbuf_addf(&sb, "{ %s: %s }", dep->name, value);
		splice(d, d->open_off, d->close_off + 1, sb.buf, out);
	}
	strbuf_release(&sb);
}

int edit_add_dep(const char *file, const char *text, size_t len,
		 const struct edit_dep *dep, struct strbuf *out,
		 struct osdk_err *err)
{
	struct edit_doc d = { .file = file, .text = text, .len = len };
	struct strbuf value = STRBUF_INIT;
	int ret;

	if ((ret = edit_scan(&d, err)))
		goto out;
	edit_dep_value(dep, &value);
	if (d.style == DEPS_BLOCK && d.n)
		ret = add_block(&d, dep, value.buf, out, err);
	else if (d.style == DEPS_FLOW)
		add_flow(&d, dep, value.buf, out);
	else if (d.style == DEPS_ABSENT)
		add_absent(&d, dep, value.buf, out);
	else
		add_null(&d, dep, value.buf, out);
out:
	strbuf_release(&value);
	edit_release(&d);
	return ret;
}

int edit_remove_dep(const char *file, const char *text, size_t len,
		    const char *name, struct strbuf *out, struct osdk_err *err)
{
	struct edit_doc d = { .file = file, .text = text, .len = len };
	const struct edit_entry *e;
	long i;
	int ret;

	if ((ret = edit_scan(&d, err)))
		goto out;
	i = find_entry(&d, name);
	if (i < 0) {
		ret = err_set(err, -ENOENT,
			      "%s has no dependency '%s' under 'dependencies'",
			      file, name);
		goto out;
	}
	e = &d.e[i];
	if (d.style == DEPS_BLOCK)
		splice(&d, edit_line_off(&d, e->key_line),
		       edit_line_off(&d, e->last_line + 1), "", out);
	else if (d.n == 1)
		splice(&d, d.open_off, d.close_off + 1, "{}", out);
	else if (i > 0)
		splice(&d, d.e[i - 1].val_end, e->val_end, "", out);
	else
		splice(&d, e->key_off, d.e[1].key_off, "", out);
out:
	edit_release(&d);
	return ret;
}

/* Whether manifest @m has the dependency @name. */
static const struct manifest_dep *has_dep(const struct manifest *m,
					  const char *name)
{
	for (size_t i = 0; i < m->ndeps; i++)
		if (!strcmp(m->deps[i].name, name))
			return &m->deps[i];
	return NULL;
}

/* The edited text must load, and say what was meant, before it is kept. */
static int check_result(const char *path, const struct strbuf *text,
			enum edit_op op, const char *name, struct osdk_err *err)
{
	struct manifest *m = NULL;
	int ret = manifest_parse(path, text->buf, text->len, &m, err);

	if (ret)
		return err_prefix(err, ret,
				  "the edited manifest would not "
				  "load (left unchanged)");
	if ((op == EDIT_ADD) != (has_dep(m, name) != NULL))
		ret = err_set(err, -EINVAL,
			      "%s: the edit did not %s '%s' (left unchanged)",
			      path, op == EDIT_ADD ? "add" : "remove", name);
	manifest_free(m);
	return ret;
}

int edit_manifest_file(const char *path, enum edit_op op,
		       const struct edit_dep *d, int *replaced,
		       struct osdk_err *err)
{
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	struct manifest *m = NULL;
	int ret;

	if ((ret = fs_read_max(path, &text, 4 << 20, err)))
		goto out;
	/* The file as it is must load: its errors come first, as a build
	 * would report them, and its nesting is already bounded. */
	if ((ret = manifest_parse(path, text.buf, text.len, &m, err)))
		goto out;
	if (op == EDIT_ADD && m->has_package &&
	    !strcmp(m->package.name, d->name)) {
		ret = err_set(err, -EINVAL,
			      "package '%s' cannot depend on itself", d->name);
		goto out;
	}
	if (replaced)
		*replaced = has_dep(m, d->name) != NULL;
	if (op == EDIT_ADD)
		ret = edit_add_dep(path, text.buf, text.len, d, &out, err);
	else
		ret = edit_remove_dep(path, text.buf, text.len, d->name, &out,
				      err);
	if (!ret)
		ret = check_result(path, &out, op, d->name, err);
	if (!ret)
		ret = fs_write_atomic(path, out.buf, out.len, err);
out:
	manifest_free(m);
	strbuf_release(&text);
	strbuf_release(&out);
	return ret;
}
