#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A registry and a git dependency over ssh:// (libgit2's own ssh, to a
# loopback sshd): host keys from known_hosts, keys from the agent first,
# then ssh's identity files; publish, racing publishers, a consumer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
. "$(dirname "$0")/lib_netreg.sh"
need git ssh ssh-keygen ssh-agent ssh-add
[ -x /usr/sbin/sshd ] || { echo "skipped: /usr/sbin/sshd not installed (openssh-server)"; exit 77; }
cd "$T"
trap 'agent_stop; sshd_stop; rm -rf "$T"' EXIT

sshd_start
served_registry reg
url=ssh://127.0.0.1:$ssh_port$T/srv/reg.git
reg() { git --git-dir="$T/srv/reg.git" "$@"; }
lib_pkg pkgs/sp sp 0.1.0

at pkgs/sp publish --registry "$url"
expect_rc 1 "with no agent and no identity file there is no key to offer"
expect_out "could not fetch '$url': authentication failed \(no key to offer\)" \
	"a clear authentication error"

agent_start "$T/ssh/other"
at pkgs/sp publish --registry "$url"
expect_rc 1 "an agent holding only a key the server does not know"
expect_out "authentication failed \(the server refused every key\)" \
	"fails once, saying the keys were refused"
agent_stop

agent_start "$T/ssh/client"
mv "$HOME/.ssh/known_hosts" "$T/known_hosts"
at pkgs/sp publish --registry "$url"
expect_rc 1 "a host whose key is not in known_hosts is refused"
expect_out "hostkey.*~/\.ssh/known_hosts" "saying where host keys come from"
mv "$T/known_hosts" "$HOME/.ssh/known_hosts"
ssh-keygen -q -H -f "$HOME/.ssh/known_hosts" >/dev/null 2>&1
grep -q '^|1|' "$HOME/.ssh/known_hosts" && ok "known_hosts hashed as Debian's ssh does" ||
	not_ok "known_hosts hashed as Debian's ssh does"

at pkgs/sp publish --registry "$url"
expect_rc 0 "publishing over ssh with the agent's key"
expect_out "Published sp v0\.1\.0" "says so"
reg show main:2/sp | grep -q '"version":"0.1.0"' &&
	ok "the served registry has the index line" ||
	not_ok "the served registry has the index line"

for i in 1 2; do lib_pkg pkgs/s$i s$i 0.1.0; done
for i in 1 2; do
	(cd pkgs/s$i && OSDK_HOME="$T/home$i" "$OSDK" publish --registry "$url" -q) \
		>race$i.log 2>&1 &
done
fails=0
for job in $(jobs -p); do
	[ "$job" = "$sshd_pid" ] && continue
	wait "$job" || fails=$((fails + 1))
done
[ $fails = 0 ] && ok "racing publishers over ssh both land" ||
	{ not_ok "racing publishers over ssh both land ($fails failed)"; cat race*.log; }
[ "$(reg rev-list --count main)" = 4 ] && ok "one commit each" ||
	not_ok "one commit each ($(reg rev-list --count main))"

# Without the agent, the identity files ssh would use by default: one with
# a passphrase (id_ecdsa, which ssh tries first) is passed over, the agent
# socket left behind by a dead agent too.
agent_stop
export SSH_AUTH_SOCK=$T/ssh/gone.sock
cp "$T/ssh/client" "$HOME/.ssh/id_ed25519"
ssh-keygen -q -t ecdsa -N 'a passphrase' -f "$HOME/.ssh/id_ecdsa"
cat "$HOME/.ssh/id_ecdsa.pub" >>"$T/ssh/authorized_keys"
lib_pkg app app 0.1.0 "s2: { version: \"^0.1\", registry: \"$url\" }" \
	"sp: { version: \"^0.1\", registry: \"$url\" }"
at app build
expect_rc 0 "a consumer builds from the ssh registry with ~/.ssh/id_ed25519"
expect_out "Compiling s2 v0\.1\.0" "with a package a racer published"
unset SSH_AUTH_SOCK

# A git dependency over ssh, the same way.
mkdir -p srv/gdep.git && git -C srv/gdep.git init -q --bare
lib_pkg gsrc gdep 1.0.0
git -C gsrc init -q -b main && git -C gsrc add -A && git -C gsrc commit -qm v1 &&
	git -C gsrc push -q "$T/srv/gdep.git" main
lib_pkg gapp gapp 0.1.0 \
	"gdep: { git: \"ssh://127.0.0.1:$ssh_port$T/srv/gdep.git\", tag: \"\", branch: main }"
sed -i 's/tag: "", //' gapp/osdk.yaml
at gapp build
expect_rc 0 "a git dependency over ssh builds"
expect_out "Compiling gdep v1\.0\.0" "from the served repository"
finish
