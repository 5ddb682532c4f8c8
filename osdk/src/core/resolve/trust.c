/* SPDX-License-Identifier: MIT */
/* trust.c - the workspace's trust list decides who is trusted. */
#include "core/resolve/trust.h"

#include <errno.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/strvec.h"

bool trust_listed(const struct workspace *ws, const char *name)
{
	const struct manifest *root = ws->root;

	if (!root || !root->has_workspace)
		return strcmp(name, TRUST_DEFAULT_LIST) == 0;
	for (size_t i = 0; i < root->workspace.ntrusted; i++)
		if (strcmp(root->workspace.trusted[i], name) == 0)
			return true;
	return false;
}

bool trust_pkg_trusted(const struct workspace *ws, size_t p)
{
	const struct manifest *m = ws->pkgs[p].m;

	return m->package.trusted && trust_listed(ws, m->package.name);
}

bool trust_claim_refused(const struct workspace *ws, size_t p,
			 struct osdk_err *why)
{
	const struct manifest *m = ws->pkgs[p].m;

	if (!m->package.trusted || trust_listed(ws, m->package.name))
		return false;
	if (ws->root && ws->root->has_workspace)
		err_set(why, -EPERM,
			"%s:%d:%d: package '%s' says 'trusted: true', but "
			"'workspace.trusted' in '%s' does not list it; it is "
			"built and checked as an untrusted package",
			m->path, m->package.trusted_pos.line,
			m->package.trusted_pos.col, m->package.name,
			ws->root->path);
	else
		err_set(why, -EPERM,
			"%s:%d:%d: package '%s' says 'trusted: true', but "
			"without a workspace only '" TRUST_DEFAULT_LIST "' may "
			"be trusted; it is built and checked as an untrusted "
			"package",
			m->path, m->package.trusted_pos.line,
			m->package.trusted_pos.col, m->package.name);
	return true;
}

void trust_preludes(const struct workspace *ws, struct strvec *out)
{
	for (size_t p = 0; p < ws->npkgs; p++)
		if (ws->pkgs[p].m->build.service_prelude &&
		    trust_pkg_trusted(ws, p))
			strvec_push(out, ws->pkgs[p].m->build.service_prelude);
}
