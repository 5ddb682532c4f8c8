/* SPDX-License-Identifier: MIT */
/* exec's pieces: arguments, ELF parsing, image loading, the initial stack. */
#ifndef PROCESS_EXEC_INTERNAL_H
#define PROCESS_EXEC_INTERNAL_H

#include "proc_internal.h"

struct file;
struct mm;

#define EXEC_PATH_MAX	    4096
#define EXEC_MAX_ARG_STRLEN 131072u	  /* one string, with its NUL */
#define EXEC_ARG_MIN	    (32u * 4096u) /* ARG_MAX's floor */
#define EXEC_ARG_CEIL	    (6u << 20)	  /* 3/4 of the 8 MiB _STK_LIM */
#define EXEC_SCRIPT_DEPTH   4		  /* nested #! interpreters */
#define EXEC_BUF_SIZE	    256		  /* BINPRM_BUF_SIZE */

/*
 * The argument and environment strings, packed: argc strings, then envc
 * strings, each NUL-terminated, in one heap buffer.
 */
struct exec_args {
	char *buf;
	size_t len, cap;
	unsigned int argc, envc;
	size_t limit; /* bytes of strings and pointers allowed */
};

void exec_args_init(struct exec_args *a, uint64_t stack_rlimit);
void exec_args_release(struct exec_args *a);
/* Append one string (at most @max bytes read): -E2BIG, -ENOMEM. */
int exec_args_push(struct exec_args *a, const char *s, size_t n);
/* The strings from user arrays (NULL array: none): -EFAULT, -E2BIG. */
int exec_args_from_user(struct exec_args *a, uaddr_t argv, uaddr_t envp);
int exec_args_from_kernel(struct exec_args *a, char *const argv[],
			  char *const envp[]);
/* The @i-th string and the size the strings take. */
const char *exec_args_str(const struct exec_args *a, unsigned int i);
/* Replace argv[0] with @interp [@arg] @path (a #! script). */
int exec_args_script(struct exec_args *a, const char *interp, const char *arg,
		     const char *path);
/* -E2BIG when strings and pointers pass the limit. */
int exec_args_check(const struct exec_args *a);

/* ELF64 as exec reads it. */
#define EXEC_PT_LOAD	  1
#define EXEC_PT_DYNAMIC	  2
#define EXEC_PT_INTERP	  3
#define EXEC_PT_PHDR	  6
#define EXEC_PT_GNU_STACK 0x6474e551u
#define EXEC_PF_X	  1u
#define EXEC_PF_W	  2u
#define EXEC_PF_R	  4u
#define EXEC_ET_EXEC	  2
#define EXEC_ET_DYN	  3
#define EXEC_EM_X86_64	  62
#define EXEC_PHDR_MAX	  (65536 / 56)

struct exec_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct exec_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* A parsed, checked ELF file. */
struct exec_elf {
	struct exec_ehdr eh;
	struct exec_phdr *ph; /* eh.phnum entries, heap */
	int interp_idx;	      /* PT_INTERP's index, or -1 */
	bool exec_stack;      /* PT_GNU_STACK with PF_X (or none) */
	uint64_t lo, hi;      /* page span of the PT_LOAD segments */
};

/*
 * exec_elf_check_header() - the ELF header in @buf (@len bytes read):
 * -ENOEXEC when it is not an x86-64 ELF64 executable or shared object.
 */
int exec_elf_check_header(const uint8_t *buf, size_t len,
			  struct exec_ehdr *out);
/*
 * exec_elf_check_phdrs() - the program headers: -EINVAL for a PT_LOAD
 * with p_filesz > p_memsz, misaligned offsets, a segment out of the user
 * range or overlapping another; -ENOEXEC for no PT_LOAD or a bad
 * PT_INTERP. Fills the summary fields of @elf.
 */
int exec_elf_check_phdrs(struct exec_elf *elf);
/* Read and check @f's headers into @elf (ph on the heap). */
int exec_elf_read(struct file *f, const uint8_t *buf, size_t len,
		  struct exec_elf *elf);
void exec_elf_release(struct exec_elf *elf);

/* A loaded image: where it went. */
struct exec_loaded {
	uint64_t bias;	/* load address - p_vaddr */
	uint64_t entry; /* bias + e_entry */
	uint64_t phdr;	/* address of the program headers */
	uint64_t end;	/* highest byte + 1 (brk base) */
};

/*
 * exec_load_elf() - map @elf from @f into @mm: at its addresses
 * (ET_EXEC), at @base (ET_DYN, @base non-zero) or where mm chooses
 * (ET_DYN, @base 0). The bss is zeroed. 0 or -errno (@mm is then the
 * caller's to throw away).
 */
int exec_load_elf(struct mm *mm, struct file *f, const struct exec_elf *elf,
		  uint64_t base, struct exec_loaded *out);

/* The auxiliary vector's inputs. */
struct exec_auxv_in {
	uint64_t phdr, phnum, entry, base, vdso;
	uint32_t uid, euid, gid, egid;
	bool secure;
};

/* Auxiliary vector tags (Linux). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31
#define AT_SYSINFO_EHDR 33
#define AT_MINSIGSTKSZ	51
#define EXEC_AUXV_MAX	24 /* pairs, AT_NULL included */

/*
 * exec_stack_layout() - lay out the initial stack under @top in @img (a
 * kernel image of the top @img_len bytes): strings, platform, random
 * bytes, then argc, argv, envp and auxv with the final stack pointer
 * 16-byte aligned. *@sp receives it. -E2BIG when it does not fit.
 */
int exec_stack_layout(uint8_t *img, size_t img_len, uint64_t top,
		      const struct exec_args *args, const char *execfn,
		      const struct exec_auxv_in *aux, const uint8_t random[16],
		      uint64_t *sp);

/* The bytes the stack layout needs (an upper bound). */
size_t exec_stack_size(const struct exec_args *args, const char *execfn);

/*
 * exec_script_parse() - a "#!" line in @buf (@len bytes, at most
 * EXEC_BUF_SIZE): 1 and the interpreter and its optional argument
 * copied out, 0 when @buf is not a script, -ENOEXEC for a line Linux
 * refuses (no interpreter, or one truncated by the buffer).
 */
int exec_script_parse(const uint8_t *buf, size_t len, char *interp,
		      size_t interp_size, char *arg, size_t arg_size);

/* What exec builds before the point of no return. */
struct exec_image {
	struct mm *mm;
	uint64_t entry, sp;
	struct cred *cred; /* new credentials, or NULL: unchanged */
	char comm[PROC_COMM_LEN];
	struct file *exe; /* the ELF file loaded, referenced */
	uint64_t arg_start, arg_end, env_end; /* the strings on the stack */
};

/*
 * exec_prepare() - open @path (relative to the caller's fs context),
 * follow #! up to EXEC_SCRIPT_DEPTH levels, load the ELF (and its
 * interpreter) into a new mm with the stack: all that can fail. @file,
 * when not NULL, is already open (execveat AT_EMPTY_PATH) and @path is
 * only its name. 0 and @img filled, or -errno with nothing left.
 */
int exec_prepare(const char *path, struct file *file, struct exec_args *args,
		 struct exec_image *img);
void exec_image_release(struct exec_image *img);

/* proc_set_image() - @p's exe and string ranges from @img (whose exe
 * reference it takes); under the tree lock, or before @p is visible */
void proc_set_image(struct proc *p, struct exec_image *img);

/* The execve/execveat core after the copy-in: never returns an error
 * after the point of no return. */
long exec_do(const char *path, struct file *file, struct exec_args *args);

#endif /* PROCESS_EXEC_INTERNAL_H */
