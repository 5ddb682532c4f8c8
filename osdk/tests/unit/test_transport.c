/* SPDX-License-Identifier: MIT */
/* test_transport.c - ssh URLs, passphrase detection, transport checks. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>

#include "core/registry/transport.h"
#include "core/registry/transport_ssh.h"
#include "util/err.h"
#include "util/fs.h"

static void check_target(const char *url, const char *host, const char *port)
{
	char *h = NULL, *p = NULL;

	transport_ssh_target(url, &h, &p);
	CHECK_STR(h, host);
	if (port)
		CHECK_STR(p, port);
	else
		CHECK(p == NULL);
	free(h);
	free(p);
}

UNIT(ssh_urls_give_host_and_port)
{
	check_target("ssh://127.0.0.1:2222/srv/reg.git", "127.0.0.1", "2222");
	check_target("ssh://git@example.org/reg.git", "example.org", NULL);
	check_target("ssh://ada@[::1]:22/r", "::1", "22");
	check_target("git+ssh://example.org:/r", "example.org", NULL);
	check_target("git@example.org:team/reg.git", "example.org", NULL);
	check_target("example.org:reg.git", "example.org", NULL);
}

UNIT(scp_like_is_told_from_paths_and_urls)
{
	CHECK(transport_ssh_scp_like("git@example.org:reg.git"));
	CHECK(transport_ssh_scp_like("host:dir/reg.git"));
	CHECK(!transport_ssh_scp_like("https://example.org/reg.git"));
	CHECK(!transport_ssh_scp_like("/srv/a:b/reg.git"));
	CHECK(!transport_ssh_scp_like("./a:b"));
	CHECK(!transport_ssh_scp_like("c:reg"));
}

/* Synthetic key texts: the format's header, not real keys. */
#define BEGIN "-----BEGIN OPENSSH PRIVATE KEY-----\n"
#define END   "\n-----END OPENSSH PRIVATE KEY-----\n"

UNIT(passphrases_are_seen_in_both_key_formats)
{
	static const char plain[] = BEGIN
		"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB" END;
	static const char locked[] =
		BEGIN "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAA"
		      "\nGA==" END;
	static const char pem_locked[] =
		"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
		"DEK-Info: AES-128-CBC,00\n\nAAAA\n"
		"-----END RSA PRIVATE KEY-----\n";
	static const char pkcs8_locked[] =
		"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
		"-----END ENCRYPTED PRIVATE KEY-----\n";
	static const char pem_plain[] = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n"
					"-----END EC PRIVATE KEY-----\n";

	CHECK(!transport_ssh_key_encrypted(plain, sizeof(plain) - 1));
	CHECK(transport_ssh_key_encrypted(locked, sizeof(locked) - 1));
	CHECK(transport_ssh_key_encrypted(pem_locked, sizeof(pem_locked) - 1));
	CHECK(transport_ssh_key_encrypted(pkcs8_locked,
					  sizeof(pkcs8_locked) - 1));
	CHECK(!transport_ssh_key_encrypted(pem_plain, sizeof(pem_plain) - 1));
	/* Cut short: not a key osdk can tell is locked; libssh2 judges. */
	CHECK(!transport_ssh_key_encrypted(BEGIN "b3Bl", sizeof(BEGIN) + 3));
}

UNIT(ssh_config_gives_user_agent_and_usable_key_files)
{
	static const char cfg[] = "host example.org\n"
				  "user ada\n"
				  "port 22\n"
				  "identityagent none\n"
				  "identityfile ~/.ssh/id_locked\n"
				  "identityfile ~/.ssh/id_missing\n"
				  "identityfile ~/.ssh/id_plain\n";
	struct fetch_auth a = FETCH_AUTH_INIT("ssh://example.org/r");
	char home[] = "/tmp/osdk-unit-ssh.XXXXXX", *want;
	const char *old = getenv("HOME");
	char *saved = old ? strdup(old) : NULL;

	CHECK(mkdtemp(home) != NULL);
	unit_put(home, ".ssh/id_plain",
		 BEGIN
		 "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB" END);
	unit_put(home, ".ssh/id_locked",
		 BEGIN "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0"
		       "AAAAGA==" END);
	setenv("HOME", home, 1);
	transport_ssh_read_config(&a, cfg, sizeof(cfg) - 1);
	CHECK_STR(a.ssh_user, "ada");
	CHECK(a.ssh_no_agent);
	CHECK_INT(a.ssh_keys.n, 1);
	want = fs_join(home, ".ssh/id_plain");
	if (a.ssh_keys.n == 1)
		CHECK_STR(a.ssh_keys.v[0], want);
	free(want);
	if (saved)
		setenv("HOME", saved, 1);
	free(saved);
	transport_auth_release(&a);
	fs_remove_tree(home, NULL);
}

UNIT(local_and_git_urls_need_no_preparation)
{
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(transport_prepare("file:///srv/reg", &err), 0);
	CHECK_INT(transport_prepare("git://127.0.0.1/reg.git", &err), 0);
	CHECK_INT(transport_prepare("/srv/reg", &err), 0);
}

UNIT(an_unreadable_ca_file_is_named)
{
	struct osdk_err err = OSDK_ERR_INIT;

	setenv("GIT_SSL_CAINFO", "/nonexistent/osdk-ca.pem", 1);
	CHECK_INT(transport_prepare("https://localhost/reg.git", &err),
		  -EINVAL);
	CHECK_HAS(err.msg, "'/nonexistent/osdk-ca.pem'");
	CHECK_HAS(err.msg, "GIT_SSL_CAINFO");
	unsetenv("GIT_SSL_CAINFO");
}

UNIT_MAIN()
