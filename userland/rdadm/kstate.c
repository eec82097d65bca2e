// SPDX-License-Identifier: GPL-2.0
/*
 * halo-rdadm: read the running state of a resource from the kernel
 * (HALO_RD_CMD_GET_STATUS) and print it: status, role, cstate, dstate,
 * get-gi, show-gi; wait-connect polls it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/halo_rd.h>

#include "kcmd.h"
#include "mnl.h"
#include "util.h"

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	rd_state_parse(nlh, data);
	return MNL_CB_OK;
}

/**
 * kstate_get() - read the running state of resource @name
 * @name: the resource name
 * @st: filled in; st->exists is false when the kernel does not know it
 *
 * Return: 0, or 1 after printing why the kernel could not be asked.
 */
int kstate_get(const char *name, struct rd_state *st)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], why[256];
	struct halo_genl g;
	struct nlmsghdr *nlh;
	int ret;

	rd_state_init(st);
	ret = halo_genl_open(&g, HALO_RD_GENL_NAME, "halo_rd");
	if (ret < 0) {
		halo_err("cannot talk to the halo_rd module: %s", strerror(-ret));
		return 1;
	}
	nlh = halo_genl_msg(&g, buf, HALO_RD_CMD_GET_STATUS,
			    HALO_RD_GENL_VERSION, 0);
	mnl_attr_put_strz(nlh, HALO_RD_A_RES_NAME, name);
	ret = halo_genl_talk(&g, nlh, status_cb, st, why, sizeof(why));
	halo_genl_close(&g);
	if (ret == -ENOENT || ret == -ENODEV) {
		rd_state_init(st);
		return 0;
	}
	if (ret < 0) {
		halo_err("%s: reading the state: %s", name,
			 why[0] ? why : strerror(-ret));
		return 1;
	}
	return 0;
}

static int no_such(const char *name)
{
	fprintf(stderr, "%s: No such resource\n", name);
	return EXIT_CONF_ERROR;
}

/**
 * kstate_status() - print the state in the layout of drbdadm status
 * @t: the resource
 *
 * Return: 0, or non-zero if the resource is not up.
 */
int kstate_status(const struct target *t)
{
	struct rd_state st;
	int ret = kstate_get(t->r->name, &st);

	if (ret)
		return ret;
	if (!st.exists)
		return no_such(t->r->name);
	printf("%s role:%s\n", t->r->name, rd_role_name(st.role));
	if (st.minor >= 0)
		printf("  disk:%s\n", rd_ds_name(st.ds));
	if (st.cs == HALO_RD_CS_STANDALONE)
		goto out;
	if (st.cs < HALO_RD_CS_CONNECTED) {
		printf("  peer connection:Connecting\n");
		goto out;
	}
	printf("  peer role:%s\n", rd_role_name(st.peer_role));
	printf("    replication:%s peer-disk:%s",
	       st.cs == HALO_RD_CS_CONNECTED ? "Established" :
					       rd_cs_name(st.cs),
	       rd_ds_name(st.pds));
	if (st.syncing && st.rs_total)
		printf(" done:%.2f", 100.0 * (double)(st.rs_total - st.rs_left) /
					     (double)st.rs_total);
	printf("\n");
	rd_print_suspended(&st);
out:
	printf("\n");
	return 0;
}

/* get-gi: the identifiers and drbdadm's seven flag digits. */
static void print_gi(const struct rd_state *st)
{
	static const unsigned int bits[] = {
		HALO_RD_MDF_CONSISTENT, HALO_RD_MDF_WAS_UP_TO_DATE,
		HALO_RD_MDF_PRIMARY_IND, HALO_RD_MDF_CONNECTED_IND,
		HALO_RD_MDF_FULL_SYNC, 1U << 5 /* peer outdated: unused */,
		HALO_RD_MDF_CRASHED_PRIMARY,
	};
	size_t i;

	printf("%016llX:%016llX:%016llX:%016llX",
	       (unsigned long long)st->uuid[0], (unsigned long long)st->uuid[1],
	       (unsigned long long)st->uuid[2], (unsigned long long)st->uuid[3]);
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		printf(":%d", !!(st->mdflags & bits[i]));
	printf("\n");
}

/* show-gi: get-gi's line between the legend drbdadm show-gi draws. */
static void print_gi_diagram(const struct rd_state *st)
{
	printf("\n"
	       "       +--<  Current data generation UUID  >-\n"
	       "       |               +--<  Bitmap's base data generation UUID  >-\n"
	       "       |               |                 +--<  younger history UUID  >-\n"
	       "       |               |                 |         +-<  older history  >-\n"
	       "       V               V                 V         V\n");
	print_gi(st);
	printf("                                                                    ^ ^ ^ ^ ^ ^ ^\n"
	       "                                      -<  Data consistency flag  >--+ | | | | | |\n"
	       "                             -<  Data was/is currently up-to-date  >--+ | | | | |\n"
	       "                                  -<  Node was/is currently primary  >--+ | | | |\n"
	       "                                  -<  Node was/is currently connected  >--+ | | |\n"
	       "         -<  Node was in the progress of setting all bits in the bitmap  >--+ | |\n"
	       "                        -<  The peer's disk was out-dated or inconsistent  >--+ |\n"
	       "      -<  This node was a crashed primary, and has not seen its peer since   >--+\n"
	       "\n");
	printf("flags: %s, %s, %s\n", rd_role_name(st->role),
	       rd_cs_name(st->cs), rd_ds_name(st->ds));
}

/**
 * kstate_query() - print role, cstate, dstate, get-gi or show-gi
 * @what: the command name
 * @t: the resource
 *
 * An unconfigured resource prints "Unconfigured" (get-gi, show-gi: an
 * error).
 *
 * Return: 0 or non-zero.
 */
int kstate_query(const char *what, const struct target *t)
{
	struct rd_state st;
	int ret = kstate_get(t->r->name, &st);

	if (ret)
		return ret;
	if (!st.exists && strcmp(what, "show-gi") && strcmp(what, "get-gi")) {
		printf("Unconfigured\n");
		return 0;
	}
	if (!strcmp(what, "role")) {
		printf("%s/%s\n", rd_role_name(st.role),
		       rd_role_name(st.peer_role));
	} else if (!strcmp(what, "cstate")) {
		printf("%s\n", rd_cs_name(st.cs));
	} else if (!strcmp(what, "dstate")) {
		printf("%s/%s\n", st.minor < 0 ? "Diskless" :
		       rd_ds_name(st.ds), rd_ds_name(st.pds));
	} else {
		if (!st.exists || st.ds == HALO_RD_DS_DISKLESS) {
			halo_err("%s: no disk attached, no generation identifiers",
				 t->r->name);
			return EXIT_CONF_ERROR;
		}
		if (!strcmp(what, "get-gi"))
			print_gi(&st);
		else
			print_gi_diagram(&st);
	}
	return 0;
}

static long startup_opt(const struct target *t, const char *name)
{
	const struct opt *o = conf_effective(t->conf, t->r, SECT_STARTUP, name);

	return o && o->value ? atol(o->value) : -1;
}

/**
 * kstate_wait_connect() - wait until the resource is connected
 * @t: the resource
 *
 * Waits at most startup { wfc-timeout } seconds (0 or unset: for ever), or
 * degr-wfc-timeout when the metadata says the node was not connected when
 * it went down (a degraded cluster).
 *
 * Return: 0 once connected, EXIT_WFC_TIMEOUT on timeout, else non-zero.
 */
int kstate_wait_connect(const struct target *t)
{
	struct timespec start, now, nap = { 0, 200 * 1000 * 1000 };
	long limit = startup_opt(t, "wfc-timeout");
	const char *which = "wfc-timeout";
	struct rd_state st;
	int ret;

	ret = kstate_get(t->r->name, &st);
	if (ret)
		return ret;
	if (!st.exists)
		return no_such(t->r->name);
	if (!(st.mdflags & HALO_RD_MDF_CONNECTED_IND) &&
	    startup_opt(t, "degr-wfc-timeout") > 0) {
		limit = startup_opt(t, "degr-wfc-timeout");
		which = "degr-wfc-timeout";
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (st.cs >= HALO_RD_CS_CONNECTED)
			return 0;
		if (st.cs == HALO_RD_CS_STANDALONE) {
			halo_err("%s: StandAlone, not connecting (run connect first)",
				 t->r->name);
			return EXIT_STATE_REFUSED;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		/* Whole timestamps: whole seconds alone end up to 1 s early. */
		if (limit > 0 &&
		    (now.tv_sec - start.tv_sec) * 1000000000L +
		    (now.tv_nsec - start.tv_nsec) >= limit * 1000000000L) {
			halo_err("%s: not connected after %ld seconds (%s)",
				 t->r->name, limit, which);
			return EXIT_WFC_TIMEOUT;
		}
		nanosleep(&nap, NULL);
		ret = kstate_get(t->r->name, &st);
		if (ret)
			return ret;
		if (!st.exists)
			return no_such(t->r->name);
	}
}
