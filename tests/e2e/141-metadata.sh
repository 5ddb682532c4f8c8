#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk metadata: the resolved graph as JSON, checked with python3's parser.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_registry.sh"
cd "$T"
command -v python3 >/dev/null || { echo "python3 needed"; exit 1; }

osdk new --kernel demo # before a default registry: the frame by path
expect_rc 0 "a new kernel"
registry_new main --default
lib_pkg pkgs/blk blk 0.3.1
publish pkgs/blk main
lib_pkg libs/util util 0.1.0
(cd demo && "$OSDK" add blk -q && "$OSDK" add util --path ../libs/util -q) ||
	not_ok "adding its dependencies"

cd demo
"$OSDK" metadata --format json >"$T/meta.json" 2>"$T/meta.err"
rc=$? out=$(cat "$T/meta.err")
expect_rc 0 "osdk metadata --format json"
check=$(python3 - "$T/meta.json" "$T/demo" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
root = sys.argv[2]
bad = []
def want(cond, what):
    if not cond:
        bad.append(what)
want(list(d) == ["format_version", "packages", "workspace_members", "targets",
                 "workspace_root", "workspace_manifest", "target_directory",
                 "artifacts"], "top-level keys in order: %s" % list(d))
want(d["format_version"] == 1, "format_version 1")
pk = {p["name"]: p for p in d["packages"]}
want(set(pk) >= {"demo", "blk", "util", "frame"}, "packages: %s" % set(pk))
keys = ["name", "version", "id", "source", "manifest_path", "root_dir", "type",
        "trusted", "member", "description", "license", "dependencies"]
want(all(list(p) == keys for p in d["packages"]), "package keys")
demo = pk["demo"]
want(demo["type"] == "kernel" and demo["member"] and not demo["trusted"],
     "demo: a kernel, a member, untrusted")
want(demo["manifest_path"] == root + "/osdk.yaml", "demo's manifest path")
want(pk["frame"]["trusted"], "the frame is trusted")
want(pk["blk"]["source"].startswith("registry+file://"), "blk's source")
deps = {x["name"]: x for x in demo["dependencies"]}
want(deps["blk"]["req"] == "^0.3" and deps["blk"]["resolved_version"] == "0.3.1",
     "blk: requirement and resolved version")
want(deps["blk"]["resolved_id"] == pk["blk"]["id"], "blk's resolved id")
want(deps["util"]["kind"] == "path", "util is a path dependency")
want(d["workspace_members"] == [demo["id"]], "the members")
want(d["workspace_root"] == root, "the root")
want(d["target_directory"] == root + "/target", "the target directory")
a = d["artifacts"][0]
want(a["package"] == "demo" and
     a["kernel_elf"] == root + "/target/osdk/dev/demo.elf", "the kernel ELF")
want(a["iso"] == root + "/target/osdk/dev/demo.iso", "the ISO path")
print("; ".join(bad) if bad else "OK")
PY
)
[ "$check" = OK ] && ok "the document has the documented keys and values" ||
	not_ok "the document: $check"

"$OSDK" metadata >"$T/meta2.json" 2>/dev/null
cmp -s "$T/meta.json" "$T/meta2.json" && ok "two runs print the same bytes" ||
	not_ok "two runs print the same bytes"

"$OSDK" metadata --no-deps --release >"$T/nodeps.json" 2>/dev/null
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [p["name"] for p in d["packages"]] == ["demo"]
assert d["artifacts"][0]["kernel_elf"].endswith("/target/osdk/release/demo.elf")
' "$T/nodeps.json" && ok "--no-deps: only the members; --release paths" ||
	not_ok "--no-deps and --release"

osdk metadata --format yaml
expect_rc 2 "an unknown format is a usage error"
osdk metadata extra
expect_rc 2 "an argument is a usage error"
finish
