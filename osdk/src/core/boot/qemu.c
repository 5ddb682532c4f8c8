/* SPDX-License-Identifier: MIT */
/* qemu.c - building QEMU's command line and decoding its exit status. */
#include "core/boot/qemu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/boot/bundle.h"
#include "core/boot/tdx.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

char *qemu_gdb_chardev(const char *addr)
{
	if (strchr(addr, '/') || !strchr(addr, ':'))
		return xasprintf("unix:%s,server=on,wait=off", addr);
	return xasprintf("tcp:%s", addr);
}

/* @s as a QEMU option value: a comma is written twice. */
static char *qemu_escape_opt(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		if (*s == ',')
			strbuf_addch(&sb, ',');
		strbuf_addch(&sb, *s);
	}
	return strbuf_detach(&sb);
}

/* A debug console at I/O port @port whose bytes go to @file, truncated or
 * (@append) appended to, as chardev @id. */
static void push_debugcon(struct strvec *argv, const char *id,
			  const char *port, const char *file, bool append)
{
	char *path = qemu_escape_opt(file);

	strvec_push(argv, "-chardev");
	strvec_pushf(argv, "file,id=%s,path=%s%s", id, path,
		     append ? ",append=on" : "");
	strvec_push(argv, "-device");
	strvec_pushf(argv, "isa-debugcon,iobase=%s,chardev=%s", port, id);
	free(path);
}

/* What the bundle boots from: the kernel itself (qemu-direct), a UEFI
 * disk image with its firmware (grub-qcow2), or a CD (grub-rescue-iso). */
static int push_medium(const struct qemu_opts *o, struct strvec *argv,
		       struct osdk_err *err)
{
	const struct bundle *b = o->bundle;
	int ret;

	if (b->method == BUNDLE_QEMU_DIRECT) {
		strvec_push(argv, "-kernel");
		strvec_push(argv, b->kernel);
		strvec_push(argv, "-append");
		strvec_push(argv, b->cmdline);
		if (b->initramfs) {
			strvec_push(argv, "-initrd");
			strvec_push(argv, b->initramfs);
		}
	} else if (b->method == BUNDLE_GRUB_QCOW2) {
		char *code = NULL, *vars = NULL, *img;

		/* A TD's firmware is in the arguments already (-bios). */
		ret = o->tdvf ? 0
			      : qemu_find_ovmf(o->ovmf_code, o->ovmf_vars,
					       &code, &vars, err);
		if (ret)
			return ret;
		/* snapshot=on: neither the variables store nor the image is
		 * written; each run starts from them as they are. */
		if (code) {
			strvec_push(argv, "-drive");
			strvec_pushf(argv,
				     "if=pflash,format=raw,readonly=on,file=%s",
				     code);
			strvec_push(argv, "-drive");
			strvec_pushf(argv,
				     "if=pflash,format=raw,snapshot=on,file=%s",
				     vars);
		}
		img = qemu_escape_opt(b->image);
		strvec_push(argv, "-drive");
		strvec_pushf(argv, "file=%s,format=qcow2,snapshot=on", img);
		free(img);
		free(code);
		free(vars);
	} else {
		strvec_push(argv, "-drive");
		strvec_pushf(argv, "file=%s,media=cdrom,format=raw,readonly=on",
			     b->image);
		strvec_push(argv, "-boot");
		strvec_push(argv, "d");
	}
	return 0;
}

int qemu_argv(const struct qemu_opts *o, struct strvec *argv,
	      struct osdk_err *err)
{
	int ret;

	strvec_push(argv, o->qemu);
	if (o->args) {
		ret = strvec_split(argv, o->args, err);
		if (ret)
			return err_prefix(err, ret, "QEMU arguments");
	}
	if (o->tdvf) {
		/* A TD runs only under KVM, whatever was chosen. */
		strvec_push(argv, "-accel");
		strvec_push(argv, "kvm");
		tdx_qemu_args(o->tdvf, argv);
	} else if (o->accel) {
		strvec_push(argv, "-accel");
		strvec_push(argv, o->accel);
	}
	strvec_push(argv, "-display");
	strvec_push(argv, "none");
	strvec_push(argv, "-monitor");
	strvec_push(argv, "none");
	strvec_push(argv, "-serial");
	strvec_push(argv, o->interactive ? "mon:stdio" : "stdio");
	strvec_push(argv, "-no-reboot");
	strvec_push(argv, "-device");
	strvec_push(argv,
		    "isa-debug-exit,iobase=" QEMU_EXIT_PORT ",iosize=0x04");
	if (o->exit_file)
		push_debugcon(argv, "osdk-exit", QEMU_EXIT_RECORD_PORT,
			      o->exit_file, false);
	/* Appended: a test kernel may boot several times. */
	if (o->cov_file)
		push_debugcon(argv, "osdk-cov", QEMU_COV_PORT, o->cov_file,
			      true);
	ret = push_medium(o, argv, err);
	if (ret)
		return ret;
	if (o->gdb_addr) {
		char *dev = qemu_gdb_chardev(o->gdb_addr);

		strvec_push(argv, "-gdb");
		strvec_push(argv, dev);
		free(dev);
	}
	if (o->gdb_wait)
		strvec_push(argv, "-S");
	return 0;
}

int qemu_find_ovmf(const char *code, const char *vars, char **code_out,
		   char **vars_out, struct osdk_err *err)
{
	static const char *const debian[][2] = {
		{ "/usr/share/OVMF/OVMF_CODE_4M.fd",
		  "/usr/share/OVMF/OVMF_VARS_4M.fd" },
		{ "/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_VARS.fd" },
	};

	*code_out = *vars_out = NULL;
	if (code || vars) {
		if (!code || !vars)
			return err_set(err, -EINVAL,
				       "qemu.ovmf-code and qemu.ovmf-vars go "
				       "together: give both or neither");
		if (!fs_exists(code) || !fs_exists(vars))
			return err_set(err, -ENOENT,
				       "the UEFI firmware '%s' is missing "
				       "(qemu.%s)",
				       fs_exists(code) ? vars : code,
				       fs_exists(code) ? "ovmf-vars"
						       : "ovmf-code");
		*code_out = xstrdup(code);
		*vars_out = xstrdup(vars);
		return 0;
	}
	for (size_t i = 0; i < sizeof(debian) / sizeof(debian[0]); i++)
		if (fs_exists(debian[i][0]) && fs_exists(debian[i][1])) {
			*code_out = xstrdup(debian[i][0]);
			*vars_out = xstrdup(debian[i][1]);
			return 0;
		}
	return err_set(err, -ENOENT,
		       "no UEFI firmware to boot a grub-qcow2 image: install "
		       "the Debian package 'ovmf', or name the files with "
		       "qemu.ovmf-code and qemu.ovmf-vars");
}

bool qemu_guest_code(int status, int *code, const char **what)
{
	/* isa-debug-exit makes QEMU exit with (value << 1) | 1, and the frame
	 * writes 0x40 | code, so guest codes land on 129, 131, ... 255. */
	if (status >= 129 && status <= 255 && (status & 1)) {
		*code = (status - 129) / 2;
		*what = NULL;
		return true;
	}
	if (status == 0)
		*what = "the guest reset or shut down without an exit code "
			"(a triple fault ends QEMU this way under -no-reboot)";
	else if (status < 0)
		*what = "QEMU was killed by a signal";
	else
		*what = "QEMU failed";
	return false;
}

bool qemu_exit_record(const char *text, size_t len, struct qemu_end *out)
{
	static const char tag[] = "osdk-exit ";
	const char *last = NULL;
	size_t tl = sizeof(tag) - 1;
	char word[16];
	int code, n;

	/* A record starts a line; take the last one. */
	for (size_t i = 0; i + tl <= len; i++)
		if ((i == 0 || text[i - 1] == '\n') &&
		    memcmp(text + i, tag, tl) == 0)
			last = text + i + tl;
	if (!last)
		return false;
	n = 0;
	while (last + n < text + len && last[n] != '\n' &&
	       n < (int)sizeof(word) - 1) {
		word[n] = last[n];
		n++;
	}
	word[n] = '\0';
	if (strcmp(word, "panic") == 0) {
		out->kind = QEMU_END_PANIC;
	} else if (strcmp(word, "ktest-panic") == 0) {
		out->kind = QEMU_END_KTEST_PANIC;
	} else if (sscanf(word, "code %d%n", &code, &n) == 1 &&
		   word[n] == '\0' && code >= 0 && code <= 255) {
		out->kind = QEMU_END_CODE;
		out->code = code;
	} else {
		return false;
	}
	out->what = NULL;
	return true;
}

/* At most this much of an exit file is read: its tail holds the record. */
#define EXIT_FILE_TAIL 4096

void qemu_end(int status, const char *exit_file, struct qemu_end *out)
{
	bool found = false;
	FILE *f;

	if (exit_file && (f = fopen(exit_file, "rb"))) {
		char buf[EXIT_FILE_TAIL];
		long size = 0;
		size_t n;

		if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
		    fseek(f, size > EXIT_FILE_TAIL ? size - EXIT_FILE_TAIL : 0,
			  SEEK_SET) == 0) {
			n = fread(buf, 1, sizeof(buf), f);
			found = qemu_exit_record(buf, n, out);
		}
		fclose(f);
	}
	if (found)
		return;
	if (qemu_guest_code(status, &out->code, &out->what))
		out->kind = QEMU_END_CODE;
	else
		out->kind = QEMU_END_OTHER;
}
