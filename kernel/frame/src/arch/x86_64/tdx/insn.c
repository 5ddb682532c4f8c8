/* SPDX-License-Identifier: MIT */
/* Decoder of the MOV forms that reach device memory, for #VE emulation. */
#include "insn.h"

#include <frame/errno.h>

#define REX_W 0x8
#define REX_R 0x4
#define REX_X 0x2
#define REX_B 0x1

/* The SDM's limit on an instruction's length. */
#define INSN_MAX 15

/* Operation and operand sizes of one opcode, given the operand size the
 * prefixes select (@osz: 2, 4 or 8); false for an opcode not handled. */
static bool classify(unsigned int op, bool twobyte, uint8_t rex,
		     unsigned int osz, struct tdx_insn *out,
		     unsigned int *imm_size)
{
	*imm_size = 0;
	if (twobyte) {
		switch (op) {
		case 0xb6: /* movzx r, r/m8 */
		case 0xb7: /* movzx r, r/m16 */
			out->kind = TDX_INSN_LOAD_ZX;
			break;
		case 0xbe: /* movsx r, r/m8 */
		case 0xbf: /* movsx r, r/m16 */
			out->kind = TDX_INSN_LOAD_SX;
			break;
		default:
			return false;
		}
		out->mem_size = (op & 1) ? 2 : 1;
		out->reg_size = (uint8_t)osz;
		return true;
	}
	switch (op) {
	case 0x88: /* mov r/m8, r8 */
	case 0x8a: /* mov r8, r/m8 */
		out->kind = op == 0x88 ? TDX_INSN_STORE : TDX_INSN_LOAD;
		out->mem_size = out->reg_size = 1;
		return true;
	case 0x89: /* mov r/m, r */
	case 0x8b: /* mov r, r/m */
		out->kind = op == 0x89 ? TDX_INSN_STORE : TDX_INSN_LOAD;
		out->mem_size = out->reg_size = (uint8_t)osz;
		return true;
	case 0xc6: /* mov r/m8, imm8 */
		out->kind = TDX_INSN_STORE_IMM;
		out->mem_size = 1;
		*imm_size = 1;
		return true;
	case 0xc7: /* mov r/m, imm16/32 (sign-extended for 64 bits) */
		out->kind = TDX_INSN_STORE_IMM;
		out->mem_size = (uint8_t)osz;
		*imm_size = osz == 2 ? 2 : 4;
		return true;
	case 0x63: /* movsxd r64, r/m32: only with REX.W is it a widening */
		if (!(rex & REX_W))
			return false;
		out->kind = TDX_INSN_LOAD_SX;
		out->mem_size = 4;
		out->reg_size = 8;
		return true;
	default:
		return false;
	}
}

/* A little-endian value of @n bytes at @p, sign-extended. */
static int64_t sext(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = n; i-- > 0;)
		v = v << 8 | p[i];
	if (n < 8 && (v >> (8 * n - 1)) & 1)
		v |= ~0ull << (8 * n);
	return (int64_t)v;
}

int tdx_insn_decode(const uint8_t *code, size_t avail, struct tdx_insn *out)
{
	size_t max = avail < INSN_MAX ? avail : INSN_MAX, i = 0;
	unsigned int op, modrm, mod, rm, regf, imm_size, disp_size = 0;
	bool opsize = false, twobyte = false;
	uint8_t rex = 0;

	*out = (struct tdx_insn){ .reg = TDX_INSN_NO_REG,
				  .base = TDX_INSN_NO_REG,
				  .index = TDX_INSN_NO_REG,
				  .scale = 1 };
	/* Legacy prefixes: only the operand size is meaningful for a MOV
	 * to device memory; a segment, lock or repeat prefix is refused. */
	while (i < max && code[i] == 0x66) {
		opsize = true;
		i++;
	}
	/* REX counts only right before the opcode. */
	if (i < max && (code[i] & 0xf0) == 0x40)
		rex = code[i++];
	if (i >= max)
		return -ENODATA;
	op = code[i++];
	if (op == 0x0f) {
		if (i >= max)
			return -ENODATA;
		op = code[i++];
		twobyte = true;
	}
	if (!classify(op, twobyte, rex,
		      (rex & REX_W) ? 8
		      : opsize	    ? 2
				    : 4,
		      out, &imm_size))
		return -EINVAL;

	if (i >= max)
		return -ENODATA;
	modrm = code[i++];
	mod = modrm >> 6;
	regf = (modrm >> 3 & 7) | ((rex & REX_R) ? 8 : 0);
	rm = modrm & 7;
	if (mod == 3)
		return -EINVAL; /* a register operand: no memory access */
	if (out->kind == TDX_INSN_STORE_IMM) {
		if ((modrm >> 3 & 7) != 0)
			return -EINVAL; /* C6/C7 /1-/7 are other instructions */
	} else {
		out->reg = (int8_t)regf;
		/* Without REX, byte registers 4-7 are AH, CH, DH, BH. */
		if (out->reg_size == 1 && !rex && regf >= 4) {
			out->reg_high8 = true;
			out->reg = (int8_t)(regf - 4);
		}
	}

	if (rm == 4) {
		unsigned int sib, idx, base;

		if (i >= max)
			return -ENODATA;
		sib = code[i++];
		out->scale = (uint8_t)(1u << (sib >> 6));
		idx = (sib >> 3 & 7) | ((rex & REX_X) ? 8 : 0);
		base = sib & 7;
		/* Index 100b without REX.X means none (with it, %r12). */
		if (idx != 4)
			out->index = (int8_t)idx;
		if (base == 5 && mod == 0)
			disp_size = 4; /* no base: disp32 */
		else
			out->base = (int8_t)(base | ((rex & REX_B) ? 8 : 0));
	} else if (rm == 5 && mod == 0) {
		out->rip_relative = true;
		disp_size = 4;
	} else {
		out->base = (int8_t)(rm | ((rex & REX_B) ? 8 : 0));
	}
	if (mod == 1)
		disp_size = 1;
	else if (mod == 2)
		disp_size = 4;

	if (max - i < disp_size + imm_size)
		return -ENODATA;
	if (disp_size)
		out->disp = (int32_t)sext(code + i, disp_size);
	i += disp_size;
	if (imm_size)
		out->imm = (uint64_t)sext(code + i, imm_size);
	i += imm_size;
	out->len = (uint8_t)i;
	return 0;
}
