/* SPDX-License-Identifier: MIT */
/* rsp.h - a client of the GDB remote serial protocol, as QEMU's gdb stub
 * speaks it: enough to stop the CPUs, read registers and memory, and let
 * them run again. */
#ifndef OSDK_CORE_RSP_H
#define OSDK_CORE_RSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct osdk_err;

/* A packet's payload is at most this long (QEMU's own limit is 4 KiB). */
#define RSP_PACKET_MAX 16384

struct rsp {
	int fd;
	bool no_ack;	/* QStartNoAckMode was accepted */
	int timeout_ms; /* for each reply */
	char buf[RSP_PACKET_MAX + 1];
};

/* The registers a sample needs, from the 'g' packet (x86-64 layout). */
struct rsp_regs {
	uint64_t rip, rsp, rbp;
	uint32_t cs; /* its low two bits are the privilege level */
};

/*
 * rsp_connect() - connect to @addr: a Unix socket path (holding a '/'),
 * or HOST:PORT (":PORT" is localhost), and agree on no-ack mode where the
 * stub offers it. -ECONNREFUSED and the like with a message.
 */
int rsp_connect(struct rsp *r, const char *addr, struct osdk_err *err);

/* rsp_close() - close the connection (the target keeps running as it is). */
void rsp_close(struct rsp *r);

/*
 * rsp_command() - send @payload, put the reply's payload in r->buf (NUL
 * terminated). A reply that does not come within r->timeout_ms, a checksum
 * that does not match, or an error reply ("E NN") is an error.
 */
int rsp_command(struct rsp *r, const char *payload, struct osdk_err *err);

/* rsp_interrupt() - stop every CPU (Ctrl-C) and read the stop reply. */
int rsp_interrupt(struct rsp *r, struct osdk_err *err);

/* rsp_continue() - let every CPU run; no reply comes until the next stop. */
int rsp_continue(struct rsp *r, struct osdk_err *err);

/* rsp_threads() - the stub's thread ids (one per vCPU), at most @max. */
int rsp_threads(struct rsp *r, long *ids, size_t max, size_t *n,
		struct osdk_err *err);

/* rsp_regs() - rip, rsp and rbp of thread @id. */
int rsp_regs(struct rsp *r, long id, struct rsp_regs *out,
	     struct osdk_err *err);

/* rsp_read() - @len bytes (at most 256) of guest memory at @addr. */
int rsp_read(struct rsp *r, uint64_t addr, void *out, size_t len,
	     struct osdk_err *err);

/* rsp_detach() - leave the target running and close. */
void rsp_detach(struct rsp *r);

/* For tests: the checksum of @p[0..n), and a reply payload's bytes from
 * hex (-EPROTO when @hex is not 2*@n hex digits). */
unsigned rsp_checksum(const char *p, size_t n);
int rsp_unhex(const char *hex, void *out, size_t n);

#endif
