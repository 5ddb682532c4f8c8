/* SPDX-License-Identifier: MIT */
/* metadata.c - the resolved package graph as JSON, for tools. */
#include "core/build/metadata.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/build/build.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/xalloc.h"

/* A package's id: its source, '#', name '@' version. Caller frees. */
static char *pkg_id(const struct ws_pkg *p)
{
	if (p->source)
		return xasprintf("%s#%s@%s", p->source, p->m->package.name,
				 p->m->package.version);
	return xasprintf("path+file://%s#%s@%s", p->dir, p->m->package.name,
			 p->m->package.version);
}

static void add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* The id as a string member, freeing it. */
static void add_id(cJSON *o, const char *key, char *id)
{
	cJSON_AddStringToObject(o, key, id);
	free(id);
}

static const char *dep_kind(enum manifest_dep_kind k)
{
	return k == MANIFEST_DEP_PATH  ? "path"
	       : k == MANIFEST_DEP_GIT ? "git"
				       : "registry";
}

/* The package that dependency @d of @p resolved to, or NULL. */
static const struct ws_pkg *resolved(const struct workspace *ws,
				     const struct ws_pkg *p,
				     const struct manifest_dep *d)
{
	for (size_t j = 0; j < p->ndeps; j++) {
		const struct ws_pkg *q = &ws->pkgs[p->deps[j]];

		if (!strcmp(q->m->package.name, d->name))
			return q;
	}
	return NULL;
}

static cJSON *dep_json(const struct workspace *ws, const struct ws_pkg *p,
		       const struct manifest_dep *d)
{
	cJSON *o = cJSON_CreateObject();
	const struct ws_pkg *q = resolved(ws, p, d);

	cJSON_AddStringToObject(o, "name", d->name);
	cJSON_AddStringToObject(o, "kind", dep_kind(d->kind));
	add_str(o, "req", d->version ? d->version : "*");
	add_str(o, "path", d->path);
	add_str(o, "git", d->git);
	add_str(o, "tag", d->tag);
	add_str(o, "branch", d->branch);
	add_str(o, "rev", d->rev);
	add_str(o, "registry", d->registry);
	add_str(o, "resolved_version", q ? q->m->package.version : NULL);
	if (q)
		add_id(o, "resolved_id", pkg_id(q));
	else
		cJSON_AddNullToObject(o, "resolved_id");
	return o;
}

static cJSON *pkg_json(const struct workspace *ws, size_t i)
{
	const struct ws_pkg *p = &ws->pkgs[i];
	cJSON *o = cJSON_CreateObject(), *deps = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "name", p->m->package.name);
	cJSON_AddStringToObject(o, "version", p->m->package.version);
	add_id(o, "id", pkg_id(p));
	if (p->source)
		cJSON_AddStringToObject(o, "source", p->source);
	else
		add_id(o, "source", xasprintf("path+file://%s", p->dir));
	add_id(o, "manifest_path", xasprintf("%s/osdk.yaml", p->dir));
	cJSON_AddStringToObject(o, "root_dir", p->dir);
	cJSON_AddStringToObject(o, "type",
				p->m->package.type == MANIFEST_PKG_KERNEL
					? "kernel"
					: "library");
	cJSON_AddBoolToObject(o, "trusted", trust_pkg_trusted(ws, i));
	cJSON_AddBoolToObject(o, "member", p->member);
	add_str(o, "description", p->m->package.description);
	add_str(o, "license", p->m->package.license);
	for (size_t d = 0; d < p->m->ndeps; d++)
		cJSON_AddItemToArray(deps, dep_json(ws, p, &p->m->deps[d]));
	cJSON_AddItemToObject(o, "dependencies", deps);
	return o;
}

/* Where a build of each kernel among the targets puts its images. */
static cJSON *artifacts_json(const struct workspace *ws,
			     const struct metadata_opts *o)
{
	cJSON *arr = cJSON_CreateArray();
	char *out = build_out_dir(ws, o->release, false);

	for (size_t t = 0; t < ws->ntargets; t++) {
		const struct ws_pkg *p = &ws->pkgs[ws->targets[t]];
		const char *name = p->m->package.name;
		cJSON *a;
		char *s;

		if (p->m->package.type != MANIFEST_PKG_KERNEL)
			continue;
		a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "package", name);
		cJSON_AddStringToObject(a, "profile",
					o->release ? "release" : "dev");
		cJSON_AddStringToObject(a, "out_dir", out);
		s = xasprintf("%s/%s.elf", out, name);
		cJSON_AddStringToObject(a, "kernel_elf", s);
		free(s);
		s = xasprintf("%s/%s.iso", out, name);
		cJSON_AddStringToObject(a, "iso", s);
		free(s);
		cJSON_AddItemToArray(arr, a);
	}
	free(out);
	return arr;
}

int metadata_json(const struct workspace *ws, const struct metadata_opts *o,
		  char **out, struct osdk_err *err)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *pkgs = cJSON_CreateArray(), *members = cJSON_CreateArray();
	cJSON *targets = cJSON_CreateArray();
	char *text, *target_dir;

	if (!root || !pkgs || !members || !targets)
		goto oom;
	cJSON_AddNumberToObject(root, "format_version",
				METADATA_FORMAT_VERSION);
	for (size_t i = 0; i < ws->npkgs; i++) {
		if (o->no_deps && !ws->pkgs[i].member)
			continue;
		cJSON_AddItemToArray(pkgs, pkg_json(ws, i));
		if (ws->pkgs[i].member) {
			char *id = pkg_id(&ws->pkgs[i]);

			cJSON_AddItemToArray(members, cJSON_CreateString(id));
			free(id);
		}
	}
	for (size_t t = 0; t < ws->ntargets; t++) {
		char *id = pkg_id(&ws->pkgs[ws->targets[t]]);

		cJSON_AddItemToArray(targets, cJSON_CreateString(id));
		free(id);
	}
	cJSON_AddItemToObject(root, "packages", pkgs);
	cJSON_AddItemToObject(root, "workspace_members", members);
	cJSON_AddItemToObject(root, "targets", targets);
	cJSON_AddStringToObject(root, "workspace_root", ws->root_dir);
	add_str(root, "workspace_manifest", ws->root ? ws->root->path : NULL);
	target_dir = xasprintf("%s/target", ws->root_dir);
	cJSON_AddStringToObject(root, "target_directory", target_dir);
	free(target_dir);
	cJSON_AddItemToObject(root, "artifacts", artifacts_json(ws, o));
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text)
		return err_set(err, -ENOMEM, "out of memory");
	*out = xasprintf("%s\n", text);
	cJSON_free(text);
	return 0;
oom:
	cJSON_Delete(root);
	cJSON_Delete(pkgs);
	cJSON_Delete(members);
	cJSON_Delete(targets);
	return err_set(err, -ENOMEM, "out of memory");
}
