/* SPDX-License-Identifier: MIT */
/* test_home.c - $OSDK_HOME, config.yaml and registry URLs. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/registry/home.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

static char root[] = "/tmp/osdk-unit-home.XXXXXX";

static void write_config(const char *text)
{
	char *path;

	unit_tmpdir(root);
	path = fs_join(root, "config.yaml");
	CHECK_INT(fs_write_atomic(path, text, strlen(text), NULL), 0);
	free(path);
}

UNIT(home_comes_from_the_environment)
{
	char *h;

	setenv("OSDK_HOME", "/srv/osdk-home", 1);
	h = home_dir();
	CHECK_STR(h, "/srv/osdk-home");
	free(h);
	unsetenv("OSDK_HOME");
	setenv("HOME", "/home/ada", 1);
	h = home_dir();
	CHECK_STR(h, "/home/ada/.osdk");
	free(h);
}

UNIT(urls_are_canonical)
{
	static const char *const cases[][2] = {
		{ "file:///tmp/r/", "file:///tmp/r" },
		{ "file:///tmp/./a/../r", "file:///tmp/r" },
		{ "/tmp//r", "file:///tmp/r" },
		{ "https://example.org/index.git/",
		  "https://example.org/index.git" },
		{ "git@example.org:keel/index.git",
		  "git@example.org:keel/index.git" },
	};
	char *u;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(home_canon_url(cases[i][0], &u, NULL), 0);
		CHECK_STR(u, cases[i][1]);
		free(u);
	}
	CHECK_INT(home_canon_url("file://relative/r", &u, NULL), -EINVAL);
	CHECK_INT(home_canon_url("", &u, NULL), -EINVAL);
	u = home_local_path("file:///tmp/r");
	CHECK_STR(u, "/tmp/r");
	free(u);
	CHECK(home_local_path("https://example.org/r") == NULL);
}

UNIT(cache_paths_are_readable_and_distinct)
{
	char *a = home_cache_path("/h", "registry", "file:///srv/reg.git");
	char *b = home_cache_path("/h", "registry", "file:///other/reg.git");

	CHECK(!strncmp(a, "/h/cache/registry/reg-", 22));
	CHECK_INT(strlen(a), strlen("/h/cache/registry/reg-") + 16);
	CHECK(strcmp(a, b) != 0);
	free(a);
	free(b);
}

UNIT(config_names_registries_and_a_default)
{
	struct home_config cfg;
	struct osdk_err err = OSDK_ERR_INIT;
	char *url;

	write_config("default-registry: local\n"
		     "registries:\n"
		     "  local: \"file:///srv/local/\"\n"
		     "  team: https://example.org/index.git\n");
	CHECK_INT(home_config_load(root, &cfg, &err), 0);
	CHECK_INT(cfg.nregs, 2);
	CHECK_INT(home_registry_url(&cfg, NULL, &url, &err), 0);
	CHECK_STR(url, "file:///srv/local");
	free(url);
	CHECK_INT(home_registry_url(&cfg, "team", &url, &err), 0);
	CHECK_STR(url, "https://example.org/index.git");
	free(url);
	CHECK_INT(home_registry_url(&cfg, "/srv/x", &url, &err), 0);
	CHECK_STR(url, "file:///srv/x");
	free(url);
	CHECK_INT(home_registry_url(&cfg, "tema", &url, &err), -ENOENT);
	CHECK_HAS(err.msg, "no registry named 'tema'");
	CHECK_HAS(err.msg, "did you mean 'team'?");

	/* Rewriting keeps what was there and adds the new one. */
	CHECK_INT(home_config_set_registry(&cfg, "new", "file:///srv/new", true,
					   &err),
		  0);
	home_config_release(&cfg);
	CHECK_INT(home_config_load(root, &cfg, &err), 0);
	CHECK_INT(cfg.nregs, 3);
	CHECK_STR(cfg.default_registry, "new");
	CHECK_INT(home_registry_url(&cfg, "team", &url, &err), 0);
	CHECK_STR(url, "https://example.org/index.git");
	free(url);
	home_config_release(&cfg);
}

UNIT(missing_config_has_no_default)
{
	struct home_config cfg;
	struct osdk_err err = OSDK_ERR_INIT;
	char *url;

	CHECK_INT(home_config_load("/nonexistent-osdk-home", &cfg, &err), 0);
	CHECK_INT(home_registry_url(&cfg, NULL, &url, &err), -ENOENT);
	CHECK_HAS(err.msg, "no default registry is configured in "
			   "'/nonexistent-osdk-home/config.yaml'");
	CHECK_HAS(err.msg, "install.sh");
	home_config_release(&cfg);
}

struct bad {
	const char *text, *msg;
};

UNIT(config_errors_name_line_and_column)
{
	static const struct bad cases[] = {
		{ "registires: {}\n",
		  "config.yaml:1:1: unknown key 'registires'; "
		  "did you mean 'registries'?" },
		{ "default-registry: nope\nregistries: { a: /x }\n",
		  "config.yaml:1:19: 'default-registry' names 'nope', which is "
		  "not in 'registries'" },
		{ "registries:\n  Bad: /x\n", "config.yaml:2:3: 'Bad' is not a "
					      "valid registry name" },
		{ "registries:\n  a: [x]\n", "config.yaml:2:6: 'registries.a' "
					     "must be a URL string" },
		{ "registries: [\n", "config.yaml:2:1: " },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct home_config cfg;
		struct osdk_err err = OSDK_ERR_INIT;

		write_config(cases[i].text);
		CHECK_INT(home_config_load(root, &cfg, &err), -EINVAL);
		CHECK_HAS(err.msg, cases[i].msg);
	}
}

UNIT_MAIN()
