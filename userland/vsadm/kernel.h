/* SPDX-License-Identifier: GPL-2.0 */
/*
 * halo-vsadm's only door to the kernel: the HALO_VS family over libnl-genl.
 * Every call returns 0 or the kernel's negative errno.
 */
#ifndef HALO_VSADM_KERNEL_H
#define HALO_VSADM_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "vsadm.h"

struct vs_kernel;

/*
 * Connect to HALO_VS, loading halo_vs through libkmod if it is missing.
 * On failure *why names the reason (static string).
 */
int kernel_open(struct vs_kernel **k, const char **why);
void kernel_close(struct vs_kernel *k);
/* The module's version code (0xMMmmpp). */
int kernel_get_version(struct vs_kernel *k, uint32_t *version);
int kernel_get_info(struct vs_kernel *k, struct vs_info *info);

int kernel_add_service(struct vs_kernel *k, const struct vs_service *svc);
int kernel_edit_service(struct vs_kernel *k, const struct vs_service *svc);
int kernel_del_service(struct vs_kernel *k, const struct vs_service *svc);
/* Fill @svc (key given) with the kernel's view of it. */
int kernel_get_service(struct vs_kernel *k, struct vs_service *svc);
/* All services in kernel order; free *list with free(). */
int kernel_get_services(struct vs_kernel *k, struct vs_service **list,
			size_t *n);

int kernel_add_dest(struct vs_kernel *k, const struct vs_service *svc,
		    const struct vs_dest *d);
int kernel_edit_dest(struct vs_kernel *k, const struct vs_service *svc,
		     const struct vs_dest *d);
int kernel_del_dest(struct vs_kernel *k, const struct vs_service *svc,
		    const struct vs_dest *d);
/* Real servers of @svc in kernel order; free *list with free(). */
int kernel_get_dests(struct vs_kernel *k, const struct vs_service *svc,
		     struct vs_dest **list, size_t *n);

int kernel_set_timeouts(struct vs_kernel *k, const struct vs_timeouts *t);
int kernel_get_timeouts(struct vs_kernel *k, struct vs_timeouts *t);
/* Zero the counters of @svc, or of everything when @svc is NULL. */
int kernel_zero(struct vs_kernel *k, const struct vs_service *svc);
int kernel_flush(struct vs_kernel *k);
/* The connection table; free *list with free(). */
int kernel_get_conns(struct vs_kernel *k, struct vs_conn **list, size_t *n);

#endif
