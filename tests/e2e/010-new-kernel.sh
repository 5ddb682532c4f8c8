#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk new --kernel, build, run, incremental rebuilds, clean.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel hello
expect_rc 0 "new --kernel creates a package"
[ -f hello/osdk.yaml ] && [ -f hello/src/main.c ] && ok "template files exist" ||
	not_ok "template files exist"

osdk new --kernel hello
expect_rc 1 "new refuses a directory that holds a package"
expect_out "already holds a package" "and says why"
mkdir notes && echo "todo" >notes/todo.txt
osdk new --kernel notes
expect_rc 1 "new refuses a directory with files in it"
expect_out "not empty; to make a package of what is there, run 'osdk init'" \
	"pointing to osdk init"
mkdir empty
osdk new --library empty
expect_rc 0 "new fills an existing empty directory"
[ -f empty/osdk.yaml ] && ok "with the package" || not_ok "with the package"
cd notes
mkdir src && echo "/* mine */" >src/main.c
osdk init --kernel
expect_rc 0 "init makes a package where files already are"
expect_out "Kept 'src/main\.c', which was already there" "naming what it kept"
[ "$(cat src/main.c)" = "/* mine */" ] && ok "and leaves that file alone" ||
	not_ok "and leaves that file alone"
[ -f src/greeting.c ] && [ -f notes/../todo.txt -o -f todo.txt ] &&
	ok "beside the template's other files and the old ones" ||
	not_ok "beside the template's other files and the old ones"
grep -q "name: notes" osdk.yaml && ok "named after its directory" ||
	not_ok "named after its directory"
osdk init --kernel
expect_rc 1 "init refuses a directory that is a package already"
cd ..

osdk new --kernel Bad_Name
expect_rc 2 "new refuses an invalid package name as a usage error"

osdk new --kernel frame
expect_rc 2 "new refuses a name that collides with its dependency"
expect_out "cannot be named 'frame'.*depend on itself" "and says why"
[ ! -e frame ] && ok "and creates nothing" || not_ok "and creates nothing"

osdk new --kernel --library both
expect_rc 2 "new refuses --kernel with --library"
expect_out "exclude each other" "saying they exclude each other"

cd hello
osdk build
expect_rc 0 "build succeeds"
expect_out "Compiling frame v" "build compiles the frame"
expect_out "Compiling hello v0.1.0" "build compiles the kernel package"
expect_out "Finished dev" "build says Finished"
[ -f target/osdk/dev/hello.elf ] && ok "kernel ELF is in target/osdk/dev" ||
	not_ok "kernel ELF is in target/osdk/dev"

python3 - <<'PY'
import json, sys
db = json.load(open("compile_commands.json"))
main = [e for e in db if e["file"].endswith("/hello/src/main.c")]
sys.exit(not (main and any(a.startswith("-I") and a.endswith("/include")
                           and "frame" in a for a in main[0]["arguments"])
              and all(k in main[0] for k in ("directory", "output"))))
PY
[ $? = 0 ] && ok "compile_commands.json lists main.c with the frame's headers" ||
	not_ok "compile_commands.json lists main.c with the frame's headers"
grep -qx '/compile_commands.json' .gitignore && ok "the template ignores it" ||
	not_ok "the template ignores it"
before=$(stat -c %Y compile_commands.json)
sleep 1
osdk build
expect_rc 0 "second build succeeds"
[ "$(stat -c %Y compile_commands.json)" = "$before" ] &&
	ok "an unchanged compile_commands.json is not rewritten" ||
	not_ok "an unchanged compile_commands.json is not rewritten"
expect_no_out "Compiling" "second build compiles nothing"
expect_out "nothing to compile" "and says so"

osdk run
expect_rc 0 "run exits with the guest's code 0"
expect_out "Hello from the hello kernel" "run prints the template's hello line"

# Touching the kernel's source recompiles that package only.
sleep 1
touch src/main.c
osdk build -v
expect_rc 0 "rebuild after touching main.c"
expect_out "Compiling hello" "the touched package recompiles"
expect_no_out "Compiling frame" "the frame does not"
n=$(printf '%s\n' "$out" | grep -c -- ' -c .*src/main\.c') || true
[ "$n" = 1 ] && ok "exactly one file recompiled" ||
	not_ok "exactly one file recompiled (saw $n)"

# Touching a header recompiles exactly the files that include it.
cat > src/extra.h <<'C'
/* A header only extra.c includes. */
int extra_value(void);
C
cat > src/extra.c <<'C'
#include "extra.h"

int extra_value(void)
{
	return 1;
}
C
cat > src/other.c <<'C'
int other_value(void);

int other_value(void)
{
	return 2;
}
C
osdk build
expect_rc 0 "build with two new files"
sleep 1
touch src/extra.h
osdk build -v
n=$(printf '%s\n' "$out" | grep -c -- ' -c [^ ]*src/[a-z]*\.c') || true
[ "$n" = 1 ] && ok "touching a header recompiles one file" ||
	not_ok "touching a header recompiles one file (saw $n)"
expect_out " -c [^ ]*src/extra\.c" "and it is the file that includes it"

# Changing a package's flags recompiles that package, not its dependencies.
printf 'build:\n  cflags: "-DHELLO_EXTRA=1"\n' >> osdk.yaml
osdk build
expect_rc 0 "build after changing build.cflags"
expect_out "Compiling hello" "the package with new flags recompiles"
expect_no_out "Compiling frame" "its dependency does not"

# The release profile builds into its own directory.
osdk build --release
expect_rc 0 "release build"
[ -f target/osdk/release/hello.elf ] && ok "release ELF exists" ||
	not_ok "release ELF exists"

# The template's sample tests test the kernel's own code: they pass, and
# they fail when that code breaks.
osdk test
expect_rc 0 "the template's ktests pass"
expect_out "^test hello::greeting_names_the_kernel_and_cpus \.\.\. ok" \
	"the greeting's test ran"
expect_out "^2 passed, 0 failed$" "both sample tests passed"
cp src/greeting.c "$T/greeting.c"
sed -i 's/ CPU%s!/ CPU%s./' src/greeting.c
osdk test
expect_rc 1 "a broken greeting fails its test"
expect_out "^test hello::greeting_names_the_kernel_and_cpus \.\.\. FAILED" \
	"the failing test is named"
cp "$T/greeting.c" src/greeting.c
cp src/main.c "$T/main.c"

# A guest exit code passes through osdk run, all 8 bits of it: codes
# above 63 once lost their high bits or read as success.
for code in 7 64 200 255; do
	sed -i "s/return [0-9]*;\$/return $code;/" src/main.c
	osdk run
	expect_rc $code "a kernel whose main returns $code makes osdk run exit $code"
done
[ -s target/osdk/dev/hello.elf.exit ] &&
	grep -qx 'osdk-exit code 255' target/osdk/dev/hello.elf.exit &&
	ok "the frame wrote its exit record" || not_ok "the frame wrote its exit record"

# A panic is a panic, never a code a kernel could return.
sed -i "s/return 255;\$/frame_panic(\"on purpose\");/" src/main.c
sed -i 's|#include <frame/log.h>|#include <frame/log.h>\n#include <frame/panic.h>|' src/main.c
osdk run
expect_rc 101 "a kernel panic makes osdk run exit 101"
expect_out "error: the kernel panicked" "and osdk says so"
expect_out "panic: on purpose" "after the kernel's own message"
cp "$T/main.c" src/main.c

osdk clean
expect_rc 0 "clean"
[ ! -e target/osdk ] && ok "clean removes target/osdk" ||
	not_ok "clean removes target/osdk"
finish
