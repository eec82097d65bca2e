// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd peer connection: kernel TCP sockets in the namespace that
 * configured the resource, the worker thread that connects, hands
 * shake, sends application writes and resync data, and tears the
 * connection down again.
 *
 * Of the two nodes, the one whose local address compares greater listens
 * and accepts two sockets; the other connects them. Each socket starts
 * with HELLO naming it data or meta. Every socket has one sending thread
 * (data: the worker; meta: the ack sender) and one receiving thread
 * (data: the receiver; meta: the ack receiver).
 */

#include <linux/bio.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "hrd.h"
#include "protocol.h"

/*
 * What a send on a connection's socket returned: the bytes sent (> 0), 0
 * to try again (its send timeout passed, the connection still stands), or
 * a negative errno.
 */
static int sent_or_retry(struct hrd_resource *res, int ret)
{
	if (ret == -EAGAIN)
		return READ_ONCE(res->failed) || kthread_should_stop() ?
		       -EINTR : 0;
	return ret ? ret : -EPIPE;
}

static int send_buf(struct hrd_resource *res, struct socket *sock,
		    const void *buf, size_t len, bool more)
{
	size_t off = 0;
	int ret;

	while (off < len) {
		struct kvec iov = { (void *)buf + off, len - off };
		struct msghdr msg = {
			.msg_flags = MSG_NOSIGNAL | (more ? MSG_MORE : 0),
		};

		ret = sent_or_retry(res, kernel_sendmsg(sock, &msg, &iov, 1,
							iov.iov_len));
		if (ret < 0)
			return ret;
		off += ret;
	}
	return 0;
}

/* Pass @len bytes of @page to TCP by reference (no copy). */
static int send_page(struct hrd_resource *res, struct socket *sock,
		     struct page *page, unsigned int off, unsigned int len,
		     bool more)
{
	int flags = MSG_NOSIGNAL | (more ? MSG_MORE : 0);
	int ret;

	while (len) {
		ret = sent_or_retry(res, kernel_sendpage(sock, page, off, len,
							 flags));
		if (ret < 0)
			return ret;
		off += ret;
		len -= ret;
	}
	return 0;
}

/*
 * Send @dlen bytes from @bio's pages, copied or (@zc) by reference; a page
 * TCP may not hold (slab memory, say from a file system's kmalloc'ed
 * buffer) is copied all the same.
 */
static int send_bio(struct hrd_resource *res, struct socket *sock,
		    struct bio *bio, unsigned int dlen, bool zc)
{
	struct bvec_iter iter = bio->bi_iter;
	struct bio_vec bv;
	int ret;

	/*
	 * Once the last byte is out the peer may acknowledge it and the bio
	 * may complete and go away: do not look at the bio after that.
	 * MSG_MORE on all but the last segment: with MSG_MORE on the last
	 * one TCP keeps the tail of the packet back until its next push,
	 * which is the peer's delayed ACK (~40 ms) when nothing follows.
	 */
	while (dlen) {
		void *p;

		bv = bio_iter_iovec(bio, iter);
		if (zc && sendpage_ok(bv.bv_page)) {
			ret = send_page(res, sock, bv.bv_page, bv.bv_offset,
					bv.bv_len, dlen > bv.bv_len);
		} else {
			p = kmap_local_page(bv.bv_page);
			ret = send_buf(res, sock, p + bv.bv_offset, bv.bv_len,
				       dlen > bv.bv_len);
			kunmap_local(p);
		}
		if (ret)
			return ret;
		dlen -= bv.bv_len;
		if (dlen)
			bio_advance_iter_single(bio, &iter, bv.bv_len);
	}
	return 0;
}

static int send_packet(struct hrd_resource *res, struct socket *sock,
		       u16 cmd, const void *hdr, unsigned int hlen,
		       struct bio *bio, const void *data, unsigned int dlen,
		       bool zc)
{
	struct hrd_p_header h = {
		.magic = cpu_to_be32(HRD_MAGIC),
		.cmd = cpu_to_be16(cmd),
		.len = cpu_to_be32(hlen + dlen),
	};
	int ret;

	ret = send_buf(res, sock, &h, sizeof(h), hlen + dlen);
	if (!ret && hlen)
		ret = send_buf(res, sock, hdr, hlen, dlen);
	if (ret || !dlen)
		return ret;
	if (!bio)
		return send_buf(res, sock, data, dlen, false);
	return send_bio(res, sock, bio, dlen, zc);
}

/**
 * hrd_send() - send one packet
 * @res: the resource
 * @sock: data or meta socket, used by the calling thread only
 * @cmd: enum hrd_packet
 * @hdr: the command's fixed part
 * @hlen: its length
 * @bio: payload from the pages of this bio, or NULL
 * @data: payload buffer when @bio is NULL
 * @dlen: payload length
 *
 * Context: a thread of the connection.
 * Return: 0 or a negative errno.
 */
int hrd_send(struct hrd_resource *res, struct socket *sock, u16 cmd,
	     const void *hdr, unsigned int hlen, struct bio *bio,
	     const void *data, unsigned int dlen)
{
	return send_packet(res, sock, cmd, hdr, hlen, bio, data, dlen, false);
}

/**
 * hrd_send_zc() - send one packet, its payload pages by reference
 * @res: the resource
 * @sock: data or meta socket, used by the calling thread only
 * @cmd: enum hrd_packet
 * @hdr: the command's fixed part
 * @hlen: its length
 * @bio: the payload: the pages of this bio
 * @dlen: payload length
 *
 * As hrd_send(), but TCP takes references on @bio's pages instead of
 * copying them, and keeps them until the peer has acknowledged the data:
 * their content must not change before the peer has it. A resync page is
 * never written again; an application write of protocol B or C completes
 * only after the peer's acknowledgment. The caller may drop its own
 * references once this returns.
 *
 * Context: a thread of the connection.
 * Return: 0 or a negative errno.
 */
int hrd_send_zc(struct hrd_resource *res, struct socket *sock, u16 cmd,
		const void *hdr, unsigned int hlen, struct bio *bio,
		unsigned int dlen)
{
	return send_packet(res, sock, cmd, hdr, hlen, bio, NULL, dlen, true);
}

/**
 * hrd_recv_all() - receive exactly @len bytes
 * @sock: the socket
 * @buf: destination
 * @len: bytes
 *
 * Context: a thread of the connection.
 * Return: 0 or a negative errno (-ECONNRESET when the peer closed).
 */
int hrd_recv_all(struct socket *sock, void *buf, size_t len)
{
	size_t off = 0;
	int ret;

	while (off < len) {
		struct kvec iov = { buf + off, len - off };
		struct msghdr msg = { .msg_flags = MSG_WAITALL | MSG_NOSIGNAL };

		ret = kernel_recvmsg(sock, &msg, &iov, 1, iov.iov_len,
				     msg.msg_flags);
		if (ret <= 0)
			return ret ? ret : -ECONNRESET;
		off += ret;
	}
	return 0;
}

/**
 * hrd_conn_fail() - note that the connection failed
 * @res: the resource
 * @why: reason for the kernel log
 *
 * The worker tears the connection down.
 *
 * Context: any thread of the connection.
 */
void hrd_conn_fail(struct hrd_resource *res, const char *why)
{
	unsigned long flags;
	bool first;

	spin_lock_irqsave(&res->lock, flags);
	first = !res->failed;
	res->failed = true;
	spin_unlock_irqrestore(&res->lock, flags);
	if (first)
		pr_info("%s: connection lost: %s\n", res->name, why);
	wake_up(&res->work_wait);
	wake_up(&res->ack_wait);
}

/**
 * hrd_queue_ack() - queue an acknowledgment for the ack sender
 * @res: the resource
 * @cmd: enum hrd_packet
 * @sector: first sector
 * @id: the peer's request id
 * @size: bytes
 *
 * Context: any context (bio completion).
 */
void hrd_queue_ack(struct hrd_resource *res, u16 cmd, u64 sector, u64 id,
		   u32 size)
{
	struct hrd_ack *a;
	unsigned long flags;

	a = kmalloc(sizeof(*a), GFP_ATOMIC);
	if (!a) {
		hrd_conn_fail(res, "out of memory for an ack");
		return;
	}
	a->cmd = cmd;
	a->p.sector = cpu_to_be64(sector);
	a->p.id = cpu_to_be64(id);
	a->p.size = cpu_to_be32(size);
	a->p.pad = 0;
	spin_lock_irqsave(&res->lock, flags);
	list_add_tail(&a->node, &res->ackq);
	spin_unlock_irqrestore(&res->lock, flags);
	wake_up(&res->ack_wait);
}

static void sock_setup(struct socket *sock, long tmo)
{
	sock->sk->sk_sndtimeo = HZ;
	sock->sk->sk_rcvtimeo = tmo;
	tcp_sock_set_nodelay(sock->sk);
}

static int conn_dial(struct hrd_resource *res, struct socket **out, u32 which)
{
	struct hrd_netconf *nc = &res->nc;
	struct sockaddr_storage local = nc->local;
	struct hrd_p_hello hello = { .which = cpu_to_be32(which) };
	struct socket *sock;
	int ret;

	ret = sock_create_kern(res->net, nc->peer.ss_family, SOCK_STREAM,
			       IPPROTO_TCP, &sock);
	if (ret)
		return ret;
	sock_setup(sock, nc->timeout * HZ / 10);
	sock->sk->sk_sndtimeo = nc->timeout * HZ / 10;
	if (local.ss_family == AF_INET)
		((struct sockaddr_in *)&local)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&local)->sin6_port = 0;
	ret = kernel_bind(sock, (struct sockaddr *)&local, nc->addrlen);
	if (!ret)
		ret = kernel_connect(sock, (struct sockaddr *)&nc->peer,
				     nc->addrlen, 0);
	if (!ret) {
		sock->sk->sk_sndtimeo = HZ;
		ret = hrd_send(res, sock, HRD_P_HELLO, &hello, sizeof(hello),
			       NULL, NULL, 0);
	}
	if (ret) {
		sock_release(sock);
		return ret;
	}
	*out = sock;
	return 0;
}

static int conn_accept(struct hrd_resource *res, struct socket *listen)
{
	struct hrd_p_header h;
	struct hrd_p_hello hello;
	struct socket *sock;
	int ret;

	ret = kernel_accept(listen, &sock, 0);
	if (ret)
		return ret;
	sock_setup(sock, res->nc.timeout * HZ / 10);
	ret = hrd_recv_all(sock, &h, sizeof(h));
	if (!ret && (be32_to_cpu(h.magic) != HRD_MAGIC ||
		     be16_to_cpu(h.cmd) != HRD_P_HELLO ||
		     be32_to_cpu(h.len) != sizeof(hello)))
		ret = -EPROTO;
	if (!ret)
		ret = hrd_recv_all(sock, &hello, sizeof(hello));
	if (ret)
		goto drop;
	if (be32_to_cpu(hello.which) == HRD_SOCK_DATA && !res->data) {
		res->data = sock;
		return 0;
	}
	if (be32_to_cpu(hello.which) == HRD_SOCK_META && !res->meta) {
		res->meta = sock;
		return 0;
	}
drop:
	sock_release(sock);
	return ret ? ret : -EPROTO;
}

static int conn_listen(struct hrd_resource *res)
{
	struct hrd_netconf *nc = &res->nc;
	struct socket *listen;
	int ret;

	ret = sock_create_kern(res->net, nc->local.ss_family, SOCK_STREAM,
			       IPPROTO_TCP, &listen);
	if (ret)
		return ret;
	sock_set_reuseaddr(listen->sk);
	listen->sk->sk_rcvtimeo = HZ;
	ret = kernel_bind(listen, (struct sockaddr *)&nc->local, nc->addrlen);
	if (!ret)
		ret = kernel_listen(listen, 4);
	while (!ret && !(res->data && res->meta)) {
		if (kthread_should_stop()) {
			ret = -EINTR;
			break;
		}
		ret = conn_accept(res, listen);
		if (ret == -EAGAIN || ret == -EPROTO || ret == -ECONNRESET)
			ret = 0;
	}
	sock_release(listen);
	return ret;
}

static void conn_release(struct hrd_resource *res)
{
	if (res->data)
		sock_release(res->data);
	if (res->meta)
		sock_release(res->meta);
	res->data = NULL;
	res->meta = NULL;
}

/* Both sockets, or an error; the caller retries after connect-int. */
static int conn_establish(struct hrd_resource *res)
{
	struct hrd_netconf *nc = &res->nc;
	int ret;

	if (memcmp(&nc->local, &nc->peer, nc->addrlen) > 0) {
		ret = conn_listen(res);
	} else {
		ret = conn_dial(res, &res->data, HRD_SOCK_DATA);
		if (!ret)
			ret = conn_dial(res, &res->meta, HRD_SOCK_META);
	}
	if (ret)
		conn_release(res);
	return ret;
}

static void conn_stop_threads(struct hrd_resource *res)
{
	struct task_struct **t[] = {
		&res->receiver, &res->asender, &res->areceiver
	};
	int i;

	spin_lock_irq(&res->lock);
	res->failed = true;
	spin_unlock_irq(&res->lock);
	if (res->data)
		kernel_sock_shutdown(res->data, SHUT_RDWR);
	if (res->meta)
		kernel_sock_shutdown(res->meta, SHUT_RDWR);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		if (*t[i])
			kthread_stop(*t[i]);
		*t[i] = NULL;
	}
}

static int conn_start_threads(struct hrd_resource *res)
{
	res->data->sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	res->meta->sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	res->receiver = kthread_run(hrd_receiver, res, "hrd_r_%s", res->name);
	if (IS_ERR(res->receiver))
		goto err;
	res->asender = kthread_run(hrd_asender, res, "hrd_as_%s", res->name);
	if (IS_ERR(res->asender))
		goto err;
	res->areceiver = kthread_run(hrd_areceiver, res, "hrd_ar_%s",
				     res->name);
	if (IS_ERR(res->areceiver))
		goto err;
	return 0;
err:
	if (IS_ERR(res->receiver))
		res->receiver = NULL;
	if (IS_ERR(res->asender))
		res->asender = NULL;
	if (IS_ERR(res->areceiver))
		res->areceiver = NULL;
	return -ENOMEM;
}

static void conn_teardown(struct hrd_resource *res, u8 next)
{
	struct list_head acks;
	struct list_head *p, *n;
	bool was_primary;

	if (hrd_connected(res->cstate) ||
	    res->cstate == HALO_RD_CS_WF_REPORT_PARAMS)
		hrd_set_cstate(res, next == HALO_RD_CS_STANDALONE ?
			       HALO_RD_CS_DISCONNECTING :
			       HALO_RD_CS_NETWORK_FAILURE);
	conn_stop_threads(res);
	conn_release(res);
	INIT_LIST_HEAD(&acks);
	spin_lock_irq(&res->lock);
	res->conn_gen++;
	list_splice_init(&res->ackq, &acks);
	res->rs_inflight = 0;
	res->rs_cursor = 0;
	res->ping_pending = false;
	res->send_ping_ack = false;
	was_primary = res->role == HALO_RD_ROLE_PRIMARY;
	spin_unlock_irq(&res->lock);
	list_for_each_safe(p, n, &acks)
		kfree(p);
	hrd_tlog_fail(res);
	hrd_csums_stop(res);
	hrd_read_flush(res);
	/* Idle until the next connection: give the pooled pages back. */
	if (res->dev)
		hrd_pool_drain(&res->dev->pool);
	if (res->dev && res->dev->backing) {
		u64 *uuid = res->dev->backing->md.uuid;
		bool no_bm_uuid = !uuid[HRD_UUID_BITMAP];

		if (was_primary)
			hrd_new_current_uuid(res);
		/* Primary when the peer went away: after_sb.c's older one. */
		if (was_primary && no_bm_uuid && uuid[HRD_UUID_BITMAP])
			uuid[HRD_UUID_BITMAP] |= 1;
		hrd_bm_write(res->dev->backing);
		hrd_md_write(res->dev->backing);
	}
	spin_lock_irq(&res->lock);
	res->failed = false;
	spin_unlock_irq(&res->lock);
	if (res->cstate == HALO_RD_CS_WF_CONNECTION &&
	    next == HALO_RD_CS_STANDALONE)
		hrd_set_cstate(res, HALO_RD_CS_DISCONNECTING);
	hrd_set_cstate(res, next);
}

static bool worker_has_work(struct hrd_resource *res)
{
	bool work;

	spin_lock_irq(&res->lock);
	work = res->failed || !list_empty(&res->sendq) || res->send_state ||
	       res->send_net_update ||
	       !list_empty(&res->replyq) ||
	       res->send_sync_start || res->send_ov_start || res->send_isp ||
	       ((res->cstate == HALO_RD_CS_SYNC_SOURCE ||
		 res->cstate == HALO_RD_CS_VERIFY_S) && !res->rs_idle &&
		 res->rs_inflight <= HRD_RS_RESUME);
	spin_unlock_irq(&res->lock);
	return work || kthread_should_stop();
}

static int worker_send_data(struct hrd_resource *res)
{
	struct hrd_p_data p;
	unsigned int size;
	sector_t sector;
	blk_opf_t opf;
	struct bio *bio;
	u64 id;
	int ret;

	while ((bio = hrd_req_next_send(res, &id, &sector, &size, &opf))) {
		if (bio_op(bio) == REQ_OP_READ) {
			ret = hrd_read_send_req(res, id, sector, size);
			if (ret)
				return ret;
			continue;
		}
		p.sector = cpu_to_be64(sector);
		p.id = cpu_to_be64(id);
		p.size = cpu_to_be32(size);
		p.flags = cpu_to_be32(((opf & REQ_FUA) ? HRD_DF_FUA : 0) |
				      ((opf & REQ_PREFLUSH) ? HRD_DF_PREFLUSH : 0));
		/*
		 * Protocol A completes the write once it is sent, and the
		 * writer may then reuse its pages: copy them. B and C hold
		 * the write until the peer has it, so TCP may take the pages
		 * by reference (as DRBD does).
		 */
		if (res->nc.protocol == HALO_RD_PROT_A) {
			ret = hrd_send(res, res->data, HRD_P_DATA, &p,
				       sizeof(p), bio, NULL, size);
			if (!ret)
				hrd_req_net_done(res, id, true);
		} else {
			ret = hrd_send_zc(res, res->data, HRD_P_DATA, &p,
					  sizeof(p), bio, size);
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int worker_send_flags(struct hrd_resource *res)
{
	struct hrd_backing *b = res->dev ? res->dev->backing : NULL;
	bool state, sync, ov, isp, net;
	struct hrd_p_net_update pn;
	struct hrd_p_pause pp;
	struct hrd_p_state ps;
	struct hrd_p_uuids pu;
	int i, ret = 0;

	spin_lock_irq(&res->lock);
	state = res->send_state;
	sync = res->send_sync_start;
	res->send_state = false;
	res->send_sync_start = false;
	ov = res->send_ov_start;
	res->send_ov_start = false;
	ps.role = cpu_to_be32(res->role);
	ps.dstate = cpu_to_be32(res->dstate);
	isp = res->send_isp;
	res->send_isp = false;
	pp.paused = cpu_to_be32(res->user_isp);
	net = res->send_net_update;
	res->send_net_update = false;
	pn.flags = cpu_to_be32(res->nc.flags & HALO_RD_F_TWO_PRIMARIES ?
			       HRD_HS_TWO_PRIMARIES : 0);
	spin_unlock_irq(&res->lock);
	if (state)
		ret = hrd_send(res, res->data, HRD_P_STATE, &ps, sizeof(ps),
			       NULL, NULL, 0);
	if (!ret && sync && b) {
		for (i = 0; i < 4; i++)
			pu.uuid[i] = cpu_to_be64(b->md.uuid[i]);
		ret = hrd_send(res, res->data, HRD_P_SYNC_START, &pu,
			       sizeof(pu), NULL, NULL, 0);
	}
	if (!ret && ov)
		ret = hrd_send(res, res->data, HRD_P_OV_START, NULL, 0, NULL,
			       NULL, 0);
	if (!ret && isp)
		ret = hrd_send(res, res->data, HRD_P_SYNC_PAUSE, &pp, sizeof(pp),
			       NULL, NULL, 0);
	if (!ret && net)
		ret = hrd_send(res, res->data, HRD_P_NET_UPDATE, &pn, sizeof(pn),
			       NULL, NULL, 0);
	return ret;
}

/* One connection attempt; false when the worker should stop trying. */
static bool worker_connect(struct hrd_resource *res)
{
	int ret;

	hrd_set_cstate(res, HALO_RD_CS_WF_CONNECTION);
	ret = conn_establish(res);
	if (ret) {
		wait_event_interruptible_timeout(res->work_wait,
						 kthread_should_stop(),
						 res->nc.connect_int * HZ);
		return true;
	}
	hrd_set_cstate(res, HALO_RD_CS_WF_REPORT_PARAMS);
	ret = hrd_handshake(res);
	if (ret == -EPERM || ret == -EPROTO) {
		conn_teardown(res, HALO_RD_CS_STANDALONE);
		return false;
	}
	if (!ret)
		ret = conn_start_threads(res);
	if (ret)
		conn_teardown(res, HALO_RD_CS_WF_CONNECTION);
	return true;
}

static int hrd_worker(void *arg)
{
	struct hrd_resource *res = arg;
	bool trying = true;

	while (!kthread_should_stop()) {
		if (!res->data) {
			if (trying)
				trying = worker_connect(res);
			else
				wait_event_interruptible(res->work_wait,
							 kthread_should_stop());
			continue;
		}
		wait_event_interruptible_timeout(res->work_wait,
						 worker_has_work(res),
						 hrd_rs_ctl_wait(res));
		if (READ_ONCE(res->failed)) {
			conn_teardown(res, HALO_RD_CS_WF_CONNECTION);
			continue;
		}
		/*
		 * Corked while it sends what is queued, so that the packets
		 * of a batch (4 KiB writes at a queue depth of 16, say) share
		 * segments; uncorking pushes the last one out at once.
		 */
		tcp_sock_set_cork(res->data->sk, true);
		if (worker_send_flags(res) || worker_send_data(res) ||
		    hrd_read_send_replies(res)) {
			hrd_conn_fail(res, "send failed");
			continue;
		}
		if (res->cstate == HALO_RD_CS_SYNC_SOURCE)
			hrd_resync_step(res);
		else if (res->cstate == HALO_RD_CS_VERIFY_S)
			hrd_verify_step(res);
		tcp_sock_set_cork(res->data->sk, false);
	}
	if (res->data || res->cstate != HALO_RD_CS_STANDALONE)
		conn_teardown(res, HALO_RD_CS_STANDALONE);
	return 0;
}

/**
 * hrd_connect() - configure the peer and start the worker
 * @res: the resource
 * @nc: connection settings
 * @ea: extended ack
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_connect(struct hrd_resource *res, const struct hrd_netconf *nc,
		struct netlink_ext_ack *ea)
{
	struct task_struct *t;

	lockdep_assert_held(&res->conf);
	if (res->configured && res->cstate != HALO_RD_CS_STANDALONE) {
		NL_SET_ERR_MSG(ea, "already connecting or connected (disconnect first)");
		return -EALREADY;
	}
	if (!res->dev) {
		NL_SET_ERR_MSG(ea, "resource has no device (new-minor first)");
		return -ENODEV;
	}
	hrd_disconnect(res);
	res->nc = *nc;
	hrd_set_cstate(res, HALO_RD_CS_UNCONNECTED);
	t = kthread_run(hrd_worker, res, "hrd_w_%s", res->name);
	if (IS_ERR(t)) {
		hrd_set_cstate(res, HALO_RD_CS_DISCONNECTING);
		hrd_set_cstate(res, HALO_RD_CS_STANDALONE);
		return PTR_ERR(t);
	}
	res->worker = t;
	res->configured = true;
	return 0;
}

/**
 * hrd_disconnect() - stop the worker and the connection, go StandAlone
 * @res: the resource
 *
 * Context: process context, caller holds res->conf.
 */
void hrd_disconnect(struct hrd_resource *res)
{
	lockdep_assert_held(&res->conf);
	if (res->worker)
		kthread_stop(res->worker);
	res->worker = NULL;
	res->configured = false;
}
