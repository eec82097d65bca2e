// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd reads served by the peer, for a node whose own disk is missing
 * (Diskless: detached, or failed with on-io-error detach) or not up to
 * date (Inconsistent, SyncTarget).
 *
 * The requesting node's worker sends READ_REQ {sector, size, id} on the
 * data socket, in order with the writes queued before it. The serving
 * node's receiver waits until the peer writes it received earlier are on
 * its disk, reads the blocks synchronously and queues the answer on
 * res->replyq; its worker sends READ_REPLY {id, status, size} and the data
 * (none when status is an errno). The requesting node's receiver copies the
 * data into the original bio and completes it (hrd_req_read_reply()). When
 * the connection is lost, reads still waiting for an answer fail with EIO
 * (hrd_tlog_fail()).
 */

#include <linux/slab.h>

#include "hrd.h"
#include "protocol.h"

/**
 * struct hrd_read_reply - an answer to a peer's READ_REQ, waiting to be sent
 * @node: entry in res->replyq
 * @id: the peer's request id
 * @status: 0 or a positive errno
 * @size: bytes in @buf (0 when @status is set)
 * @buf: the data, kvmalloc'ed, or NULL
 */
struct hrd_read_reply {
	struct list_head node;
	u64 id;
	u32 status;
	u32 size;
	void *buf;
};

/**
 * hrd_read_send_req() - ask the peer for blocks
 * @res: the resource
 * @id: the request id the peer answers with
 * @sector: first sector
 * @size: bytes
 *
 * Context: the worker.
 * Return: 0 or a negative errno.
 */
int hrd_read_send_req(struct hrd_resource *res, u64 id, sector_t sector,
		      unsigned int size)
{
	struct hrd_p_read_req p = {
		.sector = cpu_to_be64(sector),
		.id = cpu_to_be64(id),
		.size = cpu_to_be32(size),
	};

	return hrd_send(res, res->data, HRD_P_READ_REQ, &p, sizeof(p), NULL,
			NULL, 0);
}

/* Read the blocks for a reply from the local disk; a positive errno. */
static u32 read_local(struct hrd_device *dev, struct hrd_read_reply *rep,
		      sector_t sector, u32 size)
{
	struct hrd_resource *res = dev->res;
	struct hrd_backing *b;
	u32 status = 0;

	/* Writes received before this request reach the disk first. */
	wait_event(dev->io_wait, !atomic_read(&dev->peer_inflight));
	/* peer_inflight keeps a concurrent DETACH from freeing @b. */
	atomic_inc(&dev->peer_inflight);
	spin_lock_irq(&res->lock);
	b = dev->backing;
	if (!b || b->failed || res->dstate != HALO_RD_DS_UP_TO_DATE ||
	    sector + (size >> 9) > b->usable_sect)
		b = NULL;
	spin_unlock_irq(&res->lock);
	if (!b) {
		status = EIO;
		goto out;
	}
	/* hrd_sync_io() wants whole pages. */
	rep->buf = kvmalloc(round_up(size, PAGE_SIZE), GFP_KERNEL);
	if (!rep->buf) {
		status = ENOMEM;
		goto out;
	}
	if (hrd_sync_io(b->bdev, sector, rep->buf, size, REQ_OP_READ)) {
		status = EIO;
		kvfree(rep->buf);
		rep->buf = NULL;
		goto out;
	}
	atomic64_add(size, &dev->stats.dr);
	rep->size = size;
out:
	atomic_dec(&dev->peer_inflight);
	wake_up(&dev->io_wait);
	return status;
}

/**
 * hrd_read_request() - the peer asks for blocks: read them, queue the reply
 * @res: the resource
 * @len: payload length
 *
 * Context: the receiver.
 * Return: 0 or a negative errno (-EPROTO for a malformed request).
 */
int hrd_read_request(struct hrd_resource *res, u32 len)
{
	struct hrd_read_reply *rep;
	struct hrd_p_read_req p;
	u32 size;
	int ret;

	ret = hrd_recv_payload(res, len, &p, sizeof(p));
	if (ret)
		return ret;
	size = be32_to_cpu(p.size);
	if (!size || size > HRD_MAX_PAYLOAD || size & 511)
		return -EPROTO;
	rep = kzalloc(sizeof(*rep), GFP_KERNEL);
	if (!rep)
		return -ENOMEM;
	rep->id = be64_to_cpu(p.id);
	rep->status = read_local(res->dev, rep, be64_to_cpu(p.sector), size);
	spin_lock_irq(&res->lock);
	list_add_tail(&rep->node, &res->replyq);
	spin_unlock_irq(&res->lock);
	wake_up(&res->work_wait);
	return 0;
}

/**
 * hrd_read_send_replies() - send the queued READ_REPLY packets
 * @res: the resource
 *
 * Context: the worker.
 * Return: 0 or a negative errno.
 */
int hrd_read_send_replies(struct hrd_resource *res)
{
	struct hrd_p_read_reply p;
	struct hrd_read_reply *rep;
	int ret;

	for (;;) {
		spin_lock_irq(&res->lock);
		rep = list_first_entry_or_null(&res->replyq,
					       struct hrd_read_reply, node);
		if (rep)
			list_del(&rep->node);
		spin_unlock_irq(&res->lock);
		if (!rep)
			return 0;
		p.id = cpu_to_be64(rep->id);
		p.status = cpu_to_be32(rep->status);
		p.size = cpu_to_be32(rep->size);
		ret = hrd_send(res, res->data, HRD_P_READ_REPLY, &p, sizeof(p),
			       NULL, rep->buf, rep->size);
		if (!ret)
			atomic64_add(rep->size, &res->dev->stats.ns);
		kvfree(rep->buf);
		kfree(rep);
		if (ret)
			return ret;
	}
}

/**
 * hrd_read_reply() - the answer to one of our READ_REQs
 * @res: the resource
 * @len: payload length
 *
 * Context: the receiver.
 * Return: 0 or a negative errno.
 */
int hrd_read_reply(struct hrd_resource *res, u32 len)
{
	struct hrd_p_read_reply p;
	u32 status, size;
	int ret;

	ret = hrd_recv_head(res, len, &p, sizeof(p));
	if (ret)
		return ret;
	status = be32_to_cpu(p.status);
	size = be32_to_cpu(p.size);
	if (len - sizeof(p) != (status ? 0 : size))
		return -EPROTO;
	return hrd_req_read_reply(res, be64_to_cpu(p.id), status, size);
}

/**
 * hrd_read_flush() - drop the replies not sent when the connection ended
 * @res: the resource, connection threads stopped
 *
 * Context: the worker.
 */
void hrd_read_flush(struct hrd_resource *res)
{
	struct hrd_read_reply *rep, *n;
	LIST_HEAD(list);

	spin_lock_irq(&res->lock);
	list_splice_init(&res->replyq, &list);
	spin_unlock_irq(&res->lock);
	list_for_each_entry_safe(rep, n, &list, node) {
		kvfree(rep->buf);
		kfree(rep);
	}
}
