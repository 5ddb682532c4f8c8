/* SPDX-License-Identifier: MIT */
/* newest.c - the requirement `osdk add` writes for a registry package. */
#include "core/registry/newest.h"

#include <errno.h>
#include <stdlib.h>

#include "core/manifest/semver.h"
#include "core/registry/fetch.h"
#include "core/registry/index.h"
#include "core/registry/registry.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/*
 * "^X.Y" for version @text (@v parsed), as cargo writes; "^0.0.Z" where
 * "^0.0" would allow more than that patch line; a pre-release (only ever
 * the newest when nothing else is published) exactly as "^VERSION".
 */
static char *caret(const char *text, const struct semver *v)
{
	struct strbuf sb = STRBUF_INIT;

	if (v->pre)
		strbuf_addf(&sb, "^%s", text);
	else if (v->major == 0 && v->minor == 0)
		strbuf_addf(&sb, "^0.0.%llu", (unsigned long long)v->patch);
	else
		strbuf_addf(&sb, "^%llu.%llu", (unsigned long long)v->major,
			    (unsigned long long)v->minor);
	return strbuf_detach(&sb);
}

int registry_newest_req(const char *home, const char *url, const char *name,
			bool offline, char **req, char **version,
			struct osdk_err *err)
{
	struct registry reg = REGISTRY_INIT;
	struct index_file f = INDEX_FILE_INIT;
	struct fetch_lock lk = FETCH_LOCK_INIT;
	const struct index_entry *e;
	struct semver v;
	bool fetched;
	int ret;

	if ((ret = fetch_lock_cache(home, NULL, NULL, &lk, err)))
		return ret;
	ret = registry_open_cached(home, url,
				   offline ? REGISTRY_FETCH_NEVER
					   : REGISTRY_FETCH_ALWAYS,
				   &fetched, &reg, err);
	fetch_unlock(&lk);
	if (ret)
		goto out;
	if ((ret = registry_read_index(&reg, name, &f, err)))
		goto out;
	e = index_file_newest(&f);
	if (!e) {
		ret = err_set(err, -ENOENT,
			      "every version of '%s' in registry `%s` is "
			      "yanked; give one with --version",
			      name, url);
		goto out;
	}
	if (semver_parse(e->version, &v)) {
		ret = err_set(err, -EINVAL,
			      "registry `%s` lists '%s' with a malformed "
			      "version '%s'",
			      url, name, e->version);
		goto out;
	}
	*req = caret(e->version, &v);
	if (version)
		*version = xstrdup(e->version);
	semver_release(&v);
out:
	index_file_release(&f);
	registry_close(&reg);
	return ret;
}
