/* SPDX-License-Identifier: MIT */
/* suggest.h - "did you mean" for misspelt keys, commands and options. */
#ifndef OSDK_UTIL_SUGGEST_H
#define OSDK_UTIL_SUGGEST_H

#include <stddef.h>

/* Optimal-string-alignment edit distance between a and b. */
size_t suggest_distance(const char *a, const char *b);

/*
 * The candidate closest to `word`, or NULL when none is close enough to be a
 * plausible typo (distance at most a third of the longer word, at least 1).
 * `cands` is terminated by NULL.
 */
const char *suggest_closest(const char *word, const char *const *cands);

#endif
