// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd application requests and the transfer log.
 *
 * Lifecycle of a struct hrd_req (one bio submitted to /dev/haloN):
 *  1. hrd_submit_bio() allocates it with one reference for the local part
 *     and, for a write while connected, one for the network part; writes
 *     go on the transfer log (res->tlog) and, when replicated, on the
 *     send queue (res->sendq); writes while not connected only set bits
 *     in the dirty bitmap.
 *  2. The local clone completes: local part done.
 *  3. The network part is done when the worker has sent it (protocol A),
 *     when the peer's RECV_ACK (B) or WRITE_ACK (C) arrives, or when the
 *     connection is lost (hrd_tlog_fail(): the blocks are marked out of
 *     sync, so a lost link costs a resync but never data).
 *  4. With both parts done the bio completes and the request is freed.
 *
 * A read is served by the local disk, or, when the local disk is missing
 * (Diskless, failed) or not up to date (Inconsistent, SyncTarget) and the
 * connected peer's disk is UpToDate, by the peer (remote read): the request
 * then has only a network part, sits on the transfer log and the send
 * queue like a write, and completes when READ_REPLY arrives (read.c) or
 * with EIO when the connection is lost.
 */

#include <linux/bio.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "hrd.h"

/**
 * struct hrd_req - one application bio in flight
 * @tl: entry in res->tlog (writes only)
 * @sq: entry in res->sendq while waiting to be sent
 * @dev: the device
 * @master: the bio submitted to /dev/haloN
 * @sector: first sector
 * @size: bytes
 * @pending: references: local part, network part
 * @error: status of the local part
 * @b: the backing device the request was started on
 * @write: this is a write (or a flush)
 * @al: the request holds references on its activity log extents
 * @net_pending: the network part is not done (under res->lock)
 * @local_done: the local part is done
 * @local_failed: the local part failed or was skipped on a failed disk
 *	with on-io-error detach: the request succeeds only if the peer has it
 * @net_ok: the peer acknowledged the write
 * @remote: a read served by the peer
 * @sent: jiffies when the worker took it off the send queue (under
 *	res->lock): the peer's time to finish it counts from there (ko-count)
 */
struct hrd_req {
	struct list_head tl, sq;
	struct hrd_device *dev;
	struct hrd_backing *b;
	struct bio *master;
	sector_t sector;
	unsigned int size;
	atomic_t pending;
	blk_status_t error;
	bool write, al, net_pending, local_done, local_failed, net_ok, remote;
	unsigned long sent;
};

static struct bio_set hrd_bioset;
static struct workqueue_struct *hrd_defer_wq;
static struct kmem_cache *hrd_req_cache;

static void hrd_req_put(struct hrd_req *req)
{
	struct hrd_device *dev = req->dev;
	unsigned long flags;

	if (!atomic_dec_and_test(&req->pending))
		return;
	if (req->write || req->remote) {
		spin_lock_irqsave(&dev->res->lock, flags);
		list_del(&req->tl);
		if (req->al)
			hrd_al_put(dev->res, req->b, req->sector, req->size);
		spin_unlock_irqrestore(&dev->res->lock, flags);
	}
	if (req->write && req->local_failed && !req->net_ok)
		req->error = BLK_STS_IOERR;
	req->master->bi_status = req->error;
	bio_endio(req->master);
	kmem_cache_free(hrd_req_cache, req);
	if (atomic_dec_and_test(&dev->inflight))
		wake_up(&dev->io_wait);
}

/*
 * An I/O error with on-io-error detach: no more I/O to the backing device;
 * the blocks of the write are marked (the bitmap stays in memory) and the
 * write succeeds if the peer has it. Any context.
 */
static bool hrd_local_failed(struct hrd_req *req)
{
	struct hrd_resource *res = req->dev->res;
	unsigned long flags;
	bool first;

	if (res->on_io_error != HALO_RD_IOE_DETACH)
		return false;
	spin_lock_irqsave(&res->lock, flags);
	first = !req->b->failed;
	req->b->failed = true;
	if (req->write) {
		req->local_failed = true;
		hrd_bm_set_range(req->b, req->sector, req->size);
	}
	spin_unlock_irqrestore(&res->lock, flags);
	if (first)
		schedule_work(&req->dev->fail_work);
	return req->write;
}

static void hrd_local_endio(struct bio *clone)
{
	struct hrd_req *req = clone->bi_private;

	if (clone->bi_status && !hrd_local_failed(req))
		req->error = clone->bi_status;
	if (req->write)
		atomic64_add(req->size, &req->dev->stats.dw);
	else
		atomic64_add(req->size, &req->dev->stats.dr);
	bio_put(clone);
	WRITE_ONCE(req->local_done, true);
	hrd_req_put(req);
}

static bool hrd_req_start(struct hrd_device *dev, struct hrd_req *req)
{
	struct hrd_resource *res = dev->res;
	struct hrd_backing *b = req->b;
	bool wake = false;

	lockdep_assert_held(&res->lock);
	atomic_set(&req->pending, 1);
	if (!req->write)
		return false;
	list_add_tail(&req->tl, &res->tlog);
	INIT_LIST_HEAD(&req->sq);
	if (hrd_connected(res->cstate) &&
	    res->peer_dstate >= HALO_RD_DS_INCONSISTENT) {
		atomic_inc(&req->pending);
		req->net_pending = true;
		list_add_tail(&req->sq, &res->sendq);
		wake = true;
	} else if (b) {
		hrd_bm_set_range(b, req->sector, req->size);
	}
	return wake;
}

/* Put @req on the transfer log and send queue, submit its local part. */
static void hrd_req_go(struct hrd_req *req)
{
	struct hrd_device *dev = req->dev;
	struct hrd_resource *res = dev->res;
	struct bio *clone;
	bool wake;

	spin_lock_irq(&res->lock);
	wake = hrd_req_start(dev, req);
	req->local_failed = !req->b || req->b->failed;
	/* The disk (still attached, failed) misses the write: mark it. */
	if (req->local_failed && req->b)
		hrd_bm_set_range(req->b, req->sector, req->size);
	spin_unlock_irq(&res->lock);
	if (wake)
		wake_up(&res->work_wait);
	if (req->local_failed) {
		/* Diskless: the write goes to the peer only. */
		WRITE_ONCE(req->local_done, true);
		hrd_req_put(req);
		return;
	}
	/* hrd_detach() waits for dev->inflight before freeing req->b. */
	clone = bio_alloc_clone(req->b->bdev, req->master, GFP_NOIO,
				&hrd_bioset);
	if (!clone) {
		req->error = BLK_STS_RESOURCE;
		WRITE_ONCE(req->local_done, true);
		hrd_req_put(req);
		return;
	}
	clone->bi_private = req;
	clone->bi_end_io = hrd_local_endio;
	submit_bio_noacct(clone);
}

/* Can the peer serve reads? Only an UpToDate disk across a live link. */
static bool peer_readable(struct hrd_resource *res)
{
	lockdep_assert_held(&res->lock);
	return hrd_connected(res->cstate) &&
	       res->peer_dstate == HALO_RD_DS_UP_TO_DATE;
}

/*
 * May @req go ahead, and where? A read goes to the peer (req->remote) when
 * the local disk is missing, failed or not up to date and the peer can
 * serve it; with neither it fails. A write needs the Primary role and a
 * disk, local or the peer's.
 */
static bool hrd_req_admit(struct hrd_resource *res, struct hrd_req *req)
{
	bool local = req->b && !req->b->failed;

	lockdep_assert_held(&res->lock);
	if (!req->write) {
		req->remote = peer_readable(res) &&
			      (!local || res->dstate < HALO_RD_DS_OUTDATED);
		return local || req->remote;
	}
	if (res->role != HALO_RD_ROLE_PRIMARY)
		return false;
	return req->b || (hrd_connected(res->cstate) &&
			  res->peer_dstate == HALO_RD_DS_UP_TO_DATE);
}

/**
 * hrd_submit_bio() - the submit_bio method of /dev/haloN
 * @bio: the bio
 *
 * Context: process context of the submitter; must not wait for I/O.
 */
void hrd_submit_bio(struct bio *bio)
{
	struct hrd_device *dev = bio->bi_bdev->bd_disk->private_data;
	struct hrd_resource *res = dev->res;
	struct hrd_req *req;

	bio = bio_split_to_limits(bio);
	if (!bio)
		return;
	req = kmem_cache_zalloc(hrd_req_cache, GFP_NOIO);
	if (!req) {
		bio_io_error(bio);
		return;
	}
	req->dev = dev;
	req->master = bio;
	req->sector = bio->bi_iter.bi_sector;
	req->size = bio->bi_iter.bi_size;
	req->write = op_is_write(bio_op(bio)) || op_is_flush(bio->bi_opf);

	spin_lock_irq(&res->lock);
	req->b = dev->backing;
	if (!hrd_req_admit(res, req)) {
		spin_unlock_irq(&res->lock);
		kmem_cache_free(hrd_req_cache, req);
		bio_io_error(bio);
		return;
	}
	atomic_inc(&dev->inflight);
	if (!req->write && req->remote) {
		/* No local part: hrd_tlog_busy() must not see it as one. */
		req->local_done = true;
		req->net_pending = true;
		atomic_set(&req->pending, 1);
		list_add_tail(&req->tl, &res->tlog);
		list_add_tail(&req->sq, &res->sendq);
		spin_unlock_irq(&res->lock);
		wake_up(&res->work_wait);
		return;
	}
	if (req->write && req->size && req->b && !req->b->failed) {
		/* A write to a cold extent waits for an AL transaction. */
		req->al = hrd_al_try(res, req->b, req->sector, req->size);
		if (!req->al) {
			list_add_tail(&req->tl, &dev->defer);
			spin_unlock_irq(&res->lock);
			queue_work(hrd_defer_wq, &dev->defer_work);
			return;
		}
	}
	spin_unlock_irq(&res->lock);
	hrd_req_go(req);
}

/**
 * hrd_req_defer_work() - start the writes waiting for the activity log
 * @work: the device's defer_work
 *
 * Context: the ordered workqueue hrd_defer; may sleep.
 */
void hrd_req_defer_work(struct work_struct *work)
{
	struct hrd_device *dev = container_of(work, struct hrd_device,
					      defer_work);
	struct hrd_resource *res = dev->res;
	struct hrd_req *req;
	bool first;
	int ret;

	for (;;) {
		spin_lock_irq(&res->lock);
		req = list_first_entry_or_null(&dev->defer, struct hrd_req, tl);
		if (req)
			list_del(&req->tl);
		spin_unlock_irq(&res->lock);
		if (!req)
			return;
		ret = hrd_al_begin(res, req->b, req->sector, req->size);
		if (ret && res->on_io_error == HALO_RD_IOE_DETACH) {
			/* The log cannot be written: the disk failed. */
			spin_lock_irq(&res->lock);
			first = !req->b->failed;
			req->b->failed = true;
			spin_unlock_irq(&res->lock);
			if (first)
				schedule_work(&dev->fail_work);
			hrd_req_go(req);
			continue;
		}
		if (ret) {
			bio_io_error(req->master);
			kmem_cache_free(hrd_req_cache, req);
			if (atomic_dec_and_test(&dev->inflight))
				wake_up(&dev->io_wait);
			continue;
		}
		req->al = true;
		hrd_req_go(req);
	}
}

/**
 * hrd_req_next_send() - take the next request off the send queue
 * @res: the resource
 * @id: its id for the peer's acknowledgment
 * @sector: its first sector
 * @size: its size in bytes
 * @opf: its operation flags
 *
 * Context: the worker.
 * Return: the request's master bio, or NULL.
 */
struct bio *hrd_req_next_send(struct hrd_resource *res, u64 *id,
			      sector_t *sector, unsigned int *size,
			      blk_opf_t *opf)
{
	struct hrd_req *req;
	struct bio *bio = NULL;

	spin_lock_irq(&res->lock);
	/* A state change (our disk gone) goes out before later writes. */
	req = res->send_state ? NULL :
	      list_first_entry_or_null(&res->sendq, struct hrd_req, sq);
	if (req) {
		list_del_init(&req->sq);
		req->sent = jiffies;
		*id = (u64)(uintptr_t)req;
		*sector = req->sector;
		*size = req->size;
		*opf = req->master->bi_opf;
		bio = req->master;
	}
	spin_unlock_irq(&res->lock);
	return bio;
}

/**
 * hrd_req_net_done() - the network part of a request is done
 * @res: the resource
 * @id: the request id as sent to the peer
 * @ok: false when the peer failed the write (the blocks go out of sync)
 *
 * Context: the ack receiver or the worker; any context.
 */
void hrd_req_net_done(struct hrd_resource *res, u64 id, bool ok)
{
	struct hrd_req *req, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&res->lock, flags);
	list_for_each_entry(req, &res->tlog, tl) {
		if ((u64)(uintptr_t)req == id && req->net_pending &&
		    !req->remote) {
			found = req;
			break;
		}
	}
	if (found) {
		found->net_pending = false;
		found->net_ok = ok;
		if (!ok && res->dev->backing)
			hrd_bm_set_range(res->dev->backing, found->sector,
					 found->size);
	}
	spin_unlock_irqrestore(&res->lock, flags);
	if (found) {
		if (ok)
			atomic64_add(found->size, &res->dev->stats.ns);
		hrd_req_put(found);
	}
}

/**
 * hrd_req_net_wait() - how long the peer has had its oldest request
 * @res: the resource
 *
 * The send queue and the transfer log keep submission order, so the first
 * request on the log still waiting for the peer is the oldest one sent, or
 * nothing has been sent after it.
 *
 * Context: the ack sender; process context.
 * Return: jiffies since that request was taken for sending, 0 when no sent
 * request waits.
 */
unsigned long hrd_req_net_wait(struct hrd_resource *res)
{
	struct hrd_req *req;
	unsigned long waited = 0;

	spin_lock_irq(&res->lock);
	list_for_each_entry(req, &res->tlog, tl) {
		if (!req->net_pending)
			continue;
		if (list_empty(&req->sq))
			waited = jiffies - req->sent;
		break;
	}
	spin_unlock_irq(&res->lock);
	return waited;
}

/**
 * hrd_req_neg_ack() - the peer failed a write on its disk
 * @res: the resource
 * @a: the NEG_ACK
 *
 * The blocks go out of sync whether or not the request still waits for
 * its ack (protocol A requests do not), so that the peer gets them when
 * its disk is back.
 *
 * Context: the ack receiver; any context.
 */
void hrd_req_neg_ack(struct hrd_resource *res, const struct hrd_p_ack *a)
{
	unsigned long flags;

	spin_lock_irqsave(&res->lock, flags);
	if (res->dev->backing)
		hrd_bm_set_range(res->dev->backing, be64_to_cpu(a->sector),
				 be32_to_cpu(a->size));
	spin_unlock_irqrestore(&res->lock, flags);
	hrd_req_net_done(res, be64_to_cpu(a->id), false);
}

/**
 * hrd_req_read_reply() - a remote read's data arrived: complete the read
 * @res: the resource
 * @id: the request id as sent to the peer
 * @status: 0, or the peer's errno (no data follows)
 * @size: bytes of data following on the data socket
 *
 * Context: the receiver.
 * Return: 0, or a negative errno when the data socket cannot be read or
 * the reply matches no read.
 */
int hrd_req_read_reply(struct hrd_resource *res, u64 id, u32 status, u32 size)
{
	struct hrd_req *req, *found = NULL;
	struct bvec_iter iter;
	struct bio_vec bv;
	int ret = 0;

	spin_lock_irq(&res->lock);
	list_for_each_entry(req, &res->tlog, tl) {
		if ((u64)(uintptr_t)req == id && req->net_pending &&
		    req->remote) {
			found = req;
			found->net_pending = false;
			break;
		}
	}
	spin_unlock_irq(&res->lock);
	/* Only the receiver completes a sent read while connected. */
	if (!found)
		return -EPROTO;
	if (!status && size != found->size)
		ret = -EPROTO;
	if (!status && !ret) {
		bio_for_each_segment(bv, found->master, iter) {
			void *p = kmap_local_page(bv.bv_page);

			ret = hrd_recv_all(res->data, p + bv.bv_offset,
					   bv.bv_len);
			kunmap_local(p);
			if (ret)
				break;
		}
	}
	if (status || ret)
		found->error = BLK_STS_IOERR;
	else
		atomic64_add(size, &res->dev->stats.nr);
	hrd_req_put(found);
	return ret;
}

/**
 * hrd_tlog_fail() - complete the network part of every request
 * @res: the resource, after the connection is gone
 *
 * The blocks of every write the peer did not acknowledge are marked out
 * of sync.
 *
 * Context: the worker, after the cstate left the connected states.
 */
void hrd_tlog_fail(struct hrd_resource *res)
{
	struct hrd_req *req, *found;

	do {
		found = NULL;
		spin_lock_irq(&res->lock);
		list_for_each_entry(req, &res->tlog, tl) {
			if (req->net_pending) {
				found = req;
				break;
			}
		}
		if (found) {
			found->net_pending = false;
			list_del_init(&found->sq);
			if (found->remote)
				found->error = BLK_STS_IOERR;
			else if (res->dev->backing)
				hrd_bm_set_range(res->dev->backing,
						 found->sector, found->size);
		}
		spin_unlock_irq(&res->lock);
		if (found)
			hrd_req_put(found);
	} while (found);
}

/**
 * hrd_tlog_busy() - whether a local write to a range is in progress
 * @res: the resource
 * @sector: first sector
 * @size: bytes
 *
 * Context: the worker (resync), before reading a block to send.
 * Return: true if an application write overlapping the range has not
 * reached the local disk yet.
 */
bool hrd_tlog_busy(struct hrd_resource *res, sector_t sector,
		   unsigned int size)
{
	struct hrd_req *req;
	bool busy = false;

	spin_lock_irq(&res->lock);
	list_for_each_entry(req, &res->tlog, tl) {
		if (!READ_ONCE(req->local_done) &&
		    req->sector < sector + (size >> 9) &&
		    sector < req->sector + (req->size >> 9)) {
			busy = true;
			break;
		}
	}
	spin_unlock_irq(&res->lock);
	return busy;
}

/**
 * hrd_req_init() - create the request cache and the clone bio set
 *
 * Context: module init.
 * Return: 0 or a negative errno.
 */
int hrd_req_init(void)
{
	int ret;

	hrd_req_cache = KMEM_CACHE(hrd_req, 0);
	if (!hrd_req_cache)
		return -ENOMEM;
	ret = bioset_init(&hrd_bioset, 64, 0, BIOSET_NEED_BVECS);
	if (ret)
		goto err_cache;
	hrd_defer_wq = alloc_ordered_workqueue("hrd_defer", WQ_MEM_RECLAIM);
	ret = -ENOMEM;
	if (!hrd_defer_wq)
		goto err_bioset;
	return 0;

err_bioset:
	bioset_exit(&hrd_bioset);
err_cache:
	kmem_cache_destroy(hrd_req_cache);
	return ret;
}

/**
 * hrd_req_exit() - free the request cache and the bio set
 *
 * Context: module exit.
 */
void hrd_req_exit(void)
{
	destroy_workqueue(hrd_defer_wq);
	bioset_exit(&hrd_bioset);
	kmem_cache_destroy(hrd_req_cache);
}
