/* SPDX-License-Identifier: MIT */
/* manifest.h - osdk.yaml read into typed configuration. */
#ifndef OSDK_CORE_MANIFEST_H
#define OSDK_CORE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

struct osdk_err;

/* A place in a manifest, 1-based, for error messages. 0 = unknown. */
struct manifest_pos {
	int line;
	int col;
};

enum manifest_pkg_type {
	MANIFEST_PKG_LIBRARY = 0,
	MANIFEST_PKG_KERNEL,
};

enum manifest_dep_kind {
	MANIFEST_DEP_REGISTRY = 0, /* frame: "^0.1" or { version, registry } */
	MANIFEST_DEP_PATH,	   /* { path: "../virtio" } */
	MANIFEST_DEP_GIT,	   /* { git: URL, rev|tag|branch: ... } */
};

struct manifest_dep {
	char *name;
	enum manifest_dep_kind kind;
	char *path;	/* PATH: absolute, resolved against the manifest dir */
	char *git;	/* GIT: URL as written */
	char *rev;	/* GIT: at most one of rev, tag, branch is set */
	char *tag;
	char *branch;
	char *version;	/* requirement as written ("^0.1"); NULL = any */
	char *registry; /* REGISTRY: name or URL; NULL = the default one */
	struct manifest_pos pos;
};

/*
 * A source the workspace trusts beyond its own tree: an entry of
 * `workspace.trusted` written as a mapping, such as
 * `{ name: frame, git: "https://example.org/frame.git" }`.
 */
struct manifest_trust {
	char *name; /* the package */
	enum manifest_dep_kind kind;
	char *where; /* PATH: absolute directory; GIT: URL as written;
			REGISTRY: a registry name or URL */
	struct manifest_pos pos;
};

/* A list of strings that a layer may set, even to nothing (`[]`). */
struct manifest_strlist {
	char **v;
	size_t n;
	bool set;
};

/* What one entry of a `boot.initramfs` list puts into the archive. */
enum manifest_rd_kind {
	MANIFEST_RD_SOURCE,  /* a file copied from the host */
	MANIFEST_RD_CONTENT, /* a file with the given text */
	MANIFEST_RD_DIR,     /* an empty directory */
	MANIFEST_RD_SYMLINK, /* a symbolic link */
	MANIFEST_RD_TREE,    /* a host directory merged in below `path` */
	MANIFEST_RD_CHAR,    /* a character device node */
	MANIFEST_RD_BLOCK,   /* a block device node */
};

struct manifest_rd_entry {
	enum manifest_rd_kind kind;
	/* In the archive: absolute, without "//", "." or a trailing '/';
	 * "/" only for a tree. */
	char *path;
	/* SOURCE, TREE: absolute host path, resolved against the manifest;
	 * CONTENT: the file's text; SYMLINK: the link's target as written;
	 * CHAR, BLOCK: "MAJOR:MINOR" as written; DIR: NULL. */
	char *value;
	unsigned major, minor; /* CHAR, BLOCK */
	int mode;     /* permission bits (07777 at most), or -1: the default */
	bool applets; /* SOURCE only: a link per busybox applet */
	char *field;  /* "run.boot.initramfs[2]", for messages */
	struct manifest_pos pos;	 /* the entry */
	struct manifest_pos value_pos;	 /* its source/tree/... value */
	struct manifest_pos applets_pos; /* its applets key, if any */
};

/*
 * `boot.initramfs`: a path (a ready archive, or a directory osdk packs) or
 * a list of entries osdk builds the archive from. Build-time problems (a
 * missing source) are reported at the positions kept here.
 */
struct manifest_initramfs {
	char *file;  /* the manifest, as given, for messages */
	char *field; /* "run.boot.initramfs" */
	struct manifest_pos pos;
	char *path; /* the path form: absolute; NULL for a list */
	struct manifest_rd_entry *entries;
	size_t nentries;
};

/*
 * One layer of boot/QEMU settings. A NULL string or a zero number means "not
 * set in this layer", so that layers can be merged field by field.
 */
struct manifest_settings {
	char *boot_method;   /* qemu-direct | grub-rescue-iso | grub-qcow2 */
	char *boot_protocol; /* multiboot2 */
	char *boot_cmdline;  /* kernel command line */
	struct manifest_initramfs *boot_initramfs;
	char *boot_initramfs_compress;		/* gzip | none */
	struct manifest_strlist boot_init_args; /* after `--` */
	struct manifest_strlist boot_init_env;	/* KEY=VALUE, before `--` */
	char *qemu_path;      /* QEMU binary */
	char *qemu_args;      /* extra QEMU arguments, shell-like quoting */
	char *qemu_accel;     /* auto, kvm or tcg */
	char *qemu_ovmf_code; /* UEFI firmware code (grub-qcow2) */
	char *qemu_ovmf_vars; /* its variables store, copied per run */
	char *qemu_confidential; /* none | tdx */
	char *qemu_tdvf;	 /* TDX guest firmware (confidential: tdx) */
	char *grub_boot_protocol; /* multiboot2 | linux */
	int test_timeout;     /* seconds; only in `test:` sections */
};

struct manifest_scheme {
	char *name;
	struct manifest_settings base; /* schemes.NAME.{boot,qemu,grub} */
	struct manifest_settings run;  /* schemes.NAME.run */
	struct manifest_settings test; /* schemes.NAME.test */
	struct manifest_pos pos;
};

/*
 * A user-mode shared object a trusted package builds from some of its
 * sources (build.user-images.NAME) and embeds in its archive as read-only
 * data between the symbols osdk_image_NAME_start and osdk_image_NAME_end.
 * Paths are kept relative to the package directory, as written: they are
 * compiled from there, so that nothing absolute reaches the image.
 */
struct manifest_user_image {
	char *name; /* a C identifier: it is part of the symbols' names */
	char **sources;
	size_t nsources;
	char *cflags;	      /* extra compiler flags, or NULL */
	char *ldflags;	      /* extra linker flags (through the compiler) */
	char *linker_script;  /* -T; NULL = the linker's default */
	char *version_script; /* --version-script, or NULL */
	struct manifest_pos pos;
};

/*
 * `prove:` (docs/prove.md): the sources `osdk prove` verifies with Frama-C
 * WP, relative to the package as written, and how hard the provers try.
 */
struct manifest_prove {
	bool set;
	char **files;
	size_t nfiles;
	char **functions; /* only these of the files' functions; none = all */
	size_t nfunctions;
	char **provers; /* Why3 names ("z3", "cvc4"); none = osdk's default */
	size_t nprovers;
	int timeout; /* seconds per goal, a backstop; 0 = the default */
	int steps;   /* prover steps per goal, the bound; 0 = the default */
	struct manifest_pos pos;
};

struct manifest {
	char *path; /* the file it was read from, as given */
	char *dir;  /* absolute directory of that file */

	bool has_package;
	struct {
		char *name;
		char *version;
		enum manifest_pkg_type type;
		bool trusted;
		struct manifest_pos trusted_pos;
		char *description;
		char *license;
		char **authors;
		size_t nauthors;
		char *repository;
	} package;

	bool has_workspace;
	struct {
		char **members; /* relative directories, as written */
		size_t nmembers;
		/* Package names allowed trusted: true when they are in the
		 * workspace's own tree (entries written as plain names). */
		char **trusted;
		size_t ntrusted;
		/* Sources outside the tree allowed it (mapping entries). */
		struct manifest_trust *sources;
		size_t nsources;
	} workspace;

	struct manifest_dep *deps;
	size_t ndeps;

	struct {
		char *linker_script; /* absolute path, or NULL */
		char *cflags;	     /* extra compiler flags, space-separated */
		/* A trusted package's header forced into every untrusted
		 * translation unit (-include): absolute path, or NULL. */
		char *service_prelude;
		/* A trusted package's source compiled into it only in a
		 * coverage build: the runtime that writes the counters out
		 * (docs/coverage.md). Absolute path, or NULL. */
		char *coverage_runtime;
		struct manifest_user_image *user_images;
		size_t nuser_images;
	} build;

	struct manifest_settings top;  /* top-level boot: and qemu: */
	struct manifest_settings run;  /* run: */
	struct manifest_settings test; /* test: */

	struct manifest_scheme *schemes;
	size_t nschemes;

	struct manifest_prove prove;
};

/*
 * Read and validate `path`. On success *out owns a new manifest. On failure
 * returns a negative errno and err says "FILE:LINE:COL: what is wrong with
 * which field", with "; did you mean 'KEY'?" for a misspelt key. Checked:
 * YAML syntax, unknown keys at every level, value types, required fields
 * (package.name and package.version, or a workspace), name and version
 * syntax, enumerated values, and that a file has a package or a workspace.
 */
int manifest_load(const char *path, struct manifest **out,
		  struct osdk_err *err);

/* Same, from a string; `path` is used for messages and relative paths. */
int manifest_parse(const char *path, const char *text, size_t len,
		   struct manifest **out, struct osdk_err *err);

void manifest_free(struct manifest *m);

/* The scheme named `name`, or NULL. */
const struct manifest_scheme *manifest_scheme(const struct manifest *m,
					      const char *name);

/* Whether `name` is a valid package name: [a-z0-9][a-z0-9_-]*, <= 64. */
bool manifest_valid_name(const char *name);

/* Whether `name` can name a user image: [a-z_][a-z0-9_]*, <= 64. */
bool manifest_valid_image_name(const char *name);

/* Whether `v` is a semantic version MAJOR.MINOR.PATCH[-pre][+build]. */
bool manifest_valid_version(const char *v);

void manifest_initramfs_free(struct manifest_initramfs *rd);

/* The values `boot.method` accepts, NULL-terminated (for CLI checks too). */
extern const char *const manifest_boot_methods[];

/*
 * `path` made absolute: kept if it already is, else joined to `dir` (which
 * must be absolute). "." and ".." and repeated slashes are folded without
 * touching the file system, so the result names the same place even when
 * it does not exist yet. Returns a new string.
 */
char *manifest_join_path(const char *dir, const char *path);

/* The values of qemu.confidential: none, tdx. */
extern const char *const manifest_confidential[];
/* The values of grub.boot-protocol: multiboot2, linux. */
extern const char *const manifest_grub_protocols[];

/* 0 when @s names a QEMU accelerator osdk knows (auto, kvm, tcg); else
 * -EINVAL with the closest name. */
int manifest_check_accel(const char *s, struct osdk_err *err);

#endif
