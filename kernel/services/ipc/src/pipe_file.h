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

/*
 * pipe_fifo_attach() - make @f, a file being opened on a FIFO, an end of
 * @p (already counted with pipe_open_end() for each side it holds):
 * reading, writing or both. Its release hands the ends back to @fifo.
 * 0 or -ENOMEM (nothing attached).
 */
struct fifo;
int pipe_fifo_attach(struct file *f, struct pipe *p, struct fifo *fifo,
		     bool reader, bool writer);

#endif /* IPC_PIPE_FILE_H */
