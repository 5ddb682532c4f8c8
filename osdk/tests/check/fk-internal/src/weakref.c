/* SPDX-License-Identifier: MIT */
/* FK-INTERNAL: a frame symbol reached by its name as a string. */
static void fk_secret(void) __attribute__((weakref("arch_secret")));

void fk_call_secret(void)
{
	fk_secret();
}
