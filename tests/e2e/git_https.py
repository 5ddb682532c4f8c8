#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# git_https.py - a loopback git smart-HTTP server over TLS for the tests.
#
#   git_https.py ROOT PORTFILE CERT KEY USER PASSWORD [DROP [PORT]]
#
# Serves the repositories below ROOT through `git http-backend` (run as a
# CGI program) at https://localhost:PORT/<repo>, PORT (a free one unless
# given) written to PORTFILE once it listens. Every request needs Basic authentication as USER with
# PASSWORD; anything else is answered 401 with a challenge.
#
# Responses carry their length and requests may come chunked: libgit2 sends
# a push's pack chunked, and libgit2 1.5 built with mbedTLS (Debian's)
# takes the TLS close that ends an unframed body as an error, so a CGI
# server that frames neither way (busybox httpd) cannot serve it.
#
# With DROP (a byte count; empty for none), any response longer than that is cut after
# DROP bytes of its body and the connection reset: a dropped connection in
# the middle of a fetch.
import base64
import http.server
import os
import socket
import ssl
import struct
import subprocess
import sys

root, port_file, cert, key, user, password = sys.argv[1:7]
drop = int(sys.argv[7]) if len(sys.argv) > 7 and sys.argv[7] else None
port = int(sys.argv[8]) if len(sys.argv) > 8 else 0
want = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("git_https: " + fmt % args + "\n")

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def reply(self, code, headers, body):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if drop is not None and len(body) > drop:
            self.wfile.write(body[:drop])
            self.wfile.flush()
            # An RST, not an orderly close: the connection breaks.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            return
        self.wfile.write(body)

    def serve(self):
        body = self.read_body()
        if self.headers.get("Authorization") != want:
            self.reply(401, [("WWW-Authenticate", 'Basic realm="registry"')],
                       b"")
            return
        path, _, query = self.path.partition("?")
        env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1",
                   REQUEST_METHOD=self.command, PATH_INFO=path,
                   QUERY_STRING=query, REMOTE_USER=user,
                   REMOTE_ADDR="127.0.0.1",
                   CONTENT_TYPE=self.headers.get("Content-Type", ""),
                   CONTENT_LENGTH=str(len(body)))
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        out = subprocess.run(["git", "http-backend"], input=body, env=env,
                             stdout=subprocess.PIPE, check=False).stdout
        head, _, rest = out.partition(b"\r\n\r\n")
        code, headers = 200, []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                code = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.reply(code, headers, rest)

    do_GET = serve
    do_POST = serve


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls.load_cert_chain(cert, key)
server.socket = tls.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
