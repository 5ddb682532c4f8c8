/* SPDX-License-Identifier: MIT */
/* transport_ssh.c - ssh keys for libgit2: the agent, then identity files. */
#include "core/registry/transport_ssh.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <git2.h>

#include "core/registry/transport.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* An identity file larger than this is not a key osdk reads. */
#define KEY_FILE_MAX (64u << 10)

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The value of one base64 digit, or -1. */
static int b64(char c)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(digits, c) : NULL;

	return p ? (int)(p - digits) : -1;
}

/* Decode the base64 at s (stopping at the first non-digit, line breaks
 * skipped) into at most `max` bytes of out; returns how many. */
static size_t b64_decode(const char *s, const char *end, unsigned char *out,
			 size_t max)
{
	unsigned int acc = 0;
	size_t n = 0;
	int bits = 0;

	for (; s < end && n < max; s++) {
		int v = b64(*s);

		if (*s == '\n' || *s == '\r')
			continue;
		if (v < 0)
			break;
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return n;
}

#define OPENSSH_BEGIN "-----BEGIN OPENSSH PRIVATE KEY-----"
#define OPENSSH_MAGIC "openssh-key-v1" /* then a NUL */

bool transport_ssh_key_encrypted(const char *text, size_t len)
{
	const char *end = text + len, *p;
	unsigned char raw[64];
	size_t n, clen;

	/* PEM: "Proc-Type: 4,ENCRYPTED" or "BEGIN ENCRYPTED PRIVATE KEY". */
	if (memmem(text, len, "ENCRYPTED", 9))
		return true;
	p = memmem(text, len, OPENSSH_BEGIN, strlen(OPENSSH_BEGIN));
	if (!p)
		return false;
	p += strlen(OPENSSH_BEGIN);
	while (p < end && (*p == '\n' || *p == '\r'))
		p++;
	/* The magic, then the cipher's name as a 32-bit length and bytes:
	 * "none" for a key without a passphrase. */
	n = b64_decode(p, end, raw, sizeof(raw));
	if (n < sizeof(OPENSSH_MAGIC) + 4 ||
	    memcmp(raw, OPENSSH_MAGIC, sizeof(OPENSSH_MAGIC)))
		return false;
	p = (const char *)raw + sizeof(OPENSSH_MAGIC);
	clen = (size_t)raw[sizeof(OPENSSH_MAGIC)] << 24 |
	       (size_t)raw[sizeof(OPENSSH_MAGIC) + 1] << 16 |
	       (size_t)raw[sizeof(OPENSSH_MAGIC) + 2] << 8 |
	       (size_t)raw[sizeof(OPENSSH_MAGIC) + 3];
	p += 4;
	return !(clen == 4 && (size_t)((const char *)raw + n - p) >= 4 &&
		 !memcmp(p, "none", 4));
}

/*
 * Whether the identity file at path can be offered: readable, and with no
 * passphrase. libssh2 cannot ask for one, and a file it cannot open stops
 * the whole connection rather than moving on to the next key; a key with
 * a passphrase is for the agent to hold.
 */
static bool key_usable(const char *path)
{
	struct strbuf text = STRBUF_INIT;
	bool ok;

	ok = fs_read_max(path, &text, KEY_FILE_MAX, NULL) == 0 &&
	     !transport_ssh_key_encrypted(text.buf, text.len);
	if (text.buf)
		memset(text.buf, 0, text.len);
	strbuf_release(&text);
	return ok;
}

/* A key file, with its ".pub" beside it when there is one (libssh2 then
 * need not derive the public half). */
static int key_file(git_credential **out, const char *user, const char *path)
{
	char *pub = xasprintf("%s.pub", path);
	int ret = git_credential_ssh_key_new(
		out, user, access(pub, R_OK) == 0 ? pub : NULL, path, NULL);

	free(pub);
	return ret;
}

/*
 * Whether SSH_AUTH_SOCK names an agent that takes connections. libssh2
 * fails the whole connection when it cannot reach the agent, so a stale
 * variable (a socket whose agent is gone) would hide the key files.
 */
static bool agent_answers(void)
{
	const char *path = getenv("SSH_AUTH_SOCK");
	struct sockaddr_un sa;
	bool ok;
	int fd;

	if (!path || !*path || strlen(path) >= sizeof(sa.sun_path))
		return false;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

bool transport_ssh_scp_like(const char *url)
{
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');

	return colon && colon - url > 1 && (!slash || colon < slash) &&
	       !strstr(url, "://");
}

/* "~/x" with $HOME, the home libgit2 reads known_hosts from. */
static char *expand_home(const char *path)
{
	const char *home = getenv("HOME");

	if (path[0] == '~' && path[1] == '/' && home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

void transport_ssh_target(const char *url, char **host, char **port)
{
	const char *p = url, *end, *at, *colon;

	*port = NULL;
	if (strstr(p, "://"))
		p = strstr(p, "://") + 3;
	end = p + strcspn(p, transport_ssh_scp_like(url) ? ":" : "/");
	at = memchr(p, '@', (size_t)(end - p));
	if (at)
		p = at + 1;
	if (*p == '[' && memchr(p, ']', (size_t)(end - p))) {
		const char *rb = memchr(p, ']', (size_t)(end - p));

		*host = xstrndup(p + 1, (size_t)(rb - p - 1));
		if (rb[1] == ':' && rb + 2 < end)
			*port = xstrndup(rb + 2, (size_t)(end - rb - 2));
		return;
	}
	colon = transport_ssh_scp_like(url) ? NULL
					    : memchr(p, ':', (size_t)(end - p));
	*host = xstrndup(p, (size_t)((colon ? colon : end) - p));
	if (colon && colon + 1 < end)
		*port = xstrndup(colon + 1, (size_t)(end - colon - 1));
}

/* ssh's own identity files when it names none (ssh_config(5)), for a
 * machine without an ssh client to ask; the security-key kinds aside. */
static const char default_identities[] = "identityfile ~/.ssh/id_rsa\n"
					 "identityfile ~/.ssh/id_ecdsa\n"
					 "identityfile ~/.ssh/id_ed25519\n";

void transport_ssh_read_config(struct fetch_auth *a, const char *text,
			       size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = xstrndup(p, n);

		if (has_prefix(line, "user ") && !a->ssh_user)
			a->ssh_user = xstrdup(line + 5);
		if (!strcmp(line, "identityagent none"))
			a->ssh_no_agent = true;
		if (has_prefix(line, "identityfile ")) {
			char *f = expand_home(line + 13);

			if (key_usable(f))
				strvec_push(&a->ssh_keys, f);
			free(f);
		}
		free(line);
		p += n + 1;
	}
}

/* What ssh would do for a->url's host: `ssh -G` applies the user's and the
 * system's ssh configuration and prints the result. */
static void ssh_probe(struct fetch_auth *a)
{
	struct strbuf out = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	char *host = NULL, *port = NULL;
	int status = 0;

	a->ssh_probed = true;
	transport_ssh_target(a->url, &host, &port);
	strvec_push(&argv, "ssh");
	strvec_push(&argv, "-G");
	if (port) {
		strvec_push(&argv, "-p");
		strvec_push(&argv, port);
	}
	strvec_push(&argv, "--");
	strvec_push(&argv, host);
	if (*host != '-' &&
	    proc_run(strvec_argv(&argv), NULL, &out, &status) == 0 && !status)
		transport_ssh_read_config(a, out.buf, out.len);
	else
		transport_ssh_read_config(a, default_identities,
					  sizeof(default_identities) - 1);
	if (!a->ssh_user && getenv("USER"))
		a->ssh_user = xstrdup(getenv("USER"));
	strvec_clear(&argv);
	strbuf_release(&out);
	free(host);
	free(port);
}

int transport_ssh_key(git_credential **out, const char *user,
		      unsigned int allowed, struct fetch_auth *a)
{
	if (!a->ssh_probed)
		ssh_probe(a);
	if (!user)
		user = a->ssh_user ? a->ssh_user : "git";
	if (!(allowed & GIT_CREDENTIAL_SSH_KEY))
		return git_credential_username_new(out, user);
	/* Each call after the first means the last key was refused. */
	while (a->ssh_step <= (int)a->ssh_keys.n) {
		int step = a->ssh_step++;

		if (step == 0) {
			if (!a->ssh_no_agent && agent_answers()) {
				a->ssh_offered = true;
				return git_credential_ssh_key_from_agent(out,
									 user);
			}
			continue;
		}
		a->ssh_offered = true;
		return key_file(out, user, a->ssh_keys.v[step - 1]);
	}
	if (a->ssh_offered)
		a->refused = true;
	else
		a->no_cred = true;
	return GIT_EAUTH;
}
