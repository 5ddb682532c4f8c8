/* SPDX-License-Identifier: MIT */
/* A pipe's two ends as files. */
#ifndef IPC_PIPE_FILE_H
#define IPC_PIPE_FILE_H

#include <frame/types.h>

struct file;
struct pipe;

/*
 * pipe_files_create() - a new pipe and its read and write end files (one
 * reference each), both with O_NONBLOCK when @nonblock. 0 or -ENOMEM.
 */
int pipe_files_create(bool nonblock, struct file **rd, struct file **wr);

#endif /* IPC_PIPE_FILE_H */
