/* SPDX-License-Identifier: MIT */
/* newest.h - the requirement `osdk add` writes for a registry package. */
#ifndef OSDK_CORE_REGISTRY_NEWEST_H
#define OSDK_CORE_REGISTRY_NEWEST_H

#include <stdbool.h>

struct osdk_err;

/*
 * registry_newest_req() - "^X.Y" for the newest version of @name in the
 * registry at @url (canonical) that is not yanked, into *@req (caller
 * frees); *@version (may be NULL) gets that version. The cache's copy of
 * the registry below @home is brought up to date first, unless @offline,
 * when the copy must already be there. -ENOENT when the registry has no
 * such package or only yanked versions of it.
 */
int registry_newest_req(const char *home, const char *url, const char *name,
			bool offline, char **req, char **version,
			struct osdk_err *err);

#endif
