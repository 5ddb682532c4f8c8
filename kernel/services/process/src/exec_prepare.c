/* SPDX-License-Identifier: MIT */
/* exec up to the point of no return: open, #!, ELF, new mm, stack. */
#include "exec_internal.h"

#include <cred/cred.h>
#include <fs/fs.h>
#include <mm/mm.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/random.h>
#include <frame/string.h>

#define EXEC_S_ISUID 04000u
#define EXEC_S_ISGID 02000u
#define EXEC_S_IXGRP 00010u
/* ELF_ET_DYN_BASE: where a PIE goes, plus a random number of pages. */
#define EXEC_DYN_BASE	   0x555555554000ull
#define EXEC_DYN_RND_PAGES 0x10000ull

void exec_image_release(struct exec_image *img)
{
	if (img->mm)
		mm_put(img->mm);
	cred_put(img->cred);
	img->mm = NULL;
	img->cred = NULL;
}

/* The base name of @path, cut to a comm. */
static void exec_comm(char comm[PROC_COMM_LEN], const char *path)
{
	size_t len = strnlen(path, EXEC_PATH_MAX), start = 0;

	for (size_t i = 0; i < len; i++)
		if (path[i] == '/')
			start = i + 1;
	frame_strscpy(comm, path + start, PROC_COMM_LEN);
}

/*
 * The credentials the program runs with: set-id bits applied, and the
 * saved and fs ids made the effective ones, as every exec does in Linux.
 * img->cred stays NULL when nothing changes.
 */
static int exec_creds(struct file *f, struct exec_image *img, bool *secure)
{
	const struct cred *old = cred_current();
	uint32_t uid = old->euid, gid = old->egid, mode = 0;
	uint32_t fuid, fgid;
	struct cred *n;

	struct proc *p = proc_current();
	bool nnp = p && __atomic_load_n(&p->no_new_privs, __ATOMIC_ACQUIRE);

	/* no_new_privs: set-id bits are not honoured. */
	if (!nnp && file_owner_mode(f, &fuid, &fgid, &mode) == 0) {
		if (mode & EXEC_S_ISUID)
			uid = fuid;
		if ((mode & (EXEC_S_ISGID | EXEC_S_IXGRP)) ==
		    (EXEC_S_ISGID | EXEC_S_IXGRP))
			gid = fgid;
	}
	*secure = uid != old->uid || gid != old->gid;
	/* Capability bits given up by capset(2) are recomputed here too. */
	if (uid == old->euid && uid == old->suid && uid == old->fsuid &&
	    gid == old->egid && gid == old->sgid && gid == old->fsgid &&
	    !old->cap_prm_drop && !old->cap_eff_drop)
		return 0;
	n = cred_dup(old);
	if (!n)
		return -ENOMEM;
	n->euid = n->suid = n->fsuid = uid;
	n->egid = n->sgid = n->fsgid = gid;
	cred_caps_exec(n);
	img->cred = n;
	return 0;
}

/* Open @path and read its first bytes; @f non-NULL: already open. */
static int exec_open(const char *path, struct file **f, uint8_t *buf,
		     size_t *len)
{
	ssize_t n;
	int err = 0;

	if (!*f)
		err = fs_open_exec(path, f);
	if (err)
		return err;
	n = file_kernel_read(*f, 0, buf, EXEC_BUF_SIZE);
	if (n < 0)
		return (int)n;
	*len = (size_t)n;
	return 0;
}

/* Load the interpreter named by @elf's PT_INTERP into @mm. */
static int exec_load_interp(struct mm *mm, struct file *f,
			    const struct exec_elf *elf, struct exec_loaded *out)
{
	const struct exec_phdr *ph = &elf->ph[elf->interp_idx];
	size_t n = (size_t)ph->filesz;
	struct file *interp = NULL;
	struct exec_elf ie = { 0 };
	uint8_t buf[EXEC_BUF_SIZE];
	size_t len = 0;
	char *path;
	int err;

	path = frame_alloc(n + 1);
	if (!path)
		return -ENOMEM;
	if (file_kernel_read(f, ph->offset, path, n) != (ssize_t)n) {
		err = -EIO;
		goto out_path;
	}
	path[n] = '\0';
	if (strnlen(path, n + 1) != n - 1) {
		err = -ENOEXEC;
		goto out_path;
	}
	err = exec_open(path, &interp, buf, &len);
	if (err)
		goto out_file;
	err = exec_elf_read(interp, buf, len, &ie);
	if (err == -ENOEXEC)
		err = -ELIBBAD;
	if (err)
		goto out_file;
	err = exec_load_elf(mm, interp, &ie, 0, out);
	exec_elf_release(&ie);
out_file:
	if (interp)
		file_put(interp);
out_path:
	frame_free(path);
	return err;
}

/* The new mm with the program, interpreter, vDSO and stack. */
static int exec_build(struct file *f, const struct exec_elf *elf,
		      struct exec_args *args, const char *execfn, bool secure,
		      struct exec_image *img)
{
	struct exec_loaded main = { 0 }, interp = { 0 };
	struct exec_auxv_in aux = { 0 };
	const struct cred *c = img->cred ? img->cred : cred_current();
	uint64_t base = 0, vdso_addr;
	uint8_t random[16], *stack_img;
	size_t img_len;
	uaddr_t top, vdso;
	int err;

	img->mm = mm_create();
	if (!img->mm)
		return -ENOMEM;
	if (elf->eh.type == EXEC_ET_DYN)
		base = EXEC_DYN_BASE +
		       (frame_random_u64() % EXEC_DYN_RND_PAGES) * 4096;
	err = exec_load_elf(img->mm, f, elf, base, &main);
	if (!err && elf->interp_idx >= 0)
		err = exec_load_interp(img->mm, f, elf, &interp);
	if (err)
		return err;
	mm_set_brk_base(img->mm, uaddr_from_syscall_arg(main.end));
	err = mm_map_vdso(img->mm, &vdso);
	if (err)
		return err;
	vdso_addr = uaddr_value(vdso);
	img_len = ALIGN_UP(exec_stack_size(args, execfn), 4096);
	err = mm_map_stack(img->mm, img_len + (128u << 10), &top);
	if (err)
		return err;
	stack_img = frame_zalloc(img_len);
	if (!stack_img)
		return -ENOMEM;
	aux.phdr = main.phdr;
	aux.phnum = elf->eh.phnum;
	aux.entry = main.entry;
	aux.base = elf->interp_idx >= 0 ? interp.bias : 0;
	aux.vdso = vdso_addr;
	aux.uid = c->uid;
	aux.euid = c->euid;
	aux.gid = c->gid;
	aux.egid = c->egid;
	aux.secure = secure;
	frame_random_bytes(random, sizeof(random));
	err = exec_stack_layout(stack_img, img_len, uaddr_value(top), args,
				execfn, &aux, random, &img->sp);
	if (!err)
		err = mm_write(
			img->mm,
			uaddr_from_syscall_arg(uaddr_value(top) - img_len),
			stack_img, img_len);
	frame_free(stack_img);
	img->entry = elf->interp_idx >= 0 ? interp.entry : main.entry;
	return err;
}

int exec_prepare(const char *path, struct file *file, struct exec_args *args,
		 struct exec_image *img)
{
	char *interp = NULL, *arg = NULL, *cur = NULL;
	struct exec_elf elf = { 0 };
	uint8_t buf[EXEC_BUF_SIZE];
	struct file *f = file;
	bool secure = false;
	size_t len = 0;
	int err, depth = 0;

	img->mm = NULL;
	img->cred = NULL;
	exec_comm(img->comm, path);
	interp = frame_alloc(EXEC_BUF_SIZE);
	arg = frame_alloc(EXEC_BUF_SIZE);
	cur = frame_alloc(EXEC_PATH_MAX);
	if (!interp || !arg || !cur) {
		err = -ENOMEM;
		goto out;
	}
	frame_strscpy(cur, path, EXEC_PATH_MAX);
	if (f)
		file_get(f);
	for (;;) {
		err = exec_open(cur, &f, buf, &len);
		if (err)
			goto out;
		err = exec_script_parse(buf, len, interp, EXEC_BUF_SIZE, arg,
					EXEC_BUF_SIZE);
		if (err < 0)
			goto out;
		if (err == 0)
			break;
		if (++depth > EXEC_SCRIPT_DEPTH) {
			err = -ELOOP;
			goto out;
		}
		/* argv[0] becomes: interpreter [argument] script-path. */
		err = exec_args_script(args, interp, arg, cur);
		if (err)
			goto out;
		file_put(f);
		f = NULL;
		frame_strscpy(cur, interp, EXEC_PATH_MAX);
	}
	err = exec_elf_read(f, buf, len, &elf);
	if (err)
		goto out;
	err = exec_creds(f, img, &secure);
	if (!err)
		err = exec_build(f, &elf, args, path, secure, img);
	exec_elf_release(&elf);
out:
	if (f)
		file_put(f);
	if (err)
		exec_image_release(img);
	frame_free(interp);
	frame_free(arg);
	frame_free(cur);
	return err;
}
