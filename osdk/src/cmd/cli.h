/* SPDX-License-Identifier: MIT */
/* cli.h - what every command shares: options, help, messages, builds. */
#ifndef OSDK_CMD_CLI_H
#define OSDK_CMD_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/build/build.h"
#include "core/boot/bundle.h"
#include "core/manifest/config.h"
#include "core/resolve/resolve_ws.h"
#include "core/resolve/workspace.h"
#include "util/opt.h"
#include "util/strvec.h"

struct osdk_err;

/* Exit codes of osdk itself (a guest's own code passes through `run`). */
#define EXIT_USAGE 2
/* `osdk run` when the kernel panicked, as a Rust program exits on a panic. */
#define EXIT_PANIC 101

/* How a command describes itself for --help and `osdk help CMD`. */
struct cmd_help {
	const char *name;
	const char *usage;   /* after "osdk NAME " */
	const char *summary; /* one line, for the command list */
	const char *details; /* paragraphs, may be NULL */
	const char *examples;
	/* For shell completion: the words the first argument may be, or NULL */
	const char *words;
};

/*
 * opt_parse() for a command. Returns false to go on; true when the command
 * must stop with *code: 0 after printing the help for -h/--help, EXIT_USAGE
 * after printing what is wrong with the command line.
 */
bool cli_parse(const struct cmd_help *h, const struct opt *opts, int argc,
	       char **argv, struct strvec *pos, struct strvec *rest, int *code);

/*
 * While cli_opts_hook is set, cli_parse() parses nothing: it hands the
 * command's help and option table to the hook (with cli_opts_ctx) and
 * stops the command with code 0. osdk completions reads the options of
 * every command this way, from the tables --help prints.
 */
extern void (*cli_opts_hook)(void *ctx, const struct cmd_help *h,
			     const struct opt *opts);
extern void *cli_opts_ctx;

void cli_print_help(const struct cmd_help *h, const struct opt *opts);

/* "osdk: error: MSG" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print err's message as an error and return 1. */
int cli_fail(const struct osdk_err *err);


/* A cargo-style status line: verb right-aligned in 12 columns, on stderr. */
void cli_status(const char *verb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Which packages a command acts on: -p/--package NAME (repeatable),
 * --workspace, --exclude NAME (repeatable), and --manifest-path PATH (the
 * osdk.yaml to start from instead of the current directory's).
 */
struct pkg_flags {
	struct strvec packages;
	struct strvec excludes;
	bool workspace;
	const char *manifest_path;
};

#define PKG_OPT_PACKAGE(f, help) \
	OPT_LIST_("package", 'p', &(f)->packages, "NAME", help)
#define PKG_OPT_WORKSPACE(f)                                    \
	OPT_FLAG_("workspace", 0, &(f)->workspace,              \
		  "act on every member of the workspace"),      \
		OPT_LIST_("exclude", 0, &(f)->excludes, "NAME", \
			  "leave package NAME out (repeatable)")
#define PKG_OPT_MANIFEST(f)                                       \
	OPT_STR_("manifest-path", 0, &(f)->manifest_path, "PATH", \
		 "the osdk.yaml to use instead of the current directory's")

/*
 * cli_load() - load the workspace pf->manifest_path (or the current
 * directory) belongs to, with @wo (NULL for the defaults), and apply the
 * selection to ws->targets. @max is how many -p the command takes (0: any).
 * Returns 0, EXIT_USAGE after printing a usage error (conflicting options,
 * an unknown package, a --manifest-path that is not an existing osdk.yaml),
 * or 1 after printing why the workspace could not be loaded.
 */
int cli_load(const struct pkg_flags *pf, const struct workspace_opts *wo,
	     size_t max, struct workspace *ws);

/* The directory osdk starts from: --manifest-path's, else the cwd. Prints
 * the error and returns EXIT_USAGE or 1; the caller frees *dir. */
int cli_start_dir(const struct pkg_flags *pf, char **dir);

void pkg_flags_release(struct pkg_flags *pf);

/* Options shared by build, run and test. */
struct build_flags {
	struct pkg_flags pkg;
	bool release;
	const char *scheme;
	const char *boot_method;
	const char *grub_protocol; /* --grub-boot-protocol */
	const char *kcmdline;
	const char *initramfs;
	const char *qemu_args;
	const char *accel; /* --accel (run and test) */
	const char *target_arch;
	int jobs;
	bool verbose;
	bool quiet;
	bool locked;  /* osdk.lock must not change */
	bool offline; /* use only what $OSDK_HOME's cache holds */
	const char *message_format; /* human (NULL) or json: see msg.h */
	/* run and test: --coverage (cli_cov.h), NULL elsewhere */
	const struct cov_flags *cov;
};

struct cov_flags;

extern bool cli_quiet;
extern bool cli_verbose;

#define BUILD_FLAG_OPTS(f)                                                    \
	OPT_FLAG_("release", 0, &(f)->release,                               \
		  "build with optimisations (the release profile)"),         \
	OPT_STR_("message-format", 0, &(f)->message_format, "FMT",           \
		 "human or json (records on stdout, one a line)"),           \
	OPT_STR_("scheme", 0, &(f)->scheme, "NAME",                          \
		 "use the manifest's scheme NAME"),                          \
	OPT_STR_("boot-method", 0, &(f)->boot_method, "METHOD",              \
		 "qemu-direct, grub-rescue-iso or grub-qcow2"),                          \
	OPT_STR_("grub-boot-protocol", 0, &(f)->grub_protocol, "PROTO",       \
		 "how GRUB boots the kernel: multiboot2 or linux (bzImage)"), \
	OPT_STR_("kcmdline", 0, &(f)->kcmdline, "ARGS",                      \
		 "kernel command line (replaces the manifest's)"),           \
	OPT_STR_("initramfs", 0, &(f)->initramfs, "PATH",                    \
		 "initramfs to boot with"),                                  \
	OPT_STR_("qemu-args", 0, &(f)->qemu_args, "ARGS",                    \
		 "extra QEMU arguments, after the manifest's"),              \
	OPT_STR_("target-arch", 0, &(f)->target_arch, "ARCH",                \
		 "target architecture (x86_64)"),                            \
	OPT_INT_("jobs", 'j', &(f)->jobs, "N",                               \
		 "parallel compiler jobs (default: number of CPUs)"),        \
	OPT_FLAG_("verbose", 'v', &(f)->verbose,                             \
		  "show commands and the kernel's console"),                 \
	OPT_FLAG_("quiet", 'q', &(f)->quiet, "print only errors"),           \
	OPT_FLAG_("locked", 0, &(f)->locked,                                 \
		  "fail if osdk.lock would have to change"),                 \
	OPT_FLAG_("offline", 0, &(f)->offline,                               \
		  "use only registries and git sources already in the cache")

/* Everything a build-then-maybe-boot command has resolved. */
struct session {
	struct workspace ws;
	struct config cfg;
	struct build_result res;
	long kernel; /* index of the kernel package, or -1 */
	bool several; /* osdk build: several kernels were selected */
	double started;
	double resolved; /* when the workspace and settings were resolved */
	/* A coverage build: per package, instrumented or not; else NULL. */
	bool *cov;
};

/*
 * Load the workspace of the cwd, check the flags, resolve the configuration
 * for `action` and build: the kernel (run), a test kernel of the targets
 * (test), or whatever the targets are (build). Prints the progress lines and
 * "Finished". Returns 0 or an exit code after printing the error.
 */
int cli_build(const struct build_flags *f, enum config_action action,
	      struct session *s);

/*
 * Build again for kernel s->kernel (its settings, its link) within the
 * loaded session: `osdk build` with several kernels selected calls it for
 * each after the first. Prints errors; returns 0 or an exit code.
 */
int cli_build_kernel(const struct build_flags *f, enum config_action action,
		     struct session *s);

/* Status lines for the dependency resolution, through cli_status. */
extern const struct resolve_events cli_resolve_events;

/*
 * The initramfs per s->cfg into *path (NULL for none): a ready archive as
 * it is, a list of entries or a directory packed first into
 * OUT_DIR/KERNEL.initramfs.cpio[.gz] when its inputs changed. Prints
 * errors and returns 1 after one.
 */
int cli_initramfs(struct session *s, char **path);

/* Bundle the built kernel per s->cfg; prints errors. */
int cli_bundle(struct session *s, struct bundle *b);

void session_release(struct session *s);

/* Where osdk's templates and frame copy live (OSDK_DATADIR overrides). */
const char *cli_datadir(void);

struct accel_choice;
/*
 * cli_accel() - the accelerator for the session's run (its --accel or
 * qemu.accel; $OSDK_KVM_DEVICE stands in for /dev/kvm when set). 0, or 1
 * after printing why KVM cannot be had.
 */
int cli_accel(const struct session *s, struct accel_choice *out);

/*
 * cli_tdx() - for a session whose qemu.confidential is tdx: checks the
 * host (tdx.h) and sets *@tdvf (caller frees) to the firmware; NULL when
 * the guest is not confidential. 0, or 1 after printing what is missing.
 */
int cli_tdx(const struct session *s, char **tdvf);

/* cli_tdx_for() - the same for a kept bundle's settings: @confidential
 * (NULL: none), boot method @method, QEMU @qemu, qemu.tdvf @tdvf_cfg. */
int cli_tdx_for(const char *confidential, const char *method,
		const char *qemu, const char *tdvf_cfg, char **tdvf);

/* cli_accel_for() - the same for @want (NULL: auto) and QEMU args @args. */
int cli_accel_for(const char *want, const char *args,
		  struct accel_choice *out);

/*
 * cli_bundle_flag_conflict() - for --bundle DIR, which boots what was built: the
 * first flag of @f that would change the build (--release, --scheme, -p,
 * ...), as the user wrote it, or NULL when there is none.
 */
const char *cli_bundle_flag_conflict(const struct build_flags *f);

/* cli_tmp_dir() - a new private directory under $TMPDIR (or /tmp) named
 * osdk-@what-XXXXXX; NULL after printing why not. The caller removes it. */
char *cli_tmp_dir(const char *what);

struct bundle_dir;
/*
 * cli_bundle_load() - --bundle DIR for run (@want_ktest false) and test:
 * refuses the flags that would change a build, checks the others, reads
 * DIR's bundle into @bd and checks it is of the kind the command boots.
 * 0, or an exit code after printing why.
 */
int cli_bundle_load(const struct build_flags *f, const char *dir,
		    bool want_ktest, struct bundle_dir *bd);

#endif
