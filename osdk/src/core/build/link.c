/* SPDX-License-Identifier: MIT */
/* link.c - two-pass kernel link: the second pass adds the symbol table. */
#include "core/build/link.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int assemble_ksyms(const struct link_input *li,
			  const struct elf_syms *syms, const char *base,
			  struct osdk_err *err)
{
	struct strbuf src = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	char *s_path = xasprintf("%s.S", base);
	char *o_path = xasprintf("%s.o", base);
	int ret;

	ksyms_emit(syms, &src);
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

int link_kernel(const struct link_input *li, char **elf, bool *linked,
		struct osdk_err *err)
{
	struct strvec argv = STRVEC_INIT;
	struct elf_syms syms = { 0 };
	const char *script;
	char *out = xasprintf("%s/%s.elf", li->out_dir, li->name);
	char *base0 = xasprintf("%s/%s.ksyms0", li->out_dir, li->name);
	char *base1 = xasprintf("%s/%s.ksyms", li->out_dir, li->name);
	char *o0 = xasprintf("%s.o", base0), *o1 = xasprintf("%s.o", base1);
	char *pass1 = xasprintf("%s.pass1", out);
	char *tmp = xasprintf("%s.tmp", out);
	char *cmdfile = xasprintf("%s.cmd", out);
	char *cmdline = NULL;
	int ret;

	*linked = false;
	ret = find_script(li, &script, err);
	if (ret)
		goto out;
	link_argv(li, script, o1, out, &argv);
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
	ret = assemble_ksyms(li, NULL, base0, err);
	if (ret)
		goto out;
	link_argv(li, script, o0, pass1, &argv);
	ret = run_tool(li, &argv, "linking the kernel", err);
	strvec_clear(&argv);
	if (ret)
		goto out;
	ret = elf_read_functions(pass1, &syms, err);
	if (ret)
		goto out;
	ret = assemble_ksyms(li, &syms, base1, err);
	if (ret)
		goto out;
	link_argv(li, script, o1, tmp, &argv);
	ret = run_tool(li, &argv, "linking the kernel", err);
	if (ret)
		goto out;
	ret = check_stable(&syms, tmp, script, err);
	if (ret)
		goto out;
	if (rename(tmp, out) < 0) {
		ret = err_set(err, -errno, "could not write '%s': %s", out,
			      strerror(errno));
		goto out;
	}
	unlink(pass1);
	ret = fs_write_atomic(cmdfile, cmdline, strlen(cmdline), err);
	*linked = true;
out:
	if (!ret)
		*elf = xstrdup(out);
	elf_syms_release(&syms);
	strvec_clear(&argv);
	free(cmdline);
	free(out);
	free(base0);
	free(base1);
	free(o0);
	free(o1);
	free(pass1);
	free(tmp);
	free(cmdfile);
	return ret;
}
