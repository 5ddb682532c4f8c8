#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk run --gdb-server ...,vscode: a VS Code launch configuration that
# attaches to the stub is merged into .vscode/launch.json (others kept, ours
# replaced on the next run, a file with comments left alone), and gdb given
# that configuration's commands, as VS Code gives them, breaks in the kernel.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel vk
cd vk
printf '  accel: tcg\n' >>osdk.yaml
mkdir .vscode
cat >.vscode/launch.json <<'J'
{
	"version": "0.2.0",
	"configurations": [ { "name": "mine", "type": "cppdbg", "request": "launch", "program": "a.out" } ]
}
J
sock="$T/gdb.sock"
osdk run --gdb-server "addr=$sock,vscode"
expect_rc 0 "the kernel runs with the stub and the configuration written"
expect_out "Wrote +'osdk: attach to vk' to .*/.vscode/launch.json" "osdk says where"
jq -e . .vscode/launch.json >/dev/null && ok "launch.json is JSON" || not_ok "launch.json is JSON"
[ "$(jq -r '[.configurations[].name] | join(",")' .vscode/launch.json)" = "mine,osdk: attach to vk" ] &&
	ok "the user's configuration is kept beside ours" ||
	not_ok "the user's configuration is kept beside ours ($(jq -c '[.configurations[].name]' .vscode/launch.json))"
cfg='.configurations[] | select(.name == "osdk: attach to vk")'
[ "$(jq -r "$cfg | .program" .vscode/launch.json)" = "$PWD/target/osdk/dev/vk.elf" ] &&
	ok "it loads the kernel's ELF" || not_ok "it loads the kernel's ELF"
jq -r "$cfg | .customLaunchSetupCommands[].text" .vscode/launch.json | grep -qx "target remote $sock" &&
	ok "and attaches to the stub" || not_ok "and attaches to the stub"

osdk run --gdb-server "addr=$sock,vscode"
[ "$(jq '.configurations | length' .vscode/launch.json)" = 2 ] &&
	ok "a second run replaces ours instead of adding one" || not_ok "a second run replaces ours"

# What VS Code would do: gdb with the configuration's commands, in order.
rm -f "$sock"
timeout 300 "$OSDK" run --gdb-server "addr=$sock,wait-client" </dev/null >"$T/run.log" 2>&1 &
qpid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.2; done
args=()
while IFS= read -r c; do args+=(-ex "$c"); done < <(jq -r "$cfg | (.setupCommands + .customLaunchSetupCommands)[].text" .vscode/launch.json)
out=$(cd "$T" && timeout 120 gdb -q -batch -nx "${args[@]}" -ex 'break vk_main' -ex continue -ex bt -ex 'list vk_main' -ex detach 2>&1)
printf '%s\n' "$out" | grep -q "Breakpoint 1, .*vk_main" && ok "gdb with those commands breaks in the kernel's main" ||
	not_ok "gdb with those commands breaks in the kernel's main ($(printf '%s' "$out" | tail -5))"
printf '%s\n' "$out" | grep -Eq "^[0-9]+[[:space:]]+static int vk_main" && ok "and finds its source" ||
	not_ok "and finds its source"
wait "$qpid"

printf '{\n  // a comment VS Code allows\n  "configurations": []\n}\n' >.vscode/launch.json
cp .vscode/launch.json "$T/before.json"
osdk run --gdb-server "addr=$sock,vscode"
expect_rc 1 "a launch.json with comments is not rewritten"
expect_out "comments and trailing commas, which VS Code allows, are not read here" "saying why"
cmp -s .vscode/launch.json "$T/before.json" && ok "and is left as it was" || not_ok "and is left as it was"
osdk run --gdb-server vscode,nope
expect_rc 2 "an unknown --gdb-server part is still a usage error"
finish
