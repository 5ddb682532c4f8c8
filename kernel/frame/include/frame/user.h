/* SPDX-License-Identifier: MIT */
/* User addresses, and the only ways to read and write user memory. */
#ifndef FRAME_USER_H
#define FRAME_USER_H

#include <frame/compiler.h>
#include <frame/types.h>

struct frame_page;
struct vm_space;

/*
 * An address in a user address space. A service never dereferences one:
 * it is a struct, not a pointer, so `*p` does not compile, and the member
 * is the frame's (the framekernel rules forbid services to name it, and
 * osdk check is to enforce that). Services make them from syscall
 * arguments, do arithmetic with the helpers below, and hand them to the
 * readers and writers, which check every access.
 *
 * Why in the frame: a user address may be unmapped, point into the kernel,
 * or be non-canonical; touching it is safe only in code that the CPU's
 * fault can resume (the exception table) with SMAP opened just for that
 * access. Only the frame can have such code.
 */
typedef struct {
	unsigned long raw_;
} uaddr_t;

/* uaddr_from_syscall_arg() - a user address passed in a register */
static inline uaddr_t uaddr_from_syscall_arg(unsigned long v)
{
	return (uaddr_t){ v };
}

/*
 * uaddr_value() - the address as a number: for alignment and range
 * arithmetic, comparisons, and returning it to user space (mmap). The
 * number cannot become a pointer in a service (casts are forbidden).
 */
/*@ assigns \nothing; ensures \result == a.raw_; */
static inline unsigned long uaddr_value(uaddr_t a)
{
	return a.raw_;
}

/* uaddr_add() - @a + @n, wrapping like the CPU; the readers and writers
 * reject ranges that wrap */
static inline uaddr_t uaddr_add(uaddr_t a, size_t n)
{
	return (uaddr_t){ a.raw_ + n };
}

static inline bool uaddr_is_null(uaddr_t a)
{
	return a.raw_ == 0;
}

/*
 * Every user access goes to the calling task's address space (the one
 * vm_space_activate() or umode_run() gave it, <frame/vm.h>), whichever
 * CPU it runs on. A task without a space (a kernel task) gets -EFAULT.
 *
 * Faults: when an access hits a page that is not mapped, or a read-only
 * page it wants to write, and the space has a fault hook (struct
 * vm_fault_hook), the frame asks the hook to resolve it and retries, at
 * most VM_FAULT_RETRIES times without progress. That happens only where
 * the caller may sleep; under a spinlock, with interrupts off or in an
 * interrupt handler the access fails with -EFAULT instead, as the
 * *_nofault copies always do.
 *
 * A reader or writer covers one range of user memory in the calling
 * task's space when it is made, and moves through it as it copies
 * (Asterinas's VmReader/VmWriter). Make one on the stack with
 * vm_reader_init(); the members are private. It only works in the space
 * it was made in: once the task has another (or none), every call fails
 * with -EFAULT.
 *
 * Every call returns 0 or -EFAULT. -EFAULT means part of the range is
 * unmapped or not writable (and no hook resolved it), or lies outside the
 * user half (kernel or non-canonical addresses), or the call asked for
 * more than remains. When a fault stops a copy part-way, the position
 * advances past the bytes that were copied, so vm_reader_remain() tells
 * how far it got (a read() that returns a short count needs that).
 */
struct __frame_nocopy vm_reader {
	unsigned long cur_, end_;
	uint64_t space_id_;
};

struct __frame_nocopy vm_writer {
	unsigned long cur_, end_;
	uint64_t space_id_;
};

/*
 * vm_reader_init() - a reader for [@addr, @addr + @len) of the calling
 * task's address space. 0, or -EFAULT when the range wraps or leaves the
 * user half (a zero-length range is fine anywhere in it, at its end too).
 */
int vm_reader_init(struct vm_reader *r, uaddr_t addr, size_t len);

/* vm_reader_remain() - bytes left to read */
size_t vm_reader_remain(const struct vm_reader *r);

/* vm_reader_pos() - the next address to read */
uaddr_t vm_reader_pos(const struct vm_reader *r);

/* vm_reader_read() - copy the next @n bytes into @dst */
int vm_reader_read(struct vm_reader *r, void *dst, size_t n);

/* vm_reader_skip() - move @n bytes on without reading (-EFAULT past the
 * end) */
int vm_reader_skip(struct vm_reader *r, size_t n);

/*
 * vm_reader_read_to_page() - copy the next @n bytes into @page at @offset,
 * without a bounce buffer. -EINVAL when that runs past the end of the
 * block (nothing copied).
 */
int vm_reader_read_to_page(struct vm_reader *r, struct frame_page *page,
			   size_t offset, size_t n);

/* The writer's counterparts. */
int vm_writer_init(struct vm_writer *w, uaddr_t addr, size_t len);
size_t vm_writer_remain(const struct vm_writer *w);
uaddr_t vm_writer_pos(const struct vm_writer *w);

/* vm_writer_write() - copy @n bytes from @src to the next user bytes */
int vm_writer_write(struct vm_writer *w, const void *src, size_t n);

/* vm_writer_fill() - set the next @n user bytes to @c (zeroing a bss) */
int vm_writer_fill(struct vm_writer *w, int c, size_t n);

/* vm_writer_write_from_page() - copy @n bytes of @page from @offset;
 * -EINVAL when that runs past the end of the block */
int vm_writer_write_from_page(struct vm_writer *w,
			      const struct frame_page *page, size_t offset,
			      size_t n);

/*
 * One-shot copies, for the common case of one buffer. 0 or -EFAULT.
 * frame_copy_from_user() zeroes what it could not copy, so no stale
 * kernel bytes survive in @dst after a failed copy.
 */
int frame_copy_from_user(void *dst, uaddr_t src, size_t n);
int frame_copy_to_user(uaddr_t dst, const void *src, size_t n);
int frame_clear_user(uaddr_t dst, size_t n);

/*
 * The copies for code that holds a spinlock (a futex bucket, a pipe's
 * buffer): never call the fault hook, never sleep; a page that is not
 * mapped and writable as needed fails the copy with -EFAULT, and the
 * caller drops its lock and retries with the faulting copies above.
 * Otherwise as frame_copy_from_user() and frame_copy_to_user().
 */
int frame_copy_from_user_nofault(void *dst, uaddr_t src, size_t n);
int frame_copy_to_user_nofault(uaddr_t dst, const void *src, size_t n);

/*
 * frame_strncpy_from_user() - copy a NUL-terminated user string
 * @dst: receives the string, always NUL-terminated when @size >= 1
 * @size: size of @dst, counting the NUL
 *
 * Returns the string's length (without the NUL); -ENAMETOOLONG when no
 * NUL comes within @size bytes (@dst then holds the first @size - 1);
 * -EFAULT when the string runs into memory that cannot be read before
 * its NUL; -EINVAL when @size is 0.
 */
ssize_t frame_strncpy_from_user(char *dst, uaddr_t src, size_t size);

/*
 * Atomic operations on a 32-bit user word, for futexes (FUTEX_WAIT's
 * compare, FUTEX_WAKE_OP's operation, robust-list and PI words).
 *
 * Why in the frame: a locked read-modify-write of user memory needs the
 * exception table and an open SMAP window around a single instruction.
 * Contract: @addr must be 4-byte aligned (-EINVAL otherwise) and in the
 * calling task's space; a fault goes to the space's fault hook as for the
 * copies (as a write, but for frame_user_load_u32()), and fails with
 * -EFAULT where that is not possible. The operation is atomic against
 * user threads on every CPU and against other calls here. *@old receives
 * the value the word held before.
 */
enum frame_user_op {
	FRAME_USER_SET, /* exchange: the word becomes @arg */
	FRAME_USER_ADD,
	FRAME_USER_OR,
	FRAME_USER_AND, /* futex ANDN: pass ~arg */
	FRAME_USER_XOR,
};

/* frame_user_load_u32() - read the word (one load, never torn) */
int frame_user_load_u32(uaddr_t addr, uint32_t *old);

/*
 * frame_user_cmpxchg_u32() - if the word is @expected, make it @desired;
 * 0 whether or not it was (compare *@old with @expected to tell)
 */
int frame_user_cmpxchg_u32(uaddr_t addr, uint32_t expected, uint32_t desired,
			   uint32_t *old);

/* frame_user_atomic_u32() - apply @op with @arg to the word; -EINVAL also
 * for an unknown @op */
int frame_user_atomic_u32(uaddr_t addr, enum frame_user_op op, uint32_t arg,
			  uint32_t *old);

#endif /* FRAME_USER_H */
