#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# drop_proxy.py - a loopback TCP proxy that can break connections midway.
#
#   drop_proxy.py PORTFILE TARGET_PORT DROPFILE
#   drop_proxy.py PORTFILE connect LOGFILE
#
# Listens on a free port (written to PORTFILE) and relays each connection
# to 127.0.0.1:TARGET_PORT. While the file DROPFILE exists (its content a
# byte count N), a connection is reset once N bytes have come back from the
# target: a connection dropped in the middle of a transfer.
#
# With "connect", it is an HTTP proxy instead: each connection starts with
# a CONNECT request for a loopback host, which it logs to LOGFILE (one
# "CONNECT host:port" line), answers with 200 and then relays: what an
# https client behind a corporate proxy goes through.
import os
import socket
import struct
import sys
import threading

port_file, target, drop_file = sys.argv[1], sys.argv[2], sys.argv[3]


def reset(client, upstream, reader):
    # SO_LINGER 0: close sends RST. The reader thread is still in recv() on
    # the client, which would keep the socket open: SHUT_RD wakes it first.
    for s in (client, upstream):
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
        except OSError:
            pass
    try:
        client.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    reader.join(5)
    client.close()
    upstream.close()


def pump(src, dst, limit, done):
    sent = 0
    try:
        while True:
            data = src.recv(65536)
            if not data:
                if not done.is_set():
                    dst.shutdown(socket.SHUT_WR)
                return
            if limit is not None and sent + len(data) >= limit:
                dst.sendall(data[:limit - sent])
                done.set()
                return
            dst.sendall(data)
            sent += len(data)
    except OSError:
        done.set()


def tunnel(client):
    """Read a CONNECT request and open its tunnel; the upstream socket."""
    head = b""
    while b"\r\n\r\n" not in head:
        data = client.recv(4096)
        if not data or len(head) > 65536:
            return None
        head += data
    line = head.split(b"\r\n", 1)[0].decode("latin-1")
    with open(drop_file, "a") as log:
        log.write(line.rsplit(" ", 1)[0] + "\n")
    words = line.split()
    host, _, port = words[1].rpartition(":") if len(words) == 3 else ("", "", "")
    if words[:1] != ["CONNECT"] or host not in ("localhost", "127.0.0.1"):
        client.sendall(b"HTTP/1.1 403 Forbidden\r\n\r\n")
        return None
    upstream = socket.create_connection(("127.0.0.1", int(port)))
    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    return upstream


def serve(client):
    limit = None
    if target == "connect":
        upstream = tunnel(client)
        if upstream is None:
            client.close()
            return
        done = threading.Event()
        threading.Thread(target=pump, args=(client, upstream, None, done),
                         daemon=True).start()
        pump(upstream, client, None, done)
        return
    try:
        with open(drop_file) as f:
            limit = int(f.read().strip())
    except (OSError, ValueError):
        pass
    upstream = socket.create_connection(("127.0.0.1", int(target)))
    done = threading.Event()
    reader = threading.Thread(target=pump, args=(client, upstream, None, done),
                              daemon=True)
    reader.start()
    pump(upstream, client, limit, done)
    if done.is_set():
        reset(client, upstream, reader)


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(port_file + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))
os.rename(port_file + ".tmp", port_file)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
