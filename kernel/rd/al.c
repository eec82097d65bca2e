// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd activity log: the set of "hot" 4 MiB extents a Primary may be
 * writing to, kept on disk so that after a crash of the Primary only those
 * extents need a resync, not the whole device.
 *
 * In memory: HRD_AL_EXTENTS slots, each holding an extent number, the
 * number of application writes to it not yet completed and a use tick for
 * the LRU. A write whose extents are all in a slot proceeds at once
 * (hrd_al_try(), from submit_bio). Otherwise the request is deferred to a
 * work item that calls hrd_al_begin(): it takes the least recently used
 * idle slot, writes the bitmap page of the extent it evicts (so that bits
 * set in memory for that extent are on disk before the extent leaves the
 * log) and then writes a transaction naming every extent of the new set,
 * with FUA, before the write goes to the backing device.
 *
 * On disk: the 32 KiB area below the superblock holds HRD_AL_RING slots of
 * 8 KiB, written round robin (slot = seq % HRD_AL_RING). The newest slot
 * with a valid magic and crc wins, so a torn write leaves the previous
 * transaction in force. See Documentation/rd.md for the layout.
 *
 * Locking: the in-memory slots are protected by res->lock; transactions are
 * written by one work item at a time (hrd_al_begin() is only called from
 * the device's defer work, serialised by an ordered workqueue).
 */

#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "hrd.h"

#define HRD_AL_MAGIC	0x4852414c	/* "HRAL" */
#define HRD_AL_TR_SIZE	8192
#define HRD_AL_RING	4
#define HRD_AL_NONE	U32_MAX
#define HRD_AL_HASH	2048

struct hrd_al_tr {
	__le32 magic;
	__le32 n;
	__le64 seq;
	__le32 crc;
	__le32 reserved;
	__le32 ext[(HRD_AL_TR_SIZE - 24) / 4];
} __packed;

/**
 * struct hrd_al_slot - one extent of the activity log
 * @hnode: entry in the extent hash while the extent is usable
 * @ext: the extent number or HRD_AL_NONE
 * @ref: application writes to the extent not yet completed
 * @used: tick of the last use, for the LRU
 */
struct hrd_al_slot {
	struct hlist_node hnode;
	u32 ext;
	u32 ref;
	u64 used;
};

/**
 * struct hrd_al - the activity log of an attached backing device
 * @slots: HRD_AL_EXTENTS slots
 * @hash: extent number -> slot, for usable slots
 * @tick: use counter for the LRU
 * @seq: sequence number of the last transaction written
 * @tr: transaction buffer
 * @wait: hrd_al_begin() waits here for an idle slot
 * @transactions: transactions written since attach
 *
 * All fields but @tr and @seq are protected by res->lock.
 */
struct hrd_al {
	struct hrd_al_slot slots[HRD_AL_EXTENTS];
	struct hlist_head hash[HRD_AL_HASH];
	u64 tick;
	u64 seq;
	struct hrd_al_tr *tr;
	wait_queue_head_t wait;
	u64 transactions;
};

static u32 tr_crc(struct hrd_al_tr *tr)
{
	return hrd_block_crc(tr, sizeof(*tr), &tr->crc);
}

static struct hrd_al_slot *al_find(struct hrd_al *al, u32 ext)
{
	struct hrd_al_slot *s;

	hlist_for_each_entry(s, &al->hash[ext % HRD_AL_HASH], hnode)
		if (s->ext == ext)
			return s;
	return NULL;
}

static sector_t al_sect(struct hrd_backing *b, u64 seq)
{
	return b->al_sect + (seq % HRD_AL_RING) * (HRD_AL_TR_SIZE >> 9);
}

/**
 * hrd_al_read() - set up the activity log from disk
 * @b: backing device with geometry and bitmap read
 * @crashed: the device was Primary at a crash: mark the blocks of every
 *	extent in the log out of sync
 *
 * Context: process context (attach).
 * Return: number of extents in the log on disk, or a negative errno.
 */
int hrd_al_read(struct hrd_backing *b, bool crashed)
{
	struct hrd_al *al;
	u64 best_seq = 0;
	int i, best = -1, ret;
	u32 j, n = 0;

	al = kvzalloc(sizeof(*al), GFP_KERNEL);
	if (!al)
		return -ENOMEM;
	al->tr = kmalloc(sizeof(*al->tr), GFP_KERNEL);
	if (!al->tr) {
		kvfree(al);
		return -ENOMEM;
	}
	init_waitqueue_head(&al->wait);
	for (i = 0; i < HRD_AL_EXTENTS; i++)
		al->slots[i].ext = HRD_AL_NONE;
	b->al = al;
	for (i = 0; i < HRD_AL_RING; i++) {
		ret = hrd_sync_io(b->md_bdev, al_sect(b, i), al->tr,
				  HRD_AL_TR_SIZE, REQ_OP_READ);
		if (ret)
			return ret;
		if (le32_to_cpu(al->tr->magic) != HRD_AL_MAGIC ||
		    le32_to_cpu(al->tr->crc) != tr_crc(al->tr) ||
		    le32_to_cpu(al->tr->n) > HRD_AL_EXTENTS)
			continue;
		if (best < 0 || le64_to_cpu(al->tr->seq) > best_seq) {
			best = i;
			best_seq = le64_to_cpu(al->tr->seq);
		}
	}
	al->seq = best_seq;
	if (best < 0)
		return 0;
	ret = hrd_sync_io(b->md_bdev, al_sect(b, best), al->tr, HRD_AL_TR_SIZE,
			  REQ_OP_READ);
	if (ret)
		return ret;
	n = le32_to_cpu(al->tr->n);
	for (j = 0; crashed && j < n; j++) {
		u64 first = (u64)le32_to_cpu(al->tr->ext[j]) * HRD_AL_EXT_BITS;

		if (first >= b->bm_bits)
			continue;
		bitmap_set(b->bm, first,
			   min_t(u64, HRD_AL_EXT_BITS, b->bm_bits - first));
	}
	return n;
}

/**
 * hrd_al_free() - free the in-memory activity log
 * @b: backing device
 *
 * Context: process context, no I/O in progress.
 */
void hrd_al_free(struct hrd_backing *b)
{
	if (!b->al)
		return;
	kfree(b->al->tr);
	kvfree(b->al);
	b->al = NULL;
}

/* Write the set of extents of every slot as the next transaction. */
static int al_write(struct hrd_resource *res, struct hrd_backing *b)
{
	struct hrd_al *al = b->al;
	u32 i, n = 0;

	memset(al->tr, 0, sizeof(*al->tr));
	spin_lock_irq(&res->lock);
	for (i = 0; i < HRD_AL_EXTENTS; i++)
		if (al->slots[i].ext != HRD_AL_NONE)
			al->tr->ext[n++] = cpu_to_le32(al->slots[i].ext);
	spin_unlock_irq(&res->lock);
	al->tr->magic = cpu_to_le32(HRD_AL_MAGIC);
	al->tr->n = cpu_to_le32(n);
	al->tr->seq = cpu_to_le64(al->seq + 1);
	al->tr->crc = cpu_to_le32(tr_crc(al->tr));
	al->seq++;
	al->transactions++;
	return hrd_sync_io(b->md_bdev, al_sect(b, al->seq), al->tr,
			   HRD_AL_TR_SIZE, REQ_OP_WRITE | REQ_FUA);
}

/**
 * hrd_al_clear() - empty the activity log, in memory and on disk
 * @res: the resource
 * @b: backing device, with no application write in progress
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int hrd_al_clear(struct hrd_resource *res, struct hrd_backing *b)
{
	struct hrd_al *al = b->al;
	u32 i;

	spin_lock_irq(&res->lock);
	for (i = 0; i < HRD_AL_EXTENTS; i++) {
		if (al->slots[i].ext != HRD_AL_NONE && !al->slots[i].ref) {
			hlist_del_init(&al->slots[i].hnode);
			al->slots[i].ext = HRD_AL_NONE;
		}
	}
	spin_unlock_irq(&res->lock);
	return al_write(res, b);
}

/* The bitmap page (4 KiB on disk, 32768 bits) holding extent @ext. */
static int al_write_bm_page(struct hrd_backing *b, u32 ext)
{
	unsigned long first = (unsigned long)ext * HRD_AL_EXT_BITS;
	unsigned long page = first / 32768, nbits;
	u64 *words;
	int i, ret;

	if (first >= b->bm_bits)
		return 0;
	first = page * 32768;
	nbits = min_t(unsigned long, 32768, b->bm_bits - first);
	words = kzalloc(4096, GFP_NOIO);
	if (!words)
		return -ENOMEM;
	bitmap_to_arr64(words, b->bm + first / BITS_PER_LONG, nbits);
	for (i = 0; i < 512; i++)
		words[i] = (__force u64)cpu_to_le64(words[i]);
	ret = hrd_sync_io(b->md_bdev, b->bm_sect + page * 8, words, 4096,
			  REQ_OP_WRITE | REQ_FUA);
	kfree(words);
	return ret;
}

/* Pick the least recently used idle slot; caller holds res->lock. */
static struct hrd_al_slot *al_victim(struct hrd_resource *res,
				     struct hrd_al *al)
{
	struct hrd_al_slot *s, *best = NULL;
	u32 i;

	lockdep_assert_held(&res->lock);
	for (i = 0; i < HRD_AL_EXTENTS; i++) {
		s = &al->slots[i];
		if (s->ext == HRD_AL_NONE)
			return s;
		if (!s->ref && (!best || s->used < best->used))
			best = s;
	}
	return best;
}

/* Claim an idle slot for @ext, out of the hash until its transaction. */
static struct hrd_al_slot *al_claim(struct hrd_resource *res,
				    struct hrd_al *al, u32 ext, u32 *old)
{
	struct hrd_al_slot *s;

	spin_lock_irq(&res->lock);
	s = al_victim(res, al);
	if (s) {
		/* Out of the hash: no new write can use the old extent. */
		*old = s->ext;
		if (*old != HRD_AL_NONE)
			hlist_del_init(&s->hnode);
		s->ext = ext;
		s->ref = 1;
		s->used = ++al->tick;
	}
	spin_unlock_irq(&res->lock);
	return s;
}

/* Make extent @ext usable and take a reference on it. */
static int al_get(struct hrd_resource *res, struct hrd_backing *b, u32 ext)
{
	struct hrd_al *al = b->al;
	struct hrd_al_slot *s;
	u32 old = HRD_AL_NONE;
	int ret;

	spin_lock_irq(&res->lock);
	s = al_find(al, ext);
	if (s) {
		s->ref++;
		s->used = ++al->tick;
		spin_unlock_irq(&res->lock);
		return 0;
	}
	spin_unlock_irq(&res->lock);
	wait_event(al->wait, (s = al_claim(res, al, ext, &old)));
	ret = old != HRD_AL_NONE ? al_write_bm_page(b, old) : 0;
	if (!ret)
		ret = al_write(res, b);
	spin_lock_irq(&res->lock);
	if (ret) {
		s->ext = HRD_AL_NONE;
		s->ref = 0;
	} else {
		hlist_add_head(&s->hnode, &al->hash[ext % HRD_AL_HASH]);
	}
	spin_unlock_irq(&res->lock);
	return ret;
}

static void al_range(sector_t sector, unsigned int size, u32 *first,
		     u32 *last)
{
	*first = sector >> HRD_AL_EXT_SHIFT;
	*last = (sector + (size >> 9) - 1) >> HRD_AL_EXT_SHIFT;
}

/**
 * hrd_al_try() - take the extents of a write if they are all in the log
 * @res: the resource
 * @b: backing device
 * @sector: first sector of the write
 * @size: bytes, not zero
 *
 * Context: caller holds res->lock.
 * Return: true if the write may proceed, false if it must wait for
 * hrd_al_begin().
 */
bool hrd_al_try(struct hrd_resource *res, struct hrd_backing *b,
		sector_t sector, unsigned int size)
{
	struct hrd_al *al = b->al;
	struct hrd_al_slot *s;
	u32 first, last, e;

	lockdep_assert_held(&res->lock);
	al_range(sector, size, &first, &last);
	for (e = first; e <= last; e++)
		if (!al_find(al, e))
			return false;
	for (e = first; e <= last; e++) {
		s = al_find(al, e);
		s->ref++;
		s->used = ++al->tick;
	}
	return true;
}

/**
 * hrd_al_begin() - bring the extents of a write into the log
 * @res: the resource
 * @b: backing device
 * @sector: first sector of the write
 * @size: bytes, not zero
 *
 * Context: process context, the device's defer work; may sleep.
 * Return: 0 with a reference on every extent, or a negative errno with
 * none.
 */
int hrd_al_begin(struct hrd_resource *res, struct hrd_backing *b,
		 sector_t sector, unsigned int size)
{
	u32 first, last, e;
	int ret = 0;

	al_range(sector, size, &first, &last);
	for (e = first; e <= last && !ret; e++)
		ret = al_get(res, b, e);
	if (ret && e - 1 > first) {
		spin_lock_irq(&res->lock);
		hrd_al_put(res, b, (sector_t)first << HRD_AL_EXT_SHIFT,
			   (e - 1 - first) << (HRD_AL_EXT_SHIFT + 9));
		spin_unlock_irq(&res->lock);
	}
	return ret;
}

/**
 * hrd_al_put() - drop the references of a completed write
 * @res: the resource
 * @b: backing device
 * @sector: first sector of the write
 * @size: bytes, not zero
 *
 * Context: caller holds res->lock.
 */
void hrd_al_put(struct hrd_resource *res, struct hrd_backing *b,
		sector_t sector, unsigned int size)
{
	struct hrd_al *al = b->al;
	struct hrd_al_slot *s;
	u32 first, last, e;

	lockdep_assert_held(&res->lock);
	al_range(sector, size, &first, &last);
	for (e = first; e <= last; e++) {
		s = al_find(al, e);
		if (WARN_ON_ONCE(!s || !s->ref))
			continue;
		if (!--s->ref)
			wake_up(&al->wait);
	}
}

/**
 * hrd_al_transactions() - activity log transactions written since attach
 * @b: backing device
 *
 * Context: any context.
 * Return: the count.
 */
u64 hrd_al_transactions(struct hrd_backing *b)
{
	return b->al ? READ_ONCE(b->al->transactions) : 0;
}
