/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running state of one halo_rd resource as HALO_RD_CMD_GET_STATUS
 * reports it, and DRBD's names for its states: shared by halo-rdsetup and
 * halo-rdadm.
 */
#ifndef HALO_RDSTATE_H
#define HALO_RDSTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/halo_rd.h>

struct rd_state {
	bool exists; /* the kernel answered for this resource */
	char name[HALO_RD_NAME_MAX];
	int minor; /* -1: no device */
	unsigned int role, peer_role, cs, ds, pds, protocol, mdflags;
	uint64_t size, uuid[4], oos, ns, nr, dw, dr, rs_sent, rs_recv, rs_same;
	uint64_t rs_total, rs_left;
	bool syncing; /* rs_total and rs_left are valid */
	unsigned int pause; /* HALO_RD_PAUSE_* */
	/* net options of a configured connection (0: none configured) */
	unsigned int ping_int, ping_timeout, timeout, connect_int, ko_count;
	int after_sb[3]; /* enum halo_rd_after_sb, -1: not reported */
	int two_primaries; /* allow-two-primaries 1/0, -1: not reported */
	char csums_alg[HALO_RD_ALG_MAX]; /* "": off */
	int on_io_error; /* enum halo_rd_on_io_error, -1: no disk */
	/* resync rate settings, in the order of rd_rate_attrs[] */
	bool rate_on; /* reported: the controller is on */
	unsigned int rate[6];
	struct sockaddr_storage local, peer; /* ss_family 0: not connecting */
};

/* The resync rate attributes, in the order of rd_state.rate[]. */
extern const int rd_rate_attrs[6];

void rd_state_init(struct rd_state *st);
void rd_state_parse(const struct nlmsghdr *nlh, struct rd_state *st);
const char *rd_cs_name(unsigned int cs);
const char *rd_ds_name(unsigned int ds);
const char *rd_role_name(unsigned int role);
void rd_print_suspended(const struct rd_state *st);

#endif
