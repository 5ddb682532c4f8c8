/* SPDX-License-Identifier: MIT */
/* check_symbols.c - the external symbols the trusted packages define. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/build/flags.h"
#include "core/check/check_int.h"
#include "core/manifest/manifest.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"
#include "util/sort.h"

/*
 * FK-INTERNAL needs to know what the frame defines that its public headers
 * do not declare: a service could declare such a function itself and the
 * linker would happily resolve it. The index holds every symbol with
 * external linkage that a trusted package's C sources define, every
 * `.globl` of its assembly sources and every symbol its linker script
 * assigns, and which of them a public header (include/) declares.
 *
 * Parsing the frame takes a few milliseconds per file, so the index is kept
 * in the cache directory, keyed by a hash of every trusted file's path,
 * size and modification time and of the flags it is parsed with.
 */

/* Bump when what the index holds changes, so old caches are not used. */
#define SYMS_MAGIC "osdk-check-symbols 2"

struct check_sym {
	char *name;
	char *header; /* public header declaring it, or NULL */
	bool defined;
};

struct check_syms {
	struct check_sym *v; /* sorted by name, one entry per name */
	size_t n, cap;
};

static const char *const trusted_exts[] = { ".c", ".h", ".S", NULL };

static void add_sym(struct check_syms *s, const char *name, const char *header,
		    bool defined)
{
	struct check_sym *e;

	XGROW(s->v, s->cap, s->n + 1);
	e = &s->v[s->n++];
	e->name = xstrdup(name);
	e->header = header ? xstrdup(header) : NULL;
	e->defined = defined;
}

static int sym_cmp(const void *a, const void *b)
{
	return strcmp(((const struct check_sym *)a)->name,
		      ((const struct check_sym *)b)->name);
}

/* Sort, and merge the entries of one name. */
static void fold(struct check_syms *s)
{
	size_t out = 0;

	if (s->n)
		sort_array(s->v, s->n, sizeof(*s->v), sym_cmp);
	for (size_t i = 0; i < s->n; i++) {
		struct check_sym *e = &s->v[i];

		if (out && strcmp(s->v[out - 1].name, e->name) == 0) {
			struct check_sym *k = &s->v[out - 1];

			k->defined |= e->defined;
			if (!k->header && e->header) {
				k->header = e->header;
				e->header = NULL;
			}
			free(e->name);
			free(e->header);
			continue;
		}
		s->v[out++] = *e;
	}
	s->n = out;
}

static const struct check_sym *find(const struct check_syms *s,
				    const char *name)
{
	struct check_sym key = { (char *)name, NULL, false };

	if (!s || !s->n)
		return NULL;
	return bsearch(&key, s->v, s->n, sizeof(key), sym_cmp);
}

bool check_syms_defined(const struct check_syms *s, const char *name)
{
	const struct check_sym *e = find(s, name);

	return e && e->defined;
}

const char *check_syms_public(const struct check_syms *s, const char *name)
{
	const struct check_sym *e = find(s, name);

	return e ? e->header : NULL;
}

void check_syms_describe(const struct check_syms *s, struct strbuf *sb)
{
	for (size_t i = 0; s && i < s->n; i++)
		strbuf_addf(sb, "%c %s %s\n", s->v[i].defined ? 'D' : '-',
			    s->v[i].name,
			    s->v[i].header ? s->v[i].header : "-");
}

void check_syms_free(struct check_syms *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].header);
	}
	free(s->v);
	free(s);
}

/* --- reading the trusted sources ---------------------------------------- */

struct c_scan {
	struct checker *c;
	struct check_syms *s;
	CXTranslationUnit tu;
};

static enum CXChildVisitResult c_scan_cb(CXCursor cur, CXCursor parent,
					 CXClientData data)
{
	struct c_scan *sc = data;
	enum CXCursorKind k = clang_getCursorKind(cur);
	CXSourceLocation loc;
	CXFile file = NULL;
	CXString name, fname;
	char *path;

	(void)parent;
	if ((k != CXCursor_FunctionDecl && k != CXCursor_VarDecl) ||
	    clang_getCursorLinkage(cur) != CXLinkage_External)
		return CXChildVisit_Continue;
	loc = clang_getCursorLocation(cur);
	name = clang_getCursorSpelling(cur);
	/* With -fno-common, `int x;` at file scope defines x. */
	if (clang_Location_isFromMainFile(loc) &&
	    (clang_isCursorDefinition(cur) ||
	     (k == CXCursor_VarDecl &&
	      clang_Cursor_getStorageClass(cur) != CX_SC_Extern)))
		add_sym(sc->s, clang_getCString(name), NULL, true);
	clang_getFileLocation(loc, &file, NULL, NULL, NULL);
	fname = clang_getFileName(file);
	path = fs_abspath(clang_getCString(fname) ? clang_getCString(fname)
						  : "");
	for (size_t p = 0; p < sc->c->ws->npkgs; p++) {
		char *inc = fs_join(sc->c->pkg_dirs[p], "include");
		size_t n = strlen(inc);
		bool hit = sc->c->trusted[p] && strncmp(path, inc, n) == 0 &&
			   path[n] == '/';

		if (hit)
			add_sym(sc->s, clang_getCString(name), path + n + 1,
				false);
		free(inc);
		if (hit)
			break;
	}
	free(path);
	clang_disposeString(fname);
	clang_disposeString(name);
	return CXChildVisit_Continue;
}

static void scan_c(struct checker *c, struct check_syms *s, const char *src,
		   const struct strvec *args)
{
	struct c_scan sc = { c, s, NULL };

	if (clang_parseTranslationUnit2(
		    c->index, src, (const char *const *)args->v, (int)args->n,
		    NULL, 0, CXTranslationUnit_None, &sc.tu) != CXError_Success)
		return;
	clang_visitChildren(clang_getTranslationUnitCursor(sc.tu), c_scan_cb,
			    &sc);
	clang_disposeTranslationUnit(sc.tu);
}

static bool ident_start(char ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z');
}

static bool ident_char(char ch)
{
	return ident_start(ch) || (ch >= '0' && ch <= '9');
}

/* The names after `.globl` or `.global` in an assembly source. */
static void scan_asm(struct check_syms *s, const char *text)
{
	for (const char *p = text; (p = strstr(p, ".glob")) != NULL;) {
		const char *q = p + 5;

		if (strncmp(q, "l", 1) == 0)
			q++;
		else if (strncmp(q, "al", 2) == 0)
			q += 2;
		else {
			p = q;
			continue;
		}
		p = q;
		if (*q != ' ' && *q != '\t')
			continue;
		while (*q && *q != '\n') {
			const char *start;

			while (*q == ' ' || *q == '\t' || *q == ',')
				q++;
			if (!ident_start(*q))
				break;
			start = q;
			while (ident_char(*q))
				q++;
			{
				char *name =
					xstrndup(start, (size_t)(q - start));

				add_sym(s, name, NULL, true);
				free(name);
			}
		}
		p = q;
	}
}

/* The symbols a linker script assigns (`name = expr;`, PROVIDE(...)). */
static void scan_ldscript(struct check_syms *s, const char *text)
{
	const char *p = text;

	while (*p) {
		if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");

			p = end ? end + 2 : p + strlen(p);
			continue;
		}
		if (ident_start(*p) && (p == text || !ident_char(p[-1]))) {
			const char *start = p, *q;

			while (ident_char(*p) || *p == '.')
				p++;
			for (q = p; *q == ' ' || *q == '\t'; q++)
				;
			if (q[0] == '=' && q[1] != '=') {
				char *name =
					xstrndup(start, (size_t)(p - start));

				add_sym(s, name, NULL, true);
				free(name);
			}
			continue;
		}
		p++;
	}
}

/* --- the cache ------------------------------------------------------------ */

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Every file the index is made of, and what decides how it is read. */
static int stamp(struct checker *c, struct strbuf *sb, struct osdk_err *err)
{
	const struct workspace *ws = c->ws;
	int ret = 0;

	strbuf_addf(sb, "%s\nosdk %s rules %s\n%s\n", SYMS_MAGIC, OSDK_VERSION,
		    CHECK_RULES_VERSION, c->cc);
	for (size_t p = 0; p < ws->npkgs && !ret; p++) {
		struct strvec files = STRVEC_INIT, flags = STRVEC_INIT;
		struct build_cflags_opts co = { c->cc_include, c->release,
						false };
		const char *ld = ws->pkgs[p].m->build.linker_script;
		char *joined;

		if (!c->trusted[p])
			continue;
		ret = build_pkg_cflags(ws, p, &co, &flags, err);
		for (int d = 0; !ret && d < 2; d++) {
			char *dir =
				fs_join(c->pkg_dirs[p], d ? "include" : "src");
			struct strvec rel = STRVEC_INIT;

			ret = fs_list_files(dir, trusted_exts, &rel, err);
			for (size_t i = 0; !ret && i < rel.n; i++)
				strvec_pushf(&files, "%s/%s", dir, rel.v[i]);
			strvec_clear(&rel);
			free(dir);
		}
		joined = strvec_join(&flags);
		strbuf_addf(sb, "pkg %s %s\n", c->pkg_dirs[p], joined);
		free(joined);
		for (size_t i = 0; !ret && i <= files.n; i++) {
			char *path = xstrdup(i < files.n ? files.v[i]
					     : ld	 ? ld
							 : "");
			struct stat st;

			if (*path && stat(path, &st) == 0)
				strbuf_addf(sb, "%s %lld %lld.%09ld\n", path,
					    (long long)st.st_size,
					    (long long)st.st_mtim.tv_sec,
					    st.st_mtim.tv_nsec);
			free(path);
		}
		strvec_clear(&files);
		strvec_clear(&flags);
	}
	return ret;
}

static bool cache_read(const char *path, const char *key, struct check_syms *s)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = false;
	char *p, *nl;

	if (fs_read_max(path, &sb, 64u << 20, NULL) != 0)
		goto out;
	nl = strchr(sb.buf, '\n');
	if (!nl || (size_t)(nl - sb.buf) != strlen(key) ||
	    strncmp(sb.buf, key, strlen(key)) != 0)
		goto out;
	for (p = nl + 1; *p; p = nl + 1) {
		char *sp, *sp2;

		nl = strchr(p, '\n');
		if (!nl)
			goto out;
		*nl = '\0';
		/* "D name" or "P name header" */
		sp = strchr(p, ' ');
		if (!sp || (p[0] != 'D' && p[0] != 'P'))
			goto out;
		sp2 = strchr(sp + 1, ' ');
		if (sp2)
			*sp2 = '\0';
		add_sym(s, sp + 1, sp2 ? sp2 + 1 : NULL, p[0] == 'D');
	}
	ok = true;
out:
	strbuf_release(&sb);
	return ok;
}

static void cache_write(const char *dir, const char *path, const char *key,
			const struct check_syms *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s\n", key);
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].defined)
			strbuf_addf(&sb, "D %s\n", s->v[i].name);
		if (s->v[i].header)
			strbuf_addf(&sb, "P %s %s\n", s->v[i].name,
				    s->v[i].header);
	}
	/* A cache that cannot be written only costs time next run. */
	if (fs_mkdirs(dir, NULL) == 0)
		fs_write_atomic(path, sb.buf, sb.len, NULL);
	strbuf_release(&sb);
}

/* --- building it ------------------------------------------------------- */

static int build_index(struct checker *c, struct check_syms *s,
		       struct osdk_err *err)
{
	const struct workspace *ws = c->ws;
	int ret = 0;

	for (size_t p = 0; p < ws->npkgs && !ret; p++) {
		struct strvec srcs = STRVEC_INIT, flags = STRVEC_INIT;
		struct strvec args = STRVEC_INIT;
		struct build_cflags_opts co = { c->cc_include, c->release,
						false };
		const char *ld = ws->pkgs[p].m->build.linker_script;

		if (!c->trusted[p])
			continue;
		ret = build_pkg_cflags(ws, p, &co, &flags, err);
		if (!ret)
			ret = build_pkg_sources(ws, p, &srcs, err);
		if (!ret)
			ret = check_parse_args(c, &flags, &args, err);
		for (size_t i = 0; !ret && i < srcs.n; i++) {
			size_t n = strlen(srcs.v[i]);

			if (n > 2 && strcmp(srcs.v[i] + n - 2, ".c") == 0) {
				scan_c(c, s, srcs.v[i], &args);
			} else {
				struct strbuf text = STRBUF_INIT;

				if (fs_read(srcs.v[i], &text, NULL) == 0)
					scan_asm(s, text.buf);
				strbuf_release(&text);
			}
		}
		if (!ret && ld) {
			struct strbuf text = STRBUF_INIT;

			if (fs_read(ld, &text, NULL) == 0)
				scan_ldscript(s, text.buf);
			strbuf_release(&text);
		}
		strvec_clear(&srcs);
		strvec_clear(&flags);
		strvec_clear(&args);
	}
	return ret;
}

int check_syms_load(struct checker *c, struct osdk_err *err)
{
	struct check_syms *s = xcalloc(1, sizeof(*s));
	struct strbuf st = STRBUF_INIT;
	/* Kept with the memo when there is one, so that it outlives
	 * `osdk clean`; one file per key, as workspaces share the memo. */
	const char *dir = c->memo_dir ? c->memo_dir : c->cache_dir;
	char *key = NULL, *path = NULL;
	unsigned long long h;
	int ret;

	ret = stamp(c, &st, err);
	if (ret)
		goto fail;
	h = (unsigned long long)fnv1a(st.buf, st.len);
	key = xasprintf("%s %016llx", SYMS_MAGIC, h);
	if (dir) {
		path = c->memo_dir ? xasprintf("%s/syms-%016llx", dir, h)
				   : fs_join(dir, "trusted-symbols");
		if (cache_read(path, key, s)) {
			fold(s);
			goto done;
		}
		for (size_t i = 0; i < s->n; i++) {
			free(s->v[i].name);
			free(s->v[i].header);
		}
		s->n = 0;
	}
	ret = build_index(c, s, err);
	if (ret)
		goto fail;
	fold(s);
	if (path)
		cache_write(dir, path, key, s);
done:
	c->syms = s;
	s = NULL;
fail:
	check_syms_free(s);
	strbuf_release(&st);
	free(key);
	free(path);
	return ret;
}
