/* SPDX-License-Identifier: MIT */
/* FK-ASM: an assembly source in a service. */
	.text
	ret
