/* SPDX-License-Identifier: MIT */
/* test_gdb.c - gdb stub addresses and osdk run's --gdb-server value. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>

#include "core/boot/gdb.h"
#include "util/err.h"

UNIT(addresses)
{
	static const char *const good[] = {
		"localhost:1234", ":1",	  "127.0.0.1:65535",
		"/tmp/gdb.sock",  "host",
	};
	static const char *const bad[] = {
		"", ":", ":0", ":99999", "h:12x", "h:-1", ":65536",
	};
	struct osdk_err err = OSDK_ERR_INIT;

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (gdb_check_addr(good[i], "--remote", &err))
			UNIT_FAIL("'%s' was refused: %s", good[i], err.msg);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (gdb_check_addr(bad[i], "--remote", &err) != -EINVAL)
			UNIT_FAIL("'%s' was accepted", bad[i]);
	gdb_check_addr(":99999", "--remote", &err);
	CHECK_HAS(err.msg, "bad --remote address ':99999'; expected HOST:PORT");
}

UNIT(server_specs)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *addr = NULL;
	bool wait = true, vscode = true;

	CHECK_INT(gdb_parse_server_spec("", &addr, &wait, &vscode, &err), 0);
	CHECK_STR(addr, GDB_DEFAULT_ADDR);
	CHECK(!wait);
	CHECK(!vscode);
	free(addr);
	CHECK_INT(gdb_parse_server_spec("vscode,addr=/tmp/s", &addr, &wait,
					&vscode, &err),
		  0);
	CHECK(vscode);
	CHECK_STR(addr, "/tmp/s");
	free(addr);
	CHECK_INT(gdb_parse_server_spec("addr=:4321,wait-client", &addr, &wait,
					&vscode, &err),
		  0);
	CHECK_STR(addr, ":4321");
	CHECK(wait);
	free(addr);
	CHECK_INT(gdb_parse_server_spec("wait-client", &addr, &wait, &vscode, &err), 0);
	CHECK_STR(addr, GDB_DEFAULT_ADDR);
	free(addr);
	CHECK_INT(gdb_parse_server_spec("addr=:99999", &addr, &wait, &vscode, &err),
		  -EINVAL);
	CHECK(addr == NULL);
	CHECK_HAS(err.msg, "bad --gdb-server address ':99999'");
	CHECK_INT(gdb_parse_server_spec("addr=:1,nowait", &addr, &wait, &vscode, &err),
		  -EINVAL);
	CHECK(addr == NULL);
	CHECK_HAS(err.msg, "bad --gdb-server part 'nowait'");
	CHECK_INT(gdb_parse_server_spec("addr=", &addr, &wait, &vscode, &err), -EINVAL);
}

UNIT_MAIN()
