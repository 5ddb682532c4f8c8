/* SPDX-License-Identifier: MIT */
/* transport_ssh.h - ssh keys for libgit2: the agent, then identity files. */
#ifndef OSDK_CORE_TRANSPORT_SSH_H
#define OSDK_CORE_TRANSPORT_SSH_H

#include <stdbool.h>
#include <stddef.h>

struct fetch_auth;
struct git_credential;

/* Whether `url` is git's scp-like ssh form "[user@]host:path": a colon
 * before any slash, no "://", and not a one-letter (drive) name. */
bool transport_ssh_scp_like(const char *url);

/*
 * The credential libgit2 asks for when authenticating to an ssh URL
 * (a->url): the user name, or the next key to offer. The keys, in order:
 * the agent's (when SSH_AUTH_SOCK names a socket that answers), then the
 * identity files `ssh -G` lists for the host that exist and need no
 * passphrase. Each call after the first means the server refused the last
 * key. GIT_EAUTH once there is nothing left, with a->refused (a key was
 * offered) or a->no_cred (none could be) set.
 */
int transport_ssh_key(struct git_credential **out, const char *user,
		      unsigned int allowed, struct fetch_auth *a);

/*
 * Take from `ssh -G`'s output (text, len bytes) what osdk follows: `user`
 * (unless a->ssh_user is set), `identityagent none`, and the
 * `identityfile`s ("~/" is $HOME) that exist and need no passphrase, in
 * order, into a->ssh_keys.
 */
void transport_ssh_read_config(struct fetch_auth *a, const char *text,
			       size_t len);

/* Host and port (NULL: the default) of an ssh URL. Caller frees both. */
void transport_ssh_target(const char *url, char **host, char **port);

/* Whether the private key file text (PEM or OpenSSH format) is protected
 * by a passphrase. */
bool transport_ssh_key_encrypted(const char *text, size_t len);

#endif
