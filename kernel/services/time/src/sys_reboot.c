/* SPDX-License-Identifier: MIT */
/* reboot: power off, halt or restart the machine, ctrl-alt-del settings. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/log.h>
#include <frame/power.h>

#include "time_internal.h"

#define REBOOT_MAGIC1  0xfee1deadu
#define REBOOT_MAGIC2  672274793u /* 0x28121969 */
#define REBOOT_MAGIC2A 85072278u  /* 0x05121996 */
#define REBOOT_MAGIC2B 369367448u /* 0x16041998 */
#define REBOOT_MAGIC2C 537993216u /* 0x20112000 */

#define REBOOT_CMD_RESTART   0x01234567u
#define REBOOT_CMD_HALT	     0xcdef0123u
#define REBOOT_CMD_CAD_ON    0x89abcdefu
#define REBOOT_CMD_CAD_OFF   0x00000000u
#define REBOOT_CMD_POWER_OFF 0x4321fedcu
#define REBOOT_CMD_RESTART2  0xa1b2c3d4u

/*
 * How the machine stops: every way of stopping it is a power-off with
 * exit code 0, which `osdk run` exits with, as when keel's main returns 0.
 * There is no reset in the frame, so RB_AUTOBOOT (restart) powers off too,
 * after saying so: under osdk run a restart would only boot the same
 * image again. A test that wants another code has PID 1 exit with it
 * (keel powers off with PID 1's exit status).
 */
#define REBOOT_EXIT_CODE 0

static bool reboot_magic_ok(uint32_t m1, uint32_t m2)
{
	return m1 == REBOOT_MAGIC1 &&
	       (m2 == REBOOT_MAGIC2 || m2 == REBOOT_MAGIC2A ||
		m2 == REBOOT_MAGIC2B || m2 == REBOOT_MAGIC2C);
}

long sys_reboot(const uint64_t a[6])
{
	uint32_t cmd = (uint32_t)a[2];

	if (!time_capable())
		return -EPERM;
	if (!reboot_magic_ok((uint32_t)a[0], (uint32_t)a[1]))
		return -EINVAL;
	switch (cmd) {
	case REBOOT_CMD_CAD_ON:
	case REBOOT_CMD_CAD_OFF:
		return 0; /* there is no ctrl-alt-del to route */
	case REBOOT_CMD_POWER_OFF:
		log_info("reboot: power down");
		frame_poweroff(REBOOT_EXIT_CODE);
	case REBOOT_CMD_HALT:
		log_info("reboot: system halted");
		frame_poweroff(REBOOT_EXIT_CODE);
	case REBOOT_CMD_RESTART:
	case REBOOT_CMD_RESTART2:
		log_info("reboot: restart requested; this kernel cannot reset "
			 "the machine, powering off");
		frame_poweroff(REBOOT_EXIT_CODE);
	default:
		return -EINVAL;
	}
}
