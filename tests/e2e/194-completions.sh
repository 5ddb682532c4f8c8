#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk completions bash|zsh|fish: each script completes commands, a
# command's options, the values of --accel and the words of registry, in the
# shell itself; they follow the options a command really has.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk completions bash
expect_rc 0 "the bash script is printed"
printf '%s\n' "$out" >osdk.bash
osdk completions zsh
expect_rc 0 "the zsh script is printed"
printf '%s\n' "$out" >_osdk
osdk completions fish
expect_rc 0 "the fish script is printed"
printf '%s\n' "$out" >osdk.fish
osdk completions bsh
expect_rc 2 "an unknown shell is a usage error"
expect_out "no completions for shell 'bsh'.*did you mean 'bash'" "with a suggestion"
osdk completions
expect_rc 2 "no shell is a usage error"

# bash: what COMPREPLY holds for a command line, the cursor in its last word.
bash_complete() {
	bash --norc -c '. ./osdk.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_osdk; printf "%s\n" "${COMPREPLY[@]}"' bash "$@"
}
check() { # check SHELL "what" "got" "want"
	[ "$3" = "$4" ] && ok "$1: $2" || not_ok "$1: $2 (got '$(echo $3)', want '$(echo $4)')"
}
check bash "a command from its start" "$(bash_complete osdk te)" test
check bash "test's options" "$(bash_complete osdk test --sh | sort)" "$(printf -- '--shard\n--show-output')"
check bash "--accel's values" "$(bash_complete osdk run --accel '')" "$(printf 'auto\nkvm\ntcg')"
check bash "registry's words" "$(bash_complete osdk registry '')" "$(printf 'init\nadd\nlist')"
check bash "help's commands" "$(bash_complete osdk help comp)" completions
mkdir -p outdir
check bash "a DIR value completes directories" "$(bash_complete osdk build -o out)" outdir
check bash "a value with no known words offers nothing" "$(bash_complete osdk test --shard '')" ""

# fish: its own completion engine, `complete -C`.
fish_complete() { fish --no-config -c "source osdk.fish; complete -C '$1'" | cut -f1; }
check fish "a command from its start" "$(fish_complete 'osdk te')" test
check fish "test's options" "$(fish_complete 'osdk test --sh' | sort)" "$(printf -- '--shard\n--show-output')"
check fish "--accel's values" "$(fish_complete 'osdk run --accel ' | sort)" "$(printf 'auto\nkvm\ntcg')"
check fish "registry's words" "$(fish_complete 'osdk registry ' | sort)" "$(printf 'add\ninit\nlist')"

# zsh: the script parses, and _osdk hands zsh's completion functions (here
# stand-ins that print what they are given) the commands and the options.
zsh -n _osdk && ok "zsh: the script parses" || not_ok "zsh: the script parses"
zsh_complete() {
	zsh -f -c 'source ./_osdk 2>/dev/null
		_describe() { print -rl -- ${(P)2}; }
		_arguments() { print -rl -- "$@"; }
		words=("$@"); CURRENT=$#; _osdk' zsh "$@"
}
check zsh "the commands with their summaries" \
	"$(zsh_complete osdk te | grep '^test:')" "test:Run the package's kernel unit tests (KTEST) in QEMU"
check zsh "test's --shard takes a value" \
	"$(zsh_complete osdk test --sh | grep -- '--shard')" "--shard=[run only the K-th of N slices of the tests]:shard: "
check zsh "--accel offers its values" \
	"$(zsh_complete osdk run --accel '' | grep -- '^--accel')" \
	"--accel=[auto (KVM when /dev/kvm is usable), kvm or tcg]:accel:(auto kvm tcg)"
check zsh "-o completes directories" \
	"$(zsh_complete osdk build -o '' | grep -- "^-o")" "-o[also copy the kernel's artefacts into DIR]:output:_files -/"

# The scripts follow the options: each of test's long options is offered.
osdk test --help
missing=
for o in $(printf '%s\n' "$out" | grep -oE '^  (-., )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
	grep -q -- " $o" osdk.bash || missing+=" $o"
done
[ -z "$missing" ] && ok "every option of osdk test --help is in the bash script" ||
	not_ok "every option of osdk test --help is in the bash script (missing:$missing)"
check bash "options after a dash" "$(bash_complete osdk registry --d)" --default
finish
