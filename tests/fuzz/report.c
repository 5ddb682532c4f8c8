/* SPDX-License-Identifier: MIT */
/* report.c - what the fuzzer's parent prints: its lines, the watchdog's
 * view of each thread, --stats, and the processes a leak left listed.
 */
#include "fuzz.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* One line through one write(2): no stdio buffer to grow or to copy. */
void fuzz_vwrite(int fd, const char *fmt, va_list ap)
{
	char b[1200];
	int n = vsnprintf(b, sizeof(b), fmt, ap);

	if (n > (int)sizeof(b) - 1)
		n = (int)sizeof(b) - 1;
	if (n > 0 && write(fd, b, (size_t)n) < 0)
		return;
}

void fuzz_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fuzz_vwrite(1, fmt, ap);
	va_end(ap);
}

const char *fuzz_shared_check(const struct fuzz_opts *o,
			      struct fuzz_shared *sh, uint64_t *prev, char *b,
			      size_t n)
{
	const char *bad = NULL;

	if (sh->magic_head != FUZZ_MAGIC || sh->magic_tail != FUZZ_MAGIC) {
		snprintf(b, n,
			 "the shared page was written over: magic %#x ... "
			 "%#x",
			 sh->magic_head, sh->magic_tail);
		return b;
	}
	for (int w = 0; w < o->procs; w++)
		for (int t = 0; t < o->threads; t++) {
			struct fuzz_slot *s = &sh->slot[w][t];
			uint64_t *p = &prev[w * FUZZ_MAX_THREADS + t];
			uint64_t seq = s->seq;

			if (fuzz_slot_ok(s)) {
				*p = 0;
				continue;
			}
			if (*p == seq + 1 && !bad) {
				snprintf(b, n,
					 "the shared page was written over: "
					 "worker %d.%d's slot (count %llu, "
					 "syscall %ld, tid %d, done %d) does "
					 "not match its seal",
					 w, t, (unsigned long long)seq, s->nr,
					 s->tid, s->done);
				bad = b;
			}
			*p = seq + 1;
		}
	return bad;
}

/* The watchdog's report: what each thread was doing. */
void fuzz_report_slots(const struct fuzz_opts *opts, struct fuzz_shared *sh,
		       const uint64_t *seen)
{
	for (int w = 0; w < opts->procs; w++)
		for (int t = 0; t < opts->threads; t++) {
			struct fuzz_slot *s = &sh->slot[w][t];
			int still = s->seq == seen[w * FUZZ_MAX_THREADS + t];

			fuzz_say(
				"fuzz: worker %d.%d (tid %d, generation %llu)"
				"%s: syscall %ld(%#lx, %#lx, %#lx, %#lx, %#lx, "
				"%#lx)\n",
				w, t, s->tid, (unsigned long long)s->gen,
				!fuzz_slot_ok(s) ? " (slot written over)"
				: s->done	 ? " done"
				: still		 ? " STUCK in"
						 : " last",
				s->nr, s->a[0], s->a[1], s->a[2], s->a[3],
				s->a[4], s->a[5]);
		}
}

/* --stats: the numbers called most, with how many calls succeeded. */
void fuzz_report_stats(struct fuzz_shared *sh)
{
	static int done[512];
	char b[400];

	for (int line = 0; line < 4; line++) {
		size_t len = 0;

		for (int k = 0; k < 8; k++) {
			int best = -1;

			for (int nr = 0; nr < 512; nr++)
				if (!done[nr] && sh->nr_calls[nr] &&
				    (best < 0 ||
				     sh->nr_calls[nr] > sh->nr_calls[best]))
					best = nr;
			if (best < 0)
				break;
			done[best] = 1;
			len += (size_t)snprintf(
				b + len, sizeof(b) - len, " %d:%u/%u", best,
				sh->nr_ok[best], sh->nr_calls[best]);
		}
		if (len)
			fuzz_say("fuzz: calls (nr:succeeded/made):%s\n", b);
	}
}

/* Names under @dfd, @depth levels down at most; prints those of
 * directories holding more than @print_over names (one line each). */
static long count_under(int dfd, const char *path, int depth, long print_over)
{
	char buf[1024];
	long n, total = 0, here = 0;

	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0)
		for (long pos = 0; pos < n;) {
			struct dirent *d = (struct dirent *)(buf + pos);

			pos += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			here++;
			if (depth == 0 && (!strcmp(d->d_name, "proc") ||
					   !strcmp(d->d_name, "sys") ||
					   !strcmp(d->d_name, "dev")))
				continue;
			if (d->d_type == DT_DIR && depth < 24) {
				char sub[256];
				int fd = openat(dfd, d->d_name,
						O_RDONLY | O_DIRECTORY |
							O_NOFOLLOW);

				snprintf(sub, sizeof(sub), "%.180s/%.60s", path,
					 d->d_name);
				if (fd >= 0) {
					total += count_under(fd, sub, depth + 1,
							     print_over);
					close(fd);
				}
			}
		}
	if (print_over >= 0 && here > print_over)
		fuzz_say("fuzz: %s/ holds %ld names\n", path, here);
	return total + here;
}

long fuzz_count_names(int print)
{
	int fd = open("/", O_RDONLY | O_DIRECTORY);
	long n;

	if (fd < 0)
		return -1;
	n = count_under(fd, "", 0, print ? 32 : -1);
	close(fd);
	return n;
}

/* After a failed leak check: the processes other than init and us that
 * the kernel still lists (a worker that was reaped but is not gone). */
void fuzz_report_processes(void)
{
	char buf[2048], path[64], stat[256];
	int dfd = open("/proc", O_RDONLY | O_DIRECTORY);
	long n;

	if (dfd < 0)
		return;
	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0)
		for (long pos = 0; pos < n;) {
			struct dirent *d = (struct dirent *)(buf + pos);
			int pid = atoi(d->d_name), fd;
			long len;

			pos += d->d_reclen;
			if (pid <= 1 || pid == getpid())
				continue;
			snprintf(path, sizeof(path), "/proc/%d/stat", pid);
			fd = open(path, O_RDONLY);
			len = fd < 0 ? 0 : read(fd, stat, sizeof(stat) - 1);
			if (fd >= 0)
				close(fd);
			stat[len > 0 ? len : 0] = '\0';
			fuzz_say("fuzz: process %d still listed: %s%s", pid,
				 stat,
				 len > 0 && stat[len - 1] == '\n' ? "" : "\n");
		}
	close(dfd);
}
