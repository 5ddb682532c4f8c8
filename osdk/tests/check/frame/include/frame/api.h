/* SPDX-License-Identifier: MIT */
/* Fixture frame: a public function. */
#ifndef FRAME_API_H
#define FRAME_API_H

void frame_public_fn(int x);

#endif
