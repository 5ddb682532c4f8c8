#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk-build.sh - osdk's build of a workspace against `make -j` of the same
# commands: times a clean and a no-op build of each and prints the figures
# and the osdk/make ratios, from one run.
#
#   tests/bench/osdk-build.sh [-j N] [--dir WORKSPACE]
#
# WORKSPACE is the repository root (Keel) unless given; N is 2. osdk is
# $OSDK, or `osdk` on PATH. The script deletes WORKSPACE/target several
# times and leaves it holding make's build. A first, untimed osdk build
# warms the caches and writes compile_commands.json, from which a Makefile
# is generated: one rule per compile command (with the compiler's depfiles
# included, as osdk reads them), one per package archive (`ar rcsD` of the
# objects osdk archived) and the kernel's link (osdk's own command, from
# <kernel>.elf.cmd). Make takes two things ready-made that osdk makes
# itself: the objects of user images (build.user-images) and the ksyms
# object; its figure is therefore a little low, and the ratio an upper
# bound. The framekernel check and the symbol table are osdk's alone.
# osdk's clean build is timed twice: as a user sees it, with the check's
# passes remembered from earlier builds (the untimed one made them), and
# with that memo off (OSDK_CHECK_CACHE=off), every file parsed by libclang.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=$repo
jobs=2
osdk=${OSDK:-osdk}

usage() {
	sed -n '6,8p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	-j) jobs=${2:?}; shift ;;
	-j*) jobs=${1#-j} ;;
	--dir) dir=${2:?}; shift ;;
	-h | --help) usage ;;
	*) echo "osdk-build.sh: unknown argument '$1'" >&2; usage ;;
	esac
	shift
done
case $jobs in '' | *[!0-9]* | 0) echo "osdk-build.sh: -j needs a positive number" >&2; exit 2 ;; esac
command -v make >/dev/null || { echo "osdk-build.sh: 'make' not found (Debian package 'make')" >&2; exit 1; }
command -v python3 >/dev/null || { echo "osdk-build.sh: 'python3' not found" >&2; exit 1; }
[ -f "$dir/osdk.yaml" ] || { echo "osdk-build.sh: no osdk.yaml in '$dir'" >&2; exit 2; }
dir=$(cd "$dir" && pwd)
cd "$dir"

work=$(mktemp -d "${TMPDIR:-/tmp}/osdk-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# timed NAME CMD...: run CMD with its output in $work/NAME.log; its wall
# time in $t and its processes' CPU time (user and system) in $cpu, both
# in seconds. The CPU time moves little with the machine's load, where the
# wall time moves with it: on a shared machine it is the figure to read.
timed() {
	local name=$1 real user sys TIMEFORMAT='%3R %3U %3S'
	shift
	if ! { time "$@" >"$work/$name.log" 2>&1; } 2>"$work/$name.time"; then
		echo "osdk-build.sh: '$*' failed:" >&2
		tail -20 "$work/$name.log" >&2
		exit 1
	fi
	read -r real user sys <"$work/$name.time"
	t=$real
	cpu=$(awk -v a="$user" -v b="$sys" 'BEGIN { printf "%.3f", a + b }')
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
# The untimed build: inputs for the Makefile, warm caches.
rm -rf target
timed warmup "$osdk" build -j "$jobs"
out=$(find target/osdk -maxdepth 1 -mindepth 1 -type d | head -1)
[ -n "$out" ] || { echo "osdk-build.sh: no target/osdk/<profile> after the build" >&2; exit 1; }
mkdir -p "$work/keep"
cp compile_commands.json "$work/"
python3 - "$dir" "$out" "$work" <<'EOF'
import glob, json, os, shlex, shutil, sys

root, out, work = sys.argv[1:4]
db = json.load(open(os.path.join(work, "compile_commands.json")))
compiled = {os.path.abspath(os.path.join(e["directory"], e["output"])) for e in db}
lines = [".SUFFIXES:", "all: kernel", ""]
deps = []
for e in db:
    obj = os.path.abspath(os.path.join(e["directory"], e["output"]))
    src = os.path.abspath(os.path.join(e["directory"], e["file"]))
    deps.append(obj + ".d")
    lines.append(f"{obj}: {src}")
    lines.append(f"\tcd {shlex.quote(e['directory'])} && {shlex.join(e['arguments'])}")
archives, keep = [], []
for objs in sorted(glob.glob(os.path.join(root, out, "*", "lib*.a.objs"))):
    a = objs[: -len(".objs")]
    members = open(objs).read().split()
    # What osdk made outside compile_commands.json (user images) is kept.
    keep += [m for m in members if m not in compiled]
    archives.append(a)
    lines.append(f"{a}: {' '.join(members)}")
    lines.append(f"\trm -f {a} && ar rcsD {a} {' '.join(members)}")
kernel = []
for cmd in glob.glob(os.path.join(root, out, "*.elf.cmd")):
    argv = shlex.split(open(cmd).read())
    elf = argv[argv.index("-o") + 1]
    ins = [w for w in argv if w.endswith(".a") or w.endswith(".o")]
    keep += [w for w in ins if w.endswith(".o")]
    lines.append(f"{elf}: {' '.join(ins)}")
    lines.append(f"\t{shlex.join(argv)}")
    kernel.append(elf)
lines.append(f"kernel: {' '.join(kernel or archives)}")
lines.append(".PHONY: all kernel")
lines.append("-include " + " ".join(deps))
open(os.path.join(work, "Makefile"), "w").write("\n".join(lines) + "\n")
with open(os.path.join(work, "keep.list"), "w") as f:
    for k in keep:
        dst = os.path.join(work, "keep", k.lstrip("/"))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(k, dst)
        f.write(k + "\n")
with open(os.path.join(work, "dirs.list"), "w") as f:
    for d in sorted({os.path.dirname(o) for o in compiled | set(archives)}):
        f.write(d + "\n")
print(f"{len(db)} compile commands, {len(archives)} archives, "
      f"{len(kernel)} kernel link(s), {len(keep)} ready-made input(s)")
EOF

# make, clean and no-op. Directories are made before the clock starts.
rm -rf target
while read -r d; do mkdir -p "$d"; done <"$work/dirs.list"
while read -r k; do
	mkdir -p "$(dirname "$k")"
	cp -p "$work/keep/${k#/}" "$k"
done <"$work/keep.list"
timed make_clean make -s -j "$jobs" -f "$work/Makefile"
make_clean=$t
make_clean_cpu=$cpu
timed make_noop make -s -j "$jobs" -f "$work/Makefile"
make_noop=$t

# osdk, clean and no-op.
rm -rf target
timed osdk_clean "$osdk" build -j "$jobs" -v
osdk_clean=$t
osdk_clean_cpu=$cpu
timed osdk_noop "$osdk" build -j "$jobs"
osdk_noop=$t
rm -rf target
OSDK_CHECK_CACHE=off timed osdk_cold "$osdk" build -j "$jobs" -v
osdk_cold=$t
osdk_cold_cpu=$cpu

printf 'machine: %s cores, load average %s at the start, %s at the end\n' \
	"$(nproc)" "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)"
grep -o 'Timing .*' "$work/osdk_clean.log" | sed 's/^/osdk clean: /' || true
grep -o 'Timing .*' "$work/osdk_cold.log" | sed 's/^/osdk clean, memo off: /' || true
printf 'osdk build -j%s, clean:   %8.3f s\n' "$jobs" "$osdk_clean"
printf 'osdk build -j%s, clean, check memo off: %8.3f s\n' "$jobs" "$osdk_cold"
printf 'make -j%s, clean:         %8.3f s\n' "$jobs" "$make_clean"
printf 'osdk build -j%s, no-op:   %8.3f s\n' "$jobs" "$osdk_noop"
printf 'make -j%s, no-op:         %8.3f s\n' "$jobs" "$make_noop"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
printf 'ratio osdk/make, clean: %sx\n' "$(ratio "$osdk_clean" "$make_clean")"
printf 'ratio osdk/make, clean, check memo off: %sx\n' "$(ratio "$osdk_cold" "$make_clean")"
printf 'ratio osdk/make, no-op: %sx\n' "$(ratio "$osdk_noop" "$make_noop")"
printf 'CPU time, clean: osdk %.3f s, osdk with the check memo off %.3f s, make %.3f s\n' \
	"$osdk_clean_cpu" "$osdk_cold_cpu" "$make_clean_cpu"
printf 'CPU ratio osdk/make, clean: %sx\n' "$(ratio "$osdk_clean_cpu" "$make_clean_cpu")"
printf 'CPU ratio osdk/make, clean, check memo off: %sx\n' "$(ratio "$osdk_cold_cpu" "$make_clean_cpu")"
