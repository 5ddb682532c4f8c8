/* SPDX-License-Identifier: MIT */
/* transport.c - https and ssh remotes: TLS CAs, git credential, ssh keys. */
#include "core/registry/transport.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "core/registry/fetch.h"
#include "core/registry/transport_ssh.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/xalloc.h"

enum scheme {
	SCHEME_OTHER, /* local paths, file://, git:// */
	SCHEME_HTTP,
	SCHEME_HTTPS,
	SCHEME_SSH,
};

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static enum scheme scheme_of(const char *url)
{
	if (has_prefix(url, "https://"))
		return SCHEME_HTTPS;
	if (has_prefix(url, "http://"))
		return SCHEME_HTTP;
	if (has_prefix(url, "ssh://") || has_prefix(url, "ssh+git://") ||
	    has_prefix(url, "git+ssh://") || transport_ssh_scp_like(url))
		return SCHEME_SSH;
	return SCHEME_OTHER;
}

/* ---- TLS ---- */

/* The first of: environment variable `env`, git config `key`, environment
 * variable `fallback`. Caller frees; NULL when none is set. */
static char *git_setting(git_config *cfg, const char *env, const char *key,
			 const char *fallback)
{
	const char *v = getenv(env);
	git_buf buf = { 0 };
	char *s = NULL;

	if (v && *v)
		return xstrdup(v);
	if (cfg && git_config_get_string_buf(&buf, cfg, key) == 0 && buf.size)
		s = xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	if (!s && (v = getenv(fallback)) && *v)
		s = xstrdup(v);
	return s;
}

/* Once per process: TLS trusts what git would. Later calls return the
 * first call's result. */
static int set_ca_locations(struct osdk_err *err)
{
	static int done, result;
	git_config *cfg = NULL;
	char *file, *path;

	if (done)
		return result ? err_set(err, result,
					"the CA certificates git names could "
					"not be loaded (see the first error)")
			      : 0;
	done = 1;
	if (git_config_open_default(&cfg) < 0)
		cfg = NULL; /* no readable git configuration: defaults */
	file = git_setting(cfg, "GIT_SSL_CAINFO", "http.sslcainfo",
			   "SSL_CERT_FILE");
	path = git_setting(cfg, "GIT_SSL_CAPATH", "http.sslcapath",
			   "SSL_CERT_DIR");
	if ((file || path) &&
	    git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path) < 0)
		result = err_set(err, -EINVAL,
				 "could not load the CA certificates '%s': %s; "
				 "check GIT_SSL_CAINFO, http.sslCAInfo and "
				 "SSL_CERT_FILE (or their CAPath forms)",
				 file ? file : path, fetch_git_errmsg());
	free(file);
	free(path);
	git_config_free(cfg);
	return result;
}

int transport_prepare(const char *url, struct osdk_err *err)
{
	enum scheme s = scheme_of(url);
	int features;

	fetch_libgit2_init();
	features = git_libgit2_features();
	if (s == SCHEME_HTTPS && !(features & GIT_FEATURE_HTTPS))
		return err_set(err, -ENOTSUP,
			       "cannot reach '%s': this osdk's libgit2 was "
			       "built without the HTTPS transport; use a "
			       "libgit2 with TLS (Debian's libgit2 has it)",
			       url);
	if (s == SCHEME_SSH && !(features & GIT_FEATURE_SSH))
		return err_set(err, -ENOTSUP,
			       "cannot reach '%s': this osdk's libgit2 was "
			       "built without the SSH transport; use a libgit2 "
			       "with libssh2 (Debian's libgit2 has it)",
			       url);
	if (s == SCHEME_HTTPS)
		return set_ca_locations(err);
	return 0;
}

/* ---- https: git's credential helpers ---- */

/* Run `git credential ACTION` with `in` as its request. */
static int run_git_credential(const char *action, const char *in,
			      struct strbuf *out, int *status)
{
	const char *argv[] = { "git", "credential", action, NULL };

	return proc_filter(argv, in, strlen(in), out, status);
}

/* Keep only the lines of git's credential format that name the credential
 * (not, say, a password_expiry_utc). */
static void keep_fields(const struct strbuf *in, struct strbuf *out)
{
	static const char *const keys[] = { "protocol=", "host=", "path=",
					    "username=", "password=" };
	const char *p = in->buf, *end = in->buf + in->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (n > strlen(keys[i]) && has_prefix(p, keys[i])) {
				strbuf_add(out, p, n);
				strbuf_addch(out, '\n');
			}
		}
		p += n + 1;
	}
}

/* The value of `key=` in a credential; caller frees; NULL if absent. */
static char *field(const struct strbuf *cred, const char *key)
{
	size_t klen = strlen(key);
	const char *p = cred->buf, *end = cred->buf + cred->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=')
			return xstrndup(p + klen + 1, n - klen - 1);
		p += n + 1;
	}
	return NULL;
}

/* Wipe a credential before its memory goes back to the allocator. */
static void forget(struct strbuf *cred)
{
	if (cred->buf && cred->len)
		memset(cred->buf, 0, cred->len);
	strbuf_release(cred);
}

/*
 * The credential a server accepted last in this process, and the
 * "scheme://host:port" it is for. A publish talks to the server three
 * times (fetch, the branch, the push) and retries after a race: like git
 * in one command, osdk asks the helpers (who may ask the user) once.
 */
static struct strbuf accepted = STRBUF_INIT;
static char *accepted_origin;

/* "scheme://authority" of url; caller frees. */
static char *origin_of(const char *url)
{
	const char *p = strstr(url, "://");
	size_t n =
		p ? (size_t)(p + 3 - url) + strcspn(p + 3, "/?#") : strlen(url);

	return xstrndup(url, n);
}

static int userpass(git_credential **out, const char *url, const char *user,
		    struct fetch_auth *a)
{
	struct strbuf req = STRBUF_INIT, ans = STRBUF_INIT;
	char *name = NULL, *pass = NULL;
	int status = 0, ret = 0;

	if (a->cred.len) {
		/* Asked again: the server refused the helper's answer. */
		a->refused = true;
		return GIT_EAUTH;
	}
	if (strchr(url, '\n') || (user && strchr(user, '\n'))) {
		a->no_cred = true;
		return GIT_EAUTH;
	}
	free(a->cred_origin);
	a->cred_origin = origin_of(url);
	a->remembered =
		accepted_origin && !strcmp(a->cred_origin, accepted_origin);
	if (a->remembered) {
		strbuf_add(&a->cred, accepted.buf, accepted.len);
	} else {
		strbuf_addf(&req, "url=%s\n", url);
		if (user)
			strbuf_addf(&req, "username=%s\n", user);
		strbuf_addch(&req, '\n');
		ret = run_git_credential("fill", req.buf, &ans, &status);
	}
	if (!a->remembered && !ret && !status)
		keep_fields(&ans, &a->cred);
	name = field(&a->cred, "username");
	pass = field(&a->cred, "password");
	if (name && pass) {
		ret = git_credential_userpass_plaintext_new(out, name, pass);
	} else {
		forget(&a->cred);
		a->no_cred = true;
		ret = GIT_EAUTH;
	}
	if (pass)
		memset(pass, 0, strlen(pass));
	free(pass);
	free(name);
	forget(&ans);
	strbuf_release(&req);
	return ret;
}

static int credentials(git_credential **out, const char *url, const char *user,
		       unsigned int allowed, void *payload)
{
	struct fetch_auth *a = payload;

	if (a->tries++ >= FETCH_AUTH_TRIES) {
		a->refused = true;
		return GIT_EAUTH;
	}
	if (allowed & (GIT_CREDENTIAL_SSH_KEY | GIT_CREDENTIAL_USERNAME))
		return transport_ssh_key(out, user, allowed, a);
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
		return userpass(out, url, user, a);
	if (allowed & GIT_CREDENTIAL_DEFAULT)
		return git_credential_default_new(out);
	a->no_cred = true;
	return GIT_EAUTH;
}

void transport_callbacks(struct git_remote_callbacks *cb,
			 struct fetch_auth *auth)
{
	cb->credentials = credentials;
	cb->payload = auth;
}

void transport_proxy(git_proxy_options *p)
{
	git_proxy_options_init(p, GIT_PROXY_OPTIONS_VERSION);
	p->type = GIT_PROXY_AUTO;
}

/* Forget the remembered credential. */
static void forget_accepted(void)
{
	forget(&accepted);
	free(accepted_origin);
	accepted_origin = NULL;
}

bool transport_auth_finish(struct fetch_auth *a, int git_ret)
{
	int status = 0;

	if (a->cred.len) {
		struct strbuf req = STRBUF_INIT, ignored = STRBUF_INIT;

		strbuf_add(&req, a->cred.buf, a->cred.len);
		strbuf_addch(&req, '\n');
		if (git_ret == 0 && !a->remembered) {
			run_git_credential("approve", req.buf, &ignored,
					   &status);
			forget_accepted();
			strbuf_add(&accepted, a->cred.buf, a->cred.len);
			accepted_origin = xstrdup(a->cred_origin);
		} else if (a->refused) {
			run_git_credential("reject", req.buf, &ignored,
					   &status);
			if (a->remembered)
				forget_accepted();
		}
		forget(&req);
		strbuf_release(&ignored);
		forget(&a->cred);
	}
	return git_ret < 0 && (a->refused || a->no_cred);
}

int transport_auth_error(const struct fetch_auth *a, const char *what,
			 struct osdk_err *err)
{
	if (scheme_of(a->url) == SCHEME_SSH)
		return err_set(err, -EACCES,
			       "could not %s '%s': authentication failed (%s); "
			       "osdk offers the keys of the ssh agent "
			       "(SSH_AUTH_SOCK), then the identity files ssh "
			       "would use that need no passphrase",
			       what, a->url,
			       a->no_cred ? "no key to offer"
					  : "the server refused every key");
	return err_set(err, -EACCES,
		       "could not %s '%s': authentication failed (%s); osdk "
		       "asks git's credential helpers (`git credential fill`, "
		       "see credential.helper in git-config(1))",
		       what, a->url,
		       a->no_cred ? "no credentials"
				  : "the server refused the credentials");
}

const char *transport_hint(void)
{
	const char *msg = fetch_git_errmsg();

	if (strstr(msg, "hostkey"))
		return "; osdk trusts the host keys in ~/.ssh/known_hosts "
		       "(connect once with ssh to add the host's)";
	if (strstr(msg, "certificate") || strstr(msg, "X509"))
		return "; for a private CA, name its certificate in git's "
		       "http.sslCAInfo or in GIT_SSL_CAINFO";
	return "";
}

void transport_pipes_begin(struct transport_pipes *p)
{
	struct sigaction ign;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &p->old);
}

void transport_pipes_end(struct transport_pipes *p)
{
	sigaction(SIGPIPE, &p->old, NULL);
}

void transport_auth_release(struct fetch_auth *a)
{
	forget(&a->cred);
	free(a->cred_origin);
	a->cred_origin = NULL;
	free(a->ssh_user);
	a->ssh_user = NULL;
	strvec_clear(&a->ssh_keys);
}
