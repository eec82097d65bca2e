// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd connection threads besides the worker:
 *  - hrd_r_<res>, the receiver: reads the data socket, writes the peer's
 *    data to the local disk, queues acknowledgments;
 *  - hrd_as_<res>, the ack sender: sends queued acknowledgments and
 *    keep-alive pings on the meta socket and declares the peer dead when
 *    a ping is not answered within ping-timeout;
 *  - hrd_ar_<res>, the ack receiver: reads the meta socket and completes
 *    the network part of requests.
 * Each thread parks after a failure until the worker stops it.
 */

#include <linux/bio.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/tcp.h>

#include "hrd.h"
#include "protocol.h"

/**
 * struct hrd_peer_req - a write received from the peer
 * @res: the resource
 * @b: the backing device the bio goes to
 * @bio: the bio to the local disk
 * @sector: first sector
 * @id: the peer's request id
 * @size: bytes
 * @gen: res->conn_gen when received; acks of older connections are dropped
 * @cmd: ack to send when written
 * @rs: a resync write
 */
struct hrd_peer_req {
	struct hrd_resource *res;
	struct hrd_backing *b;
	struct bio *bio;
	u64 sector, id;
	u32 size;
	unsigned int gen;
	u16 cmd;
	bool rs;
};

/**
 * hrd_recv_payload() - receive a packet payload of a fixed size
 * @res: the resource
 * @len: the payload length from the packet header
 * @buf: where it goes
 * @size: the size the packet type has
 *
 * Context: the receiver.
 * Return: 0, -EPROTO when @len is not @size, or a receive error.
 */
int hrd_recv_payload(struct hrd_resource *res, u32 len, void *buf,
		     size_t size)
{
	if (len != size)
		return -EPROTO;
	return hrd_recv_all(res->data, buf, size);
}

/**
 * hrd_recv_head() - receive the fixed-size head of a longer payload
 * @res: the resource
 * @len: the payload length from the packet header
 * @buf: where the head goes
 * @size: the size of the head; the caller receives the rest
 *
 * Context: the receiver.
 * Return: 0, -EPROTO when @len is shorter than @size, or a receive error.
 */
int hrd_recv_head(struct hrd_resource *res, u32 len, void *buf, size_t size)
{
	if (len < size)
		return -EPROTO;
	return hrd_recv_all(res->data, buf, size);
}

static void park(void)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
}

static void peer_bio_free(struct hrd_device *dev, struct bio *bio)
{
	struct bvec_iter_all iter;
	struct bio_vec *bv;

	bio_for_each_segment_all(bv, bio, iter)
		hrd_pool_put(&dev->pool, bv->bv_page);
	bio_put(bio);
}

/*
 * A write from the peer failed on our disk. With on-io-error detach no
 * more I/O goes to it (hrd_backing.failed) and the disk state goes
 * Diskless (fail_work), as for our own writes; the peer marks the block
 * from our NEG_ACK. Any context.
 */
static void peer_io_failed(struct hrd_resource *res, struct hrd_backing *b)
{
	unsigned long flags;
	bool first;

	if (res->on_io_error != HALO_RD_IOE_DETACH)
		return;
	spin_lock_irqsave(&res->lock, flags);
	first = !b->failed;
	b->failed = true;
	spin_unlock_irqrestore(&res->lock, flags);
	if (first)
		schedule_work(&res->dev->fail_work);
}

static void peer_endio(struct bio *bio)
{
	struct hrd_peer_req *pr = bio->bi_private;
	struct hrd_resource *res = pr->res;
	struct hrd_device *dev = res->dev;
	u16 cmd = pr->cmd;

	if (bio->bi_status) {
		/* Acked negatively whatever the protocol: the peer marks it. */
		cmd = HRD_P_NEG_ACK;
		peer_io_failed(res, pr->b);
	}
	if (cmd && READ_ONCE(res->conn_gen) == pr->gen)
		hrd_queue_ack(res, cmd, pr->sector, pr->id, pr->size);
	peer_bio_free(dev, bio);
	atomic_dec(pr->rs ? &dev->peer_rs_inflight : &dev->peer_app_inflight);
	kfree(pr);
	atomic_dec(&dev->peer_inflight);
	wake_up(&dev->io_wait);
}

static struct bio *recv_bio(struct hrd_resource *res, struct hrd_backing *b,
			    u32 size, blk_opf_t opf, int *err)
{
	struct bio *bio;
	u32 done = 0;

	bio = bio_alloc(b->bdev, DIV_ROUND_UP(size, PAGE_SIZE), opf,
			GFP_NOIO);
	while (done < size) {
		u32 n = min_t(u32, size - done, PAGE_SIZE);
		struct page *page = hrd_pool_get(&res->dev->pool);

		if (!page) {
			*err = -ENOMEM;
			goto err;
		}
		__bio_add_page(bio, page, n, 0);
		*err = hrd_recv_all(res->data, page_address(page), n);
		if (*err)
			goto err;
		done += n;
	}
	return bio;
err:
	peer_bio_free(res->dev, bio);
	return NULL;
}

/* Read and drop @len bytes of payload. */
static int recv_discard(struct hrd_resource *res, u32 len)
{
	void *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	while (len && !ret) {
		u32 n = min_t(u32, len, PAGE_SIZE);

		ret = hrd_recv_all(res->data, buf, n);
		len -= n;
	}
	kfree(buf);
	return ret;
}

/* Our disk went away (DETACH) while the write was on its way: refuse it. */
static int recv_data_diskless(struct hrd_resource *res, bool rs,
			      struct hrd_p_data *p, u32 size)
{
	int ret = recv_discard(res, size);

	if (!ret && !rs)
		hrd_queue_ack(res, HRD_P_NEG_ACK, be64_to_cpu(p->sector),
			      be64_to_cpu(p->id), size);
	return ret;
}

/*
 * Write a received block to @b, with peer_inflight raised; return 1 when
 * submitted (peer_endio() drops peer_inflight), else a negative errno.
 */
static int recv_data_submit(struct hrd_resource *res, struct hrd_backing *b,
			    bool rs, struct hrd_p_data *pp, u32 size)
{
	struct hrd_device *dev = res->dev;
	u32 flags = be32_to_cpu(pp->flags);
	blk_opf_t opf = REQ_OP_WRITE;
	struct hrd_peer_req *pr;
	int ret;

	if (flags & HRD_DF_FUA)
		opf |= REQ_FUA;
	if (flags & HRD_DF_PREFLUSH)
		opf |= REQ_PREFLUSH;
	pr = kzalloc(sizeof(*pr), GFP_NOIO);
	if (!pr)
		return -ENOMEM;
	pr->bio = recv_bio(res, b, size, opf, &ret);
	if (!pr->bio) {
		kfree(pr);
		return ret;
	}
	pr->res = res;
	pr->b = b;
	pr->sector = be64_to_cpu(pp->sector);
	pr->id = be64_to_cpu(pp->id);
	pr->size = size;
	pr->gen = READ_ONCE(res->conn_gen);
	pr->bio->bi_iter.bi_sector = pr->sector;
	pr->bio->bi_private = pr;
	pr->bio->bi_end_io = peer_endio;
	/*
	 * Resync writes and application writes are never in flight together,
	 * so resync data never overtakes or races an application write.
	 */
	if (rs) {
		pr->cmd = HRD_P_RS_WRITE_ACK;
		pr->rs = true;
		atomic64_add(size, &dev->stats.rs_recv);
		wait_event(dev->io_wait, !atomic_read(&dev->peer_app_inflight));
		atomic_inc(&dev->peer_rs_inflight);
	} else {
		/* The Primary runs Diskless: its disk misses this write. */
		if (READ_ONCE(res->peer_dstate) == HALO_RD_DS_DISKLESS)
			hrd_bm_set_range(b, pr->sector, size);
		wait_event(dev->io_wait, !atomic_read(&dev->peer_rs_inflight));
		atomic_inc(&dev->peer_app_inflight);
		atomic64_add(size, &dev->stats.nr);
		if (res->nc.protocol == HALO_RD_PROT_B)
			hrd_queue_ack(res, HRD_P_RECV_ACK, pr->sector, pr->id,
				      size);
		else if (res->nc.protocol == HALO_RD_PROT_C)
			pr->cmd = HRD_P_WRITE_ACK;
	}
	if (READ_ONCE(b->failed)) {
		/* Detached after an I/O error: fail it without touching the disk. */
		pr->bio->bi_status = BLK_STS_IOERR;
		bio_endio(pr->bio);
		return 1;
	}
	atomic64_add(size, &dev->stats.dw);
	submit_bio(pr->bio);
	return 1;
}

static int recv_data(struct hrd_resource *res, u16 cmd, u32 len)
{
	struct hrd_device *dev = res->dev;
	struct hrd_backing *b;
	bool rs = cmd == HRD_P_RS_DATA;
	struct hrd_p_data p;
	u32 size;
	int ret;

	ret = hrd_recv_head(res, len, &p, sizeof(p));
	if (ret)
		return ret;
	size = be32_to_cpu(p.size);
	if (size != len - sizeof(p) || size > HRD_MAX_PAYLOAD || size & 511)
		return -EPROTO;
	/* peer_inflight, raised first, keeps DETACH from freeing @b. */
	atomic_inc(&dev->peer_inflight);
	spin_lock_irq(&res->lock);
	b = dev->backing;
	spin_unlock_irq(&res->lock);
	ret = -EPROTO;
	if (!b)
		ret = recv_data_diskless(res, rs, &p, size);
	else if (be64_to_cpu(p.sector) + (size >> 9) <= b->usable_sect)
		ret = recv_data_submit(res, b, rs, &p, size);
	if (ret == 1)
		return 0;
	atomic_dec(&dev->peer_inflight);
	wake_up(&dev->io_wait);
	return ret;
}

static int recv_sync_done(struct hrd_resource *res, u32 len)
{
	struct hrd_device *dev = res->dev;
	struct hrd_backing *b = dev->backing;
	struct hrd_p_uuids pu;
	int i, ret;

	/* A resync never runs towards a Diskless node. */
	if (!b)
		return -EPROTO;
	ret = hrd_recv_payload(res, len, &pu, sizeof(pu));
	if (ret)
		return ret;
	wait_event(dev->io_wait, !atomic_read(&dev->peer_inflight));
	for (i = 0; i < 4; i++)
		b->md.uuid[i] = be64_to_cpu(pu.uuid[i]);
	b->md.uuid[HRD_UUID_BITMAP] = 0;
	b->md.flags |= HALO_RD_MDF_CONSISTENT | HALO_RD_MDF_WAS_UP_TO_DATE;
	b->md.flags &= ~HALO_RD_MDF_CRASHED_PRIMARY;
	bitmap_zero(b->bm, b->bm_bits);
	hrd_bm_write(b);
	hrd_md_write(b);
	/*
	 * Tell the SyncSource we are UpToDate: a STATE queued before the
	 * handshake (a role change while StandAlone) went out saying
	 * Inconsistent and may have reached it after its own resync end.
	 */
	spin_lock_irq(&res->lock);
	res->peer_dstate = HALO_RD_DS_UP_TO_DATE;
	res->send_state = true;
	spin_unlock_irq(&res->lock);
	hrd_set_dstate(res, HALO_RD_DS_UP_TO_DATE);
	hrd_set_cstate(res, HALO_RD_CS_CONNECTED);
	wake_up(&res->work_wait);
	pr_info("%s: resync done (SyncTarget)\n", res->name);
	return 0;
}

static int recv_sync_start(struct hrd_resource *res, u32 len)
{
	struct hrd_backing *b = res->dev->backing;
	struct hrd_p_uuids pu;
	int ret;

	if (!b)
		return -EPROTO;
	ret = hrd_recv_payload(res, len, &pu, sizeof(pu));
	if (ret)
		return ret;
	b->md.flags &= ~HALO_RD_MDF_CONSISTENT;
	hrd_md_write(b);
	spin_lock_irq(&res->lock);
	res->peer_dstate = HALO_RD_DS_UP_TO_DATE;
	spin_unlock_irq(&res->lock);
	hrd_set_dstate(res, HALO_RD_DS_INCONSISTENT);
	hrd_set_cstate(res, HALO_RD_CS_SYNC_TARGET);
	return 0;
}

static int recv_state(struct hrd_resource *res, u32 len)
{
	struct hrd_p_state ps;
	bool lost;
	int ret;

	ret = hrd_recv_payload(res, len, &ps, sizeof(ps));
	if (ret)
		return ret;
	spin_lock_irq(&res->lock);
	res->peer_role = be32_to_cpu(ps.role);
	lost = res->peer_dstate != HALO_RD_DS_DISKLESS &&
	       be32_to_cpu(ps.dstate) == HALO_RD_DS_DISKLESS;
	if (be32_to_cpu(ps.dstate) < __HALO_RD_DS_LAST &&
	    res->cstate != HALO_RD_CS_SYNC_SOURCE &&
	    res->cstate != HALO_RD_CS_PAUSED_SYNC_S)
		res->peer_dstate = be32_to_cpu(ps.dstate);
	spin_unlock_irq(&res->lock);
	/*
	 * The peer lost its disk while connected: a new data generation
	 * starts here, and the writes from now on are marked, so that the
	 * peer's disk, when attached again, is the SyncTarget of a bitmap
	 * resync.
	 */
	if (lost && res->dev && res->dev->backing) {
		res->uuid_fresh = false;
		hrd_new_current_uuid(res);
	}
	hrd_notify(res);
	return 0;
}

/**
 * hrd_receiver() - the receiver thread: the data socket
 * @arg: the resource
 *
 * Context: kthread.
 * Return: 0.
 */
int hrd_receiver(void *arg)
{
	struct hrd_resource *res = arg;
	struct hrd_p_header h;
	int ret;

	while (!kthread_should_stop()) {
		ret = hrd_recv_all(res->data, &h, sizeof(h));
		if (!ret && be32_to_cpu(h.magic) != HRD_MAGIC)
			ret = -EPROTO;
		if (ret)
			break;
		switch (be16_to_cpu(h.cmd)) {
		case HRD_P_DATA:
		case HRD_P_RS_DATA:
			ret = recv_data(res, be16_to_cpu(h.cmd),
					be32_to_cpu(h.len));
			break;
		case HRD_P_STATE:
			ret = recv_state(res, be32_to_cpu(h.len));
			break;
		case HRD_P_SYNC_START:
			ret = recv_sync_start(res, be32_to_cpu(h.len));
			break;
		case HRD_P_SYNC_DONE:
			ret = recv_sync_done(res, be32_to_cpu(h.len));
			break;
		case HRD_P_OV_START:
		case HRD_P_OV_DONE:
			ret = be32_to_cpu(h.len) ? -EPROTO : 0;
			hrd_set_cstate(res, be16_to_cpu(h.cmd) == HRD_P_OV_START ?
				       HALO_RD_CS_VERIFY_T : HALO_RD_CS_CONNECTED);
			break;
		case HRD_P_SYNC_PAUSE:
			ret = hrd_recv_pause(res, be32_to_cpu(h.len));
			break;
		case HRD_P_NET_UPDATE:
			ret = hrd_recv_net_update(res, be32_to_cpu(h.len));
			break;
		case HRD_P_OV_REQUEST:
			ret = hrd_verify_request(res, be32_to_cpu(h.len));
			break;
		case HRD_P_CSUM_RS:
			ret = hrd_csums_request(res, be32_to_cpu(h.len));
			break;
		case HRD_P_READ_REQ:
			ret = hrd_read_request(res, be32_to_cpu(h.len));
			break;
		case HRD_P_READ_REPLY:
			ret = hrd_read_reply(res, be32_to_cpu(h.len));
			break;
		default:
			ret = -EPROTO;
		}
		if (ret)
			break;
	}
	hrd_conn_fail(res, ret == -EPROTO ? "protocol error" :
		      "receive failed");
	park();
	return 0;
}

static bool as_has_work(struct hrd_resource *res)
{
	bool work;

	spin_lock_irq(&res->lock);
	work = !list_empty(&res->ackq) || res->send_ping_ack || res->failed;
	spin_unlock_irq(&res->lock);
	return work || kthread_should_stop();
}

static int as_send_acks(struct hrd_resource *res)
{
	struct hrd_ack *a;
	bool ping_ack;
	int ret = 0;

	for (;;) {
		spin_lock_irq(&res->lock);
		a = list_first_entry_or_null(&res->ackq, struct hrd_ack, node);
		if (a)
			list_del(&a->node);
		ping_ack = !a && res->send_ping_ack;
		if (ping_ack)
			res->send_ping_ack = false;
		spin_unlock_irq(&res->lock);
		if (ping_ack)
			return hrd_send(res, res->meta, HRD_P_PING_ACK, NULL, 0,
					NULL, NULL, 0);
		if (!a)
			return 0;
		ret = hrd_send(res, res->meta, a->cmd, &a->p, sizeof(a->p),
			       NULL, NULL, 0);
		kfree(a);
		if (ret)
			return ret;
	}
}

/*
 * ko-count: a peer that answers pings but does not finish a request (its
 * disk hangs, or its receiver stopped reading) would stall our writers for
 * ever; after ko-count x timeout we give up on it. Its blocks go out of
 * sync and the writers complete; the next connection resyncs them.
 */
static bool peer_knocked_out(struct hrd_resource *res)
{
	unsigned long ko = READ_ONCE(res->nc.ko_count);

	return ko && hrd_req_net_wait(res) >
		     ko * READ_ONCE(res->nc.timeout) * HZ / 10;
}

/**
 * hrd_asender() - the ack sender thread: the meta socket, sending side
 * @arg: the resource
 *
 * Context: kthread.
 * Return: 0.
 */
int hrd_asender(void *arg)
{
	struct hrd_resource *res = arg;
	unsigned long last_ping = jiffies, last_ko = jiffies;
	int ret = 0;

	while (!kthread_should_stop() && !READ_ONCE(res->failed)) {
		wait_event_interruptible_timeout(res->ack_wait,
						 as_has_work(res), HZ / 10);
		/* Acks queued together leave in as few segments as fit. */
		tcp_sock_set_cork(res->meta->sk, true);
		ret = as_send_acks(res);
		tcp_sock_set_cork(res->meta->sk, false);
		if (ret)
			break;
		if (!res->ping_pending &&
		    time_after(jiffies, last_ping + res->nc.ping_int * HZ)) {
			last_ping = jiffies;
			res->ping_sent = jiffies;
			WRITE_ONCE(res->ping_pending, true);
			ret = hrd_send(res, res->meta, HRD_P_PING, NULL, 0,
				       NULL, NULL, 0);
			if (ret)
				break;
		}
		if (READ_ONCE(res->ping_pending) &&
		    time_after(jiffies, res->ping_sent +
			       res->nc.ping_timeout * HZ / 10)) {
			hrd_conn_fail(res, "PingAck did not arrive in time");
			break;
		}
		/* Every 0.1 s, not at every batch of acks it sends. */
		if (!time_after(jiffies, last_ko + HZ / 10))
			continue;
		last_ko = jiffies;
		if (peer_knocked_out(res)) {
			hrd_conn_fail(res, "request not finished within ko-count * timeout");
			break;
		}
	}
	if (ret)
		hrd_conn_fail(res, "ack send failed");
	park();
	return 0;
}

static void ar_rs_ack(struct hrd_resource *res, struct hrd_p_ack *a)
{
	struct hrd_backing *b = res->dev->backing;
	u64 bit = be64_to_cpu(a->sector) >> 3;
	u64 end = bit + DIV_ROUND_UP(be32_to_cpu(a->size), 4096);

	for (; bit < end && bit < b->bm_bits; bit++)
		clear_bit(bit, b->bm);
	atomic64_add(be32_to_cpu(a->size), &res->dev->stats.rs_sent);
	hrd_rs_answered(res, be32_to_cpu(a->size), true);
}

/**
 * hrd_areceiver() - the ack receiver thread: the meta socket, receiving
 * @arg: the resource
 *
 * Context: kthread.
 * Return: 0.
 */
int hrd_areceiver(void *arg)
{
	struct hrd_resource *res = arg;
	struct hrd_p_header h;
	struct hrd_p_ack a;
	u16 cmd;
	int ret;

	while (!kthread_should_stop()) {
		ret = hrd_recv_all(res->meta, &h, sizeof(h));
		if (!ret && be32_to_cpu(h.magic) != HRD_MAGIC)
			ret = -EPROTO;
		if (ret)
			break;
		cmd = be16_to_cpu(h.cmd);
		if (cmd == HRD_P_PING || cmd == HRD_P_PING_ACK) {
			if (cmd == HRD_P_PING_ACK) {
				WRITE_ONCE(res->ping_pending, false);
				continue;
			}
			spin_lock_irq(&res->lock);
			res->send_ping_ack = true;
			spin_unlock_irq(&res->lock);
			wake_up(&res->ack_wait);
			continue;
		}
		ret = -EPROTO;
		if (be32_to_cpu(h.len) != sizeof(a))
			break;
		ret = hrd_recv_all(res->meta, &a, sizeof(a));
		if (ret)
			break;
		if (cmd == HRD_P_RS_WRITE_ACK)
			ar_rs_ack(res, &a);
		else if (cmd == HRD_P_OV_RESULT)
			hrd_verify_result(res, &a);
		else if (cmd == HRD_P_NEG_ACK)
			hrd_req_neg_ack(res, &a);
		else if (cmd == HRD_P_RS_IS_IN_SYNC ||
			 cmd == HRD_P_RS_NEED_DATA)
			hrd_csums_result(res, cmd, &a);
		else if (cmd == HRD_P_RECV_ACK || cmd == HRD_P_WRITE_ACK)
			hrd_req_net_done(res, be64_to_cpu(a.id),
					 cmd != HRD_P_NEG_ACK);
		else
			break;
	}
	hrd_conn_fail(res, ret == -EPROTO ? "protocol error on meta socket" :
		      "meta receive failed");
	park();
	return 0;
}
