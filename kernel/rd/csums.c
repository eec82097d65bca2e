// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd checksum-based resync (net option csums-alg): blocks that are
 * already equal on both nodes are not sent.
 *
 * halo's resync is driven by the SyncSource, so the SyncSource asks: for
 * each marked 4 KiB block not yet known to differ it reads the block and
 * sends CSUM_RS {sector, size, digest}. The SyncTarget reads its own block
 * and answers on the meta socket: RS_IS_IN_SYNC (the bit is cleared, the
 * size counted in rs_same) or RS_NEED_DATA (the block is noted in
 * res->rs_need; the SyncSource's next pass over the bitmap sends it as
 * RS_DATA). The digest is any hash of the kernel crypto API ("crc32c",
 * "md5", "sha1", ...); both nodes must name the same one (handshake).
 *
 * Lifetime: the hash and rs_need are set up by the worker after the
 * handshake, before the connection threads start, and freed at teardown
 * after they stopped.
 */

#include <crypto/hash.h>
#include <linux/bitmap.h>
#include <linux/slab.h>

#include "hrd.h"
#include "protocol.h"

#define CSUM_MAX_DIGEST 64

/**
 * hrd_csums_check() - is @alg a usable hash of this kernel
 * @alg: the name
 * @ea: extended ack for the reason
 *
 * Context: process context (may load a crypto module).
 * Return: 0 or -ENOENT.
 */
int hrd_csums_check(const char *alg, struct netlink_ext_ack *ea)
{
	struct crypto_shash *tfm;
	int ret = 0;

	tfm = crypto_alloc_shash(alg, 0, 0);
	if (IS_ERR(tfm)) {
		NL_SET_ERR_MSG(ea, "csums-alg: the kernel has no such hash");
		return -ENOENT;
	}
	if (crypto_shash_digestsize(tfm) > CSUM_MAX_DIGEST) {
		NL_SET_ERR_MSG(ea, "csums-alg: digest too long");
		ret = -EINVAL;
	}
	crypto_free_shash(tfm);
	return ret;
}

/**
 * hrd_csums_start() - set up checksum-based resync for a new connection
 * @res: the resource, after a successful handshake
 *
 * Context: the worker.
 * Return: 0 or a negative errno.
 */
int hrd_csums_start(struct hrd_resource *res)
{
	struct hrd_backing *b = res->dev->backing;
	struct crypto_shash *tfm;

	hrd_csums_stop(res);
	/* A Diskless node never resyncs. */
	if (!res->hs.csums_alg[0] || !b)
		return 0;
	tfm = crypto_alloc_shash(res->hs.csums_alg, 0, 0);
	if (IS_ERR(tfm)) {
		pr_err("%s: csums-alg %s not available\n", res->name,
		       res->hs.csums_alg);
		return PTR_ERR(tfm);
	}
	res->rs_need = kvcalloc(BITS_TO_LONGS(b->bm_bits), sizeof(long),
				GFP_KERNEL);
	if (!res->rs_need) {
		crypto_free_shash(tfm);
		return -ENOMEM;
	}
	res->csums = tfm;
	return 0;
}

/**
 * hrd_csums_stop() - free what hrd_csums_start() set up
 * @res: the resource, connection threads stopped
 *
 * Context: the worker.
 */
void hrd_csums_stop(struct hrd_resource *res)
{
	kvfree(res->rs_need);
	res->rs_need = NULL;
	if (res->csums)
		crypto_free_shash(res->csums);
	res->csums = NULL;
}

/**
 * hrd_csums_send() - SyncSource: send the checksum of one marked block
 * @res: the resource
 * @b: its backing device
 * @bit: the block
 * @buf: 4 KiB buffer
 *
 * Context: the worker.
 * Return: 0 or a negative errno.
 */
int hrd_csums_send(struct hrd_resource *res, struct hrd_backing *b,
		   unsigned long bit, void *buf)
{
	sector_t sector = (sector_t)bit << 3;
	unsigned int size = min_t(sector_t, 8, b->md.la_size - sector) << 9;
	unsigned int dlen = crypto_shash_digestsize(res->csums);
	u8 digest[CSUM_MAX_DIGEST];
	int ret;

	ret = hrd_sync_io(b->bdev, sector, buf, size, REQ_OP_READ);
	if (!ret)
		ret = crypto_shash_tfm_digest(res->csums, buf, size, digest);
	if (ret)
		return ret;
	return hrd_rs_send(res, HRD_P_CSUM_RS, sector, size, digest, dlen);
}

/**
 * hrd_csums_request() - SyncTarget: compare a block with the source's digest
 * @res: the resource
 * @len: payload length
 *
 * Context: the receiver.
 * Return: 0 or a negative errno.
 */
int hrd_csums_request(struct hrd_resource *res, u32 len)
{
	struct hrd_device *dev = res->dev;
	struct hrd_backing *b = dev->backing;
	u8 theirs[CSUM_MAX_DIGEST], mine[CSUM_MAX_DIGEST];
	unsigned int dlen;
	struct hrd_p_csum p;
	bool same;
	u64 sector;
	void *buf;
	u32 size;
	int ret;

	if (!res->csums)
		return -EPROTO;
	dlen = crypto_shash_digestsize(res->csums);
	/* The header, then the digest (len - dlen wraps when too short). */
	ret = hrd_recv_payload(res, len - dlen, &p, sizeof(p));
	if (!ret)
		ret = hrd_recv_all(res->data, theirs, dlen);
	if (ret)
		return ret;
	sector = be64_to_cpu(p.sector);
	size = be32_to_cpu(p.size);
	if (!size || size > 4096 || size & 511 ||
	    sector + (size >> 9) > b->usable_sect)
		return -EPROTO;
	buf = kmalloc(4096, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* Compare after the peer's application writes before it landed. */
	wait_event(dev->io_wait, !atomic_read(&dev->peer_app_inflight));
	ret = hrd_sync_io(b->bdev, sector, buf, size, REQ_OP_READ);
	if (!ret)
		ret = crypto_shash_tfm_digest(res->csums, buf, size, mine);
	kfree(buf);
	if (ret)
		return ret;
	same = !memcmp(mine, theirs, dlen);
	hrd_queue_ack(res, same ? HRD_P_RS_IS_IN_SYNC : HRD_P_RS_NEED_DATA,
		      sector, 0, size);
	return 0;
}

/**
 * hrd_csums_result() - SyncSource: the target's answer to a checksum
 * @res: the resource
 * @cmd: HRD_P_RS_IS_IN_SYNC or HRD_P_RS_NEED_DATA
 * @a: the answer
 *
 * Context: the ack receiver.
 */
void hrd_csums_result(struct hrd_resource *res, u16 cmd,
		      const struct hrd_p_ack *a)
{
	struct hrd_backing *b = res->dev->backing;
	u64 bit = be64_to_cpu(a->sector) >> 3;
	u32 size = be32_to_cpu(a->size);

	if (bit < b->bm_bits) {
		if (cmd == HRD_P_RS_IS_IN_SYNC) {
			clear_bit(bit, b->bm);
			atomic64_add(size, &res->dev->stats.rs_same);
		} else if (res->rs_need) {
			set_bit(bit, res->rs_need);
		}
	}
	hrd_rs_answered(res, size, true);
}
