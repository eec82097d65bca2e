// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd resync, SyncSource side: the worker walks the dirty bitmap,
 * reads each run of marked 4 KiB blocks and sends it as RS_DATA, at most
 * HRD_RS_WINDOW blocks unacknowledged, resuming at HRD_RS_RESUME (hrd.h).
 * The ack receiver clears a block's bit when its RS_WRITE_ACK arrives. A
 * block with an application write still on its way to the local disk is
 * skipped and retried later, so a resync never sends data older than a
 * write the peer already has. When the bitmap is empty, SYNC_DONE hands the
 * peer our identifiers.
 *
 * Read-ahead: up to HRD_RS_DEPTH runs are read from the disk at once and
 * sent in the order they were read, so that the disk reads overlap the
 * sending. All of them are sent before hrd_resync_step() returns, that is
 * before the worker sends any application write queued meanwhile: a run
 * read before such a write reaches the peer ahead of it, as when the
 * worker read and sent one run at a time.
 */

#include <linux/bio.h>
#include <linux/bitmap.h>
#include <linux/completion.h>
#include <linux/crc32.h>
#include <linux/slab.h>

#include "hrd.h"
#include "protocol.h"

#define HRD_RS_RUN 16		/* blocks per RS_DATA packet, 64 KiB */
#define HRD_RS_DEPTH 8		/* runs read ahead of the socket */

/**
 * struct rs_read - one run being read for an RS_DATA packet
 * @pages: its pages, from the device's page pool; once sent, TCP holds
 *	them until the peer acknowledges them, and the pool hands them out
 *	again only after that
 * @bio: the read, NULL when the slot is free
 * @iter: the bio's extent as submitted (the completion consumes bi_iter)
 * @done: completed by the read's end_io
 */
struct rs_read {
	struct page *pages[HRD_RS_RUN];
	struct bio *bio;
	struct bvec_iter iter;
	struct completion done;
};

/**
 * struct rs_pipe - the read-ahead of one resync step (worker only)
 * @r: ring of reads, sent from @head in submission order
 * @head: the oldest read
 * @count: reads submitted and not yet sent
 * @blocks: the 4 KiB blocks of these reads
 */
struct rs_pipe {
	struct rs_read r[HRD_RS_DEPTH];
	int head, count, blocks;
};

/*
 * A resync packet with its payload in @data, or in @bio's pages, which TCP
 * then takes by reference (the caller never writes to them again).
 */
static int rs_send(struct hrd_resource *res, u16 cmd, sector_t sector,
		   unsigned int size, struct bio *bio, const void *data,
		   unsigned int dlen)
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
	res->rs_inflight += hrd_rs_blocks(size);
	spin_unlock_irq(&res->lock);
	if (bio)
		return hrd_send_zc(res, res->data, cmd, &p, hlen, bio, dlen);
	return hrd_send(res, res->data, cmd, &p, hlen, NULL, data, dlen);
}

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
 * Its blocks count as in flight until hrd_rs_answered().
 *
 * Context: the worker.
 * Return: 0 or a negative errno.
 */
int hrd_rs_send(struct hrd_resource *res, u16 cmd, sector_t sector,
		unsigned int size, const void *data, unsigned int dlen)
{
	return rs_send(res, cmd, sector, size, NULL, data, dlen);
}

/**
 * hrd_rs_answered() - the peer answered a resync or verify packet
 * @res: the resource
 * @size: bytes of the request it answers
 * @resync: a resync answer, which the rate controller counts (a verify
 *	answer is not)
 *
 * Context: the ack receiver.
 */
void hrd_rs_answered(struct hrd_resource *res, u32 size, bool resync)
{
	if (resync)
		hrd_rs_ctl_acked(res, size >> 9);
	spin_lock_irq(&res->lock);
	res->rs_inflight = max(0, res->rs_inflight - hrd_rs_blocks(size));
	res->rs_idle = false;
	spin_unlock_irq(&res->lock);
	wake_up(&res->work_wait);
}

static void rs_read_endio(struct bio *bio)
{
	struct rs_read *r = bio->bi_private;

	complete(&r->done);
}

/* Start reading the run of @n dirty blocks at @bit into the next slot. */
static int rs_read_start(struct rs_pipe *p, struct hrd_device *dev,
			 struct hrd_backing *b, unsigned long bit,
			 unsigned int n)
{
	struct rs_read *r = &p->r[(p->head + p->count) % HRD_RS_DEPTH];
	sector_t sector = (sector_t)bit << 3;
	unsigned int size = min_t(sector_t, 8 * n, b->md.la_size - sector) << 9;
	unsigned int i, np = DIV_ROUND_UP(size, PAGE_SIZE);
	struct bio *bio;

	for (i = 0; i < np; i++) {
		if (!r->pages[i])
			r->pages[i] = hrd_pool_get(&dev->pool);
		if (!r->pages[i])
			return -ENOMEM;
	}
	bio = bio_alloc(b->bdev, np, REQ_OP_READ, GFP_NOIO);
	bio->bi_iter.bi_sector = sector;
	for (i = 0; i < np; i++)
		__bio_add_page(bio, r->pages[i],
			       min_t(unsigned int, size - i * PAGE_SIZE,
				     PAGE_SIZE), 0);
	bio->bi_private = r;
	bio->bi_end_io = rs_read_endio;
	init_completion(&r->done);
	r->iter = bio->bi_iter;
	r->bio = bio;
	p->count++;
	p->blocks += hrd_rs_blocks(size);
	submit_bio(bio);
	return 0;
}

/* Wait for the oldest read and, if @send, send it; 0 or a negative errno. */
static int rs_read_finish(struct hrd_resource *res, struct rs_pipe *p,
			  bool send)
{
	struct rs_read *r = &p->r[p->head];
	struct bio *bio = r->bio;
	int i, ret;

	wait_for_completion_io(&r->done);
	ret = blk_status_to_errno(bio->bi_status);
	bio->bi_iter = r->iter;
	if (!ret && send)
		ret = rs_send(res, HRD_P_RS_DATA, r->iter.bi_sector,
			      r->iter.bi_size, bio, NULL, r->iter.bi_size);
	bio_put(bio);
	r->bio = NULL;
	for (i = 0; i < HRD_RS_RUN && r->pages[i]; i++) {
		hrd_pool_put_sent(&res->dev->pool, r->pages[i]);
		r->pages[i] = NULL;
	}
	p->head = (p->head + 1) % HRD_RS_DEPTH;
	p->count--;
	p->blocks -= hrd_rs_blocks(r->iter.bi_size);
	return ret;
}

/* Send every read still in the pipe (wait for them all after an error). */
static int rs_read_drain(struct hrd_resource *res, struct rs_pipe *p, int ret)
{
	while (p->count) {
		int err = rs_read_finish(res, p, !ret);

		if (!ret)
			ret = err;
	}
	return ret;
}

static void rs_pipe_free(struct hrd_device *dev, struct rs_pipe *p)
{
	int i, j;

	for (i = 0; i < HRD_RS_DEPTH; i++)
		for (j = 0; j < HRD_RS_RUN; j++)
			if (p->r[i].pages[j])
				hrd_pool_put(&dev->pool, p->r[i].pages[j]);
	kfree(p);
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

/* Send the checksum of the block at @bit (csums-alg), after the reads. */
static int rs_csum(struct hrd_resource *res, struct hrd_backing *b,
		   struct rs_pipe *p, unsigned long bit, void **buf)
{
	int ret = rs_read_drain(res, p, 0);

	if (!ret && !*buf) {
		*buf = kmalloc(4096, GFP_NOIO);
		if (!*buf)
			ret = -ENOMEM;
	}
	return ret ? ret : hrd_csums_send(res, b, bit, *buf);
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
	bool wrapped = false, paused;
	int inflight, ret = 0, sent = 0;
	struct rs_pipe *p;
	unsigned long bit;
	void *buf = NULL;

	spin_lock_irq(&res->lock);
	inflight = res->rs_inflight;
	spin_unlock_irq(&res->lock);
	if (inflight > HRD_RS_RESUME)
		return;
	p = kzalloc(sizeof(*p), GFP_NOIO);
	if (!p)
		return;
	rs_begin(res, b);
	for (;;) {
		unsigned int n, sectors;
		bool csum;

		spin_lock_irq(&res->lock);
		/* the runs being read count against the window too */
		inflight = res->rs_inflight + p->blocks;
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
			ret = rs_csum(res, b, p, bit, &buf);
		else if (p->count == HRD_RS_DEPTH)
			ret = rs_read_finish(res, p, true);
		if (!ret && !csum)
			ret = rs_read_start(p, res->dev, b, bit, n);
		if (ret)
			break;
		hrd_rs_ctl_sent(res, sectors);
		sent++;
	}
	ret = rs_read_drain(res, p, ret);
	if (ret)
		hrd_conn_fail(res, "resync send failed");
	spin_lock_irq(&res->lock);
	res->rs_idle = !sent;
	spin_unlock_irq(&res->lock);
	rs_pipe_free(res->dev, p);
	kfree(buf);
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
		res->rs_inflight += hrd_rs_blocks(size);
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
	hrd_rs_answered(res, be32_to_cpu(a->size), false);
}
