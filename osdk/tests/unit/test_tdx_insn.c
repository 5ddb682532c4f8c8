/* SPDX-License-Identifier: MIT */
/* test_tdx_insn.c - the frame's #VE MOV decoder against as and objdump. */
#include "unit.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* The decoder itself, compiled for the host: it needs only
 * <frame/types.h> and <frame/errno.h>. */
#include "../../../kernel/frame/src/arch/x86_64/tdx/insn.c"

extern char **environ;

/* Run @argv with stdout to @out (or inherited); its exit status, -1. */
static int run(char *const argv[], const char *out)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st = -1;

	posix_spawn_file_actions_init(&fa);
	if (out)
		posix_spawn_file_actions_addopen(
			&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) == 0 &&
	    waitpid(pid, &st, 0) == pid && WIFEXITED(st))
		st = WEXITSTATUS(st);
	else
		st = -1;
	posix_spawn_file_actions_destroy(&fa);
	return st;
}

static const char *const reg64[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const reg32[16] = {
	"eax", "ecx", "edx",  "ebx",  "esp",  "ebp",  "esi",  "edi",
	"r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const reg16[16] = {
	"ax",  "cx",  "dx",   "bx",   "sp",   "bp",   "si",   "di",
	"r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const reg8[16] = {
	"al",  "cl",  "dl",   "bl",   "spl",  "bpl",  "sil",  "dil",
	"r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};
static const char *const reg8h[4] = { "ah", "ch", "dh", "bh" };

static const char *reg_name(int n, unsigned int size, bool high8)
{
	if (high8)
		return reg8h[n & 3];
	return size == 8   ? reg64[n]
	       : size == 4 ? reg32[n]
	       : size == 2 ? reg16[n]
			   : reg8[n];
}

/* The memory operand as objdump prints it in AT&T syntax. */
static void mem_text(const struct tdx_insn *in, char *buf, size_t size)
{
	char disp[32] = "";
	size_t n;

	if (in->disp || in->rip_relative || in->base == TDX_INSN_NO_REG ||
	    (in->base & 7) == 5)
		snprintf(disp, sizeof(disp), "%s0x%x", in->disp < 0 ? "-" : "",
			 in->disp < 0 ? -(unsigned int)in->disp
				      : (unsigned int)in->disp);
	n = (size_t)snprintf(buf, size, "%s", disp);
	if (in->rip_relative)
		snprintf(buf + n, size - n, "(%%rip)");
	else if (in->index != TDX_INSN_NO_REG)
		snprintf(buf + n, size - n, "(%s%s,%%%s,%u)",
			 in->base == TDX_INSN_NO_REG ? "" : "%",
			 in->base == TDX_INSN_NO_REG ? "" : reg64[in->base],
			 reg64[in->index], in->scale);
	else if (in->base != TDX_INSN_NO_REG)
		snprintf(buf + n, size - n, "(%%%s)", reg64[in->base]);
}

/* The operands as objdump prints them, source first. */
static void operands_text(const struct tdx_insn *in, char *buf, size_t size)
{
	char mem[64];
	uint64_t mask =
		in->mem_size == 8 ? ~0ull : (1ull << (8 * in->mem_size)) - 1;

	mem_text(in, mem, sizeof(mem));
	switch (in->kind) {
	case TDX_INSN_STORE:
		snprintf(buf, size, "%%%s,%s",
			 reg_name(in->reg, in->reg_size, in->reg_high8), mem);
		break;
	case TDX_INSN_STORE_IMM:
		snprintf(buf, size, "$0x%llx,%s",
			 (unsigned long long)(in->imm & mask), mem);
		break;
	default:
		snprintf(buf, size, "%s,%%%s", mem,
			 reg_name(in->reg, in->reg_size, in->reg_high8));
		break;
	}
}

static const char *const mems[] = {
	"(%rax)",
	"(%rsp)",
	"(%rbp)",
	"(%r12)",
	"(%r13)",
	"0x10(%rbx)",
	"-0x80(%rsi)",
	"0x12345678(%rdi)",
	"-0x1000(%r9)",
	"(%rax,%rbx,1)",
	"0x8(%rcx,%r12,4)",
	"-0x4(%r10,%r11,8)",
	"0x40(,%rdx,2)",
	"0x1000",
	"0x20(%rip)",
	"(%r13,%r14,2)",
	"0x7f(%r15,%rbp,1)",
};

/* Registers of each size, chosen to cover REX.R, high bytes and SPL. */
static const char *const regs[4][6] = {
	{ "%al", "%ah", "%bh", "%sil", "%r9b", "%r15b" },
	{ "%ax", "%bx", "%di", "%r8w", "%r12w", "%r15w" },
	{ "%eax", "%ecx", "%esp", "%ebp", "%r11d", "%r14d" },
	{ "%rax", "%rdx", "%rsp", "%rdi", "%r8", "%r15" },
};
static const char sfx[4] = { 'b', 'w', 'l', 'q' };
static const char *const imms[4][3] = {
	{ "0", "0x7f", "-1" },
	{ "0", "0x1234", "-2" },
	{ "0", "0x12345678", "-1" },
	{ "0", "0x7fffffff", "-0x80000000" },
};
static const char *const widen[] = {
	"movzbw", "movzbl", "movzbq", "movzwl", "movzwq", "movsbw",
	"movsbl", "movsbq", "movswl", "movswq", "movslq",
};

/* Writes every form to @f; returns how many instructions. */
static int write_forms(FILE *f)
{
	int n = 0;

	for (size_t m = 0; m < sizeof(mems) / sizeof(mems[0]); m++) {
		for (int s = 0; s < 4; s++) {
			for (int r = 0; r < 6; r++) {
				/* AH-BH cannot be used with a REX prefix. */
				bool rex = strstr(mems[m], "%r1") ||
					   strstr(mems[m], "%r8") ||
					   strstr(mems[m], "%r9");

				if (s == 0 && (r == 1 || r == 2) && rex)
					continue;
				fprintf(f, "mov%c %s,%s\nmov%c %s,%s\n", sfx[s],
					regs[s][r], mems[m], sfx[s], mems[m],
					regs[s][r]);
				n += 2;
			}
			for (int i = 0; i < 3; i++, n++)
				fprintf(f, "mov%c $%s,%s\n", sfx[s], imms[s][i],
					mems[m]);
		}
		for (size_t w = 0; w < sizeof(widen) / sizeof(widen[0]); w++) {
			char d = widen[w][5];
			const char *dst = d == 'w'   ? "%r10w"
					  : d == 'l' ? "%edx"
						     : "%r13";

			fprintf(f, "%s %s,%s\n", widen[w], mems[m], dst);
			n++;
		}
	}
	return n;
}

/* Instructions near the forms that must not be taken for them. */
static const char *const others =
	"add %eax,(%rbx)\nlea 0x10(%rax),%rbx\nxchg %eax,(%rbx)\nmovsb\n"
	"mov %eax,%ebx\nlock addl $1,(%rax)\ncmpl $0,(%rax)\n"
	"movnti %eax,(%rbx)\ntest %eax,(%rbx)\nmovsbl %al,%eax\n"
	"mov %fs:0x10,%rax\nmovabs 0x1122334455667788,%al\nmov $5,%eax\n";

struct line {
	uint8_t bytes[16];
	size_t n;
	char text[160];
};

/* Parse objdump -d's "  off:\tbytes\tmnemonic operands" lines. */
static int read_objdump(const char *path, struct line *lines, int max)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(buf, sizeof(buf), f) && n < max) {
		char *tab1 = strchr(buf, '\t'), *tab2, *p, *hash;
		struct line *l = &lines[n];

		if (!tab1 || !strchr(buf, ':') || strchr(buf, ':') > tab1)
			continue;
		tab2 = strchr(tab1 + 1, '\t');
		if (!tab2)
			continue;
		l->n = 0;
		for (p = tab1 + 1; p < tab2 && l->n < sizeof(l->bytes);) {
			char *end;
			unsigned long b = strtoul(p, &end, 16);

			if (end == p)
				break;
			l->bytes[l->n++] = (uint8_t)b;
			p = end;
		}
		hash = strchr(tab2 + 1, '#');
		if (hash)
			*hash = 0;
		snprintf(l->text, sizeof(l->text), "%s", tab2 + 1);
		/* Trailing blanks and the newline. */
		for (size_t k = strlen(l->text);
		     k && (l->text[k - 1] == ' ' || l->text[k - 1] == '\n');)
			l->text[--k] = 0;
		n++;
	}
	fclose(f);
	return n;
}

static int assemble(const char *dir, const char *src_text, int (*gen)(FILE *),
		    struct line *lines, int max)
{
	char s[300], o[300], d[300];
	FILE *f;

	snprintf(s, sizeof(s), "%s/forms.s", dir);
	snprintf(o, sizeof(o), "%s/forms.o", dir);
	snprintf(d, sizeof(d), "%s/forms.txt", dir);
	f = fopen(s, "w");
	if (!f)
		return -1;
	if (gen)
		gen(f);
	else
		fputs(src_text, f);
	fclose(f);
	if (run((char *const[]){ "as", "--64", "-o", o, s, NULL }, NULL) ||
	    run((char *const[]){ "objdump", "-d", "--insn-width=16", o, NULL },
		d))
		return -1;
	return read_objdump(d, lines, max);
}

static struct line lines[2048];

UNIT(decoder_agrees_with_objdump)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256];
	int n, checked = 0;

	snprintf(dir, sizeof(dir), "%s/tdx-insn-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	n = assemble(dir, NULL, write_forms, lines, 2048);
	CHECK(n > 1000);
	for (int i = 0; i < n; i++) {
		struct tdx_insn in;
		char want_ops[160], got_ops[160];
		const char *sp, *mn = lines[i].text;
		int rc = tdx_insn_decode(lines[i].bytes, lines[i].n, &in);

		if (rc) {
			UNIT_FAIL("'%s': decode failed with %d", mn, rc);
			continue;
		}
		CHECK_INT(in.len, lines[i].n);
		/* Short by one byte, the decoder must say so. */
		CHECK_INT(tdx_insn_decode(lines[i].bytes, lines[i].n - 1, &in),
			  -ENODATA);
		tdx_insn_decode(lines[i].bytes, lines[i].n, &in);
		sp = strchr(mn, ' ');
		CHECK(sp != NULL);
		if (!sp)
			continue;
		while (*sp == ' ')
			sp++;
		snprintf(want_ops, sizeof(want_ops), "%s", sp);
		operands_text(&in, got_ops, sizeof(got_ops));
		if (strcmp(want_ops, got_ops))
			UNIT_FAIL("'%s': decoded as '%s'", mn, got_ops);
		if (in.kind == TDX_INSN_LOAD_ZX)
			CHECK(strncmp(mn, "movz", 4) == 0);
		else if (in.kind == TDX_INSN_LOAD_SX)
			CHECK(strncmp(mn, "movs", 4) == 0);
		else
			CHECK(strncmp(mn, "mov ", 4) == 0 ||
			      (strncmp(mn, "mov", 3) == 0 && mn[4] == ' '));
		checked++;
	}
	CHECK_INT(checked, n);
	printf("  %d instructions checked\n", checked);

	n = assemble(dir, others, NULL, lines, 64);
	CHECK_INT(n, 13);
	for (int i = 0; i < n; i++) {
		struct tdx_insn in;

		if (tdx_insn_decode(lines[i].bytes, lines[i].n, &in) == 0)
			UNIT_FAIL("'%s' decoded as a MOV to memory",
				  lines[i].text);
	}
	run((char *const[]){ "rm", "-rf", dir, NULL }, NULL);
}

UNIT_MAIN()
