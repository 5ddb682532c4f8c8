# SPDX-License-Identifier: MIT
# lib_netreg.sh - registries served over https and ssh on loopback.
#
# Sourced after lib.sh and lib_registry.sh. Nothing leaves $T: a throwaway
# CA and certificates, a user's home ($HOME, where git's configuration and
# ~/.ssh live), the served repositories under $T/srv.
#
#   need python3 openssl             # exit 77 (a skip) naming what is missing
#   tls_make                         # $T/tls/{ca,srv}.pem, srv.key
#   https_start [DROP [PORT]]        # git_https.py; sets $https_port
#   https_stop
#   proxy_start PORT                 # drop_proxy.py to PORT; $proxy_port,
#                                    # breaking connections while $T/drop is
#   proxy_start connect              # an HTTP CONNECT proxy; $proxy_port,
#                                    # each tunnel logged in $T/connect.log

# need TOOL...: skip the whole test when a tool it needs is missing.
need() {
	local missing=()
	for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "skipped: ${missing[*]} not installed (./install.sh installs them)"
		exit 77
	fi
}

netreg_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export HOME="$T/user"
export GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
unset GIT_SSL_CAINFO GIT_SSL_CAPATH SSL_CERT_FILE SSL_CERT_DIR SSH_AUTH_SOCK
# Loopback servers only: no proxy of the machine's comes between.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY \
	no_proxy NO_PROXY
mkdir -p "$HOME" "$T/srv"

# tls_make: a CA that exists only for this test, and a certificate it
# signed for localhost and 127.0.0.1.
tls_make() {
	local d=$T/tls
	mkdir -p "$d"
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$d/ext.cnf"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 2 \
		-subj "/CN=osdk test CA" 2>/dev/null &&
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
			-nodes -keyout "$d/srv.key" -out "$d/srv.csr" \
			-subj "/CN=localhost" 2>/dev/null &&
		openssl x509 -req -in "$d/srv.csr" -CA "$d/ca.pem" \
			-CAkey "$d/ca.key" -CAcreateserial -out "$d/srv.pem" \
			-days 2 -extfile "$d/ext.cnf" 2>/dev/null ||
		{ echo "tls_make: openssl failed"; exit 1; }
}

https_pid=
# https_start [DROP [PORT]]: serve $T/srv over https as ada:s3cret,
# cutting responses after DROP bytes (see git_https.py).
https_start() {
	rm -f "$T/https.port"
	python3 "$netreg_dir/git_https.py" "$T/srv" \
		"$T/https.port" "$T/tls/srv.pem" "$T/tls/srv.key" ada s3cret \
		"$@" 2>>"$T/https.log" &
	https_pid=$!
	for _ in $(seq 100); do [ -s "$T/https.port" ] && break; sleep 0.1; done
	[ -s "$T/https.port" ] || { echo "git_https.py did not start"; cat "$T/https.log"; exit 1; }
	https_port=$(cat "$T/https.port")
}

https_stop() {
	[ -n "$https_pid" ] && kill "$https_pid" 2>/dev/null && wait "$https_pid" 2>/dev/null
	https_pid=
}

# served_registry NAME: a new registry $T/srv/NAME.git to serve.
served_registry() {
	"$OSDK" registry init "$T/srv/$1.git" -q >/dev/null ||
		{ echo "registry init $1 failed"; exit 1; }
}

# creds_store LINE...: git's `store` helper holds exactly these lines.
creds_store() {
	git config --global credential.helper "store --file=$T/creds"
	printf '%s\n' "$@" >"$T/creds"
}

sshd_pid=
agent_pid=
# sshd_start: an sshd on a free loopback port ($ssh_port) that lets the
# current user in with the key $T/ssh/client (and nothing else); its
# host key goes into ~/.ssh/known_hosts. As root, sshd wants its empty
# privilege separation directory, which only its service makes.
sshd_start() {
	local d=$T/ssh
	mkdir -p "$d" "$HOME/.ssh"
	ssh-keygen -q -t ed25519 -N '' -C host -f "$d/host" &&
		ssh-keygen -q -t ed25519 -N '' -C client -f "$d/client" &&
		ssh-keygen -q -t ed25519 -N '' -C other -f "$d/other" ||
		{ echo "ssh-keygen failed"; exit 1; }
	cp "$d/client.pub" "$d/authorized_keys"
	[ "$(id -u)" = 0 ] && mkdir -p /run/sshd
	# libgit2 leaks on every ssh connection (see libgit2-ssh.supp); its
	# frames have no frame pointers, so the full unwinder finds the
	# suppressed ones.
	export LSAN_OPTIONS=suppressions=$netreg_dir/libgit2-ssh.supp
	export ASAN_OPTIONS=$ASAN_OPTIONS:fast_unwind_on_malloc=0
	for _ in 1 2 3 4 5; do
		ssh_port=$((30000 + RANDOM % 30000))
		cat >"$d/sshd_config" <<CONF
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $d/host
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
CONF
		/usr/sbin/sshd -f "$d/sshd_config" -D -e 2>>"$T/sshd.log" &
		sshd_pid=$!
		for _ in $(seq 50); do
			grep -q "listening on" "$T/sshd.log" 2>/dev/null && break
			kill -0 "$sshd_pid" 2>/dev/null || break
			sleep 0.1
		done
		grep -q "listening on 127.0.0.1 port $ssh_port" "$T/sshd.log" && break
		kill "$sshd_pid" 2>/dev/null
		sshd_pid=
	done
	[ -n "$sshd_pid" ] || { echo "sshd did not start"; cat "$T/sshd.log"; exit 1; }
	echo "[127.0.0.1]:$ssh_port $(cut -d' ' -f1,2 "$d/host.pub")" \
		>"$HOME/.ssh/known_hosts"
}

# agent_start KEY...: an ssh-agent holding these keys, in SSH_AUTH_SOCK.
agent_start() {
	eval "$(ssh-agent -s)" >/dev/null
	agent_pid=$SSH_AGENT_PID
	for k in "$@"; do ssh-add -q "$k" 2>/dev/null; done
}

agent_stop() {
	[ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null
	agent_pid=
	unset SSH_AUTH_SOCK SSH_AGENT_PID
}

sshd_stop() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null && wait "$sshd_pid" 2>/dev/null
	sshd_pid=
}

proxy_pid=
# proxy_start PORT: drop_proxy.py relaying to 127.0.0.1:PORT, breaking
# each connection after N bytes while $T/drop holds N.
# proxy_start connect: an HTTP proxy tunnelling CONNECTs to loopback,
# logging each in $T/connect.log.
proxy_start() {
	local arg=$T/drop
	[ "$1" = connect ] && arg=$T/connect.log
	rm -f "$T/proxy.port"
	python3 "$netreg_dir/drop_proxy.py" "$T/proxy.port" "$1" "$arg" \
		2>>"$T/proxy.log" &
	proxy_pid=$!
	for _ in $(seq 100); do [ -s "$T/proxy.port" ] && break; sleep 0.1; done
	[ -s "$T/proxy.port" ] || { echo "drop_proxy.py did not start"; cat "$T/proxy.log"; exit 1; }
	proxy_port=$(cat "$T/proxy.port")
}

proxy_stop() {
	[ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null && wait "$proxy_pid" 2>/dev/null
	proxy_pid=
}
