#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A registry served over https (a private CA, Basic authentication):
# credentials from git's helpers, publish, racing publishers, consumers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
. "$(dirname "$0")/lib_netreg.sh"
need python3 openssl git
cd "$T"
trap 'https_stop; proxy_stop; rm -rf "$T"' EXIT

tls_make
served_registry reg
https_start
url=https://localhost:$https_port/reg.git
reg() { git --git-dir="$T/srv/reg.git" "$@"; }
lib_pkg pkgs/web web 0.1.0

# ---- TLS: the system's CAs do not know the test's CA ----
at pkgs/web publish --registry "$url"
expect_rc 1 "a server whose CA is unknown is refused"
expect_out "could not fetch '$url': .*certificate" "naming the certificate problem"

GIT_SSL_CAINFO="$T/tls/missing.pem" at pkgs/web publish --registry "$url"
expect_rc 1 "a CA file that cannot be read is an error"
expect_out "could not load the CA certificates '$T/tls/missing.pem'" "naming it"

# ---- credentials: git's helpers or nothing ----
git config --global http.sslCAInfo "$T/tls/ca.pem"
at pkgs/web publish --registry "$url"
expect_rc 1 "with http.sslCAInfo the server is trusted, but no credential is known"
expect_out "could not fetch '$url': authentication failed \(no credentials\)" \
	"a clear authentication error"
expect_out "git credential fill" "saying where credentials come from"

creds_store "https://ada:wrong@localhost%3a$https_port"
at pkgs/web publish --registry "$url"
expect_rc 1 "a credential the server refuses fails once (no retry loop)"
expect_out "authentication failed \(the server refused the credentials\)" \
	"saying the server refused it"
[ "$(grep -c "$https_port" "$T/creds")" = 0 ] &&
	ok "and it is handed back to the helper as rejected (store erased it)" ||
	not_ok "and it is handed back to the helper as rejected ($(cat "$T/creds"))"
[ "$(grep -c 'info/refs' "$T/https.log")" -le 3 ] &&
	ok "after at most one try with it" ||
	not_ok "after at most one try with it ($(grep -c 'info/refs' "$T/https.log") requests)"

# ---- publish and fetch ----
creds_store "https://ada:s3cret@localhost%3a$https_port"
at pkgs/web publish --registry "$url"
expect_rc 0 "publishing over https with the helper's credential"
expect_out "Published web v0\.1\.0" "says so"
reg show main:3/w/web | grep -q '"version":"0.1.0"' &&
	ok "the served registry has the index line" ||
	not_ok "the served registry has the index line"
grep -q "ada:s3cret@localhost%3a$https_port" "$T/creds" &&
	ok "an accepted credential stays with the helper (approved)" ||
	not_ok "an accepted credential stays with the helper"

# Racing publishers, each with its own cache (no shared lock between them):
# the loser's push is not a fast-forward, so it refetches and rebuilds.
for i in 1 2 3; do lib_pkg pkgs/r$i r$i 0.1.0; done
for i in 1 2 3; do
	(cd pkgs/r$i && OSDK_HOME="$T/home$i" "$OSDK" publish --registry "$url" -q) \
		>race$i.log 2>&1 &
done
fails=0
for job in $(jobs -p); do
	[ "$job" = "$https_pid" ] && continue
	wait "$job" || fails=$((fails + 1))
done
[ $fails = 0 ] && ok "racing publishers over https all land" ||
	{ not_ok "racing publishers over https all land ($fails failed)"; cat race*.log; }
[ "$(reg rev-list --count main)" = 5 ] && ok "one commit each" ||
	not_ok "one commit each ($(reg rev-list --count main))"

# A helper is asked once per command, as git asks once: a publish talks to
# the server three times (fetch, branch, push).
git config --global credential.helper \
	"!f() { echo \"\$1\" >>'$T/helper.log'; [ \"\$1\" = get ] && printf 'username=ada\\npassword=s3cret\\n'; :; }; f"
lib_pkg pkgs/once once 0.1.0
at pkgs/once publish --registry "$url"
expect_rc 0 "publishing with a helper that logs what it is asked"
[ "$(grep -c '^get$' "$T/helper.log")" = 1 ] &&
	ok "it is asked for the credential once" ||
	not_ok "it is asked for the credential once ($(tr '\n' ' ' <"$T/helper.log"))"
[ "$(grep -c '^store$' "$T/helper.log")" = 1 ] &&
	ok "and told once that it was accepted" ||
	not_ok "and told once that it was accepted ($(tr '\n' ' ' <"$T/helper.log"))"
creds_store "https://ada:s3cret@localhost%3a$https_port"

# A consumer, with the CA given by GIT_SSL_CAINFO instead of git's config.
git config --global --unset http.sslCAInfo
export GIT_SSL_CAINFO="$T/tls/ca.pem"
lib_pkg app app 0.1.0 "r2: { version: \"^0.1\", registry: \"$url\" }" \
	"web: { version: \"^0.1\", registry: \"$url\" }"
at app build
expect_rc 0 "a consumer builds from the https registry (GIT_SSL_CAINFO)"
expect_out "Compiling r2 v0\.1\.0" "with a package a racer published"
expect_out "Compiling web v0\.1\.0" "and the first one"
unset GIT_SSL_CAINFO
export SSL_CERT_FILE="$T/tls/ca.pem"
at app update
expect_rc 0 "SSL_CERT_FILE names the CA too"
unset SSL_CERT_FILE

# A git dependency over https, the same way.
mkdir -p srv/gdep.git && git -C srv/gdep.git init -q --bare
lib_pkg gsrc gdep 1.0.0
git -C gsrc init -q -b main && git -C gsrc add -A && git -C gsrc commit -qm v1 &&
	git -C gsrc push -q "$T/srv/gdep.git" main
lib_pkg gapp gapp 0.1.0 \
	"gdep: { git: \"https://localhost:$https_port/gdep.git\", branch: main }"
GIT_SSL_CAINFO="$T/tls/ca.pem" at gapp build
expect_rc 0 "a git dependency over https builds"
expect_out "Compiling gdep v1\.0\.0" "from the served repository"

# ---- through an HTTP proxy, where git would go through it ----
proxy_start connect
export GIT_SSL_CAINFO="$T/tls/ca.pem"
: >"$T/connect.log"
https_proxy=http://127.0.0.1:$proxy_port OSDK_HOME="$T/home-proxy" at app update
expect_rc 0 "fetching the index through the proxy \$https_proxy names"
grep -q "^CONNECT localhost:$https_port" "$T/connect.log" &&
	ok "through a tunnel the proxy opened" ||
	not_ok "through a tunnel the proxy opened ($(cat "$T/connect.log"))"
: >"$T/connect.log"
no_proxy=localhost https_proxy=http://127.0.0.1:$proxy_port \
	OSDK_HOME="$T/home-proxy2" at app update
expect_rc 0 "\$no_proxy naming the host"
[ ! -s "$T/connect.log" ] && ok "goes straight to it" ||
	not_ok "goes straight to it ($(cat "$T/connect.log"))"
git config --global http.proxy "http://127.0.0.1:$proxy_port"
lib_pkg pkgs/viaproxy viaproxy 0.1.0
at pkgs/viaproxy publish --registry "$url"
expect_rc 0 "publishing through git's http.proxy"
[ "$(grep -c "^CONNECT localhost:$https_port" "$T/connect.log")" -ge 2 ] &&
	ok "fetch and push both through it" ||
	not_ok "fetch and push both through it ($(cat "$T/connect.log"))"
proxy_stop
at pkgs/viaproxy publish --registry "$url"
expect_rc 1 "a proxy that is gone is an error"
expect_out "could not fetch '$url': .*proxy|could not fetch '$url': .*(connect|refused)" \
	"saying the connection failed"
git config --global --unset http.proxy
unset GIT_SSL_CAINFO

# ---- a kernel using a library from that registry ----
export GIT_SSL_CAINFO="$T/tls/ca.pem"
osdk new --kernel k
sed -i "/^dependencies:/a\\  web: { version: \"^0.1\", registry: \"$url\" }" k/osdk.yaml
at k build
expect_rc 0 "a kernel depending on a library from the https registry builds"
expect_out "Compiling web v0\.1\.0" "compiling that library"
finish
