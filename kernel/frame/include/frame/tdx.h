/* SPDX-License-Identifier: MIT */
/* Intel TDX: whether the kernel runs as a trust domain, and attestation. */
#ifndef FRAME_TDX_H
#define FRAME_TDX_H

#include <frame/types.h>

/*
 * A trust domain (TD) runs in memory its host cannot read, under Intel's
 * TDX module. The frame finds out at boot (CPUID leaf 0x21 names the
 * module) and then reaches the host only through TDCALL; in tdx-sim mode
 * (`tdx=sim` on the command line) it behaves as a TD on top of a software
 * model of the module, so that the same paths run on any x86-64 machine.
 * Services cannot ask the module anything themselves (TDCALL is an
 * instruction), hence these calls.
 */

/* frame_tdx_guest() - whether the kernel runs as a TD (real or sim) */
bool frame_tdx_guest(void);

/* frame_tdx_simulated() - whether the TD is tdx-sim's software model */
bool frame_tdx_simulated(void);

/* TD attribute bits of struct frame_tdx_info's @attributes (TDX ABI,
 * "ATTRIBUTES"). */
#define FRAME_TDX_ATTR_DEBUG	       (1ull << 0)
#define FRAME_TDX_ATTR_SEPT_VE_DISABLE (1ull << 28)
#define FRAME_TDX_ATTR_PKS	       (1ull << 30)
#define FRAME_TDX_ATTR_PERFMON	       (1ull << 63)

/* What TDG.VP.INFO told the frame at boot. */
struct frame_tdx_info {
	uint32_t gpaw;	     /* guest-physical address width: 48 or 52 */
	uint64_t attributes; /* FRAME_TDX_ATTR_* */
	uint32_t num_vcpus;  /* virtual CPUs the TD has */
	uint32_t max_vcpus;  /* ... and may have */
};

/*
 * frame_tdx_info() - the TD's attributes
 *
 * 0 and *@out filled; -ENODEV when the kernel is not a TD.
 */
int frame_tdx_info(struct frame_tdx_info *out);

#define FRAME_TDX_REPORT_DATA_SIZE 64
#define FRAME_TDX_REPORT_SIZE	   1024
#define FRAME_TDX_DIGEST_SIZE	   48 /* SHA-384 */

/* Offsets in the report (TDREPORT_STRUCT: REPORTMACSTRUCT, then
 * TEE_TCB_INFO, then TDINFO_STRUCT at 512). */
#define FRAME_TDX_REPORT_OFF_TYPE	 0
#define FRAME_TDX_REPORT_OFF_REPORT_DATA 128
#define FRAME_TDX_REPORT_OFF_TD_ATTRS	 512
#define FRAME_TDX_REPORT_OFF_RTMR(i)	 (720 + 48 * (i))

/*
 * frame_tdx_report() - a TD report binding @report_data
 * @report_data: 64 bytes the caller chooses (typically a hash of a public
 *               key or a nonce), copied into the report
 * @report: receives the 1024-byte TDREPORT_STRUCT, MAC'd by the CPU so a
 *          quoting enclave on the same platform can sign it
 *
 * Why the frame: only TDCALL (TDG.MR.REPORT) makes one. Safety: both
 * buffers are the caller's own kernel memory of the stated sizes; the
 * frame copies through buffers of its own, so their alignment and
 * physical placement do not matter. In tdx-sim the MAC is zero: there is
 * no key to make it with. Returns 0; -ENODEV outside a TD; -EIO when the
 * module refuses.
 */
int frame_tdx_report(const uint8_t report_data[FRAME_TDX_REPORT_DATA_SIZE],
		     uint8_t report[FRAME_TDX_REPORT_SIZE]);

/*
 * frame_tdx_rtmr_extend() - extend runtime measurement register @index
 * with @digest: RTMR := SHA-384(RTMR || digest)
 *
 * Why the frame: TDG.MR.RTMR.EXTEND is a TDCALL. Safety: extension is
 * append-only, so a service cannot forge a value, only add to the log;
 * RTMR 0 and 1 hold the firmware's and the boot loader's measurements,
 * which a service must not be able to disturb, so only 2 and 3 (the
 * kernel's and applications' in the usual split) are open. Returns 0;
 * -EINVAL for another index; -ENODEV outside a TD; -EIO when refused.
 */
int frame_tdx_rtmr_extend(unsigned int index,
			  const uint8_t digest[FRAME_TDX_DIGEST_SIZE]);

#endif /* FRAME_TDX_H */
