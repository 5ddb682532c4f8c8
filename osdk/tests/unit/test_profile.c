/* SPDX-License-Identifier: MIT */
/* test_profile.c - unit tests of the profile: symbols, stacks, functions,
 * the written forms, and the remote protocol's framing. */
#include "core/profile/profile.h"
#include "core/profile/rsp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"

static struct elf_sym sym_v[] = {
	{ 0x1000, 0x10, "alpha" },
	{ 0x1010, 0x20, "beta" },
	{ 0x1040, 0, "marker" }, /* no size: only its own address */
	{ 0x2000, 0x100, "gamma" },
};
static const struct elf_syms syms = { sym_v, 4 };

UNIT(symbols_name_the_function_holding_an_address)
{
	CHECK(profile_symbol(&syms, 0xfff) == NULL);
	CHECK_STR(profile_symbol(&syms, 0x1000), "alpha");
	CHECK_STR(profile_symbol(&syms, 0x100f), "alpha");
	CHECK_STR(profile_symbol(&syms, 0x1010), "beta");
	CHECK(profile_symbol(&syms, 0x1030) == NULL);
	CHECK_STR(profile_symbol(&syms, 0x1040), "marker");
	CHECK(profile_symbol(&syms, 0x1041) == NULL);
	CHECK_STR(profile_symbol(&syms, 0x20ff), "gamma");
	CHECK(profile_symbol(&syms, 0x2100) == NULL);
}

UNIT(stacks_merge_and_functions_count_self_and_total)
{
	struct profile p = { 0 };
	struct profile_fn *fns;
	size_t n;

	profile_add(&p, "main;work;spin", 3);
	profile_add(&p, "main;idle", 1);
	profile_add(&p, "main;work;spin", 2);
	/* recursion: work counts once in this stack's total */
	profile_add(&p, "main;work;work;spin", 1);
	p.samples = 7;
	profile_sort(&p);
	CHECK_INT(p.n, 3);
	CHECK_STR(p.v[0].folded, "main;idle");
	CHECK_STR(p.v[1].folded, "main;work;spin");
	CHECK_INT(p.v[1].count, 5);
	profile_functions(&p, &fns, &n);
	CHECK_INT(n, 4);
	CHECK_STR(fns[0].name, "spin");
	CHECK_INT(fns[0].self, 6);
	CHECK_INT(fns[0].total, 6);
	CHECK_STR(fns[1].name, "idle");
	CHECK_INT(fns[1].self, 1);
	CHECK_STR(fns[2].name, "main");
	CHECK_INT(fns[2].total, 7);
	CHECK_STR(fns[3].name, "work");
	CHECK_INT(fns[3].self, 0);
	CHECK_INT(fns[3].total, 6);
	profile_functions_release(fns, n);
	profile_release(&p);
}

UNIT(forms_are_written_and_names_escaped)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct profile p = { 0 };
	struct strbuf sb = STRBUF_INIT;
	char dir[] = "/tmp/osdk-unit-profile-XXXXXX";
	char path[64];

	CHECK(mkdtemp(dir) != NULL);
	profile_add(&p, "main;a<b>&\"c\"", 2);
	profile_add(&p, "main;d", 1);
	p.samples = 3;
	p.cpus = 1;
	profile_sort(&p);
	snprintf(path, sizeof(path), "%s/f", dir);
	CHECK_INT(profile_write_folded(&p, path, &err), 0);
	CHECK_INT(fs_read(path, &sb, &err), 0);
	CHECK_STR(sb.buf, "main;a<b>&\"c\" 2\nmain;d 1\n");
	snprintf(path, sizeof(path), "%s/s", dir);
	CHECK_INT(profile_write_svg(&p, "t<", path, &err), 0);
	strbuf_reset(&sb);
	CHECK_INT(fs_read(path, &sb, &err), 0);
	CHECK_HAS(sb.buf, "<title>a&lt;b&gt;&amp;&quot;c&quot; (2 samples, "
			  "66.67%)</title>");
	CHECK_HAS(sb.buf, ">t&lt;</text>");
	CHECK(strstr(sb.buf, "a<b>") == NULL);
	strbuf_release(&sb);
	profile_release(&p);
	fs_remove_tree(dir, &err);
}

UNIT(remote_protocol_framing)
{
	unsigned char b[4];

	CHECK_INT(rsp_checksum("g", 1), 0x67);
	CHECK_INT(rsp_checksum("qSupported", 10), 0x37);
	CHECK_INT(rsp_unhex("00ff10Ab", b, 4), 0);
	CHECK_INT(b[1], 0xff);
	CHECK_INT(b[3], 0xab);
	CHECK_INT(rsp_unhex("00ff10A", b, 4), -EPROTO);
	CHECK_INT(rsp_unhex("00ff10Ab00", b, 4), -EPROTO);
	CHECK_INT(rsp_unhex("0g", b, 1), -EPROTO);
}

UNIT(leaf_functions_keep_their_return_address_on_the_stack)
{
	/* push %rbp; mov %rsp,%rbp; ... */
	static const unsigned char framed[] = { 0x55, 0x48, 0x89, 0xe5,
						0x48, 0x83, 0xec, 0x10 };
	/* endbr64; push %rbp; mov %rsp,%rbp */
	static const unsigned char cet[] = { 0xf3, 0x0f, 0x1e, 0xfa,
					     0x55, 0x48, 0x89, 0xe5 };
	/* lock addq $1,x(%rip); jmp back: no frame at all */
	static const unsigned char leaf[] = { 0xf0, 0x48, 0x83, 0x05,
					      0x2a, 0x50, 0x05, 0x00 };

	CHECK_INT(profile_leaf(framed, 8, 0x1000, 0x1000), PROFILE_AT_ENTRY);
	CHECK_INT(profile_leaf(framed, 8, 0x1000, 0x1001), PROFILE_PUSHED);
	CHECK_INT(profile_leaf(framed, 8, 0x1000, 0x1004), PROFILE_FRAMED);
	CHECK_INT(profile_leaf(framed, 8, 0x1000, 0x1040), PROFILE_FRAMED);
	CHECK_INT(profile_leaf(cet, 8, 0x1000, 0x1004), PROFILE_AT_ENTRY);
	CHECK_INT(profile_leaf(cet, 8, 0x1000, 0x1005), PROFILE_PUSHED);
	CHECK_INT(profile_leaf(cet, 8, 0x1000, 0x1008), PROFILE_FRAMED);
	CHECK_INT(profile_leaf(leaf, 8, 0x1000, 0x1000), PROFILE_AT_ENTRY);
	CHECK_INT(profile_leaf(leaf, 8, 0x1000, 0x1009), PROFILE_FRAMELESS);
	/* too few bytes to see a prologue: not trusted as framed */
	CHECK_INT(profile_leaf(framed, 3, 0x1000, 0x1009), PROFILE_FRAMELESS);
}

UNIT(a_frameless_leafs_return_address_must_follow_a_call_to_it)
{
	/* call rel32 at 0x2000 (ret 0x2005) to 0x1000: rel = -0x1005 */
	static const unsigned char call[] = { 0xe8, 0xfb, 0xef, 0xff, 0xff };
	static const unsigned char other[] = { 0xe8, 0x00, 0x00, 0x00, 0x00 };
	static const unsigned char not_call[] = { 0x90, 0xfb, 0xef, 0xff,
						  0xff };

	CHECK(profile_calls(call, 0x2005, 0x1000));
	CHECK(!profile_calls(call, 0x2005, 0x1001));
	CHECK(!profile_calls(other, 0x2005, 0x1000));
	CHECK(!profile_calls(not_call, 0x2005, 0x1000));
}

UNIT_MAIN()
