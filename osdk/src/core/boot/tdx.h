/* SPDX-License-Identifier: MIT */
/* tdx.h - booting a kernel as an Intel TDX guest: what the host must have,
 * checked before QEMU starts, and QEMU's arguments for it. */
#ifndef OSDK_CORE_TDX_H
#define OSDK_CORE_TDX_H

struct osdk_err;
struct strvec;

/* Where distributions put OVMF built as TDX firmware (TDVF). */
#define TDX_TDVF_PATHS                                           \
	{                                                        \
		"/usr/share/ovmf/OVMF.inteltdx.fd",              \
			"/usr/share/qemu/OVMF.inteltdx.fd", NULL \
	}

/* The id of the tdx-guest object on QEMU's command line. */
#define TDX_OBJECT_ID "tdx0"

/*
 * tdx_check() - whether this host can run a TDX guest with QEMU @qemu:
 * the program offers the tdx-guest object (QEMU 10.1 and later; Debian
 * 12's 7.2 does not), @kvm_device can be opened (TDX guests run only
 * under KVM), and the firmware is there: @tdvf (qemu.tdvf) or one of
 * TDX_TDVF_PATHS, into *@tdvf_out (caller frees). -ENODEV naming every
 * missing piece at once.
 */
int tdx_check(const char *qemu, const char *kvm_device, const char *tdvf,
	      char **tdvf_out, struct osdk_err *err);

/* tdx_qemu_args() - the arguments that make QEMU's guest a TD with the
 * firmware @tdvf. */
void tdx_qemu_args(const char *tdvf, struct strvec *argv);

#endif
