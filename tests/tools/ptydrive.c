/* SPDX-License-Identifier: MIT */
/* ptydrive - run a program on a pseudo-terminal and drive it like a user.
 *
 *   ptydrive SCRIPT PROGRAM [ARG...]
 *
 * PROGRAM runs with a new pty (24x80) as its controlling terminal and
 * stdin, stdout and stderr. Everything it prints is copied to our stdout.
 * SCRIPT is read line by line (blank lines and lines starting with '#'
 * are skipped):
 *
 *   timeout SEC        how long each later expect may wait (default 300)
 *   send TEXT          type TEXT; escapes \r \n \t \e \\ \xHH (^C: \x03);
 *                      a backslash the program must see is \\
 *   nudge SEC TEXT     during the next expect only, type TEXT again every
 *                      SEC seconds until it matches (for a key that must
 *                      reach a program that may not be listening yet)
 *   expect REGEX       wait for output matching the POSIX extended REGEX
 *                      (^ and $ match at line ends); output up to the end
 *                      of the match is consumed
 *   wait               wait for PROGRAM to exit (within the timeout)
 *
 * Exit status: PROGRAM's exit status after `wait` (128+N for signal N),
 * else 0 when the script ran to its end; 1 when an expect or wait timed
 * out or PROGRAM ended first (ptydrive says which on stderr, with the
 * output that was not consumed); 2 for a usage or setup error. The
 * program is killed when ptydrive gives up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <regex.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PD_BUF (1 << 20) /* unconsumed output kept, at most */

static int pd_master = -1;
static pid_t pd_child = -1;
static int pd_status = -1; /* the child's wait status once it ended */
static char *pd_out;	   /* output not consumed yet, NUL-terminated */
static size_t pd_len;

static void pd_die(const char *what)
{
	fprintf(stderr, "ptydrive: %s: %s\n", what, strerror(errno));
	exit(2);
}

static double pd_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Decode TEXT's escapes into @out; the length. */
static size_t pd_unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'r':
			out[n++] = '\r';
			s++;
			break;
		case 'n':
			out[n++] = '\n';
			s++;
			break;
		case 't':
			out[n++] = '\t';
			s++;
			break;
		case 'e':
			out[n++] = 0x1b;
			s++;
			break;
		case 'x': {
			char hex[3] = { 0 };

			if (s[1] && s[2]) {
				hex[0] = s[1];
				hex[1] = s[2];
				out[n++] = (char)strtol(hex, NULL, 16);
				s += 3;
			} else {
				out[n++] = *s++;
			}
			break;
		}
		default:
			out[n++] = *s++;
			break;
		}
	}
	return n;
}

static void pd_send(const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(pd_master, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			pd_die("write to the pty");
		buf += w;
		n -= (size_t)w;
	}
}

/* Take what the program printed within @ms into pd_out (and stdout).
 * Returns 0, or -1 once the program has ended and nothing is left. */
static int pd_pump(int ms)
{
	struct pollfd p = { pd_master, POLLIN, 0 };
	char buf[4096];
	ssize_t n;

	if (poll(&p, 1, ms) < 0 && errno != EINTR)
		pd_die("poll");
	if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
		return 0;
	n = read(pd_master, buf, sizeof(buf));
	if (n <= 0) {
		/* EIO: every slave file closed, the program is gone */
		if (pd_status < 0 && waitpid(pd_child, &pd_status, 0) < 0)
			pd_status = 0;
		return -1;
	}
	fwrite(buf, 1, (size_t)n, stdout);
	fflush(stdout);
	for (ssize_t i = 0; i < n; i++) {
		if (!buf[i])
			continue; /* regexec stops at a NUL */
		if (pd_len == PD_BUF - 1) {
			memmove(pd_out, pd_out + PD_BUF / 2, PD_BUF / 2);
			pd_len -= PD_BUF / 2;
		}
		pd_out[pd_len++] = buf[i];
	}
	pd_out[pd_len] = '\0';
	return 0;
}

static void pd_fail(const char *why, const char *what, double secs)
{
	size_t from = pd_len > 600 ? pd_len - 600 : 0;

	fprintf(stderr,
		"\nptydrive: %s '%s' after %.0f s; output not consumed (last "
		"600 bytes):\n%s\n",
		why, what, secs, pd_out + from);
	if (pd_status < 0) {
		kill(pd_child, SIGKILL);
		waitpid(pd_child, NULL, 0);
	}
	exit(1);
}

static void pd_expect(const char *re_text, double timeout, double nudge_sec,
		      const char *nudge, size_t nudge_len)
{
	double start = pd_now(), last_nudge = start;
	regmatch_t m;
	regex_t re;

	if (regcomp(&re, re_text, REG_EXTENDED | REG_NEWLINE)) {
		fprintf(stderr, "ptydrive: bad regex '%s'\n", re_text);
		exit(2);
	}
	for (;;) {
		if (regexec(&re, pd_out, 1, &m, 0) == 0) {
			memmove(pd_out, pd_out + m.rm_eo,
				pd_len - (size_t)m.rm_eo + 1);
			pd_len -= (size_t)m.rm_eo;
			regfree(&re);
			fprintf(stderr, "\nptydrive: matched '%s'\n", re_text);
			return;
		}
		if (pd_now() - start > timeout)
			pd_fail("timed out waiting for", re_text,
				pd_now() - start);
		if (nudge && pd_now() - last_nudge >= nudge_sec) {
			pd_send(nudge, nudge_len);
			last_nudge = pd_now();
		}
		if (pd_pump(200) < 0)
			pd_fail("the program ended before", re_text,
				pd_now() - start);
	}
}

static int pd_wait(double timeout)
{
	double start = pd_now();

	while (pd_status < 0) {
		if (waitpid(pd_child, &pd_status, WNOHANG) == pd_child)
			break;
		pd_status = -1;
		if (pd_now() - start > timeout)
			pd_fail("timed out waiting for", "the program's exit",
				pd_now() - start);
		if (pd_pump(200) < 0)
			break;
	}
	if (WIFSIGNALED(pd_status))
		return 128 + WTERMSIG(pd_status);
	return WEXITSTATUS(pd_status);
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	char line[4096], text[4096], nudge[4096];
	double timeout = 300, nudge_sec = 0;
	size_t nudge_len = 0;
	bool have_nudge = false;
	int rc = 0;
	FILE *script;

	if (argc < 3) {
		fprintf(stderr, "usage: ptydrive SCRIPT PROGRAM [ARG...]\n");
		return 2;
	}
	script = fopen(argv[1], "r");
	if (!script)
		pd_die(argv[1]);
	pd_out = malloc(PD_BUF);
	if (!pd_out)
		pd_die("malloc");
	pd_out[0] = '\0';
	signal(SIGPIPE, SIG_IGN);
	pd_child = forkpty(&pd_master, NULL, NULL, &ws);
	if (pd_child < 0)
		pd_die("forkpty");
	if (pd_child == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "ptydrive: cannot run %s: %s\n", argv[2],
			strerror(errno));
		_exit(127);
	}
	while (fgets(line, sizeof(line), script)) {
		char *arg;

		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		arg = strchr(line, ' ');
		arg = arg ? arg + 1 : line + strlen(line);
		if (strncmp(line, "timeout ", 8) == 0) {
			timeout = atof(arg);
		} else if (strncmp(line, "send ", 5) == 0) {
			pd_send(text, pd_unescape(arg, text));
		} else if (strncmp(line, "nudge ", 6) == 0) {
			char *sp = strchr(arg, ' ');

			nudge_sec = atof(arg);
			nudge_len = pd_unescape(sp ? sp + 1 : "", nudge);
			have_nudge = true;
		} else if (strncmp(line, "expect ", 7) == 0) {
			pd_expect(arg, timeout, nudge_sec,
				  have_nudge ? nudge : NULL, nudge_len);
			have_nudge = false;
		} else if (strcmp(line, "wait") == 0) {
			rc = pd_wait(timeout);
		} else {
			fprintf(stderr, "ptydrive: bad script line '%s'\n",
				line);
			return 2;
		}
	}
	fclose(script);
	return rc;
}
