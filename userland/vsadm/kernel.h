/* SPDX-License-Identifier: GPL-2.0 */
/* halo-vsadm's only door to the kernel: the HALO_VS family over libnl-genl. */
#ifndef HALO_VSADM_KERNEL_H
#define HALO_VSADM_KERNEL_H

#include <stdint.h>

/* Connect to HALO_VS, loading halo_vs through libkmod if it is missing. */
int kernel_open(void);
void kernel_close(void);
/* The module's version code (0xMMmmpp). */
int kernel_get_version(uint32_t *version);

#endif
