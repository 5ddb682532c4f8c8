# SPDX-License-Identifier: MIT
# lib_registry.sh - throwaway registries and packages for the registry tests.
#
# Sourced after lib.sh. Everything lives below $T: OSDK_HOME (config.yaml
# and the cache), the registries, the packages. The helpers build the
# fixtures a test needs in one line each, the way cargo's test support does:
#
#   registry_new main --default      # $T/registries/main, named "main"
#   lib_pkg pkgs/log log 1.0.0       # a library package that compiles
#   lib_pkg pkgs/app app 0.1.0 'log: "^1.0"'
#   publish pkgs/log main            # osdk publish, or the test stops
#   reg_git main log 2>&1            # git, run inside the registry
#
# git itself is used here only to inspect and tamper with registries from
# the outside; osdk never runs it.

export OSDK_HOME="$T/home"
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.org
mkdir -p "$T/registries"

# registry_new NAME [--default]: a new registry, configured under NAME.
registry_new() {
	"$OSDK" registry init "$T/registries/$1" --name "$1" ${2:+"$2"} -q \
		>/dev/null || { echo "registry_new $1 failed"; exit 1; }
}

# registry_url NAME
registry_url() { echo "file://$T/registries/$1"; }

# lib_pkg DIR NAME VERSION [DEP-LINE...]: a library package whose source
# compiles on its own; each DEP-LINE is a YAML line under dependencies:.
lib_pkg() {
	local dir=$1 name=$2 version=$3 ident
	shift 3
	ident=$(printf '%s' "$name" | tr -c 'a-z0-9\n' '_')
	mkdir -p "$dir/src"
	{
		printf 'package:\n  name: %s\n  version: %s\n' "$name" "$version"
		printf '  description: "the %s test package"\n' "$name"
		printf '  license: MIT\n'
		if [ $# -gt 0 ]; then
			printf 'dependencies:\n'
			for d in "$@"; do printf '  %s\n' "$d"; done
		fi
	} >"$dir/osdk.yaml"
	printf 'int %s_version(void)\n{\n\treturn %s;\n}\n' "$ident" \
		"$(printf '%s' "$version" | tr -cd '0-9')" >"$dir/src/$ident.c"
}

# publish DIR REGISTRY [ARGS...]: publish or stop the test.
publish() {
	local dir=$1 reg=$2
	shift 2
	(cd "$dir" && "$OSDK" publish --registry "$reg" -q "$@") ||
		{ echo "publishing $dir to $reg failed"; exit 1; }
}

# reg_git NAME ARGS...: git in registry NAME (a bare repository).
reg_git() {
	local name=$1
	shift
	git --git-dir="$T/registries/$name" "$@"
}

# index_of NAME PKG: the index file of PKG in registry NAME.
index_of() {
	local path
	case ${#2} in
	1) path=1/$2 ;;
	2) path=2/$2 ;;
	3) path=3/${2:0:1}/$2 ;;
	*) path=${2:0:2}/${2:2:2}/$2 ;;
	esac
	reg_git "$1" show "main:$path"
}

# at DIR CMD...: run osdk CMD in DIR (sets $out and $rc like osdk).
at() {
	local dir=$1
	shift
	pushd "$dir" >/dev/null || exit 1
	osdk "$@"
	popd >/dev/null || exit 1
}

# same_file A B DESCRIPTION
same_file() {
	if cmp -s "$1" "$2"; then ok "$3"; else not_ok "$3 ($1 and $2 differ)"; fi
}
