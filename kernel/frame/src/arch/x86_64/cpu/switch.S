/* SPDX-License-Identifier: MIT */
/* The task context switch: callee-saved registers and the stack pointer. */

/*
 * void arch_task_switch(uint64_t *save_rsp, uint64_t next_rsp)
 *
 * Everything a C caller expects to survive a call is on the stack after
 * the pushes; the caller-saved registers are dead across the call, and
 * the FPU is never the kernel's. So a switch is: push, save RSP, load the
 * other task's RSP, pop what it pushed when it switched away, return into
 * it. Interrupts are off (the scheduler holds its run queue lock).
 */
	.text
	.globl arch_task_switch
	.type arch_task_switch, @function
arch_task_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size arch_task_switch, . - arch_task_switch

/*
 * A new task's first switch returns here (task_create() built its stack),
 * with RSP 16-byte aligned; sched_task_entry() never returns.
 */
	.globl arch_task_trampoline
	.type arch_task_trampoline, @function
arch_task_trampoline:
	xorl %ebp, %ebp
	call sched_task_entry
	ud2
	.size arch_task_trampoline, . - arch_task_trampoline

	.section .note.GNU-stack, "", @progbits
