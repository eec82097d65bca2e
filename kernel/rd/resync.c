// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd resync, SyncSource side: the worker walks the dirty bitmap,
 * reads each marked 4 KiB block and sends it as RS_DATA, at most
 * HRD_RS_WINDOW blocks unacknowledged. The ack receiver clears a block's
 * bit when its RS_WRITE_ACK arrives. A block with an application write
 * still on its way to the local disk is skipped and retried later, so a
 * resync never sends data older than a write the peer already has. When
 * the bitmap is empty, SYNC_DONE hands the peer our identifiers.
 */

#include <linux/bitmap.h>
#include <linux/crc32.h>
#include <linux/slab.h>

#include "hrd.h"
#include "protocol.h"

#define HRD_RS_WINDOW 64
#define HRD_RS_RUN 16		/* blocks per RS_DATA packet, 64 KiB */

/**
 * hrd_rs_send() - send a resync packet about one run of blocks
 * @res: the resource, SyncSource
 * @cmd: HRD_P_RS_DATA (@data is the blocks) or HRD_P_CSUM_RS (@data is
 *	their digest)
 * @sector: first sector of the run
 * @size: bytes in the run
 * @data: the payload after the header
 * @dlen: its length
 *
 * The packet counts as in flight until hrd_rs_answered().
 *
 * Context: the worker.
 * Return: 0 or a negative errno.
 */
int hrd_rs_send(struct hrd_resource *res, u16 cmd, sector_t sector,
		unsigned int size, const void *data, unsigned int dlen)
{
	union {
		struct hrd_p_data d;
		struct hrd_p_csum c;
	} p = {};
	unsigned int hlen;

	if (cmd == HRD_P_RS_DATA) {
		p.d.sector = cpu_to_be64(sector);
		p.d.size = cpu_to_be32(size);
		hlen = sizeof(p.d);
	} else {
		p.c.sector = cpu_to_be64(sector);
		p.c.size = cpu_to_be32(size);
		hlen = sizeof(p.c);
	}
	spin_lock_irq(&res->lock);
	res->rs_inflight++;
	spin_unlock_irq(&res->lock);
	return hrd_send(res, res->data, cmd, &p, hlen, NULL, data, dlen);
}

/**
 * hrd_rs_answered() - the peer answered a resync or verify packet
 * @res: the resource
 * @sectors: resync sectors it acknowledges (for the rate controller)
 *
 * Context: the ack receiver.
 */
void hrd_rs_answered(struct hrd_resource *res, unsigned int sectors)
{
	hrd_rs_ctl_acked(res, sectors);
	spin_lock_irq(&res->lock);
	if (res->rs_inflight > 0)
		res->rs_inflight--;
	res->rs_idle = false;
	spin_unlock_irq(&res->lock);
	wake_up(&res->work_wait);
}

/* Send the run of @n dirty blocks at @bit as one RS_DATA packet. */
static int rs_send_block(struct hrd_resource *res, struct hrd_backing *b,
			 unsigned long bit, unsigned int n, void *buf)
{
	sector_t sector = (sector_t)bit << 3;
	unsigned int size = min_t(sector_t, 8 * n, b->md.la_size - sector) << 9;
	int ret;

	ret = hrd_sync_io(b->bdev, sector, buf, size, REQ_OP_READ);
	if (ret)
		return ret;
	return hrd_rs_send(res, HRD_P_RS_DATA, sector, size, buf, size);
}

/*
 * The run of marked blocks at @bit to send as one packet. With csums-alg,
 * a block not yet known to differ goes alone, as a checksum (*@csum).
 */
static unsigned int rs_run(struct hrd_resource *res, struct hrd_backing *b,
			   unsigned long bit, unsigned long nbits, bool *csum)
{
	unsigned long *need = res->rs_need;
	unsigned int n;

	*csum = need && !test_bit(bit, need);
	if (*csum)
		return 1;
	for (n = 1; n < HRD_RS_RUN && bit + n < nbits &&
	     test_bit(bit + n, b->bm) && (!need || test_bit(bit + n, need));
	     n++)
		;
	if (n > 1 && hrd_tlog_busy(res, (sector_t)bit << 3, n * 4096))
		n = 1;
	return n;
}

/* A new resync started (dev->rs_start moved): forget the last one's. */
static void rs_begin(struct hrd_resource *res, struct hrd_backing *b)
{
	if (res->rs_begun == res->dev->rs_start)
		return;
	res->rs_begun = res->dev->rs_start;
	if (res->rs_need)
		bitmap_zero(res->rs_need, b->bm_bits);
}

/**
 * hrd_resync_step() - send the next window of resync blocks
 * @res: the resource, SyncSource
 *
 * Context: the worker.
 */
void hrd_resync_step(struct hrd_resource *res)
{
	struct hrd_backing *b = res->dev->backing;
	unsigned long nbits = DIV_ROUND_UP(b->md.la_size, 8);
	unsigned long bit;
	int inflight, ret, sent = 0;
	bool wrapped = false, paused;
	void *buf;

	buf = kvmalloc(HRD_RS_RUN * 4096, GFP_KERNEL);
	if (!buf)
		return;
	rs_begin(res, b);
	for (;;) {
		unsigned int n, sectors;
		bool csum;

		spin_lock_irq(&res->lock);
		inflight = res->rs_inflight;
		/* pause-sync here or on the peer: stop at once */
		paused = res->cstate != HALO_RD_CS_SYNC_SOURCE;
		spin_unlock_irq(&res->lock);
		if (paused || inflight >= HRD_RS_WINDOW ||
		    !list_empty(&res->sendq))
			break;
		bit = find_next_bit(b->bm, nbits, res->rs_cursor);
		if (bit >= nbits) {
			/* Blocks in flight keep their bits until acked. */
			if (inflight || wrapped)
				break;
			res->rs_cursor = 0;
			if (find_first_bit(b->bm, nbits) < nbits) {
				wrapped = true;
				continue;
			}
			hrd_resync_done_source(res);
			break;
		}
		n = rs_run(res, b, bit, nbits, &csum);
		sectors = n * 8;
		if (!hrd_rs_ctl_may_send(res, &sectors))
			break;
		n = sectors / 8;
		res->rs_cursor = bit + n;
		if (hrd_tlog_busy(res, (sector_t)bit << 3, 4096))
			continue;
		if (csum)
			ret = hrd_csums_send(res, b, bit, buf);
		else
			ret = rs_send_block(res, b, bit, n, buf);
		if (ret) {
			hrd_conn_fail(res, "resync send failed");
			break;
		}
		hrd_rs_ctl_sent(res, sectors);
		sent++;
	}
	spin_lock_irq(&res->lock);
	res->rs_idle = !sent;
	spin_unlock_irq(&res->lock);
	kvfree(buf);
}

/**
 * hrd_resync_done_source() - finish a resync on the SyncSource
 * @res: the resource
 *
 * The bitmap identifier moves to the history; the peer adopts our
 * identifiers with SYNC_DONE.
 *
 * Context: the worker.
 */
void hrd_resync_done_source(struct hrd_resource *res)
{
	struct hrd_backing *b = res->dev->backing;
	struct hrd_p_uuids pu;
	int i;

	if (b->md.uuid[HRD_UUID_BITMAP]) {
		b->md.uuid[HRD_UUID_HIST1] = b->md.uuid[HRD_UUID_HIST0];
		b->md.uuid[HRD_UUID_HIST0] = b->md.uuid[HRD_UUID_BITMAP];
		b->md.uuid[HRD_UUID_BITMAP] = 0;
	}
	b->md.flags &= ~HALO_RD_MDF_CRASHED_PRIMARY;
	hrd_bm_write(b);
	hrd_md_write(b);
	for (i = 0; i < 4; i++)
		pu.uuid[i] = cpu_to_be64(b->md.uuid[i]);
	if (hrd_send(res, res->data, HRD_P_SYNC_DONE, &pu, sizeof(pu), NULL,
		     NULL, 0)) {
		hrd_conn_fail(res, "send failed");
		return;
	}
	spin_lock_irq(&res->lock);
	res->peer_dstate = HALO_RD_DS_UP_TO_DATE;
	spin_unlock_irq(&res->lock);
	hrd_set_cstate(res, HALO_RD_CS_CONNECTED);
	pr_info("%s: resync done (SyncSource)\n", res->name);
}

/**
 * hrd_verify_step() - send the next window of online verify requests
 * @res: the resource, VerifyS
 *
 * Every block's crc32 goes to the peer, which compares it with its own
 * block; blocks that differ are marked out of sync (not repaired: the
 * next connect resyncs them).
 *
 * Context: the worker.
 */
void hrd_verify_step(struct hrd_resource *res)
{
	struct hrd_backing *b = res->dev->backing;
	unsigned long nbits = DIV_ROUND_UP(b->md.la_size, 8);
	struct hrd_p_ov p;
	int inflight, sent = 0;
	void *buf;

	buf = kmalloc(4096, GFP_KERNEL);
	if (!buf)
		return;
	for (;;) {
		sector_t sector = (sector_t)res->rs_cursor << 3;
		unsigned int size;

		spin_lock_irq(&res->lock);
		inflight = res->rs_inflight;
		spin_unlock_irq(&res->lock);
		if (inflight >= HRD_RS_WINDOW || !list_empty(&res->sendq))
			break;
		if (res->rs_cursor >= nbits) {
			if (inflight)
				break;
			pr_info("%s: online verify done, %llu KiB out of sync\n",
				res->name, res->ov_oos * 4);
			if (hrd_send(res, res->data, HRD_P_OV_DONE, NULL, 0, NULL,
				     NULL, 0))
				hrd_conn_fail(res, "send failed");
			else
				hrd_set_cstate(res, HALO_RD_CS_CONNECTED);
			break;
		}
		size = min_t(sector_t, 8, b->md.la_size - sector) << 9;
		if (hrd_sync_io(b->bdev, sector, buf, size, REQ_OP_READ)) {
			hrd_conn_fail(res, "verify read failed");
			break;
		}
		p.sector = cpu_to_be64(sector);
		p.size = cpu_to_be32(size);
		p.digest = cpu_to_be32(crc32_le(~0U, buf, size));
		spin_lock_irq(&res->lock);
		res->rs_inflight++;
		spin_unlock_irq(&res->lock);
		res->rs_cursor++;
		if (hrd_send(res, res->data, HRD_P_OV_REQUEST, &p, sizeof(p),
			     NULL, NULL, 0)) {
			hrd_conn_fail(res, "send failed");
			break;
		}
		sent++;
	}
	spin_lock_irq(&res->lock);
	res->rs_idle = !sent;
	spin_unlock_irq(&res->lock);
	kfree(buf);
}

/**
 * hrd_verify_request() - VerifyT: compare a block with the peer's digest
 * @res: the resource
 * @len: payload length
 *
 * Context: the receiver.
 * Return: 0 or a negative errno.
 */
int hrd_verify_request(struct hrd_resource *res, u32 len)
{
	struct hrd_backing *b = res->dev->backing;
	struct hrd_p_ov p;
	u64 sector;
	u32 size;
	void *buf;
	int ret;

	if (!b)
		return -EPROTO;
	ret = hrd_recv_payload(res, len, &p, sizeof(p));
	if (ret)
		return ret;
	sector = be64_to_cpu(p.sector);
	size = be32_to_cpu(p.size);
	if (size > 4096 || size & 511 || sector + (size >> 9) > b->usable_sect)
		return -EPROTO;
	buf = kmalloc(4096, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = hrd_sync_io(b->bdev, sector, buf, size, REQ_OP_READ);
	if (!ret)
		hrd_queue_ack(res, HRD_P_OV_RESULT, sector,
			      crc32_le(~0U, buf, size) == be32_to_cpu(p.digest),
			      size);
	kfree(buf);
	return ret;
}

/**
 * hrd_verify_result() - VerifyS: a block's verify result arrived
 * @res: the resource
 * @a: the result; id 1 when in sync
 *
 * Context: the ack receiver.
 */
void hrd_verify_result(struct hrd_resource *res, const struct hrd_p_ack *a)
{
	struct hrd_backing *b = res->dev->backing;
	u64 sector = be64_to_cpu(a->sector);

	if (!be64_to_cpu(a->id)) {
		pr_info("%s: Out of sync: start=%llu, size=%u (sectors)\n",
			res->name, sector, be32_to_cpu(a->size) >> 9);
		hrd_bm_set_range(b, sector, be32_to_cpu(a->size));
		res->ov_oos++;
	}
	hrd_rs_answered(res, 0);
}
