/* SPDX-License-Identifier: MIT */
/* FK-INTERNAL: the frame's internals, declared and used by hand. */
#include <frame/types.h>

void arch_secret(void);
extern unsigned long frame_hidden_counter;
extern char frame_image_end[];
void frame_public_fn(int x);
int __fk_reserved(void);

void frame_hook(void)
{
}

void fk_internal_calls(void)
{
	arch_secret();
	frame_hidden_counter++;
}
