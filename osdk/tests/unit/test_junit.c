/* SPDX-License-Identifier: MIT */
/* test_junit.c - the JUnit XML report: structure, counts and escaping. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/boot/junit.h"
#include "util/strbuf.h"

static const struct junit_case cases[] = {
	{ "mm", "alloc_frees", false, NULL, NULL, "src/mm_test.c", 12, NULL },
	{ "fs", "open_<bad>", true, "fail", "expected 1 & got \"2\"",
	  "src/fs_test.c", 40, "line one\nline\x01two\xff\n" },
	{ "mm", "heap_grows", true, "panic", NULL, NULL, 0, NULL },
};

/* Whether xmllint, when installed, reads @xml as well-formed. */
static int xmllint_status(const char *xml)
{
	char path[] = "/tmp/osdk-junit-XXXXXX";
	char cmd[128];
	int fd = mkstemp(path), st;

	if (fd < 0)
		return -1;
	if (write(fd, xml, strlen(xml)) != (ssize_t)strlen(xml)) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "xmllint --noout %s 2>/dev/null", path);
	st = system(cmd);
	unlink(path);
	return st;
}

UNIT(suites_by_package_with_counts)
{
	struct strbuf sb = STRBUF_INIT;
	const char *mm, *fs;

	junit_render("osdk test", cases, 3, &sb);
	CHECK(strstr(sb.buf, "<testsuites name=\"osdk test\" tests=\"3\" "
			     "failures=\"2\" errors=\"0\">") != NULL);
	mm = strstr(sb.buf,
		    "<testsuite name=\"mm\" tests=\"2\" failures=\"1\"");
	fs = strstr(sb.buf,
		    "<testsuite name=\"fs\" tests=\"1\" failures=\"1\"");
	CHECK(mm && fs && mm < fs);
	/* Both mm cases sit in the one mm suite, before fs's. */
	CHECK(strstr(sb.buf, "heap_grows") < fs);
	CHECK(strstr(sb.buf, "<testcase name=\"alloc_frees\" classname=\"mm\" "
			     "file=\"src/mm_test.c\" line=\"12\"/>") != NULL);
	/* A failure without a message says what kind it was. */
	CHECK(strstr(sb.buf, "<failure message=\"panic\" type=\"panic\">"
			     "panic</failure>") != NULL);
	strbuf_release(&sb);
}

UNIT(escapes_and_location)
{
	struct strbuf sb = STRBUF_INIT;

	junit_render("a\"b", cases, 3, &sb);
	CHECK(strstr(sb.buf, "name=\"a&quot;b\"") != NULL);
	CHECK(strstr(sb.buf, "name=\"open_&lt;bad&gt;\"") != NULL);
	CHECK(strstr(sb.buf, "message=\"expected 1 &amp; got &quot;2&quot;\" "
			     "type=\"fail\">src/fs_test.c:40: expected 1 "
			     "&amp; got \"2\"</failure>") != NULL);
	/* A control byte and a byte that is not UTF-8 become U+FFFD. */
	CHECK(strstr(sb.buf, "<system-out>line one\nline\xef\xbf\xbdtwo"
			     "\xef\xbf\xbd\n</system-out>") != NULL);
	CHECK(!strchr(sb.buf, '\x01'));
	strbuf_release(&sb);
}

UNIT(well_formed_for_a_parser)
{
	struct strbuf sb = STRBUF_INIT;
	static const struct junit_case odd[] = {
		{ "p", "x", true, "fail",
		  "\xc0\xaf overlong, \xed\xa0\x80 "
		  "surrogate, \xe2\x82 cut, ]]> and \r\t",
		  "a&b.c", 1, "\x1b[31mred\x1b[0m \xf0\x9f\x98\x80" },
	};

	if (system("command -v xmllint >/dev/null 2>&1")) {
		fprintf(stderr, "  xmllint not installed: parser check "
				"skipped\n");
		return;
	}
	junit_render("osdk test", cases, 3, &sb);
	CHECK_INT(xmllint_status(sb.buf), 0);
	strbuf_reset(&sb);
	junit_render("osdk test", odd, 1, &sb);
	CHECK_INT(xmllint_status(sb.buf), 0);
	/* A valid four-byte character is kept as it is. */
	CHECK(strstr(sb.buf, "\xf0\x9f\x98\x80") != NULL);
	/* The parser check can fail: an unescaped '<' is refused. */
	CHECK(xmllint_status("<a>x < y</a>") != 0);
	strbuf_reset(&sb);
	junit_render("osdk test", NULL, 0, &sb);
	CHECK_INT(xmllint_status(sb.buf), 0);
	CHECK(strstr(sb.buf, "tests=\"0\" failures=\"0\"") != NULL);
	strbuf_release(&sb);
}

UNIT_MAIN()
