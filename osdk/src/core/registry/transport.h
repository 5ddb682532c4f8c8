/* SPDX-License-Identifier: MIT */
/* transport.h - reaching remotes over https and ssh: TLS, credentials. */
#ifndef OSDK_CORE_TRANSPORT_H
#define OSDK_CORE_TRANSPORT_H

#include <git2/proxy.h>
#include <signal.h>
#include <stdbool.h>

#include "util/strbuf.h"
#include "util/strvec.h"

struct git_remote_callbacks;
struct osdk_err;

/*
 * What one remote operation (a fetch, a push, a connect) knows about its
 * authentication. osdk stores no credential: https ones come from git's
 * credential helpers (`git credential fill`) and are handed back to them
 * (`approve` after a success, `reject` when the server refused them); ssh
 * ones are the agent's keys, then the identity files ssh itself would
 * offer. Lives as long as the operation; transport_auth_release() after.
 */
struct fetch_auth {
	const char *url;    /* the remote, for messages */
	int tries;	    /* credential requests so far */
	bool refused;	    /* the server refused every credential offered */
	bool no_cred;	    /* nothing to offer: no helper answer, no key */
	struct strbuf cred; /* `git credential fill`'s answer, in use */
	bool remembered;    /* cred is the one accepted earlier (see .c) */
	char *cred_origin;  /* "scheme://host:port" cred is for */
	int ssh_step;	    /* 0: the agent; n: the (n-1)th identity file */
	bool ssh_probed;    /* ssh_user and ssh_keys are read */
	bool ssh_offered;   /* a key (the agent's or a file) was offered */
	bool ssh_no_agent;  /* ssh's configuration says IdentityAgent none */
	char *ssh_user;
	struct strvec ssh_keys; /* identity files that exist */
};

#define FETCH_AUTH_INIT(u)                                               \
	{                                                                \
		.url = (u), .cred = STRBUF_INIT, .ssh_keys = STRVEC_INIT \
	}

/* Credentials at most this many times per operation, then give up rather
 * than loop on a server that refuses them. */
#define FETCH_AUTH_TRIES 10

/*
 * Before reaching `url`: make sure this libgit2 has the transport its
 * scheme needs (-ENOTSUP naming the transport otherwise) and, for https,
 * point TLS at the CA certificates git would use: $GIT_SSL_CAINFO, else
 * git's http.sslCAInfo, else $SSL_CERT_FILE (and the *CAPath / $SSL_CERT_DIR
 * counterparts), else the system's. Local and git:// URLs pass untouched.
 */
int transport_prepare(const char *url, struct osdk_err *err);

/* Set the credential and host-key callbacks on cb, with auth as payload. */
void transport_callbacks(struct git_remote_callbacks *cb,
			 struct fetch_auth *auth);

/*
 * The proxy git would use, into p: the remote's or git's http.proxy,
 * else $https_proxy / $http_proxy, minding $no_proxy (libgit2 reads them
 * all once told to).
 */
void transport_proxy(git_proxy_options *p);

/*
 * After the operation: `git_ret` is what the libgit2 call returned. Hands
 * a helper's credential back as approved (success) or rejected (refused),
 * as git does. Returns whether authentication is why it failed, in which
 * case trying again cannot help.
 */
bool transport_auth_finish(struct fetch_auth *auth, int git_ret);

/* The message for an authentication failure of auth->url. */
int transport_auth_error(const struct fetch_auth *auth, const char *what,
			 struct osdk_err *err);

/* A hint to append to the message of the libgit2 error just reported, for
 * the failures a user can fix (an unknown ssh host, an unknown CA); "" for
 * the others. */
const char *transport_hint(void);

/*
 * libgit2 1.5 writes to its sockets with plain send(), so a server that
 * hangs up in the middle of a transfer would kill osdk with SIGPIPE rather
 * than fail the call. Between begin and end (nested pairs are fine) SIGPIPE
 * is ignored and such a write fails with EPIPE; end restores what was.
 */
struct transport_pipes {
	struct sigaction old;
};
void transport_pipes_begin(struct transport_pipes *p);
void transport_pipes_end(struct transport_pipes *p);

void transport_auth_release(struct fetch_auth *auth);

#endif
