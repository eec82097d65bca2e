// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/halo_rd: the state of every device in the layout of DRBD 8.4's
 * /proc/drbd, so that monitoring scripts written for it work unchanged.
 *
 * The file shows the resources of the network namespace of the process
 * that reads it (halo_rd resources live in a namespace; a reader in the
 * initial namespace sees those created there). Per device:
 *
 *	 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----
 *	    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0
 *
 * (the flags: 'p' and 'u' in the third and fourth place when the peer
 * or this node paused the resync, as /proc/drbd has them)
 * and, while a resync or an online verify runs, a progress bar and an
 * estimate of the time left. Counters are KiB like DRBD's. A device with
 * neither disk nor peer is " 0: cs:Unconfigured", as in /proc/drbd.
 *
 * Also here: the resync progress bookkeeping shared with GET_STATUS.
 */

#include <linux/jiffies.h>
#include <linux/nsproxy.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "hrd.h"

static bool hrd_rs_running(u8 cs)
{
	return hrd_syncing(cs) || cs == HALO_RD_CS_VERIFY_S ||
	       cs == HALO_RD_CS_VERIFY_T;
}

static bool hrd_paused(u8 cs)
{
	return cs == HALO_RD_CS_PAUSED_SYNC_S || cs == HALO_RD_CS_PAUSED_SYNC_T;
}

static bool hrd_verifying(u8 cs)
{
	return cs == HALO_RD_CS_VERIFY_S || cs == HALO_RD_CS_VERIFY_T;
}

/**
 * hrd_rs_mark_start() - note the start of a resync or verify
 * @res: the resource, whose cstate was just changed
 * @old: the connection state before the change
 *
 * Records how much there is to do and when it started, for the progress
 * shown by /proc/halo_rd and GET_STATUS.
 *
 * Context: caller holds res->lock.
 */
void hrd_rs_mark_start(struct hrd_resource *res, u8 old)
{
	struct hrd_device *dev = res->dev;
	struct hrd_backing *b = dev ? dev->backing : NULL;

	lockdep_assert_held(&res->lock);
	if (!b || !hrd_rs_running(res->cstate) || hrd_rs_running(old))
		return;
	if (hrd_verifying(res->cstate))
		dev->rs_total = (u64)b->bm_bits * 4;
	else
		dev->rs_total = hrd_bm_weight(b) * 4;
	/* A SyncTarget may not know its bits: a full sync is the whole disk. */
	if (!dev->rs_total)
		dev->rs_total = get_capacity(dev->disk) >> 1;
	dev->rs_recv0 = atomic64_read(&dev->stats.rs_recv);
	dev->rs_start = jiffies;
}

/**
 * hrd_rs_progress() - the progress of a running resync or verify
 * @res: the resource
 * @total: set to the KiB to do when it started
 * @left: set to the KiB still to do
 *
 * Context: process context; takes res->lock.
 * Return: true if a resync or verify runs (and @total, @left are set).
 */
bool hrd_rs_progress(struct hrd_resource *res, u64 *total, u64 *left)
{
	struct hrd_device *dev = res->dev;
	struct hrd_backing *b = dev ? dev->backing : NULL;
	u64 done;
	u8 cs;

	if (!b)
		return false;
	spin_lock_irq(&res->lock);
	cs = res->cstate;
	*total = dev->rs_total;
	if (cs == HALO_RD_CS_SYNC_SOURCE || cs == HALO_RD_CS_PAUSED_SYNC_S) {
		*left = hrd_bm_weight(b) * 4;
	} else if (hrd_verifying(cs)) {
		*left = (u64)(b->bm_bits - min(res->rs_cursor, b->bm_bits)) * 4;
	} else {
		done = (atomic64_read(&dev->stats.rs_recv) - dev->rs_recv0) >> 10;
		*left = *total - min(done, *total);
	}
	spin_unlock_irq(&res->lock);
	if (!hrd_rs_running(cs) || !*total)
		return false;
	*left = min(*left, *total);
	return true;
}

/* Thousands grouped with commas, as DRBD prints speeds. */
static void hrd_seq_thousands(struct seq_file *m, unsigned long v)
{
	if (v >= 1000000)
		seq_printf(m, "%lu,%03lu,%03lu", v / 1000000, v / 1000 % 1000,
			   v % 1000);
	else if (v >= 1000)
		seq_printf(m, "%lu,%03lu", v / 1000, v % 1000);
	else
		seq_printf(m, "%lu", v);
}

static void hrd_proc_progress(struct seq_file *m, struct hrd_resource *res,
			      u8 cs)
{
	unsigned long secs, speed, rest;
	unsigned int permille, bars, i;
	u64 total, left;

	/* DRBD shows no progress of a paused resync. */
	if (hrd_paused(cs) || !hrd_rs_progress(res, &total, &left))
		return;
	permille = div64_u64((total - left) * 1000, total);
	bars = permille / 50;
	seq_puts(m, "\t[");
	for (i = 1; i < bars; i++)
		seq_putc(m, '=');
	seq_putc(m, '>');
	for (i = max(bars, 1U); i < 20; i++)
		seq_putc(m, '.');
	seq_printf(m, "] %s %u.%u%% (%llu/%llu)K\n",
		   hrd_verifying(cs) ? "verified:" : "sync'ed:", permille / 10,
		   permille % 10, left, total);
	secs = (jiffies - res->dev->rs_start) / HZ;
	if (!secs)
		secs = 1;
	speed = (unsigned long)div_u64(total - left, secs);
	rest = speed ? (unsigned long)div_u64(left, speed) : 0;
	seq_printf(m, "\tfinish: %lu:%02lu:%02lu speed: ", rest / 3600,
		   rest / 60 % 60, rest % 60);
	hrd_seq_thousands(m, speed);
	seq_puts(m, " (");
	hrd_seq_thousands(m, speed);
	seq_puts(m, ") K/sec\n");
}

static void hrd_proc_res(struct seq_file *m, struct hrd_resource *res)
{
	struct hrd_device *dev = res->dev;
	struct hrd_backing *b = dev->backing;
	u8 role, prole, cs, ds, pds, proto;
	bool user_isp, peer_isp;

	spin_lock_irq(&res->lock);
	user_isp = res->user_isp;
	peer_isp = res->peer_isp;
	role = res->role;
	prole = res->peer_role;
	cs = res->cstate;
	ds = res->dstate;
	pds = res->peer_dstate;
	proto = res->configured ? res->nc.protocol : 0;
	spin_unlock_irq(&res->lock);
	/* A device with neither disk nor peer, as DRBD shows it. */
	if (cs == HALO_RD_CS_STANDALONE && ds == HALO_RD_DS_DISKLESS &&
	    role == HALO_RD_ROLE_SECONDARY) {
		seq_printf(m, "%2u: cs:Unconfigured\n", dev->minor);
		return;
	}
	/* Flags: I/O suspended, after-sync pause, peer and user pause, ... */
	seq_printf(m, "%2u: cs:%s ro:%s/%s ds:%s/%s %c r-%c%c--\n", dev->minor,
		   hrd_cstate_name(cs), hrd_role_name(role),
		   hrd_role_name(prole), hrd_dstate_name(ds),
		   hrd_dstate_name(pds),
		   proto ? 'A' + proto - HALO_RD_PROT_A : ' ',
		   peer_isp ? 'p' : '-', user_isp ? 'u' : '-');
	seq_printf(m,
		   "    ns:%llu nr:%llu dw:%llu dr:%llu al:0 bm:0 lo:%d pe:0 ua:%d ap:%d ep:1 wo:f oos:%llu\n",
		   (u64)atomic64_read(&dev->stats.ns) >> 10,
		   (u64)atomic64_read(&dev->stats.nr) >> 10,
		   (u64)atomic64_read(&dev->stats.dw) >> 10,
		   (u64)atomic64_read(&dev->stats.dr) >> 10,
		   atomic_read(&dev->inflight),
		   atomic_read(&dev->peer_inflight),
		   atomic_read(&dev->inflight), b ? hrd_bm_weight(b) * 4 : 0);
	hrd_proc_progress(m, res, cs);
}

static int hrd_proc_show(struct seq_file *m, void *v)
{
	struct net *net = current->nsproxy->net_ns;
	struct hrd_resource *res;

	seq_printf(m, "version: %d.%d.%d (api:%d/proto:%d)\n",
		   HALO_RD_VERSION_CODE >> 16,
		   (HALO_RD_VERSION_CODE >> 8) & 0xff,
		   HALO_RD_VERSION_CODE & 0xff, HALO_RD_GENL_VERSION,
		   HRD_PROTO_VERSION);
	mutex_lock(hrd_net_lock(net));
	list_for_each_entry(res, hrd_net_resources(net), node) {
		mutex_lock(&res->conf);
		if (res->dev)
			hrd_proc_res(m, res);
		mutex_unlock(&res->conf);
	}
	mutex_unlock(hrd_net_lock(net));
	return 0;
}

/**
 * hrd_proc_init() - create /proc/halo_rd
 *
 * Context: module init.
 * Return: 0 or -ENOMEM.
 */
int hrd_proc_init(void)
{
	if (!proc_create_single("halo_rd", 0444, NULL, hrd_proc_show))
		return -ENOMEM;
	return 0;
}

/**
 * hrd_proc_exit() - remove /proc/halo_rd
 *
 * Context: module exit.
 */
void hrd_proc_exit(void)
{
	remove_proc_entry("halo_rd", NULL);
}
