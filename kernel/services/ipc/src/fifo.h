/* SPDX-License-Identifier: MIT */
/* FIFOs: a named node's pipe, made at the first open, freed with the node. */
#ifndef IPC_FIFO_H
#define IPC_FIFO_H

#include <frame/types.h>

struct fifo;

/* fifo_end_closed() - a FIFO file went away with its read and/or write
 * side: the pipe goes (its bytes dropped) when the last end closes */
void fifo_end_closed(struct fifo *fifo, bool reader, bool writer);

/* What fifo_register() hands fs (ktests call it directly). */
struct fs_fifo_ops;
extern const struct fs_fifo_ops ipc_fifo_ops;

/* fifo_register() - hand fs the FIFO operations (ipc_init) */
void fifo_register(void);

#endif /* IPC_FIFO_H */
