# SPDX-License-Identifier: MIT
# lib_netreg.sh - registries served over https and ssh on loopback.
#
# Sourced after lib.sh and lib_registry.sh. Nothing leaves $T: a throwaway
# CA and certificates, a user's home ($HOME, where git's configuration and
# ~/.ssh live), the served repositories under $T/srv.
#
#   need python3 openssl             # exit 77 (a skip) naming what is missing
#   tls_make                         # $T/tls/{ca,srv}.pem, srv.key
#   https_start [DROP]               # git_https.py; sets $https_port
#   https_stop

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
# https_start [DROP]: serve $T/srv over https as ada:s3cret.
https_start() {
	rm -f "$T/https.port"
	python3 "$netreg_dir/git_https.py" "$T/srv" \
		"$T/https.port" "$T/tls/srv.pem" "$T/tls/srv.key" ada s3cret \
		${1:+"$1"} 2>>"$T/https.log" &
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
