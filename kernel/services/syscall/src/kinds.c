/* SPDX-License-Identifier: MIT */
/* What strace prints of each x86-64 syscall: its result's and arguments'
 * kinds, by number (the names are the table's, in table.c). */
#include <syscall/syscall.h>

#include <frame/compiler.h>

/* An(...): n arguments of the kinds SCA_<name> given, the rest SCA_NONE. */
/* clang-format off */
#define A0()			0, { SCA_NONE }
#define A1(a)			1, { SCA_##a }
#define A2(a, b)		2, { SCA_##a, SCA_##b }
#define A3(a, b, c)		3, { SCA_##a, SCA_##b, SCA_##c }
#define A4(a, b, c, d)		4, { SCA_##a, SCA_##b, SCA_##c, SCA_##d }
#define A5(a, b, c, d, e)	5, { SCA_##a, SCA_##b, SCA_##c, SCA_##d, \
				     SCA_##e }
#define A6(a, b, c, d, e, f)	6, { SCA_##a, SCA_##b, SCA_##c, SCA_##d, \
				     SCA_##e, SCA_##f }
/* clang-format on */

static const struct syscall_kinds syscall_kinds_table[SYSCALL_NR_COUNT] = {
	[0] = { SCR_INT, A3(FD, OBUF, ULONG) },			/* read */
	[1] = { SCR_INT, A3(FD, BUF, ULONG) },			/* write */
	[2] = { SCR_INT, A3(STR, OFLAGS, OCT) },		/* open */
	[3] = { SCR_INT, A1(FD) },				/* close */
	[4] = { SCR_INT, A2(STR, PTR) },			/* stat */
	[5] = { SCR_INT, A2(FD, PTR) },				/* fstat */
	[6] = { SCR_INT, A2(STR, PTR) },			/* lstat */
	[7] = { SCR_INT, A3(PTR, UINT, INT) },			/* poll */
	[8] = { SCR_INT, A3(FD, LONG, WHENCE) },		/* lseek */
	[9] = { SCR_HEX, A6(PTR, ULONG, PROT, MMAP, FD, HEX) }, /* mmap */
	[10] = { SCR_INT, A3(PTR, ULONG, PROT) },		/* mprotect */
	[11] = { SCR_INT, A2(PTR, ULONG) },			/* munmap */
	[12] = { SCR_HEX, A1(PTR) },				/* brk */
	[13] = { SCR_INT, A4(SIG, PTR, PTR, ULONG) },	 /* rt_sigaction */
	[14] = { SCR_INT, A4(SIGHOW, PTR, PTR, ULONG) }, /* rt_sigprocmask */
	[15] = { SCR_INT, A0() },			 /* rt_sigreturn */
	[16] = { SCR_INT, A3(FD, IOCTL, HEX) },		 /* ioctl */
	[17] = { SCR_INT, A4(FD, OBUF, ULONG, LONG) },	 /* pread64 */
	[18] = { SCR_INT, A4(FD, BUF, ULONG, LONG) },	 /* pwrite64 */
	[19] = { SCR_INT, A3(FD, PTR, INT) },		 /* readv */
	[20] = { SCR_INT, A3(FD, PTR, INT) },		 /* writev */
	[21] = { SCR_INT, A2(STR, ACCESS) },		 /* access */
	[22] = { SCR_INT, A1(PTR) },			 /* pipe */
	[23] = { SCR_INT, A5(INT, PTR, PTR, PTR, PTR) }, /* select */
	[24] = { SCR_INT, A0() },			 /* sched_yield */
	[25] = { SCR_HEX, A5(PTR, ULONG, ULONG, HEX, PTR) },	/* mremap */
	[26] = { SCR_INT, A3(PTR, ULONG, HEX) },		/* msync */
	[27] = { SCR_INT, A3(PTR, ULONG, PTR) },		/* mincore */
	[28] = { SCR_INT, A3(PTR, ULONG, INT) },		/* madvise */
	[29] = { SCR_INT, A3(INT, ULONG, HEX) },		/* shmget */
	[30] = { SCR_HEX, A3(INT, PTR, HEX) },			/* shmat */
	[31] = { SCR_INT, A3(INT, INT, PTR) },			/* shmctl */
	[32] = { SCR_INT, A1(FD) },				/* dup */
	[33] = { SCR_INT, A2(FD, FD) },				/* dup2 */
	[34] = { SCR_INT, A0() },				/* pause */
	[35] = { SCR_INT, A2(PTR, PTR) },			/* nanosleep */
	[36] = { SCR_INT, A2(ITIMER, PTR) },			/* getitimer */
	[37] = { SCR_INT, A1(UINT) },				/* alarm */
	[38] = { SCR_INT, A3(ITIMER, PTR, PTR) },		/* setitimer */
	[39] = { SCR_INT, A0() },				/* getpid */
	[40] = { SCR_INT, A4(FD, FD, PTR, ULONG) },		/* sendfile */
	[41] = { SCR_INT, A3(INT, INT, INT) },			/* socket */
	[42] = { SCR_INT, A3(FD, PTR, INT) },			/* connect */
	[43] = { SCR_INT, A3(FD, PTR, PTR) },			/* accept */
	[44] = { SCR_INT, A6(FD, BUF, ULONG, HEX, PTR, INT) },	/* sendto */
	[45] = { SCR_INT, A6(FD, OBUF, ULONG, HEX, PTR, PTR) }, /* recvfrom */
	[46] = { SCR_INT, A3(FD, PTR, HEX) },			/* sendmsg */
	[47] = { SCR_INT, A3(FD, PTR, HEX) },			/* recvmsg */
	[48] = { SCR_INT, A2(FD, INT) },			/* shutdown */
	[49] = { SCR_INT, A3(FD, PTR, INT) },			/* bind */
	[50] = { SCR_INT, A2(FD, INT) },			/* listen */
	[51] = { SCR_INT, A3(FD, PTR, PTR) },		    /* getsockname */
	[52] = { SCR_INT, A3(FD, PTR, PTR) },		    /* getpeername */
	[53] = { SCR_INT, A4(INT, INT, INT, PTR) },	    /* socketpair */
	[54] = { SCR_INT, A5(FD, INT, INT, PTR, INT) },	    /* setsockopt */
	[55] = { SCR_INT, A5(FD, INT, INT, PTR, PTR) },	    /* getsockopt */
	[56] = { SCR_INT, A5(CLONE, PTR, PTR, PTR, HEX) },  /* clone */
	[57] = { SCR_INT, A0() },			    /* fork */
	[58] = { SCR_INT, A0() },			    /* vfork */
	[59] = { SCR_INT, A3(STR, STRV, ENVP) },	    /* execve */
	[60] = { SCR_NORETURN, A1(INT) },		    /* exit */
	[61] = { SCR_INT, A4(INT, PTR, WAITOPT, PTR) },	    /* wait4 */
	[62] = { SCR_INT, A2(INT, SIG) },		    /* kill */
	[63] = { SCR_INT, A1(PTR) },			    /* uname */
	[64] = { SCR_INT, A3(INT, INT, HEX) },		    /* semget */
	[65] = { SCR_INT, A3(INT, PTR, ULONG) },	    /* semop */
	[66] = { SCR_INT, A4(INT, INT, INT, HEX) },	    /* semctl */
	[67] = { SCR_INT, A1(PTR) },			    /* shmdt */
	[68] = { SCR_INT, A2(INT, HEX) },		    /* msgget */
	[69] = { SCR_INT, A4(INT, PTR, ULONG, HEX) },	    /* msgsnd */
	[70] = { SCR_INT, A5(INT, PTR, ULONG, LONG, HEX) }, /* msgrcv */
	[71] = { SCR_INT, A3(INT, INT, PTR) },		    /* msgctl */
	[72] = { SCR_INT, A3(FD, FCNTL, HEX) },		    /* fcntl */
	[73] = { SCR_INT, A2(FD, INT) },		    /* flock */
	[74] = { SCR_INT, A1(FD) },			    /* fsync */
	[75] = { SCR_INT, A1(FD) },			    /* fdatasync */
	[76] = { SCR_INT, A2(STR, LONG) },		    /* truncate */
	[77] = { SCR_INT, A2(FD, LONG) },		    /* ftruncate */
	[78] = { SCR_INT, A3(FD, PTR, UINT) },		    /* getdents */
	[79] = { SCR_INT, A2(PTR, ULONG) },		    /* getcwd */
	[80] = { SCR_INT, A1(STR) },			    /* chdir */
	[81] = { SCR_INT, A1(FD) },			    /* fchdir */
	[82] = { SCR_INT, A2(STR, STR) },		    /* rename */
	[83] = { SCR_INT, A2(STR, OCT) },		    /* mkdir */
	[84] = { SCR_INT, A1(STR) },			    /* rmdir */
	[85] = { SCR_INT, A2(STR, OCT) },		    /* creat */
	[86] = { SCR_INT, A2(STR, STR) },		    /* link */
	[87] = { SCR_INT, A1(STR) },			    /* unlink */
	[88] = { SCR_INT, A2(STR, STR) },		    /* symlink */
	[89] = { SCR_INT, A3(STR, OBUF, ULONG) },	    /* readlink */
	[90] = { SCR_INT, A2(STR, OCT) },		    /* chmod */
	[91] = { SCR_INT, A2(FD, OCT) },		    /* fchmod */
	[92] = { SCR_INT, A3(STR, INT, INT) },		    /* chown */
	[93] = { SCR_INT, A3(FD, INT, INT) },		    /* fchown */
	[94] = { SCR_INT, A3(STR, INT, INT) },		    /* lchown */
	[95] = { SCR_OCT, A1(OCT) },			    /* umask */
	[96] = { SCR_INT, A2(PTR, PTR) },		    /* gettimeofday */
	[97] = { SCR_INT, A2(RLIMIT, PTR) },		    /* getrlimit */
	[98] = { SCR_INT, A2(INT, PTR) },		    /* getrusage */
	[99] = { SCR_INT, A1(PTR) },			    /* sysinfo */
	[100] = { SCR_INT, A1(PTR) },			    /* times */
	[101] = { SCR_INT, A4(LONG, INT, PTR, PTR) },	    /* ptrace */
	[102] = { SCR_INT, A0() },			    /* getuid */
	[103] = { SCR_INT, A3(INT, PTR, INT) },		    /* syslog */
	[104] = { SCR_INT, A0() },			    /* getgid */
	[105] = { SCR_INT, A1(UINT) },			    /* setuid */
	[106] = { SCR_INT, A1(UINT) },			    /* setgid */
	[107] = { SCR_INT, A0() },			    /* geteuid */
	[108] = { SCR_INT, A0() },			    /* getegid */
	[109] = { SCR_INT, A2(INT, INT) },		    /* setpgid */
	[110] = { SCR_INT, A0() },			    /* getppid */
	[111] = { SCR_INT, A0() },			    /* getpgrp */
	[112] = { SCR_INT, A0() },			    /* setsid */
	[113] = { SCR_INT, A2(UINT, UINT) },		    /* setreuid */
	[114] = { SCR_INT, A2(UINT, UINT) },		    /* setregid */
	[115] = { SCR_INT, A2(INT, PTR) },		    /* getgroups */
	[116] = { SCR_INT, A2(INT, PTR) },		    /* setgroups */
	[117] = { SCR_INT, A3(UINT, UINT, UINT) },	    /* setresuid */
	[118] = { SCR_INT, A3(PTR, PTR, PTR) },		    /* getresuid */
	[119] = { SCR_INT, A3(UINT, UINT, UINT) },	    /* setresgid */
	[120] = { SCR_INT, A3(PTR, PTR, PTR) },		    /* getresgid */
	[121] = { SCR_INT, A1(INT) },			    /* getpgid */
	[122] = { SCR_INT, A1(UINT) },			    /* setfsuid */
	[123] = { SCR_INT, A1(UINT) },			    /* setfsgid */
	[124] = { SCR_INT, A1(INT) },			    /* getsid */
	[125] = { SCR_INT, A2(PTR, PTR) },		    /* capget */
	[126] = { SCR_INT, A2(PTR, PTR) },		    /* capset */
	[127] = { SCR_INT, A2(PTR, ULONG) },		    /* rt_sigpending */
	[128] = { SCR_INT, A4(PTR, PTR, PTR, ULONG) }, /* rt_sigtimedwait */
	[129] = { SCR_INT, A3(INT, SIG, PTR) },	       /* rt_sigqueueinfo */
	[130] = { SCR_INT, A2(PTR, ULONG) },	       /* rt_sigsuspend */
	[131] = { SCR_INT, A2(PTR, PTR) },	       /* sigaltstack */
	[132] = { SCR_INT, A2(STR, PTR) },	       /* utime */
	[133] = { SCR_INT, A3(STR, OCT, HEX) },	       /* mknod */
	[134] = { SCR_INT, A1(STR) },		       /* uselib */
	[135] = { SCR_INT, A1(HEX) },		       /* personality */
	[136] = { SCR_INT, A2(HEX, PTR) },	       /* ustat */
	[137] = { SCR_INT, A2(STR, PTR) },	       /* statfs */
	[138] = { SCR_INT, A2(FD, PTR) },	       /* fstatfs */
	[139] = { SCR_INT, A3(INT, HEX, HEX) },	       /* sysfs */
	[140] = { SCR_INT, A2(INT, INT) },	       /* getpriority */
	[141] = { SCR_INT, A3(INT, INT, INT) },	       /* setpriority */
	[142] = { SCR_INT, A2(INT, PTR) },	       /* sched_setparam */
	[143] = { SCR_INT, A2(INT, PTR) },	       /* sched_getparam */
	[144] = { SCR_INT, A3(INT, INT, PTR) },	       /* sched_setscheduler */
	[145] = { SCR_INT, A1(INT) },		       /* sched_getscheduler */
	[146] = { SCR_INT, A1(INT) },		  /* sched_get_priority_max */
	[147] = { SCR_INT, A1(INT) },		  /* sched_get_priority_min */
	[148] = { SCR_INT, A2(INT, PTR) },	  /* sched_rr_get_interval */
	[149] = { SCR_INT, A2(PTR, ULONG) },	  /* mlock */
	[150] = { SCR_INT, A2(PTR, ULONG) },	  /* munlock */
	[151] = { SCR_INT, A1(HEX) },		  /* mlockall */
	[152] = { SCR_INT, A0() },		  /* munlockall */
	[153] = { SCR_INT, A0() },		  /* vhangup */
	[154] = { SCR_INT, A3(INT, PTR, ULONG) }, /* modify_ldt */
	[155] = { SCR_INT, A2(STR, STR) },	  /* pivot_root */
	[156] = { SCR_INT, A1(PTR) },		  /* _sysctl */
	[157] = { SCR_INT, A5(PRCTL, HEX, HEX, HEX, HEX) }, /* prctl */
	[158] = { SCR_INT, A2(HEX, HEX) },		    /* arch_prctl */
	[159] = { SCR_INT, A1(PTR) },			    /* adjtimex */
	[160] = { SCR_INT, A2(RLIMIT, PTR) },		    /* setrlimit */
	[161] = { SCR_INT, A1(STR) },			    /* chroot */
	[162] = { SCR_INT, A0() },			    /* sync */
	[163] = { SCR_INT, A1(STR) },			    /* acct */
	[164] = { SCR_INT, A2(PTR, PTR) },		    /* settimeofday */
	[165] = { SCR_INT, A5(STR, STR, STR, HEX, PTR) },   /* mount */
	[166] = { SCR_INT, A2(STR, HEX) },		    /* umount2 */
	[167] = { SCR_INT, A2(STR, HEX) },		    /* swapon */
	[168] = { SCR_INT, A1(STR) },			    /* swapoff */
	[169] = { SCR_INT, A4(HEX, HEX, HEX, PTR) },	    /* reboot */
	[170] = { SCR_INT, A2(BUF, INT) },		    /* sethostname */
	[171] = { SCR_INT, A2(BUF, INT) },		    /* setdomainname */
	[172] = { SCR_INT, A1(INT) },			    /* iopl */
	[173] = { SCR_INT, A3(ULONG, ULONG, INT) },	    /* ioperm */
	[174] = { SCR_INT, A2(STR, ULONG) },		    /* create_module */
	[175] = { SCR_INT, A3(PTR, ULONG, STR) },	    /* init_module */
	[176] = { SCR_INT, A2(STR, HEX) },		    /* delete_module */
	[177] = { SCR_INT, A1(PTR) }, /* get_kernel_syms */
	[178] = { SCR_INT, A5(STR, INT, PTR, ULONG, PTR) }, /* query_module */
	[179] = { SCR_INT, A4(HEX, STR, INT, PTR) },	    /* quotactl */
	[180] = { SCR_INT, A3(INT, PTR, PTR) },		    /* nfsservctl */
	[181] = { SCR_INT, A0() },			    /* getpmsg */
	[182] = { SCR_INT, A0() },			    /* putpmsg */
	[183] = { SCR_INT, A0() },			    /* afs_syscall */
	[184] = { SCR_INT, A0() },			    /* tuxcall */
	[185] = { SCR_INT, A0() },			    /* security */
	[186] = { SCR_INT, A0() },			    /* gettid */
	[187] = { SCR_INT, A3(FD, LONG, ULONG) },	    /* readahead */
	[188] = { SCR_INT, A5(STR, STR, PTR, ULONG, HEX) }, /* setxattr */
	[189] = { SCR_INT, A5(STR, STR, PTR, ULONG, HEX) }, /* lsetxattr */
	[190] = { SCR_INT, A5(FD, STR, PTR, ULONG, HEX) },  /* fsetxattr */
	[191] = { SCR_INT, A4(STR, STR, PTR, ULONG) },	    /* getxattr */
	[192] = { SCR_INT, A4(STR, STR, PTR, ULONG) },	    /* lgetxattr */
	[193] = { SCR_INT, A4(FD, STR, PTR, ULONG) },	    /* fgetxattr */
	[194] = { SCR_INT, A3(STR, PTR, ULONG) },	    /* listxattr */
	[195] = { SCR_INT, A3(STR, PTR, ULONG) },	    /* llistxattr */
	[196] = { SCR_INT, A3(FD, PTR, ULONG) },	    /* flistxattr */
	[197] = { SCR_INT, A2(STR, STR) },		    /* removexattr */
	[198] = { SCR_INT, A2(STR, STR) },		    /* lremovexattr */
	[199] = { SCR_INT, A2(FD, STR) },		    /* fremovexattr */
	[200] = { SCR_INT, A2(INT, SIG) },		    /* tkill */
	[201] = { SCR_INT, A1(PTR) },			    /* time */
	[202] = { SCR_INT, A6(PTR, FUTEXOP, UINT, PTR, PTR, UINT) }, /* futex */
	[203] = { SCR_INT, A3(INT, ULONG, PTR) }, /* sched_setaffinity */
	[204] = { SCR_INT, A3(INT, ULONG, PTR) }, /* sched_getaffinity */
	[205] = { SCR_INT, A1(PTR) },		  /* set_thread_area */
	[206] = { SCR_INT, A2(UINT, PTR) },	  /* io_setup */
	[207] = { SCR_INT, A1(HEX) },		  /* io_destroy */
	[208] = { SCR_INT, A5(HEX, LONG, LONG, PTR, PTR) }, /* io_getevents */
	[209] = { SCR_INT, A3(HEX, LONG, PTR) },	    /* io_submit */
	[210] = { SCR_INT, A3(HEX, PTR, PTR) },		    /* io_cancel */
	[211] = { SCR_INT, A1(PTR) },		  /* get_thread_area */
	[212] = { SCR_INT, A3(HEX, PTR, ULONG) }, /* lookup_dcookie */
	[213] = { SCR_INT, A1(INT) },		  /* epoll_create */
	[214] = { SCR_INT, A0() },		  /* epoll_ctl_old */
	[215] = { SCR_INT, A0() },		  /* epoll_wait_old */
	[216] = { SCR_INT,
		  A5(PTR, ULONG, HEX, ULONG, HEX) },   /* remap_file_pages */
	[217] = { SCR_INT, A3(FD, PTR, UINT) },	       /* getdents64 */
	[218] = { SCR_INT, A1(PTR) },		       /* set_tid_address */
	[219] = { SCR_INT, A0() },		       /* restart_syscall */
	[220] = { SCR_INT, A4(INT, PTR, ULONG, PTR) }, /* semtimedop */
	[221] = { SCR_INT, A4(FD, LONG, ULONG, INT) }, /* fadvise64 */
	[222] = { SCR_INT, A3(CLOCK, PTR, PTR) },      /* timer_create */
	[223] = { SCR_INT, A4(INT, HEX, PTR, PTR) },   /* timer_settime */
	[224] = { SCR_INT, A2(INT, PTR) },	       /* timer_gettime */
	[225] = { SCR_INT, A1(INT) },		       /* timer_getoverrun */
	[226] = { SCR_INT, A1(INT) },		       /* timer_delete */
	[227] = { SCR_INT, A2(CLOCK, PTR) },	       /* clock_settime */
	[228] = { SCR_INT, A2(CLOCK, PTR) },	       /* clock_gettime */
	[229] = { SCR_INT, A2(CLOCK, PTR) },	       /* clock_getres */
	[230] = { SCR_INT, A4(CLOCK, HEX, PTR, PTR) }, /* clock_nanosleep */
	[231] = { SCR_NORETURN, A1(INT) },	       /* exit_group */
	[232] = { SCR_INT, A4(FD, PTR, INT, INT) },    /* epoll_wait */
	[233] = { SCR_INT, A4(FD, INT, FD, PTR) },     /* epoll_ctl */
	[234] = { SCR_INT, A3(INT, INT, SIG) },	       /* tgkill */
	[235] = { SCR_INT, A2(STR, PTR) },	       /* utimes */
	[236] = { SCR_INT, A0() },		       /* vserver */
	[237] = { SCR_INT, A6(PTR, ULONG, INT, PTR, ULONG, HEX) }, /* mbind */
	[238] = { SCR_INT, A3(INT, PTR, ULONG) },	     /* set_mempolicy */
	[239] = { SCR_INT, A5(PTR, PTR, ULONG, PTR, HEX) },  /* get_mempolicy */
	[240] = { SCR_INT, A4(STR, OFLAGS, OCT, PTR) },	     /* mq_open */
	[241] = { SCR_INT, A1(STR) },			     /* mq_unlink */
	[242] = { SCR_INT, A5(INT, PTR, ULONG, UINT, PTR) }, /* mq_timedsend */
	[243] = { SCR_INT,
		  A5(INT, PTR, ULONG, PTR, PTR) },     /* mq_timedreceive */
	[244] = { SCR_INT, A2(INT, PTR) },	       /* mq_notify */
	[245] = { SCR_INT, A3(INT, PTR, PTR) },	       /* mq_getsetattr */
	[246] = { SCR_INT, A4(HEX, ULONG, PTR, HEX) }, /* kexec_load */
	[247] = { SCR_INT, A5(INT, INT, PTR, WAITOPT, PTR) }, /* waitid */
	[248] = { SCR_INT, A5(STR, STR, PTR, ULONG, INT) },   /* add_key */
	[249] = { SCR_INT, A4(STR, STR, STR, INT) },	      /* request_key */
	[250] = { SCR_INT, A5(INT, HEX, HEX, HEX, HEX) },     /* keyctl */
	[251] = { SCR_INT, A3(INT, INT, INT) },		      /* ioprio_set */
	[252] = { SCR_INT, A2(INT, INT) },		      /* ioprio_get */
	[253] = { SCR_INT, A0() },			      /* inotify_init */
	[254] = { SCR_INT, A3(FD, STR, HEX) },	       /* inotify_add_watch */
	[255] = { SCR_INT, A2(FD, INT) },	       /* inotify_rm_watch */
	[256] = { SCR_INT, A4(INT, ULONG, PTR, PTR) }, /* migrate_pages */
	[257] = { SCR_INT, A4(DIRFD, STR, OFLAGS, OCT) },	/* openat */
	[258] = { SCR_INT, A3(DIRFD, STR, OCT) },		/* mkdirat */
	[259] = { SCR_INT, A4(DIRFD, STR, OCT, HEX) },		/* mknodat */
	[260] = { SCR_INT, A5(DIRFD, STR, INT, INT, ATFLAGS) }, /* fchownat */
	[261] = { SCR_INT, A3(DIRFD, STR, PTR) },		/* futimesat */
	[262] = { SCR_INT, A4(DIRFD, STR, PTR, ATFLAGS) },	/* newfstatat */
	[263] = { SCR_INT, A3(DIRFD, STR, ATFLAGS) },		/* unlinkat */
	[264] = { SCR_INT, A4(DIRFD, STR, DIRFD, STR) },	/* renameat */
	[265] = { SCR_INT, A5(DIRFD, STR, DIRFD, STR, ATFLAGS) }, /* linkat */
	[266] = { SCR_INT, A3(STR, DIRFD, STR) },	       /* symlinkat */
	[267] = { SCR_INT, A4(DIRFD, STR, OBUF, ULONG) },      /* readlinkat */
	[268] = { SCR_INT, A3(DIRFD, STR, OCT) },	       /* fchmodat */
	[269] = { SCR_INT, A3(DIRFD, STR, ACCESS) },	       /* faccessat */
	[270] = { SCR_INT, A6(INT, PTR, PTR, PTR, PTR, PTR) }, /* pselect6 */
	[271] = { SCR_INT, A5(PTR, UINT, PTR, PTR, ULONG) },   /* ppoll */
	[272] = { SCR_INT, A1(CLONE) },			       /* unshare */
	[273] = { SCR_INT, A2(PTR, ULONG) },	/* set_robust_list */
	[274] = { SCR_INT, A3(INT, PTR, PTR) }, /* get_robust_list */
	[275] = { SCR_INT, A6(FD, PTR, FD, PTR, ULONG, HEX) }, /* splice */
	[276] = { SCR_INT, A4(FD, FD, ULONG, HEX) },	       /* tee */
	[277] = { SCR_INT, A4(FD, LONG, LONG, HEX) }, /* sync_file_range */
	[278] = { SCR_INT, A4(FD, PTR, ULONG, HEX) }, /* vmsplice */
	[279] = { SCR_INT,
		  A6(INT, ULONG, PTR, PTR, PTR, HEX) },	   /* move_pages */
	[280] = { SCR_INT, A4(DIRFD, STR, PTR, ATFLAGS) }, /* utimensat */
	[281] = { SCR_INT,
		  A6(FD, PTR, INT, INT, PTR, ULONG) },	   /* epoll_pwait */
	[282] = { SCR_INT, A3(FD, PTR, ULONG) },	   /* signalfd */
	[283] = { SCR_INT, A2(CLOCK, HEX) },		   /* timerfd_create */
	[284] = { SCR_INT, A1(UINT) },			   /* eventfd */
	[285] = { SCR_INT, A4(FD, INT, LONG, LONG) },	   /* fallocate */
	[286] = { SCR_INT, A4(FD, HEX, PTR, PTR) },	   /* timerfd_settime */
	[287] = { SCR_INT, A2(FD, PTR) },		   /* timerfd_gettime */
	[288] = { SCR_INT, A4(FD, PTR, PTR, HEX) },	   /* accept4 */
	[289] = { SCR_INT, A4(FD, PTR, ULONG, HEX) },	   /* signalfd4 */
	[290] = { SCR_INT, A2(UINT, HEX) },		   /* eventfd2 */
	[291] = { SCR_INT, A1(HEX) },			   /* epoll_create1 */
	[292] = { SCR_INT, A3(FD, FD, OFLAGS) },	   /* dup3 */
	[293] = { SCR_INT, A2(PTR, OFLAGS) },		   /* pipe2 */
	[294] = { SCR_INT, A1(HEX) },			   /* inotify_init1 */
	[295] = { SCR_INT, A5(FD, PTR, INT, LONG, LONG) }, /* preadv */
	[296] = { SCR_INT, A5(FD, PTR, INT, LONG, LONG) }, /* pwritev */
	[297] = { SCR_INT, A4(INT, INT, SIG, PTR) }, /* rt_tgsigqueueinfo */
	[298] = { SCR_INT, A5(PTR, INT, INT, INT, HEX) },  /* perf_event_open */
	[299] = { SCR_INT, A5(FD, PTR, UINT, HEX, PTR) },  /* recvmmsg */
	[300] = { SCR_INT, A2(HEX, HEX) },		   /* fanotify_init */
	[301] = { SCR_INT, A5(FD, HEX, HEX, DIRFD, STR) }, /* fanotify_mark */
	[302] = { SCR_INT, A4(INT, RLIMIT, PTR, PTR) },	   /* prlimit64 */
	[303] = { SCR_INT,
		  A5(DIRFD, STR, PTR, PTR, ATFLAGS) }, /* name_to_handle_at */
	[304] = { SCR_INT, A3(FD, PTR, OFLAGS) },      /* open_by_handle_at */
	[305] = { SCR_INT, A2(CLOCK, PTR) },	       /* clock_adjtime */
	[306] = { SCR_INT, A1(FD) },		       /* syncfs */
	[307] = { SCR_INT, A4(FD, PTR, UINT, HEX) },   /* sendmmsg */
	[308] = { SCR_INT, A2(FD, CLONE) },	       /* setns */
	[309] = { SCR_INT, A3(PTR, PTR, PTR) },	       /* getcpu */
	[310] = { SCR_INT,
		  A6(INT, PTR, ULONG, PTR, ULONG, HEX) }, /* process_vm_readv */
	[311] = { SCR_INT, A6(INT, PTR, ULONG, PTR, ULONG,
			      HEX) }, /* process_vm_writev */
	[312] = { SCR_INT, A5(INT, INT, INT, HEX, HEX) }, /* kcmp */
	[313] = { SCR_INT, A3(FD, STR, HEX) },		  /* finit_module */
	[314] = { SCR_INT, A3(INT, PTR, HEX) },		  /* sched_setattr */
	[315] = { SCR_INT, A4(INT, PTR, UINT, HEX) },	  /* sched_getattr */
	[316] = { SCR_INT, A5(DIRFD, STR, DIRFD, STR, HEX) }, /* renameat2 */
	[317] = { SCR_INT, A3(UINT, HEX, PTR) },	      /* seccomp */
	[318] = { SCR_INT, A3(PTR, ULONG, HEX) },	      /* getrandom */
	[319] = { SCR_INT, A2(STR, HEX) },		      /* memfd_create */
	[320] = { SCR_INT, A5(FD, FD, ULONG, STR, HEX) }, /* kexec_file_load */
	[321] = { SCR_INT, A3(INT, PTR, UINT) },	  /* bpf */
	[322] = { SCR_INT, A5(DIRFD, STR, STRV, ENVP, ATFLAGS) }, /* execveat */
	[323] = { SCR_INT, A1(OFLAGS) },	  /* userfaultfd */
	[324] = { SCR_INT, A3(INT, HEX, INT) },	  /* membarrier */
	[325] = { SCR_INT, A3(PTR, ULONG, HEX) }, /* mlock2 */
	[326] = { SCR_INT,
		  A6(FD, PTR, FD, PTR, ULONG, HEX) }, /* copy_file_range */
	[327] = { SCR_INT, A6(FD, PTR, INT, LONG, LONG, HEX) }, /* preadv2 */
	[328] = { SCR_INT, A6(FD, PTR, INT, LONG, LONG, HEX) }, /* pwritev2 */
	[329] = { SCR_INT, A4(PTR, ULONG, PROT, INT) }, /* pkey_mprotect */
	[330] = { SCR_INT, A2(HEX, HEX) },		/* pkey_alloc */
	[331] = { SCR_INT, A1(INT) },			/* pkey_free */
	[332] = { SCR_INT, A5(DIRFD, STR, ATFLAGS, HEX, PTR) }, /* statx */
	[333] = { SCR_INT,
		  A6(HEX, LONG, LONG, PTR, PTR, PTR) }, /* io_pgetevents */
	[334] = { SCR_INT, A4(PTR, UINT, HEX, HEX) },	/* rseq */
	[424] = { SCR_INT, A4(FD, SIG, PTR, HEX) },	/* pidfd_send_signal */
	[425] = { SCR_INT, A2(UINT, PTR) },		/* io_uring_setup */
	[426] = { SCR_INT,
		  A6(FD, UINT, UINT, HEX, PTR, ULONG) }, /* io_uring_enter */
	[427] = { SCR_INT, A4(FD, UINT, PTR, UINT) },	 /* io_uring_register */
	[428] = { SCR_INT, A3(DIRFD, STR, HEX) },	 /* open_tree */
	[429] = { SCR_INT, A5(DIRFD, STR, DIRFD, STR, HEX) }, /* move_mount */
	[430] = { SCR_INT, A2(STR, HEX) },		      /* fsopen */
	[431] = { SCR_INT, A5(FD, UINT, STR, PTR, INT) },     /* fsconfig */
	[432] = { SCR_INT, A3(FD, HEX, HEX) },		      /* fsmount */
	[433] = { SCR_INT, A3(DIRFD, STR, HEX) },	      /* fspick */
	[434] = { SCR_INT, A2(INT, HEX) },		      /* pidfd_open */
	[435] = { SCR_INT, A2(PTR, ULONG) },		      /* clone3 */
	[436] = { SCR_INT, A3(UINT, UINT, HEX) },	      /* close_range */
	[437] = { SCR_INT, A4(DIRFD, STR, PTR, ULONG) },      /* openat2 */
	[438] = { SCR_INT, A3(FD, INT, HEX) },		      /* pidfd_getfd */
	[439] = { SCR_INT, A4(DIRFD, STR, ACCESS, ATFLAGS) }, /* faccessat2 */
	[440] = { SCR_INT, A5(FD, PTR, ULONG, INT, HEX) }, /* process_madvise */
	[441] = { SCR_INT,
		  A6(FD, PTR, INT, PTR, PTR, ULONG) }, /* epoll_pwait2 */
	[442] = { SCR_INT,
		  A5(DIRFD, STR, HEX, PTR, ULONG) }, /* mount_setattr */
	[443] = { SCR_INT, A4(FD, HEX, INT, PTR) },  /* quotactl_fd */
	[444] = { SCR_INT, A3(PTR, ULONG, HEX) }, /* landlock_create_ruleset */
	[445] = { SCR_INT, A4(FD, INT, PTR, HEX) }, /* landlock_add_rule */
	[446] = { SCR_INT, A2(FD, HEX) },	    /* landlock_restrict_self */
	[447] = { SCR_INT, A1(HEX) },		    /* memfd_secret */
	[448] = { SCR_INT, A2(FD, HEX) },	    /* process_mrelease */
	[449] = { SCR_INT, A5(PTR, UINT, HEX, PTR, CLOCK) }, /* futex_waitv */
	[450] = { SCR_INT,
		  A4(PTR, ULONG, ULONG, HEX) }, /* set_mempolicy_home_node */
	[451] = { SCR_INT, A4(FD, PTR, PTR, HEX) },	   /* cachestat */
	[452] = { SCR_INT, A4(DIRFD, STR, OCT, ATFLAGS) }, /* fchmodat2 */
	[453] = { SCR_INT, A3(PTR, ULONG, HEX) },      /* map_shadow_stack */
	[454] = { SCR_INT, A4(PTR, ULONG, INT, HEX) }, /* futex_wake */
	[455] = { SCR_INT,
		  A6(PTR, ULONG, ULONG, HEX, PTR, CLOCK) }, /* futex_wait */
	[456] = { SCR_INT, A4(PTR, HEX, INT, INT) },	    /* futex_requeue */
	[457] = { SCR_INT, A4(PTR, PTR, ULONG, HEX) },	    /* statmount */
	[458] = { SCR_INT, A4(PTR, PTR, ULONG, HEX) },	    /* listmount */
	[459] = { SCR_INT, A4(UINT, PTR, PTR, HEX) },	/* lsm_get_self_attr */
	[460] = { SCR_INT, A4(UINT, PTR, ULONG, HEX) }, /* lsm_set_self_attr */
	[461] = { SCR_INT, A3(PTR, PTR, HEX) },		/* lsm_list_modules */
	[462] = { SCR_INT, A3(PTR, ULONG, HEX) },	/* mseal */
};

const struct syscall_kinds *syscall_kinds(uint64_t nr)
{
	if (!syscall_desc(nr))
		return NULL;
	return &syscall_kinds_table[nr];
}
