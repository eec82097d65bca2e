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
 */

#include <linux/bio.h>
#include <linux/slab.h>

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
 * @write: this is a write (or a flush)
 * @net_pending: the network part is not done (under res->lock)
 * @local_done: the local part is done
 */
struct hrd_req {
	struct list_head tl, sq;
	struct hrd_device *dev;
	struct bio *master;
	sector_t sector;
	unsigned int size;
	atomic_t pending;
	blk_status_t error;
	bool write, net_pending, local_done;
};

static struct bio_set hrd_bioset;
static struct kmem_cache *hrd_req_cache;

static void hrd_req_put(struct hrd_req *req)
{
	struct hrd_device *dev = req->dev;
	unsigned long flags;

	if (!atomic_dec_and_test(&req->pending))
		return;
	if (req->write) {
		spin_lock_irqsave(&dev->res->lock, flags);
		list_del(&req->tl);
		spin_unlock_irqrestore(&dev->res->lock, flags);
	}
	req->master->bi_status = req->error;
	bio_endio(req->master);
	kmem_cache_free(hrd_req_cache, req);
	if (atomic_dec_and_test(&dev->inflight))
		wake_up(&dev->io_wait);
}

static void hrd_local_endio(struct bio *clone)
{
	struct hrd_req *req = clone->bi_private;

	if (clone->bi_status)
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
	struct hrd_backing *b = dev->backing;
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
	} else {
		hrd_bm_set_range(b, req->sector, req->size);
	}
	return wake;
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
	struct hrd_backing *b;
	struct hrd_req *req;
	struct bio *clone;
	bool wake;

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
	if (!dev->backing || (req->write && res->role != HALO_RD_ROLE_PRIMARY)) {
		spin_unlock_irq(&res->lock);
		kmem_cache_free(hrd_req_cache, req);
		bio_io_error(bio);
		return;
	}
	atomic_inc(&dev->inflight);
	b = dev->backing;
	wake = hrd_req_start(dev, req);
	spin_unlock_irq(&res->lock);
	if (wake)
		wake_up(&res->work_wait);
	/* hrd_detach() waits for dev->inflight before freeing b. */
	clone = bio_alloc_clone(b->bdev, bio, GFP_NOIO, &hrd_bioset);
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
	req = list_first_entry_or_null(&res->sendq, struct hrd_req, sq);
	if (req) {
		list_del_init(&req->sq);
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
		if ((u64)(uintptr_t)req == id && req->net_pending) {
			found = req;
			break;
		}
	}
	if (found) {
		found->net_pending = false;
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
			if (res->dev->backing)
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
	bioset_exit(&hrd_bioset);
	kmem_cache_destroy(hrd_req_cache);
}
