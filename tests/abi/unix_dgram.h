/* SPDX-License-Identifier: MIT */
/* unix_dgram.h - part of unix.c: named datagram sockets: sendto a path
 * or an abstract name, the sender's name at the receiver, connect, a
 * receiver that goes or stops reading. */
#ifndef ABI_UNIX_DGRAM_H
#define ABI_UNIX_DGRAM_H

/* AF_UNSPEC also parts a pair's datagram end from its peer, which can
 * still send to it. */
static void test_dgram_pair_unspec(void)
{
	struct sockaddr_un un = { .sun_family = AF_UNSPEC };
	char buf[4];
	int p[2];

	socketpair(AF_UNIX, SOCK_DGRAM, 0, p);
	CHECK_OK("dgname.pair_unspec", connect(p[0], SA(&un), sizeof(un)));
	CHECK_ERR("dgname.pair_disconnected", send(p[0], "x", 1, 0), ENOTCONN);
	CHECK_EQ("dgname.pair_still_receives", send(p[1], "y", 1, 0), 1);
	CHECK_EQ("dgname.pair_received", recv(p[0], buf, sizeof(buf), 0), 1);
	close(p[0]);
	close(p[1]);
}

static void test_dgram_names(void)
{
	struct sockaddr_un srv, cname, got;
	socklen_t slen, clen, glen;
	int s = socket(AF_UNIX, SOCK_DGRAM, 0), c1, c2, c3, t;
	struct iovec iov;
	struct msghdr m;
	char buf[16];

	memset(&srv, 0, sizeof(srv));
	srv.sun_family = AF_UNIX;
	strcpy(srv.sun_path, "dgram.sock");
	slen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 11);
	CHECK_OK("dgname.bind", bind(s, SA(&srv), slen));
	/* The node exists: that comes first. */
	CHECK_ERR("dgname.bind_twice", bind(s, SA(&srv), slen), EADDRINUSE);
	CHECK_ERR("dgname.rebind",
		  bind(s, SA(&cname), abstract_name(&cname, "x")), EINVAL);
	t = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_ERR("dgname.in_use", bind(t, SA(&srv), slen), EADDRINUSE);
	CHECK_ERR("dgname.recv_empty", recv(s, buf, 1, MSG_DONTWAIT), EAGAIN);

	/* An unnamed sender: the receiver sees no name. */
	c1 = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_EQ("dgname.sendto_path",
		 sendto(c1, "hello", 5, 0, SA(&srv), slen), 5);
	CHECK_EQ("dgname.sendto_again", sendto(c1, "x", 1, 0, SA(&srv), slen),
		 1);
	CHECK_ERR("dgname.send_unconnected", send(c1, "x", 1, 0), ENOTCONN);
	glen = sizeof(got);
	CHECK_EQ("dgname.recvfrom",
		 recvfrom(s, buf, sizeof(buf), 0, SA(&got), &glen), 5);
	CHECK_EQ("dgname.unnamed_sender", glen, 0);
	CHECK_EQ("dgname.boundary", recv(s, buf, sizeof(buf), 0), 1);

	/* A named sender: its name comes along, and a reply reaches it. */
	c2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	clen = abstract_name(&cname, "dg-client");
	CHECK_OK("dgname.client_bind", bind(c2, SA(&cname), clen));
	sendto(c2, "ping", 4, 0, SA(&srv), slen);
	glen = sizeof(got);
	CHECK_EQ("dgname.recvfrom_named",
		 recvfrom(s, buf, sizeof(buf), 0, SA(&got), &glen), 4);
	CHECK("dgname.sender_name",
	      glen == clen && !memcmp(&got, &cname, clen));
	CHECK_EQ("dgname.reply", sendto(s, "pong", 4, 0, SA(&got), glen), 4);
	CHECK_EQ("dgname.reply_read", recv(c2, buf, sizeof(buf), 0), 4);
	CHECK("dgname.reply_data", !memcmp(buf, "pong", 4));
	sendto(c2, "msg", 3, 0, SA(&srv), slen);
	memset(&m, 0, sizeof(m));
	iov = (struct iovec){ buf, sizeof(buf) };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_name = &got;
	m.msg_namelen = sizeof(got);
	CHECK_EQ("dgname.recvmsg", recvmsg(s, &m, 0), 3);
	CHECK("dgname.recvmsg_name",
	      m.msg_namelen == clen && !memcmp(&got, &cname, clen));

	/* connect: send without an address; the peer's name. */
	c3 = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK_OK("dgname.connect", connect(c3, SA(&srv), slen));
	glen = sizeof(got);
	CHECK_OK("dgname.getpeername", getpeername(c3, SA(&got), &glen));
	CHECK("dgname.peer_is_server",
	      glen == slen && !strcmp(got.sun_path, "dgram.sock"));
	CHECK_EQ("dgname.send_connected", send(c3, "abc", 3, 0), 3);
	CHECK_EQ("dgname.write_connected", write(c3, "de", 2), 2);
	CHECK_EQ("dgname.got_send", recv(s, buf, sizeof(buf), 0), 3);
	CHECK_EQ("dgname.got_write", recv(s, buf, sizeof(buf), 0), 2);
	CHECK_ERR("dgname.connect_missing", connect(t, SA(&cname), clen - 1),
		  ECONNREFUSED);
	/* AF_UNSPEC breaks the connection. */
	got.sun_family = AF_UNSPEC;
	CHECK_OK("dgname.unspec", connect(c2, SA(&got), sizeof(got)));
	CHECK_OK("dgname.reconnect", connect(c2, SA(&srv), slen));
	CHECK_EQ("dgname.reconnected_send", send(c2, "r", 1, 0), 1);
	CHECK_EQ("dgname.reconnected_got", recv(s, buf, sizeof(buf), 0), 1);
	got.sun_family = AF_UNSPEC;
	CHECK_OK("dgname.disconnect", connect(c2, SA(&got), sizeof(got)));
	CHECK_ERR("dgname.disconnected", send(c2, "x", 1, 0), ENOTCONN);
	glen = sizeof(got);
	CHECK_ERR("dgname.disconnected_peer", getpeername(c2, SA(&got), &glen),
		  ENOTCONN);
	test_dgram_pair_unspec();
	/* A socket connected to another takes datagrams only from it. */
	CHECK_OK("dgname.c2_to_srv", connect(c2, SA(&srv), slen));
	CHECK_OK("dgname.srv_to_c2", connect(s, SA(&cname), clen));
	CHECK_ERR("dgname.eperm", sendto(c1, "x", 1, 0, SA(&srv), slen), EPERM);
	CHECK_ERR("dgname.eperm_connect", connect(t, SA(&srv), slen), EPERM);
	CHECK_EQ("dgname.from_its_peer", send(c2, "ok", 2, 0), 2);
	CHECK_EQ("dgname.peer_read", recv(s, buf, sizeof(buf), 0), 2);
	got.sun_family = AF_UNSPEC;
	connect(s, SA(&got), sizeof(got));
	CHECK_EQ("dgname.open_again", sendto(c1, "x", 1, 0, SA(&srv), slen), 1);
	CHECK_EQ("dgname.open_read", recv(s, buf, sizeof(buf), 0), 1);

	/* Senders by name fill a queue of max_dgram_qlen + 1 datagrams. */
	{
		int n = 0, e = 0;

		while (n < 1000) {
			if (sendto(c1, "q", 1, MSG_DONTWAIT, SA(&srv), slen) !=
			    1) {
				e = errno;
				break;
			}
			n++;
		}
		CHECK_EQ("dgname.qlen_full", e, EAGAIN);
		CHECK_EQ("dgname.qlen", n, 11);
		while (n-- > 0)
			recv(s, buf, sizeof(buf), 0);
		CHECK_EQ("dgname.qlen_room_again",
			 sendto(c1, "q", 1, MSG_DONTWAIT, SA(&srv), slen), 1);
		recv(s, buf, sizeof(buf), 0);
	}
	/* A receiver that stops reading, then goes. */
	CHECK_OK("dgname.shut_rd", shutdown(s, SHUT_RD));
	CHECK_ERR("dgname.shut_rd_epipe", send(c3, "x", 1, MSG_NOSIGNAL),
		  EPIPE);
	close(s);
	CHECK_ERR("dgname.gone_refused", send(c3, "x", 1, MSG_NOSIGNAL),
		  ECONNREFUSED);
	CHECK_ERR("dgname.gone_notconn", send(c3, "x", 1, MSG_NOSIGNAL),
		  ENOTCONN);
	CHECK_ERR("dgname.gone_sendto", sendto(c1, "x", 1, 0, SA(&srv), slen),
		  ECONNREFUSED);
	unlink("dgram.sock");
	close(c1);
	close(c2);
	close(c3);
	close(t);
}

#endif /* ABI_UNIX_DGRAM_H */
