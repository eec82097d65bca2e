// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/sys/net/halo_vs/, one directory per network namespace:
 *
 *   max_half_open       (rw) the most half-open TCP entries (handshake not
 *                       seen complete) kept; beyond it the oldest is dropped
 *                       (conn.c). 0: no limit. Default 65536.
 *   half_open           (ro) half-open entries now
 *   half_open_dropped   (ro) half-open entries dropped for max_half_open
 *   conn_count          (ro) every entry now: connections and templates
 */

#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "hvs.h"

enum { HVS_RO_HALF, HVS_RO_DROPPED, HVS_RO_CONNS };

/* Read-only counters: @table->data is the hvs_net, @extra2 which one. */
static int hvs_sysctl_counter(struct ctl_table *table, int write,
			      void *buffer, size_t *lenp, loff_t *ppos)
{
	struct hvs_net *hn = table->data;
	unsigned long val = 0;
	struct ctl_table tmp = {
		.data = &val,
		.maxlen = sizeof(val),
		.mode = table->mode,
	};

	if (write)
		return -EPERM;
	switch ((uintptr_t)table->extra2) {
	case HVS_RO_HALF:
		val = READ_ONCE(hn->half_count);
		break;
	case HVS_RO_DROPPED:
		val = atomic_long_read(&hn->half_dropped);
		break;
	case HVS_RO_CONNS:
		val = atomic_read(&hn->conn_count);
		break;
	}
	return proc_doulongvec_minmax(&tmp, write, buffer, lenp, ppos);
}

static const struct ctl_table hvs_sysctl_template[] = {
	{
		.procname = "max_half_open",
		.maxlen = sizeof(int),
		.mode = 0644,
		.proc_handler = proc_dointvec_minmax,
		.extra1 = SYSCTL_ZERO,
		.extra2 = SYSCTL_INT_MAX,
	},
	{
		.procname = "half_open",
		.mode = 0444,
		.proc_handler = hvs_sysctl_counter,
		.extra2 = (void *)HVS_RO_HALF,
	},
	{
		.procname = "half_open_dropped",
		.mode = 0444,
		.proc_handler = hvs_sysctl_counter,
		.extra2 = (void *)HVS_RO_DROPPED,
	},
	{
		.procname = "conn_count",
		.mode = 0444,
		.proc_handler = hvs_sysctl_counter,
		.extra2 = (void *)HVS_RO_CONNS,
	},
	{ }
};

/**
 * hvs_sysctl_net_init() - create a namespace's /proc/sys/net/halo_vs
 * @hn: namespace state, its connection table set up
 *
 * Context: process context (namespace setup).
 * Return: 0 or -ENOMEM.
 */
int hvs_sysctl_net_init(struct hvs_net *hn)
{
	struct ctl_table *tbl;
	int i;

	tbl = kmemdup(hvs_sysctl_template, sizeof(hvs_sysctl_template),
		      GFP_KERNEL);
	if (!tbl)
		return -ENOMEM;
	tbl[0].data = &hn->max_half_open;
	for (i = 1; tbl[i].procname; i++)
		tbl[i].data = hn;
	hn->sysctl_hdr = register_net_sysctl(hn->net, "net/halo_vs", tbl);
	if (!hn->sysctl_hdr) {
		kfree(tbl);
		return -ENOMEM;
	}
	return 0;
}

/**
 * hvs_sysctl_net_exit() - remove a namespace's /proc/sys/net/halo_vs
 * @hn: namespace state
 *
 * Context: process context (namespace teardown).
 */
void hvs_sysctl_net_exit(struct hvs_net *hn)
{
	struct ctl_table *tbl = hn->sysctl_hdr->ctl_table_arg;

	unregister_net_sysctl_table(hn->sysctl_hdr);
	kfree(tbl);
}
