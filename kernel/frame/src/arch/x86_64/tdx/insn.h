/* SPDX-License-Identifier: MIT */
/* The x86-64 MOV forms a #VE for MMIO can come from, decoded. */
#ifndef ARCH_X86_64_TDX_INSN_H
#define ARCH_X86_64_TDX_INSN_H

#include <frame/types.h>

/*
 * Device registers are reached with plain moves: a load or store of 1, 2,
 * 4 or 8 bytes between a register (or an immediate) and memory, or a
 * load widened with MOVZX/MOVSX/MOVSXD. This decoder knows exactly those
 * (Intel SDM vol. 2: MOV 88/89/8A/8B/C6/C7, MOVZX 0F B6/B7, MOVSX 0F
 * BE/BF, MOVSXD 63 with REX.W), with the 66 operand-size prefix, REX, and
 * every ModRM/SIB memory form including RIP-relative ones. It has no
 * dependency beyond <frame/types.h>, so that a host test can check it
 * against the GNU assembler and objdump.
 */

enum tdx_insn_kind {
	TDX_INSN_STORE,	    /* mov %reg, mem */
	TDX_INSN_STORE_IMM, /* mov $imm, mem */
	TDX_INSN_LOAD,	    /* mov mem, %reg */
	TDX_INSN_LOAD_ZX,   /* movzx mem, %reg */
	TDX_INSN_LOAD_SX,   /* movsx/movsxd mem, %reg */
};

#define TDX_INSN_NO_REG (-1)

struct tdx_insn {
	enum tdx_insn_kind kind;
	uint8_t len;	  /* bytes, prefixes included */
	uint8_t mem_size; /* bytes of memory accessed: 1, 2, 4 or 8 */
	uint8_t reg_size; /* bytes of the register operand (loads, stores) */
	int8_t reg;	  /* 0-15 in encoding order (0 rax ... 15 r15) */
	bool reg_high8;	  /* AH, CH, DH or BH (byte forms without REX) */
	uint64_t imm;	  /* STORE_IMM: the value, sign-extended to 64 */
	/* The memory operand: disp(base, index, scale) or disp(%rip). */
	int8_t base;  /* TDX_INSN_NO_REG for none */
	int8_t index; /* TDX_INSN_NO_REG for none */
	uint8_t scale;
	bool rip_relative;
	int32_t disp;
};

/*
 * tdx_insn_decode() - decode the instruction in the @avail bytes at @code
 *
 * Returns 0 and fills *@out; -EINVAL for anything but the forms above
 * (including a register-only ModRM, which cannot touch memory), -ENODATA
 * when the instruction runs past @avail. Never reads beyond @avail or
 * past 15 bytes.
 */
int tdx_insn_decode(const uint8_t *code, size_t avail, struct tdx_insn *out);

#endif /* ARCH_X86_64_TDX_INSN_H */
