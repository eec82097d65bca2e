// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd on-disk metadata: superblock, generation identifiers and the
 * dirty bitmap, internal at the end of the backing device.
 *
 * Layout (B = backing size in 512-byte sectors, all little-endian):
 *
 *   bm_sect = ALIGN(DIV_ROUND_UP(B, 32768), 8)   one bit per 4 KiB
 *   sb      = (B & ~7) - 8                       superblock, 4 KiB
 *   al      = sb - 64                            32 KiB, activity log
 *                                                (al.c)
 *   bm      = al - bm_sect                       the bitmap
 *   usable  = bm                                 sectors for data
 *
 * so for B a multiple of 8, usable = B - (bm_sect + 72), DRBD's formula.
 * The superblock carries a magic, a version and a crc32 (crc32_le, seed
 * ~0, over the 4 KiB block with the crc field zero).
 */

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/crc32.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "hrd.h"

#define HRD_MD_MAGIC	0x48524431	/* "HRD1" */
#define HRD_MD_VERSION	2
#define HRD_AL_SECT	64

struct hrd_md_disk {
	__le32 magic;
	__le32 version;
	__le64 la_size_sect;
	__le64 uuid[4];
	__le64 device_uuid;
	__le32 flags;
	__le32 md_size_sect;
	__le32 al_offset;
	__le32 bm_offset;
	__le32 bm_bytes_per_bit;
	__le32 crc;
	__le32 al_nr_extents;
	u8 reserved[4096 - 84];
} __packed;

static sector_t md_bm_sect(sector_t backing)
{
	return ALIGN(DIV_ROUND_UP(backing, 32768), 8);
}

static sector_t md_sb_sect(sector_t backing)
{
	return (backing & ~(sector_t)7) - 8;
}

/**
 * hrd_md_usable() - sectors usable for data on a backing device
 * @backing_sect: size of the backing device in sectors
 *
 * Return: usable sectors, 0 when the device is too small.
 */
sector_t hrd_md_usable(sector_t backing_sect)
{
	sector_t md = md_bm_sect(backing_sect) + HRD_AL_SECT + 8;

	if (backing_sect < md + 8 + 8)
		return 0;
	return md_sb_sect(backing_sect) - HRD_AL_SECT -
	       md_bm_sect(backing_sect);
}

static struct page *buf_page(void *p)
{
	return is_vmalloc_addr(p) ? vmalloc_to_page(p) : virt_to_page(p);
}

/**
 * hrd_sync_io() - read or write a buffer synchronously
 * @bdev: the device
 * @sector: first sector
 * @buf: page-aligned kmalloc or vmalloc buffer
 * @len: bytes, a multiple of 512
 * @opf: REQ_OP_READ or REQ_OP_WRITE plus flags
 *
 * Context: process context, may sleep; never from submit_bio.
 * Return: 0 or a negative errno.
 */
int hrd_sync_io(struct block_device *bdev, sector_t sector, void *buf,
		unsigned int len, blk_opf_t opf)
{
	unsigned int done = 0;
	int ret = 0;

	while (done < len && !ret) {
		unsigned int n = min_t(unsigned int, len - done, 64 * PAGE_SIZE);
		unsigned int off = 0;
		struct bio *bio;

		bio = bio_alloc(bdev, DIV_ROUND_UP(n, PAGE_SIZE), opf, GFP_NOIO);
		bio->bi_iter.bi_sector = sector + (done >> 9);
		while (off < n) {
			unsigned int l = min_t(unsigned int, n - off, PAGE_SIZE);

			__bio_add_page(bio, buf_page(buf + done + off), l, 0);
			off += l;
		}
		ret = submit_bio_wait(bio);
		bio_put(bio);
		done += n;
	}
	return ret;
}

/**
 * hrd_block_crc() - the CRC32 of an on-disk block with its crc field as zero
 * @blk: the block
 * @len: its length in bytes
 * @crc: its crc field, inside @blk
 *
 * Context: any.
 * Return: the checksum to store in, or compare with, @crc.
 */
u32 hrd_block_crc(void *blk, size_t len, __le32 *crc)
{
	__le32 saved = *crc;
	u32 sum;

	*crc = 0;
	sum = crc32_le(~0U, blk, len);
	*crc = saved;
	return sum;
}

static u32 md_crc(struct hrd_md_disk *d)
{
	return hrd_block_crc(d, sizeof(*d), &d->crc);
}

static void md_fill(struct hrd_md_disk *d, const struct hrd_md *md,
		    sector_t backing)
{
	sector_t bm = md_bm_sect(backing);
	int i;

	memset(d, 0, sizeof(*d));
	d->magic = cpu_to_le32(HRD_MD_MAGIC);
	d->version = cpu_to_le32(HRD_MD_VERSION);
	d->la_size_sect = cpu_to_le64(md->la_size);
	for (i = 0; i < 4; i++)
		d->uuid[i] = cpu_to_le64(md->uuid[i]);
	d->device_uuid = cpu_to_le64(md->device_uuid);
	d->flags = cpu_to_le32(md->flags);
	d->md_size_sect = cpu_to_le32(bm + HRD_AL_SECT + 8);
	d->al_offset = cpu_to_le32((u32)-HRD_AL_SECT);
	d->bm_offset = cpu_to_le32((u32)-(s32)(HRD_AL_SECT + bm));
	d->bm_bytes_per_bit = cpu_to_le32(4096);
	d->al_nr_extents = cpu_to_le32(HRD_AL_EXTENTS);
	d->crc = cpu_to_le32(md_crc(d));
}

/* Is a superblock usable? If not, @ea (may be NULL) says what is wrong. */
static bool md_check(struct hrd_md_disk *d, struct netlink_ext_ack *ea)
{
	if (le32_to_cpu(d->magic) != HRD_MD_MAGIC) {
		NL_SET_ERR_MSG(ea, "no halo_rd metadata: bad magic (run create-md)");
		return false;
	}
	if (le32_to_cpu(d->version) != HRD_MD_VERSION) {
		NL_SET_ERR_MSG(ea, "unsupported halo_rd metadata version (run create-md --force)");
		return false;
	}
	if (le32_to_cpu(d->crc) != md_crc(d)) {
		NL_SET_ERR_MSG(ea, "halo_rd metadata: bad checksum (torn or corrupt)");
		return false;
	}
	if (le32_to_cpu(d->al_nr_extents) != HRD_AL_EXTENTS) {
		NL_SET_ERR_MSG(ea, "halo_rd metadata has another activity-log size, not used");
		return false;
	}
	return true;
}

static bool md_valid(struct hrd_md_disk *d)
{
	return md_check(d, NULL);
}

/**
 * hrd_md_create() - write fresh metadata and a clean bitmap
 * @bdev: the backing device, opened for writing
 * @force: overwrite valid metadata
 * @ea: extended ack for the reason of a failure
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int hrd_md_create(struct block_device *bdev, bool force,
		  struct netlink_ext_ack *ea)
{
	sector_t backing = bdev_nr_sectors(bdev);
	sector_t bm = md_bm_sect(backing);
	struct hrd_md md = {};
	struct hrd_md_disk *d;
	void *zero;
	int ret;

	if (!hrd_md_usable(backing)) {
		NL_SET_ERR_MSG(ea, "backing device too small for metadata");
		return -ENOSPC;
	}
	d = kmalloc(sizeof(*d), GFP_KERNEL);
	zero = vzalloc((bm + HRD_AL_SECT) << 9);
	ret = -ENOMEM;
	if (!d || !zero)
		goto out;
	ret = hrd_sync_io(bdev, md_sb_sect(backing), d, sizeof(*d),
			  REQ_OP_READ);
	if (ret)
		goto out;
	if (md_valid(d) && !force) {
		NL_SET_ERR_MSG(ea, "device holds valid halo_rd metadata (use --force)");
		ret = -EEXIST;
		goto out;
	}
	md.uuid[HRD_UUID_CURRENT] = HALO_RD_UUID_JUST_CREATED;
	md.device_uuid = get_random_u64();
	md.la_size = hrd_md_usable(backing);
	ret = hrd_sync_io(bdev, md_sb_sect(backing) - HRD_AL_SECT - bm, zero,
			  (bm + HRD_AL_SECT) << 9, REQ_OP_WRITE);
	if (ret)
		goto out;
	md_fill(d, &md, backing);
	ret = hrd_sync_io(bdev, md_sb_sect(backing), d, sizeof(*d),
			  REQ_OP_WRITE | REQ_FUA | REQ_PREFLUSH);
out:
	vfree(zero);
	kfree(d);
	return ret;
}

/**
 * hrd_md_create_path() - create metadata on the device at @path
 * @path: block device path
 * @force: overwrite valid metadata
 * @ea: extended ack
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int hrd_md_create_path(const char *path, bool force,
		       struct netlink_ext_ack *ea)
{
	fmode_t mode = FMODE_READ | FMODE_WRITE | FMODE_EXCL;
	struct block_device *bdev;
	int ret;

	bdev = blkdev_get_by_path(path, mode, &hrd_md_create_path);
	if (IS_ERR(bdev)) {
		NL_SET_ERR_MSG(ea, "cannot open the backing device exclusively");
		return PTR_ERR(bdev);
	}
	ret = hrd_md_create(bdev, force, ea);
	blkdev_put(bdev, mode);
	return ret;
}

/**
 * hrd_md_read() - read and check the superblock and the bitmap
 * @b: backing device with @b->bdev set
 * @ea: extended ack
 *
 * Fills in the geometry, @b->md and @b->bm (allocated here).
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int hrd_md_read(struct hrd_backing *b, struct netlink_ext_ack *ea)
{
	sector_t bm;
	struct hrd_md_disk *d;
	u64 *words = NULL;
	unsigned long i;
	int ret;

	b->backing_sect = bdev_nr_sectors(b->bdev);
	b->usable_sect = hrd_md_usable(b->backing_sect);
	if (!b->usable_sect) {
		NL_SET_ERR_MSG(ea, "backing device too small for metadata");
		return -ENOSPC;
	}
	bm = md_bm_sect(b->backing_sect);
	b->sb_sect = md_sb_sect(b->backing_sect);
	b->al_sect = b->sb_sect - HRD_AL_SECT;
	b->bm_sect = b->al_sect - bm;
	b->bm_bits = DIV_ROUND_UP(b->usable_sect, 8);
	d = kmalloc(sizeof(*d), GFP_KERNEL);
	words = vzalloc(bm << 9);
	b->bm = vzalloc(BITS_TO_LONGS(b->bm_bits) * sizeof(long));
	ret = -ENOMEM;
	if (!d || !words || !b->bm)
		goto err;
	ret = hrd_sync_io(b->bdev, b->sb_sect, d, sizeof(*d), REQ_OP_READ);
	if (ret)
		goto err;
	if (le32_to_cpu(d->magic) == HRD_MD_MAGIC &&
	    le32_to_cpu(d->version) != HRD_MD_VERSION)
		pr_err("metadata version %u is not supported (want %u)\n",
		       le32_to_cpu(d->version), HRD_MD_VERSION);
	if (!md_check(d, ea)) {
		ret = -EINVAL;
		goto err;
	}
	for (i = 0; i < 4; i++)
		b->md.uuid[i] = le64_to_cpu(d->uuid[i]);
	b->md.flags = le32_to_cpu(d->flags);
	b->md.la_size = le64_to_cpu(d->la_size_sect);
	b->md.device_uuid = le64_to_cpu(d->device_uuid);
	ret = hrd_sync_io(b->bdev, b->bm_sect, words, bm << 9, REQ_OP_READ);
	if (ret)
		goto err;
	for (i = 0; i < DIV_ROUND_UP(b->bm_bits, 64); i++)
		words[i] = le64_to_cpu((__force __le64)words[i]);
	bitmap_from_arr64(b->bm, words, b->bm_bits);
	vfree(words);
	kfree(d);
	return 0;
err:
	vfree(b->bm);
	b->bm = NULL;
	vfree(words);
	kfree(d);
	return ret;
}

/**
 * hrd_md_write() - write the superblock from @b->md
 * @b: attached backing device
 *
 * Context: process context, never from submit_bio.
 * Return: 0 or a negative errno.
 */
int hrd_md_write(struct hrd_backing *b)
{
	struct hrd_md_disk *d;
	int ret;

	if (READ_ONCE(b->failed))
		return -EIO;
	d = kmalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	md_fill(d, &b->md, b->backing_sect);
	ret = hrd_sync_io(b->bdev, b->sb_sect, d, sizeof(*d),
			  REQ_OP_WRITE | REQ_FUA | REQ_PREFLUSH);
	kfree(d);
	return ret;
}

/**
 * hrd_bm_write() - write the whole dirty bitmap
 * @b: attached backing device
 *
 * Context: process context, never from submit_bio.
 * Return: 0 or a negative errno.
 */
int hrd_bm_write(struct hrd_backing *b)
{
	sector_t bm = md_bm_sect(b->backing_sect);
	unsigned long i;
	u64 *words;
	int ret;

	if (READ_ONCE(b->failed))
		return -EIO;
	words = vzalloc(bm << 9);
	if (!words)
		return -ENOMEM;
	bitmap_to_arr64(words, b->bm, b->bm_bits);
	for (i = 0; i < DIV_ROUND_UP(b->bm_bits, 64); i++)
		words[i] = (__force u64)cpu_to_le64(words[i]);
	ret = hrd_sync_io(b->bdev, b->bm_sect, words, bm << 9,
			  REQ_OP_WRITE | REQ_FUA);
	vfree(words);
	return ret;
}

/**
 * hrd_bm_set_range() - mark the 4 KiB blocks of a range out of sync
 * @b: attached backing device
 * @sector: first sector
 * @size: bytes
 *
 * Context: any context.
 */
void hrd_bm_set_range(struct hrd_backing *b, sector_t sector,
		      unsigned int size)
{
	unsigned long first = sector >> 3;
	unsigned long last = (sector + (size >> 9) - 1) >> 3;

	if (!size)
		return;
	for (; first <= last && first < b->bm_bits; first++)
		set_bit(first, b->bm);
}

/**
 * hrd_bm_weight() - number of 4 KiB blocks marked out of sync
 * @b: attached backing device
 *
 * Context: any context.
 * Return: the number of set bits.
 */
u64 hrd_bm_weight(struct hrd_backing *b)
{
	return bitmap_weight(b->bm, b->bm_bits);
}
