#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk run --gdb-server and osdk debug --remote read gdb addresses alike.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel k
cd k
osdk run --gdb-server addr=:99999
expect_rc 2 "run refuses a port over 65535 as a usage error"
expect_out "bad --gdb-server address ':99999'; expected HOST:PORT" "naming it"
osdk debug --remote :99999
expect_rc 2 "debug refuses the same port as a usage error"
expect_out "bad --remote address ':99999'; expected HOST:PORT" "naming it"
osdk debug --remote host:12x
expect_rc 2 "and a port that is not a number"
osdk debug --remote localhost:4321
expect_rc 1 "a good address goes on (to the missing kernel)"
expect_out "no kernel at" "which it names"
finish
