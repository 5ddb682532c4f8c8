/* SPDX-License-Identifier: MIT */
/* rsp.c - a client of the GDB remote serial protocol (QEMU's gdb stub). */
#include "core/profile/rsp.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/err.h"

#define RSP_DEFAULT_TIMEOUT_MS 10000

unsigned rsp_checksum(const char *p, size_t n)
{
	unsigned sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (unsigned char)p[i];
	return sum & 0xff;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int rsp_unhex(const char *hex, void *out, size_t n)
{
	unsigned char *o = out;

	for (size_t i = 0; i < n; i++) {
		int hi = hexval(hex[2 * i]), lo;

		if (hi < 0)
			return -EPROTO;
		lo = hexval(hex[2 * i + 1]);
		if (lo < 0)
			return -EPROTO;
		o[i] = (unsigned char)(hi << 4 | lo);
	}
	return hex[2 * n] ? -EPROTO : 0;
}

static int connect_unix(const char *path, struct osdk_err *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return err_set(err, -ENAMETOOLONG,
			       "socket path '%s' is too long", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return err_set(err, -errno, "socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		close(fd);
		return err_set(err, -e,
			       "could not reach the gdb stub at '%s': %s", path,
			       strerror(e));
	}
	return fd;
}

static int connect_tcp(const char *addr, struct osdk_err *err)
{
	const char *colon = strrchr(addr, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	char host[256];
	int fd = -1, e = ECONNREFUSED, ret;

	if (!colon || (size_t)(colon - addr) >= sizeof(host))
		return err_set(err, -EINVAL, "bad gdb stub address '%s'", addr);
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	ret = getaddrinfo(*host ? host : "localhost", colon + 1, &hints, &res);
	if (ret)
		return err_set(err, -EHOSTUNREACH, "could not resolve '%s': %s",
			       addr, gai_strerror(ret));
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
			e = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		return err_set(err, -e,
			       "could not reach the gdb stub at '%s': %s", addr,
			       strerror(e));
	return fd;
}

/* Write all of @p. */
static int put(struct rsp *r, const char *p, size_t n, struct osdk_err *err)
{
	while (n) {
		ssize_t w = send(r->fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return err_set(err, -EPIPE,
				       "the gdb stub went away (the kernel "
				       "ended?)");
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* One byte, waiting at most the timeout. */
static int get(struct rsp *r, char *c, struct osdk_err *err)
{
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	ssize_t n;
	int ret;

	do
		ret = poll(&pfd, 1, r->timeout_ms);
	while (ret < 0 && errno == EINTR);
	if (ret == 0)
		return err_set(err, -ETIMEDOUT,
			       "the gdb stub did not answer within %d ms",
			       r->timeout_ms);
	n = recv(r->fd, c, 1, 0);
	if (n <= 0)
		return err_set(err, -EPIPE,
			       "the gdb stub went away (the kernel ended?)");
	return 0;
}

/* Read one packet into r->buf, expanding run-length encoding. */
static int recv_packet(struct rsp *r, struct osdk_err *err)
{
	size_t n = 0;
	unsigned sum = 0;
	char c, cs[3] = { 0 };
	int ret;

	do {
		ret = get(r, &c, err);
		if (ret)
			return ret;
	} while (c != '$'); /* acks and noise before the packet */
	for (;;) {
		ret = get(r, &c, err);
		if (ret)
			return ret;
		if (c == '#')
			break;
		sum += (unsigned char)c;
		if (c == '*' && n > 0) {
			/* run-length: the previous byte, (count - 29) more */
			ret = get(r, &c, err);
			if (ret)
				return ret;
			sum += (unsigned char)c;
			for (int k = 0; k < c - 29 && n < RSP_PACKET_MAX;
			     k++, n++)
				r->buf[n] = r->buf[n - 1];
			continue;
		}
		if (n == RSP_PACKET_MAX)
			return err_set(err, -EPROTO,
				       "a gdb stub reply is over %d bytes",
				       RSP_PACKET_MAX);
		r->buf[n++] = c;
	}
	r->buf[n] = '\0';
	if (get(r, &cs[0], err) || get(r, &cs[1], err))
		return -EPIPE;
	if (hexval(cs[0]) < 0 || hexval(cs[1]) < 0 ||
	    (unsigned)(hexval(cs[0]) << 4 | hexval(cs[1])) != (sum & 0xff))
		return err_set(err, -EPROTO,
			       "a gdb stub reply has a bad "
			       "checksum");
	if (!r->no_ack)
		return put(r, "+", 1, err);
	return 0;
}

static int send_packet(struct rsp *r, const char *payload, struct osdk_err *err)
{
	size_t n = strlen(payload);
	char head = '$', tail[4];
	int ret;

	snprintf(tail, sizeof(tail), "#%02x", rsp_checksum(payload, n));
	ret = put(r, &head, 1, err);
	if (!ret)
		ret = put(r, payload, n, err);
	if (!ret)
		ret = put(r, tail, 3, err);
	if (ret || r->no_ack)
		return ret;
	/* The '+' for our packet ('-' asks again: we do not resend). */
	for (char c = 0; c != '+';) {
		ret = get(r, &c, err);
		if (ret)
			return ret;
		if (c == '-')
			return err_set(err, -EPROTO,
				       "the gdb stub refused a packet");
	}
	return 0;
}

int rsp_command(struct rsp *r, const char *payload, struct osdk_err *err)
{
	int ret = send_packet(r, payload, err);

	if (!ret)
		ret = recv_packet(r, err);
	if (!ret && r->buf[0] == 'E' && strlen(r->buf) == 3)
		return err_set(err, -EIO,
			       "the gdb stub answered '%s' to '%.20s'", r->buf,
			       payload);
	return ret;
}

int rsp_connect(struct rsp *r, const char *addr, struct osdk_err *err)
{
	int fd = strchr(addr, '/') ? connect_unix(addr, err)
				   : connect_tcp(addr, err);

	if (fd < 0)
		return fd;
	r->fd = fd;
	r->no_ack = false;
	r->timeout_ms = RSP_DEFAULT_TIMEOUT_MS;
	/* Stops the CPUs if they run: the stub reports why it stopped. */
	if (rsp_command(r, "qSupported:swbreak+", err) ||
	    rsp_command(r, "?", err))
		goto fail;
	if (!rsp_command(r, "QStartNoAckMode", err) && !strcmp(r->buf, "OK"))
		r->no_ack = true;
	return 0;
fail:
	close(r->fd);
	r->fd = -1;
	return -EPROTO;
}

int rsp_interrupt(struct rsp *r, struct osdk_err *err)
{
	char c = 0x03;
	int ret = put(r, &c, 1, err);

	return ret ? ret : recv_packet(r, err);
}

int rsp_continue(struct rsp *r, struct osdk_err *err)
{
	return send_packet(r, "c", err);
}

int rsp_threads(struct rsp *r, long *ids, size_t max, size_t *n,
		struct osdk_err *err)
{
	const char *q = "qfThreadInfo";
	int ret;

	*n = 0;
	for (;;) {
		char *p, *end;

		ret = rsp_command(r, q, err);
		if (ret)
			return ret;
		if (r->buf[0] != 'm')
			break; /* 'l': the list is complete */
		for (p = r->buf + 1; *p; p = *end ? end + 1 : end) {
			long id = strtol(p, &end, 16);

			if (end == p || (*end && *end != ','))
				return err_set(err, -EPROTO,
					       "a bad thread list from the gdb "
					       "stub: '%s'",
					       r->buf);
			if (*n < max)
				ids[(*n)++] = id;
		}
		q = "qsThreadInfo";
	}
	if (!*n)
		ids[(*n)++] = 1; /* a stub without threads: one CPU */
	return 0;
}

int rsp_regs(struct rsp *r, long id, struct rsp_regs *out, struct osdk_err *err)
{
	char cmd[32];
	uint64_t regs[17];
	uint32_t seg[2]; /* eflags, cs */
	int ret;

	snprintf(cmd, sizeof(cmd), "Hg%lx", id);
	ret = rsp_command(r, cmd, err);
	if (!ret)
		ret = rsp_command(r, "g", err);
	if (ret)
		return ret;
	/* rax rbx rcx rdx rsi rdi rbp rsp r8..r15 rip, 8 bytes each, then
	 * eflags and cs, 4 bytes each, little endian; the rest is left. */
	if (strlen(r->buf) < (sizeof(regs) + sizeof(seg)) * 2)
		return err_set(err, -EPROTO,
			       "the gdb stub's registers are short (%zu "
			       "digits)",
			       strlen(r->buf));
	r->buf[(sizeof(regs) + sizeof(seg)) * 2] = '\0';
	if (rsp_unhex(r->buf + sizeof(regs) * 2, seg, sizeof(seg)))
		return err_set(err, -EPROTO, "bad registers from the gdb stub");
	r->buf[sizeof(regs) * 2] = '\0';
	if (rsp_unhex(r->buf, regs, sizeof(regs)))
		return err_set(err, -EPROTO, "bad registers from the gdb stub");
	out->cs = seg[1];
	out->rbp = regs[6];
	out->rsp = regs[7];
	out->rip = regs[16];
	return 0;
}

int rsp_read(struct rsp *r, uint64_t addr, void *out, size_t len,
	     struct osdk_err *err)
{
	char cmd[48];
	int ret;

	if (len > 256)
		return err_set(err, -EINVAL, "read of %zu bytes", len);
	snprintf(cmd, sizeof(cmd), "m%llx,%zx", (unsigned long long)addr, len);
	ret = rsp_command(r, cmd, err);
	if (!ret && rsp_unhex(r->buf, out, len))
		ret = err_set(err, -EFAULT, "memory at %#llx cannot be read",
			      (unsigned long long)addr);
	return ret;
}

void rsp_detach(struct rsp *r)
{
	struct osdk_err ignored = OSDK_ERR_INIT;

	if (r->fd >= 0)
		rsp_command(r, "D", &ignored);
	rsp_close(r);
}

void rsp_close(struct rsp *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}
