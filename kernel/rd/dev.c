// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd block device /dev/haloN: a bio-based gendisk (no request queue
 * of its own, like brd): every bio is cloned to the backing device and,
 * for writes, sent to the peer (req.c). A Secondary refuses opens for
 * writing.
 */

#include <linux/blkdev.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "hrd.h"

static int hrd_major;
static DEFINE_IDA(hrd_minors);

static int hrd_open(struct block_device *bdev, fmode_t mode)
{
	struct hrd_device *dev = bdev->bd_disk->private_data;
	struct hrd_resource *res = dev->res;
	int ret = 0;

	spin_lock_irq(&res->lock);
	if ((mode & FMODE_WRITE) && res->role != HALO_RD_ROLE_PRIMARY) {
		ret = -EROFS;
	} else {
		dev->open_cnt++;
		if (mode & FMODE_WRITE)
			dev->open_rw++;
	}
	spin_unlock_irq(&res->lock);
	return ret;
}

static void hrd_release(struct gendisk *disk, fmode_t mode)
{
	struct hrd_device *dev = disk->private_data;
	struct hrd_resource *res = dev->res;

	spin_lock_irq(&res->lock);
	dev->open_cnt--;
	if (mode & FMODE_WRITE)
		dev->open_rw--;
	spin_unlock_irq(&res->lock);
}

static const struct block_device_operations hrd_fops = {
	.owner = THIS_MODULE,
	.submit_bio = hrd_submit_bio,
	.open = hrd_open,
	.release = hrd_release,
};

/**
 * hrd_dev_new() - create /dev/haloMINOR for a resource
 * @res: the resource, without a device
 * @minor: the minor number, unused in every namespace
 * @ea: extended ack
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_dev_new(struct hrd_resource *res, unsigned int minor,
		struct netlink_ext_ack *ea)
{
	struct hrd_device *dev;
	struct gendisk *disk;
	int ret;

	lockdep_assert_held(&res->conf);
	if (res->dev) {
		NL_SET_ERR_MSG(ea, "resource already has a volume");
		return -EEXIST;
	}
	ret = ida_alloc_range(&hrd_minors, minor, minor, GFP_KERNEL);
	if (ret < 0) {
		NL_SET_ERR_MSG(ea, "minor already in use");
		return ret == -ENOSPC ? -EEXIST : ret;
	}
	ret = -ENOMEM;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		goto err_minor;
	dev->res = res;
	dev->minor = minor;
	atomic_set(&dev->inflight, 0);
	atomic_set(&dev->peer_inflight, 0);
	init_waitqueue_head(&dev->io_wait);
	INIT_LIST_HEAD(&dev->defer);
	INIT_WORK(&dev->defer_work, hrd_req_defer_work);
	INIT_WORK(&dev->fail_work, hrd_dev_fail_work);
	hrd_pool_init(&dev->pool);
	disk = blk_alloc_disk(NUMA_NO_NODE);
	if (!disk)
		goto err_dev;
	disk->major = hrd_major;
	disk->first_minor = minor;
	disk->minors = 1;
	disk->fops = &hrd_fops;
	disk->private_data = dev;
	snprintf(disk->disk_name, DISK_NAME_LEN, "halo%u", minor);
	/*
	 * A write travels as one DATA packet and one acknowledgment: take
	 * bios as large as a packet may carry (1 MiB), so that a large
	 * write is not split into many round trips.
	 */
	blk_queue_max_hw_sectors(disk->queue, HRD_MAX_PAYLOAD >> SECTOR_SHIFT);
	blk_queue_max_segments(disk->queue, BIO_MAX_VECS);
	blk_queue_physical_block_size(disk->queue, 4096);
	blk_queue_write_cache(disk->queue, true, true);
	set_capacity(disk, 0);
	dev->disk = disk;
	ret = add_disk(disk);
	if (ret)
		goto err_disk;
	res->dev = dev;
	return 0;

err_disk:
	put_disk(disk);
err_dev:
	kfree(dev);
err_minor:
	ida_free(&hrd_minors, minor);
	return ret;
}

/**
 * hrd_dev_del() - delete the device of a resource
 * @res: the resource
 * @ea: extended ack
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_dev_del(struct hrd_resource *res, struct netlink_ext_ack *ea)
{
	struct hrd_device *dev = res->dev;

	lockdep_assert_held(&res->conf);
	if (!dev)
		return 0;
	if (dev->backing) {
		NL_SET_ERR_MSG(ea, "device is attached (detach first)");
		return -EBUSY;
	}
	if (res->role == HALO_RD_ROLE_PRIMARY || dev->open_cnt) {
		NL_SET_ERR_MSG(ea, "device is Primary or open");
		return -EBUSY;
	}
	del_gendisk(dev->disk);
	flush_work(&dev->defer_work);
	flush_work(&dev->fail_work);
	put_disk(dev->disk);
	ida_free(&hrd_minors, dev->minor);
	res->dev = NULL;
	hrd_pool_drain(&dev->pool);
	kfree(dev);
	return 0;
}

/**
 * hrd_dev_set_size() - set the size of the device
 * @dev: the device
 * @sect: size in sectors
 *
 * Context: process context.
 */
void hrd_dev_set_size(struct hrd_device *dev, sector_t sect)
{
	if (get_capacity(dev->disk) != sect)
		set_capacity_and_notify(dev->disk, sect);
}

/*
 * Read the activity log. A device still marked Primary went down without
 * a clean demotion: the blocks of the extents in its log may differ from
 * the peer's, so they are marked out of sync, written to the on-disk
 * bitmap, and the log is emptied.
 */
static int attach_al(struct hrd_resource *res, struct hrd_backing *b)
{
	bool crashed = b->md.flags & HALO_RD_MDF_PRIMARY_IND;
	int ret, n;

	n = hrd_al_read(b, crashed);
	if (n < 0 || !crashed)
		return n < 0 ? n : 0;
	pr_warn("%s: was Primary at a crash, %d activity log extents (%llu KiB) marked out of sync\n",
		res->name, n, hrd_bm_weight(b) * 4);
	b->md.flags |= HALO_RD_MDF_CRASHED_PRIMARY;
	b->md.flags &= ~HALO_RD_MDF_PRIMARY_IND;
	ret = hrd_bm_write(b);
	if (!ret)
		ret = hrd_al_clear(res, b);
	if (!ret)
		ret = hrd_md_write(b);
	return ret;
}

/* Consistent but not up to date is Outdated (DRBD's flags). */
static u8 attach_dstate(u32 flags)
{
	if (!(flags & HALO_RD_MDF_CONSISTENT))
		return HALO_RD_DS_INCONSISTENT;
	if (!(flags & HALO_RD_MDF_WAS_UP_TO_DATE))
		return HALO_RD_DS_OUTDATED;
	return HALO_RD_DS_UP_TO_DATE;
}

/**
 * hrd_attach() - attach a backing device with valid metadata
 * @res: the resource
 * @path: backing device path
 * @md_path: external meta device path, or NULL for internal metadata
 * @md_idx: HRD_MD_FLEX_EXT or an index, when @md_path is set
 * @ea: extended ack
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_attach(struct hrd_resource *res, const char *path,
	       const char *md_path, int md_idx, struct netlink_ext_ack *ea)
{
	struct hrd_device *dev = res->dev;
	struct hrd_backing *b;
	int ret;

	lockdep_assert_held(&res->conf);
	if (!dev) {
		NL_SET_ERR_MSG(ea, "resource has no device (new-minor first)");
		return -ENODEV;
	}
	if (dev->backing || res->configured) {
		NL_SET_ERR_MSG(ea, "device is attached or connection configured");
		return -EBUSY;
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	hrd_set_dstate(res, HALO_RD_DS_ATTACHING);
	ret = hrd_md_open(b, path, md_path, md_idx, dev, ea);
	if (ret)
		goto err_free;
	ret = hrd_md_read(b, ea);
	if (ret)
		goto err_put;
	b->md.la_size = b->usable_sect;
	ret = attach_al(res, b);
	if (ret)
		goto err_al;
	spin_lock_irq(&res->lock);
	dev->backing = b;
	spin_unlock_irq(&res->lock);
	hrd_dev_set_size(dev, b->usable_sect);
	hrd_set_dstate(res, attach_dstate(b->md.flags));
	return 0;

err_al:
	hrd_al_free(b);
	vfree(b->bm);
err_put:
	hrd_md_close(b);
err_free:
	kfree(b);
	hrd_set_dstate(res, HALO_RD_DS_DISKLESS);
	return ret;
}

/*
 * May the disk go? A failed disk always; a good one from a disconnected
 * Secondary, or while Connected (no resync or verify running) to a peer
 * with an UpToDate disk, which then serves our reads and keeps our writes.
 */
static bool detach_allowed(struct hrd_resource *res, struct hrd_backing *b,
			   bool *online)
{
	bool ok;

	spin_lock_irq(&res->lock);
	*online = res->configured;
	ok = b->failed ||
	     (!res->configured && res->role != HALO_RD_ROLE_PRIMARY) ||
	     (res->cstate == HALO_RD_CS_CONNECTED &&
	      res->peer_dstate == HALO_RD_DS_UP_TO_DATE);
	spin_unlock_irq(&res->lock);
	return ok;
}

/**
 * hrd_detach() - write the metadata and release the backing device
 * @res: the resource
 * @ea: extended ack
 *
 * While connected, our disk state goes Diskless first and the peer is told
 * before any write that misses our disk is sent (hrd_req_next_send() holds
 * writes back while a state is to be sent), so the peer marks those writes
 * in its bitmap; writes already on the way are marked in ours.
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_detach(struct hrd_resource *res, struct netlink_ext_ack *ea)
{
	struct hrd_device *dev = res->dev;
	struct hrd_backing *b;
	bool online;

	lockdep_assert_held(&res->conf);
	if (!dev || !dev->backing)
		return 0;
	if (!detach_allowed(res, dev->backing, &online)) {
		NL_SET_ERR_MSG(ea, "detach needs a disconnected Secondary or an UpToDate peer");
		return -EBUSY;
	}
	if (online)
		hrd_set_dstate(res, HALO_RD_DS_DISKLESS);
	spin_lock_irq(&res->lock);
	b = dev->backing;
	dev->backing = NULL;
	if (online)
		res->send_state = true;
	spin_unlock_irq(&res->lock);
	if (online)
		wake_up(&res->work_wait);
	wait_event(dev->io_wait, !atomic_read(&dev->inflight) &&
		   !atomic_read(&dev->peer_inflight));
	/* A failed disk is not written: its activity log stays in force. */
	b->md.flags &= ~HALO_RD_MDF_PRIMARY_IND;
	hrd_bm_write(b);
	hrd_md_write(b);
	hrd_md_close(b);
	hrd_al_free(b);
	vfree(b->bm);
	kfree(b);
	/* Connected, the device keeps its size: the peer serves it. */
	if (!online)
		hrd_dev_set_size(dev, 0);
	hrd_set_dstate(res, HALO_RD_DS_DISKLESS);
	return 0;
}

/**
 * hrd_dev_fail_work() - report a backing device failed by an I/O error
 * @work: the device's fail_work
 *
 * With on-io-error detach the first I/O error stops all I/O to the backing
 * device (hrd_backing.failed, set by the completion); here the disk state
 * goes Failed, then Diskless, and the peer is told, so that it tracks the
 * writes it gets from now on in its bitmap. The backing device stays open
 * until DETACH.
 *
 * Context: process context (system workqueue).
 */
void hrd_dev_fail_work(struct work_struct *work)
{
	struct hrd_device *dev = container_of(work, struct hrd_device,
					      fail_work);
	struct hrd_resource *res = dev->res;

	pr_err("%s: I/O error on the backing device, detaching (on-io-error detach)\n",
	       res->name);
	hrd_set_dstate(res, HALO_RD_DS_FAILED);
	hrd_set_dstate(res, HALO_RD_DS_DISKLESS);
	spin_lock_irq(&res->lock);
	res->send_state = true;
	spin_unlock_irq(&res->lock);
	wake_up(&res->work_wait);
}

/**
 * hrd_dev_init() - register the block major
 *
 * Context: module init.
 * Return: 0 or a negative errno.
 */
int hrd_dev_init(void)
{
	hrd_major = register_blkdev(0, "halo");
	return hrd_major < 0 ? hrd_major : 0;
}

/**
 * hrd_dev_exit() - unregister the block major
 *
 * Context: module exit.
 */
void hrd_dev_exit(void)
{
	unregister_blkdev(hrd_major, "halo");
}
