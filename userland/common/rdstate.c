// SPDX-License-Identifier: GPL-2.0
/* The state of a halo_rd resource from a GET_STATUS answer, and its names. */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>

#include "rdstate.h"

static const char *const cs_names[] = {
	"StandAlone", "Disconnecting", "Unconnected", "NetworkFailure",
	"ProtocolError", "WFConnection", "WFReportParams", "Connected",
	"SyncSource", "SyncTarget", "VerifyS", "VerifyT", "PausedSyncS",
	"PausedSyncT",
};

static const char *const ds_names[] = {
	"Diskless", "Attaching", "Failed", "Inconsistent", "Outdated",
	"DUnknown", "Consistent", "UpToDate",
};

const int rd_rate_attrs[6] = {
	HALO_RD_A_RESYNC_RATE, HALO_RD_A_C_PLAN_AHEAD, HALO_RD_A_C_FILL_TARGET,
	HALO_RD_A_C_DELAY_TARGET, HALO_RD_A_C_MAX_RATE, HALO_RD_A_C_MIN_RATE,
};

/* DRBD 8.4's name of a connection state. */
const char *rd_cs_name(unsigned int cs)
{
	return cs < sizeof(cs_names) / sizeof(cs_names[0]) ? cs_names[cs] : "?";
}

/* DRBD 8.4's name of a disk state. */
const char *rd_ds_name(unsigned int ds)
{
	return ds < sizeof(ds_names) / sizeof(ds_names[0]) ? ds_names[ds] : "?";
}

/* DRBD 8.4's name of a role. */
const char *rd_role_name(unsigned int role)
{
	return role == HALO_RD_ROLE_PRIMARY   ? "Primary" :
	       role == HALO_RD_ROLE_SECONDARY ? "Secondary" :
						"Unknown";
}

/* An empty state: nothing known, no device. */
void rd_state_init(struct rd_state *st)
{
	memset(st, 0, sizeof(*st));
	st->minor = -1;
	st->on_io_error = -1;
	st->after_sb[0] = st->after_sb[1] = st->after_sb[2] = -1;
	st->two_primaries = -1;
}

/* A resync rate attribute: its slot in st->rate. */
static void get_rate(const struct nlattr *a, struct rd_state *st)
{
	int i;

	for (i = 0; i < 6; i++)
		if (mnl_attr_get_type(a) == rd_rate_attrs[i]) {
			st->rate[i] = mnl_attr_get_u32(a);
			st->rate_on = true;
		}
}

/*
 * drbdadm status's line under a paused resync: who paused it, e.g.
 * "        resync-suspended:user,peer".
 */
void rd_print_suspended(const struct rd_state *st)
{
	if (st->cs != HALO_RD_CS_PAUSED_SYNC_S &&
	    st->cs != HALO_RD_CS_PAUSED_SYNC_T)
		return;
	printf("        resync-suspended:%s%s%s\n",
	       st->pause & HALO_RD_PAUSE_USER ? "user" : "",
	       st->pause == (HALO_RD_PAUSE_USER | HALO_RD_PAUSE_PEER) ? "," : "",
	       st->pause & HALO_RD_PAUSE_PEER ? "peer" : "");
}

static void get_addr(const struct nlattr *a, struct sockaddr_storage *ss)
{
	size_t len = mnl_attr_get_payload_len(a);

	if (len <= sizeof(*ss))
		memcpy(ss, mnl_attr_get_payload(a), len);
}

static uint64_t u64(const struct nlattr *a)
{
	return mnl_attr_get_u64(a);
}

/* Fill @st from one GET_STATUS answer; attributes not present stay empty. */
void rd_state_parse(const struct nlmsghdr *nlh, struct rd_state *st)
{
	struct nlattr *a;

	rd_state_init(st);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case HALO_RD_A_RES_NAME:
			snprintf(st->name, sizeof(st->name), "%s",
				 mnl_attr_get_str(a));
			break;
		case HALO_RD_A_MINOR: st->minor = (int)mnl_attr_get_u32(a); break;
		case HALO_RD_A_ROLE: st->role = mnl_attr_get_u8(a); break;
		case HALO_RD_A_PEER_ROLE: st->peer_role = mnl_attr_get_u8(a); break;
		case HALO_RD_A_CSTATE: st->cs = mnl_attr_get_u8(a); break;
		case HALO_RD_A_DSTATE: st->ds = mnl_attr_get_u8(a); break;
		case HALO_RD_A_PEER_DSTATE: st->pds = mnl_attr_get_u8(a); break;
		case HALO_RD_A_PROTOCOL: st->protocol = mnl_attr_get_u8(a); break;
		case HALO_RD_A_MD_FLAGS: st->mdflags = mnl_attr_get_u32(a); break;
		case HALO_RD_A_SIZE: st->size = u64(a); break;
		case HALO_RD_A_UUID_CURRENT: st->uuid[0] = u64(a); break;
		case HALO_RD_A_UUID_BITMAP: st->uuid[1] = u64(a); break;
		case HALO_RD_A_UUID_HISTORY0: st->uuid[2] = u64(a); break;
		case HALO_RD_A_UUID_HISTORY1: st->uuid[3] = u64(a); break;
		case HALO_RD_A_OOS: st->oos = u64(a); break;
		case HALO_RD_A_NET_SENT: st->ns = u64(a); break;
		case HALO_RD_A_NET_RECV: st->nr = u64(a); break;
		case HALO_RD_A_DISK_WRITE: st->dw = u64(a); break;
		case HALO_RD_A_DISK_READ: st->dr = u64(a); break;
		case HALO_RD_A_RS_SENT: st->rs_sent = u64(a); break;
		case HALO_RD_A_RS_RECV: st->rs_recv = u64(a); break;
		case HALO_RD_A_RS_SAME: st->rs_same = u64(a); break;
		case HALO_RD_A_LOCAL_ADDR: get_addr(a, &st->local); break;
		case HALO_RD_A_PEER_ADDR: get_addr(a, &st->peer); break;
		case HALO_RD_A_RS_TOTAL:
			st->rs_total = u64(a);
			st->syncing = true;
			break;
		case HALO_RD_A_RS_LEFT: st->rs_left = u64(a); break;
		case HALO_RD_A_SYNC_PAUSE: st->pause = mnl_attr_get_u32(a); break;
		case HALO_RD_A_PING_INT: st->ping_int = mnl_attr_get_u32(a); break;
		case HALO_RD_A_PING_TIMEOUT:
			st->ping_timeout = mnl_attr_get_u32(a);
			break;
		case HALO_RD_A_TIMEOUT: st->timeout = mnl_attr_get_u32(a); break;
		case HALO_RD_A_CONNECT_INT:
			st->connect_int = mnl_attr_get_u32(a);
			break;
		case HALO_RD_A_KO_COUNT: st->ko_count = mnl_attr_get_u32(a); break;
		case HALO_RD_A_TWO_PRIMARIES:
			st->two_primaries = mnl_attr_get_u8(a);
			break;
		case HALO_RD_A_ON_IO_ERROR:
			st->on_io_error = mnl_attr_get_u8(a);
			break;
		case HALO_RD_A_AFTER_SB_0P:
		case HALO_RD_A_AFTER_SB_1P:
		case HALO_RD_A_AFTER_SB_2P:
			st->after_sb[mnl_attr_get_type(a) - HALO_RD_A_AFTER_SB_0P] =
				mnl_attr_get_u8(a);
			break;
		case HALO_RD_A_CSUMS_ALG:
			snprintf(st->csums_alg, sizeof(st->csums_alg), "%s",
				 mnl_attr_get_str(a));
			break;
		default:
			get_rate(a, st);
		}
	}
	st->exists = true;
}
