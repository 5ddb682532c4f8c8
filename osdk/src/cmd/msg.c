/* SPDX-License-Identifier: MIT */
/* msg.c - --message-format json: records for machines on stdout. */
#include "msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/boot/bundle.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

bool msg_json;
static FILE *msg_out;

int msg_format_check(const char *s, struct osdk_err *err)
{
	if (!s || !strcmp(s, "human") || !strcmp(s, "json"))
		return 0;
	return err_set(err, -EINVAL,
		       "unknown message format '%s'; use human or json", s);
}

void msg_begin(void)
{
	int fd;

	if (msg_json)
		return;
	fflush(stdout);
	fd = dup(STDOUT_FILENO);
	msg_out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!msg_out) {
		if (fd >= 0)
			close(fd);
		msg_out = stdout; /* records and text mixed, but not lost */
	} else if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		fclose(msg_out);
		msg_out = stdout;
	}
	msg_json = true;
}

cJSON *msg_new(const char *reason)
{
	cJSON *rec = cJSON_CreateObject();

	cJSON_AddStringToObject(rec, "reason", reason);
	cJSON_AddNumberToObject(rec, "schema", MSG_SCHEMA);
	return rec;
}

void msg_emit(cJSON *rec)
{
	char *text = cJSON_PrintUnformatted(rec);

	if (text && msg_out) {
		fprintf(msg_out, "%s\n", text);
		fflush(msg_out);
	}
	free(text);
	cJSON_Delete(rec);
}

void msg_add_file(cJSON *rec, const char *path)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	char *abs = fs_abspath(path);
	char hex[65];

	cJSON_AddStringToObject(rec, "path", abs);
	free(abs);
	if (fs_read(path, &sb, &err)) {
		strbuf_release(&sb);
		return;
	}
	sha256_hex(sb.buf, sb.len, hex);
	cJSON_AddNumberToObject(rec, "size", (double)sb.len);
	cJSON_AddStringToObject(rec, "sha256", hex);
	strbuf_release(&sb);
}

void msg_build(const struct session *s, bool ok)
{
	cJSON *rec;

	if (!msg_json)
		return;
	for (size_t i = 0; ok && s->res.out_dir && i < s->ws.npkgs; i++) {
		const struct ws_pkg *p = &s->ws.pkgs[i];
		const char *name = p->m->package.name;
		char *ar =
			xasprintf("%s/%s/lib%s.a", s->res.out_dir, name, name);

		if (fs_exists(ar)) {
			rec = msg_new("compiler-artifact");
			cJSON_AddStringToObject(rec, "package", name);
			cJSON_AddStringToObject(rec, "version",
						p->m->package.version);
			cJSON_AddStringToObject(rec, "source",
						p->source ? p->source : "path");
			cJSON_AddBoolToObject(rec, "trusted",
					      trust_pkg_trusted(&s->ws, i));
			cJSON_AddBoolToObject(rec, "member", p->member);
			msg_add_file(rec, ar);
			msg_emit(rec);
		}
		free(ar);
	}
	if (ok && s->res.kernel_elf) {
		rec = msg_new("kernel");
		cJSON_AddStringToObject(rec, "package", s->res.kernel_name);
		msg_add_file(rec, s->res.kernel_elf);
		cJSON_AddBoolToObject(rec, "linked", s->res.linked);
		msg_emit(rec);
	}
	rec = msg_new("build-finished");
	cJSON_AddBoolToObject(rec, "success", ok);
	if (ok)
		cJSON_AddNumberToObject(rec, "compiled", s->res.compiled);
	msg_emit(rec);
}

void msg_image(const struct session *s, const struct bundle *b)
{
	cJSON *rec;

	if (!msg_json)
		return;
	rec = msg_new("image");
	cJSON_AddStringToObject(rec, "package", s->res.kernel_name);
	cJSON_AddStringToObject(rec, "boot_method",
				bundle_method_name(b->method));
	if (s->cfg.scheme)
		cJSON_AddStringToObject(rec, "scheme", s->cfg.scheme);
	else
		cJSON_AddNullToObject(rec, "scheme");
	msg_add_file(rec, b->image ? b->image : b->kernel);
	if (b->initramfs)
		cJSON_AddStringToObject(rec, "initramfs", b->initramfs);
	if (b->cmdline)
		cJSON_AddStringToObject(rec, "cmdline", b->cmdline);
	msg_emit(rec);
}
