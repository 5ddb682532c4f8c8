/* SPDX-License-Identifier: MIT */
/* ktests running small user programs through the real user loop. */
#include <syscall/syscall.h>

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/vm.h>
#include <fs/abi.h>
#include <fs/fs.h>
#include <fs/syscalls.h>
#include <mm/mm.h>
#include <process/process.h>
#include <process/test_env.h>
#include <signal/signal.h>

/* The shared set-up with 2 pages to talk through, and the real loop. */
static int ul_env_up(struct proc_test_env *e)
{
	int err = proc_test_env_up(e, 2);

	return err ? err : syscall_init();
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * Write an executable /ul/@name: an ELF64 with one read+execute segment
 * at 0x400000 holding @code after the headers, entry at the code.
 */
static int ul_install(struct proc_test_env *e, const char *name,
		      const uint8_t *code, size_t n)
{
	enum { HDR = 64 + 56, BASE = 0x400000 };
	uint8_t img[256] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	char path[32] = "/ul/";

	if (HDR + n > sizeof(img))
		return -E2BIG;
	frame_strscat(path, name, sizeof(path));
	put_le(img + 16, 2, 2);		 /* ET_EXEC */
	put_le(img + 18, 62, 2);	 /* EM_X86_64 */
	put_le(img + 20, 1, 4);		 /* EV_CURRENT */
	put_le(img + 24, BASE + HDR, 8); /* entry */
	put_le(img + 32, 64, 8);	 /* phoff */
	put_le(img + 52, 64, 2);	 /* ehsize */
	put_le(img + 54, 56, 2);	 /* phentsize */
	put_le(img + 56, 1, 2);		 /* phnum */
	put_le(img + 64, 1, 4);		 /* PT_LOAD */
	put_le(img + 68, 5, 4);		 /* PF_R | PF_X */
	put_le(img + 80, BASE, 8);	 /* vaddr */
	put_le(img + 88, BASE, 8);	 /* paddr */
	put_le(img + 96, HDR + n, 8);	 /* filesz */
	put_le(img + 104, HDR + n, 8);	 /* memsz */
	put_le(img + 112, 0x1000, 8);	 /* align */
	memcpy(img + HDR, code, n);
	/* the directory first (EEXIST after the first program) */
	proc_test_mkdir(e, "/ul");
	return proc_test_write_file(e, path, img, HDR + n, 0755);
}

/* Run /ul/@name as PID 1; its wait status, or -errno. */
static int ul_run(const char *name)
{
	char path[32] = "/ul/";
	char *argv[] = { path, NULL };
	char *envp[] = { NULL };
	int err;

	frame_strscat(path, name, sizeof(path));
	err = proc_spawn_init(path, argv, envp);
	return err ? err : proc_wait_init();
}

/* uname(buf on the stack); exit_group(buf.sysname[0]) */
static const uint8_t prog_uname[] = {
	0x48, 0x81, 0xec, 0x90, 0x01, 0,    0,	  /* sub rsp, 400 */
	0x48, 0x89, 0xe7,			  /* mov rdi, rsp */
	0xb8, 0x3f, 0,	  0,	0,    0x0f, 0x05, /* uname */
	0x0f, 0xb6, 0x3c, 0x24,			  /* movzx edi, [rsp] */
	0xb8, 0xe7, 0,	  0,	0,    0x0f, 0x05, /* exit_group */
};

/* syscall 400 (no such call); exit_group(-rax) */
static const uint8_t prog_nosys[] = {
	0xb8, 0x90, 0x01, 0,	0, 0x0f, 0x05, /* syscall 400 */
	0xf7, 0xd8, 0x89, 0xc7,		       /* neg eax; mov edi, eax */
	0xb8, 0xe7, 0,	  0,	0, 0x0f, 0x05, /* exit_group */
};

static const uint8_t prog_ud2[] = { 0x0f, 0x0b };
static const uint8_t prog_div0[] = { 0x31, 0xc9, 0xf7, 0xf1 };
static const uint8_t prog_segv[] = { 0xc7, 0x04, 0x25, 0x08, 0, 0,
				     0,	   0x01, 0,    0,    0 };
static const uint8_t prog_int3[] = { 0xcc };
static const uint8_t prog_hlt[] = { 0xf4 };
/* a write to the read-only text: SEGV_ACCERR, still SIGSEGV */
static const uint8_t prog_rodata[] = { 0xc7, 0x04, 0x25, 0x00, 0x00, 0x40,
				       0x00, 0x01, 0,	 0,    0 };

KTEST(syscall_user_loop_runs_programs)
{
	static const struct {
		const char *name;
		const uint8_t *code;
		size_t n;
	} progs[] = {
		{ "uname", prog_uname, sizeof(prog_uname) },
		{ "nosys", prog_nosys, sizeof(prog_nosys) },
		{ "ud2", prog_ud2, sizeof(prog_ud2) },
		{ "div0", prog_div0, sizeof(prog_div0) },
		{ "segv", prog_segv, sizeof(prog_segv) },
		{ "int3", prog_int3, sizeof(prog_int3) },
		{ "hlt", prog_hlt, sizeof(prog_hlt) },
		{ "rodata", prog_rodata, sizeof(prog_rodata) },
	};
	int st[ARRAY_SIZE(progs)];
	struct proc_test_env e = { 0 };
	int err = ul_env_up(&e);

	for (size_t i = 0; !err && i < ARRAY_SIZE(progs); i++)
		err = ul_install(&e, progs[i].name, progs[i].code, progs[i].n);
	proc_test_env_down(&e);
	KT_ASSERT_OK(err);
	for (size_t i = 0; i < ARRAY_SIZE(progs); i++)
		st[i] = ul_run(progs[i].name);

	KT_ASSERT_EQ(st[0], 'L' << 8);	    /* exited, code 'L' of "Linux" */
	KT_ASSERT_EQ(st[1], ENOSYS << 8);   /* -ENOSYS came back */
	KT_ASSERT_EQ(st[2] & 0x7f, SIGILL); /* #UD */
	KT_ASSERT_EQ(st[3] & 0x7f, SIGFPE); /* #DE */
	KT_ASSERT_EQ(st[4] & 0x7f, SIGSEGV);
	KT_ASSERT_EQ(st[5] & 0x7f, SIGTRAP); /* #BP */
	KT_ASSERT_EQ(st[6] & 0x7f, SIGSEGV); /* #GP */
	KT_ASSERT_EQ(st[7] & 0x7f, SIGSEGV);
}
