/* SPDX-License-Identifier: MIT */
/* The ipc service's boot: what it registers with the packages below it. */
#ifndef IPC_IPC_H
#define IPC_IPC_H

/* ipc_init() - give fs the FIFO operations (named pipes open through
 * them). Once at boot, after fs_init(); 0. */
int ipc_init(void);

#endif /* IPC_IPC_H */
