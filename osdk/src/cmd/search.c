/* SPDX-License-Identifier: MIT */
/* search.c - osdk search: find packages in a registry by name or words. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "core/registry/fetch.h"
#include "core/registry/home.h"
#include "core/registry/index.h"
#include "core/registry/registry.h"
#include "util/err.h"
#include "util/xalloc.h"
#include "util/sort.h"

const struct cmd_help cmd_search_help = {
	.name = "search",
	.usage = "[OPTIONS] TERM",
	.summary = "Search a registry for packages",
	.details =
		"Lists the packages whose name or description contains TERM\n"
		"(ignoring case), each with its newest version that is not\n"
		"yanked and its description, an exact name first. The "
		"registry\n"
		"is fetched first unless --offline.",
	.examples = "  osdk search blk\n"
		    "  osdk search virtio --registry file:///srv/registry\n",
};

struct hit {
	char *name, *version, *description;
	bool exact;
};

struct finder {
	const char *term;
	struct hit *v;
	size_t n, cap;
};

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

static int consider(void *ctx, const struct index_file *f)
{
	struct finder *fi = ctx;
	const struct index_entry *e = index_file_newest(f);
	struct hit *h;

	if (!e || (!contains(e->name, fi->term) &&
		   !contains(e->description, fi->term)))
		return 0;
	XGROW(fi->v, fi->cap, fi->n + 1);
	h = &fi->v[fi->n++];
	h->name = xstrdup(e->name);
	h->version = xstrdup(e->version);
	h->description = xstrdup(e->description ? e->description : "");
	h->exact = !strcasecmp(e->name, fi->term);
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->exact != y->exact)
		return x->exact ? -1 : 1;
	return strcmp(x->name, y->name);
}

int cmd_search(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct home_config cfg = HOME_CONFIG_INIT;
	struct registry reg = REGISTRY_INIT;
	struct fetch_lock lk = FETCH_LOCK_INIT;
	struct finder fi = { 0 };
	const char *registry = NULL;
	bool offline = false, quiet = false, fetched;
	int limit = 10, width = 0;
	struct opt opts[] = {
		OPT_STR_("registry", 0, &registry, "NAME|URL",
			 "the registry (default: the default registry)"),
		OPT_INT_("limit", 0, &limit, "N",
			 "show at most N packages (default: 10)"),
		OPT_FLAG_("offline", 0, &offline,
			  "search the cached copy without fetching"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};
	char *home = NULL, *url = NULL;
	int ret;

	if (cli_parse(&cmd_search_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n != 1) {
		cli_error("'osdk search' takes one search term");
		ret = EXIT_USAGE;
		goto out;
	}
	fi.term = pos.v[0];
	home = home_dir();
	if ((ret = home_config_load(home, &cfg, &err)) ||
	    (ret = home_registry_url(&cfg, registry, &url, &err)) ||
	    (ret = fetch_lock_cache(home, NULL, NULL, &lk, &err)))
		goto out_fail;
	if (!offline)
		cli_status("Updating", "registry `%s`", url);
	ret = registry_open_cached(home, url,
				   offline ? REGISTRY_FETCH_NEVER
					   : REGISTRY_FETCH_ALWAYS,
				   &fetched, &reg, &err);
	fetch_unlock(&lk);
	if (!ret)
		ret = registry_each(&reg, consider, &fi, &err);
	if (ret)
		goto out_fail;
	sort_array(fi.v, fi.n, sizeof(*fi.v), cmp_hit);
	for (size_t i = 0; i < fi.n && i < (size_t)limit; i++) {
		int w = (int)(strlen(fi.v[i].name) + strlen(fi.v[i].version));

		width = w > width ? w : width;
	}
	for (size_t i = 0; i < fi.n && i < (size_t)limit; i++) {
		int w = (int)(strlen(fi.v[i].name) + strlen(fi.v[i].version));

		printf("%s = \"%s\"%*s", fi.v[i].name, fi.v[i].version,
		       width - w, "");
		if (*fi.v[i].description)
			printf("    # %s", fi.v[i].description);
		printf("\n");
	}
	if (fi.n > (size_t)limit)
		printf("... and %zu more (see --limit)\n",
		       fi.n - (size_t)limit);
	if (!fi.n)
		cli_status("Searched",
			   "no package in registry `%s` matches "
			   "'%s'",
			   url, fi.term);
	goto out;
out_fail:
	ret = cli_fail(&err);
out:
	fetch_unlock(&lk);
	for (size_t i = 0; i < fi.n; i++) {
		free(fi.v[i].name);
		free(fi.v[i].version);
		free(fi.v[i].description);
	}
	free(fi.v);
	registry_close(&reg);
	home_config_release(&cfg);
	free(url);
	free(home);
	strvec_clear(&pos);
	return ret;
}
