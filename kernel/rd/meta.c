// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd on-disk metadata: superblock, generation identifiers and the
 * dirty bitmap, internal at the end of the backing device or external on a
 * device of their own (DRBD 8.4's meta-disk forms).
 *
 * Internal layout (B = backing size in 512-byte sectors, little-endian):
 *
 *   bm_sect = ALIGN(DIV_ROUND_UP(B, 32768), 8)   one bit per 4 KiB
 *   sb      = (B & ~7) - 8                       superblock, 4 KiB
 *   al      = sb - 64                            32 KiB, activity log
 *                                                (al.c)
 *   bm      = al - bm_sect                       the bitmap
 *   usable  = bm                                 sectors for data
 *
 * so for B a multiple of 8, usable = B - (bm_sect + 72), DRBD's formula.
 *
 * External layouts keep the whole backing device for data (usable = B) and
 * put superblock, activity log and bitmap, in that order, at a base sector
 * of the meta device: sb = base, al = base + 8, bm = base + 72. Flexible
 * ("meta-disk DEV"): base 0, the meta device needs bm_sect + 72 sectors.
 * Indexed ("meta-disk DEV[N]"): base N x 128 MiB, a fixed slot of 128 MiB
 * whose bitmap space (128 MiB - 36 KiB) covers at most 262072 x 16 MiB of
 * data (about 4 TiB), as in DRBD.
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
#define HRD_MD_SLOT_SECT	((sector_t)128 << 11)	/* 128 MiB */
/* Data one indexed slot can describe: each bitmap sector covers 16 MiB. */
#define HRD_MD_IDX_MAX_SECT	((HRD_MD_SLOT_SECT - HRD_AL_SECT - 8) << 15)

#define HRD_MSG_IDX_BIG \
	"lower device too large for an indexed meta-disk (at most 4193152 MiB)"
#define HRD_MSG_IDX_SMALL \
	"meta-disk too small for this index (128 MiB per index)"

/* Indexed slots of all devices share this holder, so that several of them
 * can use one meta device (exclusive against anyone else).
 */
static char hrd_md_holder;

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
		    const struct hrd_backing *b)
{
	sector_t bm = md_bm_sect(b->backing_sect);
	u32 md_size = b->md_idx >= 0 ? HRD_MD_SLOT_SECT : bm + HRD_AL_SECT + 8;
	int i;

	memset(d, 0, sizeof(*d));
	d->magic = cpu_to_le32(HRD_MD_MAGIC);
	d->version = cpu_to_le32(HRD_MD_VERSION);
	d->la_size_sect = cpu_to_le64(md->la_size);
	for (i = 0; i < 4; i++)
		d->uuid[i] = cpu_to_le64(md->uuid[i]);
	d->device_uuid = cpu_to_le64(md->device_uuid);
	d->flags = cpu_to_le32(md->flags);
	d->md_size_sect = cpu_to_le32(md_size);
	d->al_offset = cpu_to_le32((u32)(s32)(b->al_sect - b->sb_sect));
	d->bm_offset = cpu_to_le32((u32)(s32)(b->bm_sect - b->sb_sect));
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

/* Metadata of another meta-disk form (internal vs external) is refused. */
static bool md_check_layout(struct hrd_md_disk *d, const struct hrd_backing *b,
			    struct netlink_ext_ack *ea)
{
	if ((s32)le32_to_cpu(d->al_offset) != (s32)(b->al_sect - b->sb_sect) ||
	    (s32)le32_to_cpu(d->bm_offset) != (s32)(b->bm_sect - b->sb_sect)) {
		NL_SET_ERR_MSG(ea, "halo_rd metadata was created for another meta-disk layout");
		return false;
	}
	return true;
}

/*
 * Where the metadata of @b lives and how much of the backing device holds
 * data. @b->bdev, @b->md_bdev and @b->md_idx are set.
 */
static int md_geometry(struct hrd_backing *b, struct netlink_ext_ack *ea)
{
	sector_t md_dev = bdev_nr_sectors(b->md_bdev);
	sector_t bm, base = 0;

	b->backing_sect = bdev_nr_sectors(b->bdev);
	bm = md_bm_sect(b->backing_sect);
	if (b->md_idx == HRD_MD_INTERNAL) {
		b->usable_sect = hrd_md_usable(b->backing_sect);
		if (!b->usable_sect) {
			NL_SET_ERR_MSG(ea, "backing device too small for metadata");
			return -ENOSPC;
		}
		b->sb_sect = md_sb_sect(b->backing_sect);
		b->al_sect = b->sb_sect - HRD_AL_SECT;
		b->bm_sect = b->al_sect - bm;
		return 0;
	}
	if (b->md_idx >= 0) {
		if (b->backing_sect > HRD_MD_IDX_MAX_SECT) {
			NL_SET_ERR_MSG(ea, HRD_MSG_IDX_BIG);
			return -EFBIG;
		}
		base = b->md_idx * HRD_MD_SLOT_SECT;
		if (md_dev < base + HRD_MD_SLOT_SECT) {
			NL_SET_ERR_MSG(ea, HRD_MSG_IDX_SMALL);
			return -ENOSPC;
		}
	} else if (md_dev < bm + HRD_AL_SECT + 8) {
		NL_SET_ERR_MSG(ea, "meta-disk too small for the bitmap of the lower device");
		return -ENOSPC;
	}
	if (b->backing_sect < 8) {
		NL_SET_ERR_MSG(ea, "backing device too small");
		return -ENOSPC;
	}
	b->usable_sect = b->backing_sect;
	b->sb_sect = base;
	b->al_sect = base + 8;
	b->bm_sect = base + 8 + HRD_AL_SECT;
	return 0;
}

/**
 * hrd_md_open() - open a backing device and its meta device
 * @b: zeroed backing device
 * @path: backing device path
 * @md_path: meta device path, or NULL for internal metadata
 * @md_idx: HRD_MD_INTERNAL, HRD_MD_FLEX_EXT or an index
 * @holder: exclusive holder of the backing (and a flexible meta) device
 * @ea: extended ack
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int hrd_md_open(struct hrd_backing *b, const char *path, const char *md_path,
		int md_idx, void *holder, struct netlink_ext_ack *ea)
{
	fmode_t mode = FMODE_READ | FMODE_WRITE | FMODE_EXCL;

	b->md_idx = md_path ? md_idx : HRD_MD_INTERNAL;
	b->bdev = blkdev_get_by_path(path, mode, holder);
	if (IS_ERR(b->bdev)) {
		NL_SET_ERR_MSG(ea, "cannot open the backing device exclusively");
		return PTR_ERR(b->bdev);
	}
	b->md_bdev = b->bdev;
	if (!md_path)
		return 0;
	b->md_bdev = blkdev_get_by_path(md_path, mode, md_idx >= 0 ?
					&hrd_md_holder : holder);
	if (IS_ERR(b->md_bdev)) {
		NL_SET_ERR_MSG(ea, "cannot open the meta-disk exclusively");
		goto err;
	}
	if (b->md_bdev == b->bdev) {
		blkdev_put(b->md_bdev, mode);
		b->md_bdev = ERR_PTR(-EINVAL);
		NL_SET_ERR_MSG(ea, "external meta-disk is the backing device (use internal)");
		goto err;
	}
	return 0;
err:
	blkdev_put(b->bdev, mode);
	return PTR_ERR(b->md_bdev);
}

/**
 * hrd_md_close() - release the devices opened by hrd_md_open()
 * @b: the backing device
 *
 * Context: process context.
 */
void hrd_md_close(struct hrd_backing *b)
{
	fmode_t mode = FMODE_READ | FMODE_WRITE | FMODE_EXCL;

	if (b->md_bdev != b->bdev)
		blkdev_put(b->md_bdev, mode);
	blkdev_put(b->bdev, mode);
}

/**
 * hrd_md_create() - write fresh metadata and a clean bitmap
 * @b: a backing device from hrd_md_open()
 * @force: overwrite valid metadata
 * @ea: extended ack for the reason of a failure
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int hrd_md_create(struct hrd_backing *b, bool force,
		  struct netlink_ext_ack *ea)
{
	struct hrd_md md = {};
	struct hrd_md_disk *d;
	sector_t bm;
	void *zero;
	int ret;

	ret = md_geometry(b, ea);
	if (ret)
		return ret;
	bm = md_bm_sect(b->backing_sect);
	d = kmalloc(sizeof(*d), GFP_KERNEL);
	zero = vzalloc(max_t(sector_t, bm, HRD_AL_SECT) << 9);
	ret = -ENOMEM;
	if (!d || !zero)
		goto out;
	ret = hrd_sync_io(b->md_bdev, b->sb_sect, d, sizeof(*d), REQ_OP_READ);
	if (ret)
		goto out;
	if (md_valid(d) && !force) {
		NL_SET_ERR_MSG(ea, "device holds valid halo_rd metadata (use --force)");
		ret = -EEXIST;
		goto out;
	}
	md.uuid[HRD_UUID_CURRENT] = HALO_RD_UUID_JUST_CREATED;
	md.device_uuid = get_random_u64();
	md.la_size = b->usable_sect;
	ret = hrd_sync_io(b->md_bdev, b->bm_sect, zero, bm << 9, REQ_OP_WRITE);
	if (!ret)
		ret = hrd_sync_io(b->md_bdev, b->al_sect, zero, HRD_AL_SECT << 9,
				  REQ_OP_WRITE);
	if (ret)
		goto out;
	md_fill(d, &md, b);
	ret = hrd_sync_io(b->md_bdev, b->sb_sect, d, sizeof(*d),
			  REQ_OP_WRITE | REQ_FUA | REQ_PREFLUSH);
out:
	vfree(zero);
	kfree(d);
	return ret;
}

/**
 * hrd_md_create_path() - create metadata for the device at @path
 * @path: backing device path
 * @md_path: meta device path, or NULL for internal metadata
 * @md_idx: HRD_MD_FLEX_EXT or an index, when @md_path is set
 * @force: overwrite valid metadata
 * @ea: extended ack
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int hrd_md_create_path(const char *path, const char *md_path, int md_idx,
		       bool force, struct netlink_ext_ack *ea)
{
	struct hrd_backing b = {};
	int ret;

	ret = hrd_md_open(&b, path, md_path, md_idx, &hrd_md_create_path, ea);
	if (ret)
		return ret;
	ret = hrd_md_create(&b, force, ea);
	hrd_md_close(&b);
	return ret;
}

/**
 * hrd_md_read() - read and check the superblock and the bitmap
 * @b: backing device from hrd_md_open()
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

	ret = md_geometry(b, ea);
	if (ret)
		return ret;
	bm = md_bm_sect(b->backing_sect);
	b->bm_bits = DIV_ROUND_UP(b->usable_sect, 8);
	d = kmalloc(sizeof(*d), GFP_KERNEL);
	words = vzalloc(bm << 9);
	b->bm = vzalloc(BITS_TO_LONGS(b->bm_bits) * sizeof(long));
	ret = -ENOMEM;
	if (!d || !words || !b->bm)
		goto err;
	ret = hrd_sync_io(b->md_bdev, b->sb_sect, d, sizeof(*d), REQ_OP_READ);
	if (ret)
		goto err;
	if (le32_to_cpu(d->magic) == HRD_MD_MAGIC &&
	    le32_to_cpu(d->version) != HRD_MD_VERSION)
		pr_err("metadata version %u is not supported (want %u)\n",
		       le32_to_cpu(d->version), HRD_MD_VERSION);
	if (!md_check(d, ea) || !md_check_layout(d, b, ea)) {
		ret = -EINVAL;
		goto err;
	}
	for (i = 0; i < 4; i++)
		b->md.uuid[i] = le64_to_cpu(d->uuid[i]);
	b->md.flags = le32_to_cpu(d->flags);
	b->md.la_size = le64_to_cpu(d->la_size_sect);
	b->md.device_uuid = le64_to_cpu(d->device_uuid);
	ret = hrd_sync_io(b->md_bdev, b->bm_sect, words, bm << 9, REQ_OP_READ);
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
	md_fill(d, &b->md, b);
	ret = hrd_sync_io(b->md_bdev, b->sb_sect, d, sizeof(*d),
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
	ret = hrd_sync_io(b->md_bdev, b->bm_sect, words, bm << 9,
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
