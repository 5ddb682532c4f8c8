/* SPDX-License-Identifier: MIT */
/* manifest_prove.c - the `prove:` section: what `osdk prove` verifies. */
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/manifest/manifest_yaml.h"

static const char *const prove_keys[] = { "files", "provers",	"timeout",
					  "steps", "functions", NULL };
enum {
	PROVE_FILES,
	PROVE_PROVERS,
	PROVE_TIMEOUT,
	PROVE_STEPS,
	PROVE_FUNCTIONS
};

/* The provers Why3 can drive that `osdk prove` accepts. */
static const char *const prove_provers[] = { "z3", "cvc4", "cvc5", "alt-ergo",
					     NULL };

/* A C source of the package: relative, inside it, ending in .c. */
static int check_source(struct manifest_reader *r, yaml_node_t *n,
			const char *field, const char *value)
{
	char shown[MANIFEST_SHOW_MAX];
	size_t len = strlen(value);

	if (!len || value[0] == '/' || !strncmp(value, "../", 3) ||
	    strstr(value, "/../"))
		return manifest_fail(r, n,
				     "'%s' must be a path inside the package, "
				     "not '%s'",
				     field, manifest_show(shown, value));
	if (len < 3 || strcmp(value + len - 2, ".c") != 0)
		return manifest_fail(r, n,
				     "'%s' must name a C source (.c), not "
				     "'%s'",
				     field, manifest_show(shown, value));
	return 0;
}

static int check_prover(struct manifest_reader *r, yaml_node_t *n,
			const char *field, const char *value)
{
	char shown[MANIFEST_SHOW_MAX];

	for (size_t i = 0; prove_provers[i]; i++)
		if (!strcmp(value, prove_provers[i]))
			return 0;
	return manifest_fail(r, n,
			     "'%s' is '%s'; expected one of z3, cvc4, cvc5, "
			     "alt-ergo",
			     field, manifest_show(shown, value));
}

int manifest_parse_prove(struct manifest_reader *r, yaml_node_t *knode,
			 yaml_node_t *val, const char *field,
			 struct manifest *m)
{
	struct manifest_prove *p = &m->prove;
	struct manifest_map_iter it;
	int ret;

	ret = manifest_expect_map(r, val, field);
	if (ret)
		return ret;
	p->set = true;
	p->pos.line = (int)knode->start_mark.line + 1;
	p->pos.col = (int)knode->start_mark.column + 1;
	manifest_map_start(&it, val, field, prove_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		switch (it.index) {
		case PROVE_FILES:
			manifest_strv_free(p->files, p->nfiles);
			p->files = NULL;
			p->nfiles = 0;
			ret = manifest_get_strlist(r, it.val, it.field,
						   check_source, &p->files,
						   &p->nfiles);
			break;
		case PROVE_PROVERS:
			manifest_strv_free(p->provers, p->nprovers);
			p->provers = NULL;
			p->nprovers = 0;
			ret = manifest_get_strlist(r, it.val, it.field,
						   check_prover, &p->provers,
						   &p->nprovers);
			break;
		case PROVE_TIMEOUT:
			ret = manifest_get_posint(r, it.val, it.field,
						  &p->timeout);
			break;
		case PROVE_STEPS:
			ret = manifest_get_posint(r, it.val, it.field,
						  &p->steps);
			break;
		default:
			manifest_strv_free(p->functions, p->nfunctions);
			p->functions = NULL;
			p->nfunctions = 0;
			ret = manifest_get_strlist(r, it.val, it.field, NULL,
						   &p->functions,
						   &p->nfunctions);
			break;
		}
		if (ret)
			return ret;
	}
	return ret;
}
