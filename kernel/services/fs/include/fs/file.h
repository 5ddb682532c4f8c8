/* SPDX-License-Identifier: MIT */
/* Open files: the refcounted object every descriptor refers to. */
#ifndef FS_FILE_H
#define FS_FILE_H

#include <frame/sync.h>
#include <frame/types.h>

#include <fs/abi.h>

struct mm_backing;
struct vm_reader;
struct vm_writer;
struct file;

/*
 * A package's hook in a file it created. The package embeds a struct
 * file_priv in its own object (a pipe end, a tty), hands it to
 * file_create_anon() or file_set_priv(), and finds its object again with
 *
 *	struct file_priv *p = file_priv(f, &pipe_read_ops);
 *	struct pipe_end *e = container_of(p, struct pipe_end, priv);
 *
 * file_priv() returns the hook only when @f was made with those same ops,
 * so a package can never recover "its" object from someone else's file.
 * The member is fs's; a package only embeds the struct.
 */
struct file_priv {
	const struct file_ops *owner_;
};

/* One buffer of a readv/writev vector (struct iovec's layout). */
struct file_iovec {
	uint64_t base, len;
};

/*
 * What a file does. Every member may be NULL, meaning:
 * read/write: -EINVAL; ioctl: -ENOTTY; poll: always readable and
 * writable (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM); llseek: the
 * generic seek over the inode size for files with an inode, -ESPIPE
 * otherwise; getdents: -ENOTDIR; release: nothing; backing: not mappable
 * (-ENODEV).
 *
 * @read: copy up to vm_writer_remain(w) bytes to @w starting at *@pos,
 *   advance *@pos (which is the file's position, or pread's offset); the
 *   number of bytes, 0 at end of file, or -errno. A short copy after a
 *   fault returns the bytes done (or -EFAULT when none). A blocking read
 *   checks file_flags() for O_NONBLOCK (-EAGAIN) and returns
 *   -ERESTARTSYS when a signal interrupts it.
 * @write: likewise from @r. -EPIPE makes the caller raise SIGPIPE.
 * @ioctl: @arg is the raw syscall argument (a user address for most
 *   commands: uaddr_from_syscall_arg(arg)).
 * @poll: the events ready now; when @p is not NULL, also register the
 *   file's wait queues with fs_poll_wait(@p, wq) so that a change wakes
 *   the poller (the waker must make the condition true, then wake).
 * @llseek: the new position for (@off, @whence) given the current *@pos,
 *   stored in *@pos; the position, or -EINVAL / -ESPIPE.
 * @getdents: linux_dirent64 records to @w from directory cursor *@pos;
 *   bytes written, 0 at the end, -EINVAL when the first does not fit.
 * @release: the last reference to the file is gone.
 * @backing: the object for mmap, referenced, or NULL (not mappable).
 * @fcntl: the fcntl commands fs does not handle itself (a pipe's
 *   F_GETPIPE_SZ/F_SETPIPE_SZ); NULL: -EINVAL.
 * @rwv: readv/writev (not the positional forms) of the whole vector
 *   @iov[@cnt] (lengths already checked) as one transfer: the bytes moved
 *   or -errno, as @read/@write. A socket needs it: one datagram per call.
 *   NULL: @read/@write once per buffer.
 * @write_kernel: @write from the kernel buffer @buf of @n bytes
 *   (sendfile, copy_file_range), which it reads only; same results,
 *   blocking and signals as @write. NULL: the file cannot be a sendfile target
 * (-EINVAL).
 */
struct file_ops {
	ssize_t (*read)(struct file *f, struct vm_writer *w, uint64_t *pos);
	ssize_t (*write)(struct file *f, struct vm_reader *r, uint64_t *pos);
	long (*ioctl)(struct file *f, unsigned int cmd, uint64_t arg);
	unsigned int (*poll)(struct file *f, struct frame_poller *p);
	int64_t (*llseek)(struct file *f, int64_t off, int whence,
			  uint64_t *pos);
	ssize_t (*getdents)(struct file *f, struct vm_writer *w, uint64_t *pos);
	void (*release)(struct file *f);
	struct mm_backing *(*backing)(struct file *f);
	long (*fcntl)(struct file *f, unsigned int cmd, uint64_t arg);
	ssize_t (*write_kernel)(struct file *f, uint8_t *buf, size_t n,
				uint64_t *pos);
	ssize_t (*rwv)(struct file *f, const struct file_iovec *iov, int cnt,
		       bool write);
};

/*
 * fs_poll_wait() - from a file's poll op: make the poller @p (NULL: do
 * nothing) wake up when @wq is woken. The entry comes from the poll or
 * select call that owns @p; @wq must live until that call returns (a
 * file's queues do, since the call holds a reference to the file).
 */
void fs_poll_wait(struct frame_poller *p, struct frame_waitq *wq);

/*
 * Persistent poll registrations (epoll). poll and select register a
 * file's queues for the length of one call; a watcher that stays
 * registered across calls embeds a struct fs_poll_hook in its object,
 * sets it up with fs_poll_hook_init(h, @queue) and calls
 * fs_poll_file(f, h): the file's poll op then calls @queue(h, wq) for each
 * of its wait queues instead of adding a one-shot entry, and @queue
 * usually installs a wake callback (frame_waitq_add_callback()) in the
 * watcher's object, found from @h with container_of(). The queues live
 * until the file's last reference goes, so the watcher must remove its
 * callbacks by then: see the watch list below. Members are fs's.
 */
struct fs_poll_hook {
	struct frame_poller p_;
	void (*queue_)(struct fs_poll_hook *h, struct frame_waitq *wq);
};

void fs_poll_hook_init(struct fs_poll_hook *h,
		       void (*queue)(struct fs_poll_hook *h,
				     struct frame_waitq *wq));

/*
 * fs_poll_file() - the events of @f ready now (its poll op, or the
 * default of a file without one); with @h not NULL, also register @f's
 * queues through @h. Task context.
 */
unsigned int fs_poll_file(struct file *f, struct fs_poll_hook *h);

/* fs_file_pollable() - whether @f has a poll op (epoll refuses the rest,
 * regular files and directories among them, with EPERM as Linux does) */
bool fs_file_pollable(const struct file *f);

/*
 * The watch list of a file: who must hear of its last reference. A
 * watcher (an epoll item) does not hold a reference to the file it
 * watches, so that close(2) ends the file as it would without it; it
 * links a struct fs_watch into the file's list instead, and the release
 * function set with fs_set_watch_release() runs at the last file_put() of
 * every file that ever had a watch, before ops->release, so the watcher
 * can unhook itself (it unlinks its watches with file_watch_del()). The
 * list has no lock of its own: the watcher serialises every call on it,
 * and its release function, with its own lock. Members are fs's.
 */
struct fs_watch {
	struct fs_watch *next_, **pprev_;
	struct file *file_;
};

/* file_watch_add() - link @w into @f's list (@w not linked) */
void file_watch_add(struct file *f, struct fs_watch *w);
/* file_watch_del() - unlink @w; nothing when it is not linked */
void file_watch_del(struct fs_watch *w);
/* file_watch_first() - a watch of @f, NULL when none; fs_watch_next() -
 * the one after @w in its file's list, NULL at the end */
struct fs_watch *file_watch_first(struct file *f);
struct fs_watch *fs_watch_next(const struct fs_watch *w);
/* fs_watch_file() - the file @w is linked to, NULL when not linked */
struct file *fs_watch_file(const struct fs_watch *w);
/* fs_set_watch_release() - set the one release function (NULL: none),
 * returning the one before; it may sleep, and must not drop the last
 * reference to a file */
typedef void fs_watch_release_fn(struct file *f);
fs_watch_release_fn *fs_set_watch_release(fs_watch_release_fn *fn);

/* file_get() / file_put() - one more reference / drop one (the last one
 * runs the watch release, calls ops->release and frees the file) */
void file_get(struct file *f);
void file_put(struct file *f);

/* file_ref_count() - a snapshot of @f's references, which may change the
 * moment after; AF_UNIX's collector of passed sockets reads it under
 * rules that make a stale value safe (net's unix_gc.c) */
uint32_t file_ref_count(const struct file *f);

/*
 * file_create_anon() - a file with no name (a pipe end, an eventfd)
 * @ops: its operations (static storage)
 * @oflags: O_ACCMODE | O_NONBLOCK | O_APPEND bits it starts with
 * @priv: the package's hook, or NULL; recovered with file_priv(f, @ops)
 *
 * One reference, or NULL when out of memory. The descriptor's rights are
 * chosen at fd_install() (fd_rights_for_oflags() gives the usual ones).
 */
struct file *file_create_anon(const struct file_ops *ops, unsigned int oflags,
			      struct file_priv *priv);

/* file_set_anon_mode() - the st_mode fstat and statx show for the
 * anonymous file @f (a socket: S_IFSOCK | 0777, as Linux's sockets);
 * set once, before @f is installed. Without it, a pipe's. */
void file_set_anon_mode(struct file *f, unsigned int mode);

/* file_open_attach() - from a FIFO's open (struct fs_fifo_ops): @f
 * takes @ops and the hook @priv */
void file_open_attach(struct file *f, const struct file_ops *ops,
		      struct file_priv *priv);

/* file_set_priv() - attach @priv (for a chrdev's open callback) */
void file_set_priv(struct file *f, struct file_priv *priv);

/* file_priv() - the hook of @f if @f was made with @ops, else NULL */
struct file_priv *file_priv(struct file *f, const struct file_ops *ops);

/* file_ops_of() - the operations of @f */
const struct file_ops *file_ops_of(const struct file *f);

/* file_flags() - O_ACCMODE, O_APPEND, O_NONBLOCK... as fcntl(F_GETFL)
 * shows them; file_set_status_flags() changes O_APPEND, O_NONBLOCK,
 * O_ASYNC, O_DIRECT and O_NOATIME only (F_SETFL) */
unsigned int file_flags(const struct file *f);
void file_set_status_flags(struct file *f, unsigned int flags);

/*
 * file_kernel_read() - read @n bytes of a regular file at @off into a
 * kernel buffer (exec reads ELF headers with it; a synthetic file gives
 * the content its open made). Bytes read (short at end of file), -EINVAL
 * for a file that is not a regular file of fs's.
 */
ssize_t file_kernel_read(struct file *f, uint64_t off, void *buf, size_t n);

/* file_backing() - the mmap object of @f, referenced, or NULL */
struct mm_backing *file_backing(struct file *f);

/* file_owner_mode() - the owner, group and st_mode of @f's inode (exec's
 * set-id bits, hidden when @f was opened through a nosuid mount); -EINVAL
 * for a file without an inode */
int file_owner_mode(struct file *f, uint32_t *uid, uint32_t *gid,
		    uint32_t *mode);

#endif /* FS_FILE_H */
