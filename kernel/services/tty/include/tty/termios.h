/* SPDX-License-Identifier: MIT */
/* Linux's terminal ABI: struct termios as TCGETS sees it, flags, ioctls. */
#ifndef TTY_TERMIOS_H
#define TTY_TERMIOS_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * The kernel's struct termios of x86-64 Linux (what TCGETS and TCSETS
 * copy, 36 bytes; the C library's larger struct is translated by the
 * library). Every value below is Linux's.
 */
#define TTY_NCCS 19

struct tty_termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;
	uint8_t c_cc[TTY_NCCS];
};

BUILD_BUG_ON(sizeof(struct tty_termios) != 36);

/* struct termios2 (TCGETS2...): the same, with the line's speeds. */
struct tty_termios2 {
	struct tty_termios t;
	uint32_t c_ispeed;
	uint32_t c_ospeed;
};

BUILD_BUG_ON(sizeof(struct tty_termios2) != 44);

struct tty_winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};

/* c_cc indices */
#define VINTR	 0
#define VQUIT	 1
#define VERASE	 2
#define VKILL	 3
#define VEOF	 4
#define VTIME	 5
#define VMIN	 6
#define VSWTC	 7
#define VSTART	 8
#define VSTOP	 9
#define VSUSP	 10
#define VEOL	 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE	 14
#define VLNEXT	 15
#define VEOL2	 16

/* A c_cc entry of 0 disables that function (_POSIX_VDISABLE). */
#define TTY_VDISABLE 0

/* c_iflag */
#define IGNBRK	0000001
#define BRKINT	0000002
#define IGNPAR	0000004
#define PARMRK	0000010
#define INPCK	0000020
#define ISTRIP	0000040
#define INLCR	0000100
#define IGNCR	0000200
#define ICRNL	0000400
#define IUCLC	0001000
#define IXON	0002000
#define IXANY	0004000
#define IXOFF	0010000
#define IMAXBEL 0020000
#define IUTF8	0040000

/* c_oflag */
#define OPOST  0000001
#define OLCUC  0000002
#define ONLCR  0000004
#define OCRNL  0000010
#define ONOCR  0000020
#define ONLRET 0000040

/* c_cflag */
#define CBAUD	0010017
#define B9600	0000015
#define B38400	0000017
#define B115200 0010002
#define CSIZE	0000060
#define CS8	0000060
#define CSTOPB	0000100
#define CREAD	0000200
#define PARENB	0000400
#define HUPCL	0002000
#define CLOCAL	0004000

/* c_lflag */
#define ISIG	0000001
#define ICANON	0000002
#define XCASE	0000004
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define TOSTOP	0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE	0004000
#define FLUSHO	0010000
#define PENDIN	0040000
#define IEXTEN	0100000

/* ioctls */
#define TCGETS	   0x5401
#define TCSETS	   0x5402
#define TCSETSW	   0x5403
#define TCSETSF	   0x5404
#define TCSBRK	   0x5409
#define TCXONC	   0x540a
#define TCFLSH	   0x540b
#define TIOCEXCL   0x540c
#define TIOCNXCL   0x540d
#define TIOCSCTTY  0x540e
#define TIOCGPGRP  0x540f
#define TIOCSPGRP  0x5410
#define TIOCOUTQ   0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define TIOCINQ	   0x541b
#define TIOCNOTTY  0x5422
#define TIOCSETD   0x5423
#define TIOCGETD   0x5424
#define TCSBRKP	   0x5425
#define TIOCGSID   0x5429

/* Pseudo-terminal masters (_IOR/_IOW('T', ...) as Linux numbers them). */
#define TIOCGPTN    0x80045430 /* the pty's number */
#define TIOCSPTLCK  0x40045431 /* (un)lock the slave */
#define TIOCGPTLCK  0x80045439 /* whether it is locked */
#define TIOCGPTPEER 0x5441     /* open the slave, giving a descriptor */
#define TCGETS2	   0x802c542a
#define TCSETS2	   0x402c542b
#define TCSETSW2   0x402c542c
#define TCSETSF2   0x402c542d

/* The one line discipline (TIOCGETD). */
#define N_TTY 0
#ifndef FIONREAD
#define FIONREAD 0x541b
#endif

/* TCFLSH's argument */
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

/* TCXONC's argument */
#define TCOOFF 0
#define TCOON  1
#define TCIOFF 2
#define TCION  3

/* tty_termios_default() - the settings of a freshly opened Linux tty */
void tty_termios_default(struct tty_termios *t);

#endif /* TTY_TERMIOS_H */
