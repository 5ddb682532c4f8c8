/* SPDX-License-Identifier: MIT */
/* Fixture frame: a symbol defined in assembly. */
	.text
	.globl frame_entry_stub
frame_entry_stub:
	ret
