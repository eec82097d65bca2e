/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The halo-rdadm commands that drive the kernel. State changes run
 * halo-rdsetup (as drbdadm runs drbdsetup, so that -d can print them);
 * the running state is read over netlink (HALO_RD_CMD_GET_STATUS).
 */
#ifndef HALO_RDADM_KCMD_H
#define HALO_RDADM_KCMD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "conf.h"
#include "rdstate.h"

#define EXIT_STATE_REFUSED 11 /* the kernel refused a state change */
#define EXIT_DISK_OPEN 20 /* the (metadata) disk cannot be opened */
#define EXIT_WFC_TIMEOUT 5 /* wait-connect: the timeout expired */
#define EXIT_UNSUPPORTED 3 /* a drbd.conf value the halo_rd module lacks */

/* What the user asked, beyond the resource names. */
struct kopts {
	bool dry_run; /* -d: print the halo-rdsetup commands only */
	bool force; /* --force, --overwrite-data-of-peer */
	bool discard; /* --discard-my-data */
};

/* One resource as this host sees it in the file. */
struct target {
	const struct conf *conf;
	const struct resource *r;
	const struct host *h; /* this host */
	const struct host *peer; /* the other host, or NULL */
	const struct volume *v; /* this host's volume 0 */
};

/* The running state of a resource, as GET_STATUS reports it. */

/* kstate.c */
int kstate_get(const char *name, struct rd_state *st);
int kstate_status(const struct target *t);
int kstate_query(const char *what, const struct target *t);
int kstate_wait_connect(const struct target *t);

/* kcmd.c */
bool kcmd_known(const char *name);
int kcmd_run(const char *name, const struct target *t, const struct kopts *o);
int kcmd_events(const char *res, const struct kopts *o);

#endif
