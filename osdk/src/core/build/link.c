/* SPDX-License-Identifier: MIT */
/* link.c - the kernel link, and its symbol table written in place. */
#include "core/build/link.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/build/build.h"
#include "core/build/elf.h"
#include "core/build/ksyms.h"
#include "core/manifest/manifest.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

static int find_script(const struct link_input *li, const char **script,
		       struct osdk_err *err)
{
	const char *owner = NULL;

	*script = NULL;
	for (size_t p = 0; p < li->ws->npkgs; p++) {
		const struct manifest *m = li->ws->pkgs[p].m;

		if (!li->in[p] || !m->build.linker_script)
			continue;
		if (*script)
			return err_set(
				err, -EINVAL,
				"both '%s' and '%s' declare "
				"'build.linker-script'; a kernel has one",
				owner, m->package.name);
		*script = m->build.linker_script;
		owner = m->package.name;
	}
	if (!*script)
		return err_set(err, -EINVAL,
			       "no package of kernel '%s' declares "
			       "'build.linker-script'; does it depend on the "
			       "frame?",
			       li->name);
	if (!fs_exists(*script))
		return err_set(err, -ENOENT,
			       "linker script '%s' (of package '%s') does not "
			       "exist",
			       *script, owner);
	return 0;
}

/* Run argv; on failure pass its output on and report `what`. */
static int run_tool(const struct link_input *li, struct strvec *argv,
		    const char *what, struct osdk_err *err)
{
	struct strbuf out = STRBUF_INIT;
	int status, ret;

	if (li->verbose && li->ev && li->ev->command) {
		char *line = strvec_join(argv);

		li->ev->command(li->ev->ctx, line);
		free(line);
	}
	ret = proc_run(strvec_argv(argv), NULL, &out, &status);
	if (out.len && li->ev && li->ev->output)
		li->ev->output(li->ev->ctx, out.buf);
	strbuf_release(&out);
	if (ret == -ENOENT)
		return err_set(err, ret,
			       "'%s' not found; install binutils "
			       "(Debian package 'binutils')",
			       argv->v[0]);
	if (ret)
		return err_set(err, ret, "could not run '%s': %s", argv->v[0],
			       strerror(-ret));
	if (status != 0)
		return err_set(err, -EIO, "%s failed", what);
	return 0;
}

/* Assemble a .ksyms object with room for n functions and names bytes. */
static int assemble_ksyms(const struct link_input *li, size_t n, size_t names,
			  const char *base, struct osdk_err *err)
{
	struct strbuf src = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	char *s_path = xasprintf("%s.S", base);
	char *o_path = xasprintf("%s.o", base);
	int ret;

	ksyms_emit_room(n, names, &src);
	ret = fs_write_atomic(s_path, src.buf, src.len, err);
	if (ret)
		goto out;
	strvec_push(&argv, li->cc);
	strvec_push(&argv, "-m64");
	strvec_push(&argv, "-c");
	strvec_push(&argv, s_path);
	strvec_push(&argv, "-o");
	strvec_push(&argv, o_path);
	ret = run_tool(li, &argv, "assembling the symbol table", err);
out:
	strvec_clear(&argv);
	strbuf_release(&src);
	free(s_path);
	free(o_path);
	return ret;
}

/* The most functions (and name bytes) the kernel can hold: what its
 * objects define. */
static int count_functions(const struct link_input *li, size_t *n,
			   size_t *names, struct osdk_err *err)
{
	*n = *names = 0;
	for (size_t i = 0; li->objs && i < li->objs->n; i++) {
		size_t k, b;
		int ret = elf_count_functions(li->objs->v[i], &k, &b, err);

		if (ret)
			return ret;
		*n += k;
		*names += b;
	}
	return 0;
}

/* pwrite all of sb at off. */
static int put_at(int fd, const struct strbuf *sb, uint64_t off)
{
	size_t done = 0;

	while (done < sb->len) {
		ssize_t w = pwrite(fd, sb->buf + done, sb->len - done,
				   (off_t)(off + done));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		done += (size_t)w;
	}
	return 0;
}

/*
 * Read elf's functions into *syms and write the table into its .ksyms
 * room. -ENOSPC (no message) when the room is too small for them.
 */
static int fill_ksyms(const char *elf, struct elf_syms *syms,
		      struct osdk_err *err)
{
	static const char *const where[] = { "__ksyms_count", "__ksyms",
					     "__ksyms_names" };
	struct strbuf file = STRBUF_INIT,
		      part[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	uint64_t off[3], room[3];
	int fd = -1, ret;

	ret = fs_read(elf, &file, err);
	if (!ret)
		ret = elf_parse_functions(file.buf, file.len, elf, syms, err);
	for (int i = 0; !ret && i < 3; i++)
		ret = elf_symbol_place(file.buf, file.len, elf, where[i],
				       &off[i], &room[i], err);
	if (ret)
		goto out;
	ksyms_encode(syms, &part[0], &part[1], &part[2]);
	/* The table must stay inside the room: the names after the entries,
	 * and the names before the end of the section. */
	if (off[1] - off[0] < part[0].len || off[2] - off[1] < part[1].len ||
	    room[2] < part[2].len || off[1] < off[0] || off[2] < off[1]) {
		ret = -ENOSPC;
		goto out;
	}
	fd = open(elf, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = err_set(err, -errno, "could not write '%s': %s", elf,
			      strerror(errno));
		goto out;
	}
	for (int i = 0; !ret && i < 3; i++)
		ret = put_at(fd, &part[i], off[i]);
	if (!ret && close(fd) < 0)
		ret = -errno;
	fd = -1;
	if (ret)
		ret = err_set(err, ret, "could not write '%s': %s", elf,
			      strerror(-ret));
out:
	if (fd >= 0)
		close(fd);
	strbuf_release(&file);
	for (int i = 0; i < 3; i++)
		strbuf_release(&part[i]);
	return ret;
}

static void link_argv(const struct link_input *li, const char *script,
		      const char *ksyms_o, const char *out, struct strvec *argv)
{
	strvec_push(argv, li->ld);
	strvec_push(argv, "-m");
	strvec_push(argv, "elf_x86_64");
	strvec_push(argv, "-nostdlib");
	strvec_push(argv, "-static");
	strvec_push(argv, "-z");
	strvec_push(argv, "max-page-size=0x1000");
	strvec_push(argv, "-z");
	strvec_push(argv, "noexecstack");
	strvec_push(argv, "-T");
	strvec_push(argv, script);
	strvec_push(argv, "--whole-archive");
	for (size_t i = 0; i < li->archives->n; i++)
		strvec_push(argv, li->archives->v[i]);
	strvec_push(argv, "--no-whole-archive");
	strvec_push(argv, ksyms_o);
	strvec_push(argv, "-o");
	strvec_push(argv, out);
}

/* Whether the link must run again: output, inputs or command changed. */
static bool link_stale(const struct link_input *li, const char *elf,
		       const char *script, const char *cmdfile,
		       const char *cmdline)
{
	struct strbuf old = STRBUF_INIT;
	int64_t t_elf, t;
	bool stale = true;

	if (fs_mtime(elf, &t_elf) != 0)
		return true;
	if (fs_read(cmdfile, &old, NULL) != 0 || strcmp(old.buf, cmdline) != 0)
		goto out;
	if (fs_mtime(script, &t) != 0 || t > t_elf)
		goto out;
	for (size_t i = 0; i < li->archives->n; i++)
		if (fs_mtime(li->archives->v[i], &t) != 0 || t > t_elf)
			goto out;
	stale = false;
out:
	strbuf_release(&old);
	return stale;
}

/* The table must not have moved anything: same functions, same places. */
static int check_stable(const struct elf_syms *a, const char *elf,
			const char *script, struct osdk_err *err)
{
	struct elf_syms b;
	int ret = elf_read_functions(elf, &b, err);

	if (ret)
		return ret;
	for (size_t i = 0; i < a->n && !ret; i++)
		if (i >= b.n || a->v[i].addr != b.v[i].addr ||
		    strcmp(a->v[i].name, b.v[i].name) != 0)
			ret = err_set(
				err, -EINVAL,
				"adding the symbol table moved '%s'; "
				"'%s' must place .ksyms after every other "
				"section",
				a->v[i].name, script);
	elf_syms_release(&b);
	return ret;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Link into tmp with a table of room for n functions and names bytes,
 * then fill it; *syms gets the functions. */
static int link_once(const struct link_input *li, const char *script, size_t n,
		     size_t names, const char *tmp, struct elf_syms *syms,
		     double *t_link, double *t_syms, struct osdk_err *err)
{
	struct strvec argv = STRVEC_INIT;
	char *base = xasprintf("%s/%s.ksyms", li->out_dir, li->name);
	char *o = xasprintf("%s.o", base);
	double t = now_ms();
	int ret;

	elf_syms_release(syms);
	ret = assemble_ksyms(li, n, names, base, err);
	if (ret)
		goto out;
	link_argv(li, script, o, tmp, &argv);
	ret = run_tool(li, &argv, "linking the kernel", err);
	*t_link = now_ms() - t;
	if (ret)
		goto out;
	t = now_ms();
	ret = fill_ksyms(tmp, syms, err);
	*t_syms += now_ms() - t;
out:
	strvec_clear(&argv);
	free(base);
	free(o);
	return ret;
}

int link_kernel(const struct link_input *li, char **elf, bool *linked,
		struct osdk_err *err)
{
	struct strvec argv = STRVEC_INIT;
	struct elf_syms syms = { 0 }, first = { 0 };
	struct build_times dummy = { 0 };
	struct build_times *bt = li->times ? li->times : &dummy;
	const char *script;
	char *out = xasprintf("%s/%s.elf", li->out_dir, li->name);
	char *o = xasprintf("%s/%s.ksyms.o", li->out_dir, li->name);
	char *tmp = xasprintf("%s.tmp", out);
	char *cmdfile = xasprintf("%s.cmd", out);
	char *cmdline = NULL;
	size_t n, names;
	double t;
	int ret;

	*linked = false;
	ret = find_script(li, &script, err);
	if (ret)
		goto out;
	link_argv(li, script, o, out, &argv);
	cmdline = strvec_join(&argv);
	strvec_clear(&argv);
	if (!link_stale(li, out, script, cmdfile, cmdline))
		goto out;

	if (li->ev && li->ev->status) {
		char *subject = xasprintf("%s (%s)", li->name, out);

		li->ev->status(li->ev->ctx, "Linking", subject);
		free(subject);
	}
	unlink(cmdfile);
	t = now_ms();
	ret = count_functions(li, &n, &names, err);
	bt->ksyms = now_ms() - t;
	if (!ret)
		ret = link_once(li, script, n, names, tmp, &syms, &bt->link1,
				&bt->ksyms, err);
	if (ret == -ENOSPC) {
		/* More than the objects define: size the room from what the
		 * first link holds, link again, and check nothing moved. */
		first = syms;
		memset(&syms, 0, sizeof(syms));
		ret = link_once(li, script, first.n, ksyms_names_size(&first),
				tmp, &syms, &bt->link2, &bt->ksyms, err);
		if (ret == -ENOSPC)
			ret = err_set(err, -EINVAL,
				      "the symbol table of '%s' does not fit "
				      "the room made for it",
				      out);
		if (!ret)
			ret = check_stable(&first, tmp, script, err);
	}
	if (ret)
		goto out;
	if (rename(tmp, out) < 0) {
		ret = err_set(err, -errno, "could not write '%s': %s", out,
			      strerror(errno));
		goto out;
	}
	ret = fs_write_atomic(cmdfile, cmdline, strlen(cmdline), err);
	*linked = true;
out:
	if (!ret)
		*elf = xstrdup(out);
	elf_syms_release(&syms);
	elf_syms_release(&first);
	strvec_clear(&argv);
	free(cmdline);
	free(out);
	free(o);
	free(tmp);
	free(cmdfile);
	return ret;
}
