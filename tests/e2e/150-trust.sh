#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Trust follows where a package comes from: the default registry's frame
# stays trusted in a new workspace, and a package merely named `frame`
# from git, another registry or another path is checked like any other.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
cd "$T"

commit_all() { git -C "$1" add -A && git -C "$1" commit -qm "$2"; }

# ---- the default registry's frame ----
registry_new main --default
publish "$OSDK_DATADIR/frame" main --allow-dirty
osdk new --kernel k
expect_rc 0 "a new kernel takes the frame from the default registry"
grep -q '^  frame: "' k/osdk.yaml && ok "by version requirement" ||
	not_ok "by version requirement ($(grep frame: k/osdk.yaml))"
at k check
expect_rc 0 "osdk check passes in the new kernel"
expect_no_out "Checking frame" "and leaves the registry's frame alone"

# A new user makes it a workspace without knowing about workspace.trusted.
printf 'workspace:\n  members: [.]\n' >>k/osdk.yaml
at k check
expect_rc 0 "adding 'workspace:' keeps the registry's frame trusted"
expect_no_out "Checking frame" "so the frame is not checked"
expect_no_out "violation" "and no flood of violations"
n=$(printf '%s\n' "$out" | wc -l)
[ "$n" -lt 20 ] && ok "the output stays short ($n lines)" ||
	not_ok "the output stays short ($n lines)"
at k tcb
expect_out "^trusted +[0-9]+ +[0-9]+ lines in 1 package" \
	"osdk tcb counts the frame as trusted"

# ---- a fake frame from git ----
mkdir fake && cat >fake/osdk.yaml <<'Y'
package: { name: frame, version: 0.1.0, trusted: true }
Y
mkdir fake/src && printf 'int fake_frame(void)\n{\n\t__asm__("nop");\n\treturn 0;\n}\n' \
	>fake/src/fake.c
git -C fake init -q -b main && commit_all fake v0.1.0 && git -C fake tag v0.1.0
mkdir gw && cat >gw/osdk.yaml <<Y
workspace:
  members: [svc]
  trusted: [frame]
Y
lib_pkg gw/svc svc 0.1.0 "frame: { git: \"file://$T/fake\", tag: v0.1.0 }"
at gw check
expect_rc 1 "a frame from a git URL is checked as untrusted"
expect_out "package 'frame' says 'trusted: true', but it comes from git 'file://$T/fake', a source 'workspace.trusted' in '[^']*' does not name" \
	"warning that the source is not trusted"
expect_out "Checking frame" "checking it"
expect_out "fake\.c:3:[0-9]+: .*FK-" "and reporting its assembly"

# The root workspace may trust that source explicitly.
cat >gw/osdk.yaml <<Y
workspace:
  members: [svc]
  trusted:
    - { name: frame, git: "file://$T/fake" }
Y
at gw check
expect_rc 0 "a git source the root workspace names is trusted"
expect_no_out "Checking frame" "and not checked"
cat >gw/osdk.yaml <<Y
workspace:
  members: [svc]
  trusted:
    - { name: frame, git: "file://$T/elsewhere" }
Y
at gw check
expect_rc 1 "another git URL for the same name is not"

# ---- a fake frame from another registry ----
registry_new other
mkdir -p oth/src && cat >oth/osdk.yaml <<'Y'
package:
  name: frame
  version: 0.1.0
  trusted: true
  description: "not the frame"
  license: MIT
Y
printf 'int other_frame(void)\n{\n\treturn 1;\n}\n' >oth/src/other.c
publish oth other --allow-dirty
lib_pkg ow ow 0.1.0 'frame: { version: "^0.1", registry: other }'
at ow check
expect_out "package 'frame' says 'trusted: true', but it comes from registry 'file://$T/registries/other'" \
	"a frame from another registry is not trusted"
expect_out "Checking frame" "and is checked"

# ---- a fake frame by path outside the workspace ----
mkdir pw && printf 'workspace:\n  members: [svc]\n  trusted: [frame]\n' >pw/osdk.yaml
lib_pkg pw/svc svc 0.1.0 'frame: { path: "../../fake" }'
at pw check
expect_rc 1 "a listed name from a path outside the tree is checked"
expect_out "comes from '$T/fake', a source" "naming the path"

# A bad trusted entry is an error at its line.
printf 'workspace:\n  members: [svc]\n  trusted:\n    - { name: frame }\n' >pw/osdk.yaml
at pw check
expect_rc 1 "a trusted entry without a source is refused"
expect_out "osdk\.yaml:4:7: 'workspace\.trusted\[0\]' needs a 'path', 'git' or 'registry'" \
	"at its line and column"
finish
