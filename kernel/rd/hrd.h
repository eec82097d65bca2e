/* SPDX-License-Identifier: GPL-2.0 */
/*
 * halo_rd internal objects.
 *
 * Lifecycle:
 *  - struct hrd_resource: created by NEW_RESOURCE in one network namespace,
 *    listed in that namespace's struct hrd_net, freed by DEL_RESOURCE/DOWN
 *    or when the namespace goes away. It owns at most one device and the
 *    peer connection (sockets and threads live only while connecting or
 *    connected, started by CONNECT, stopped by DISCONNECT).
 *  - struct hrd_device: the gendisk /dev/haloN, created by NEW_MINOR. A
 *    backing device (struct hrd_backing) is attached by ATTACH and dropped
 *    by DETACH, after all I/O to it has finished.
 *  - struct hrd_req: one application write or read, from submit_bio until
 *    both its local part and its network part are done (see req.c).
 *  - struct hrd_peer_req: one write received from the peer, from the
 *    receiver until its acknowledgment is queued.
 *
 * Locking:
 *  - hrd_net.lock (mutex) protects the resource list of a namespace.
 *  - hrd_resource.conf (mutex) serialises configuration requests.
 *  - hrd_resource.lock (spinlock, irq-safe) protects states, the transfer
 *    log, the send queue, the ack queue and the read reply queue; it is
 *    taken from bio completions.
 *  - hrd_device.backing is set and cleared under hrd_resource.lock; a
 *    connection thread that uses it raises hrd_device.peer_inflight before
 *    reading it, and DETACH waits for peer_inflight to drop to zero.
 *  - The dirty bitmap bits are changed with atomic bit operations.
 */
#ifndef _HRD_H
#define _HRD_H

#include <linux/blkdev.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/spinlock.h>
#include <linux/socket.h>
#include <linux/wait.h>
#include <linux/halo_rd.h>

#include "protocol.h"

struct hrd_backing;
struct hrd_al;
struct crypto_shash;

/*
 * Resync: at most HRD_RS_WINDOW 4 KiB blocks unacknowledged (a checksum or
 * verify request counts as one), so that short runs of scattered blocks
 * keep as many bytes on their way as long ones; once the window is full
 * the worker sends again only when it has drained to HRD_RS_RESUME, so
 * that it reads and sends a batch (its reads overlapping) rather than one
 * run, read while the socket waits, per acknowledgment.
 */
#define HRD_RS_WINDOW		1024	/* 4 MiB */
#define HRD_RS_RESUME		(HRD_RS_WINDOW / 2)

/* The share of the resync window a request of @size bytes takes. */
static inline int hrd_rs_blocks(u32 size)
{
	return max_t(int, 1, DIV_ROUND_UP(size, 4096));
}

/* Activity log: 4 MiB extents (8192 sectors, 1024 bitmap bits). */
#define HRD_AL_EXTENTS		1237
#define HRD_AL_EXT_SHIFT	13
#define HRD_AL_EXT_BITS		1024

/**
 * struct hrd_md - the in-memory copy of the on-disk metadata
 * @uuid: current, bitmap, history0, history1 generation identifiers
 * @flags: HALO_RD_MDF_* flags
 * @la_size: last agreed size in sectors
 * @device_uuid: random identifier of the backing device
 */
struct hrd_md {
	u64 uuid[4];
	u32 flags;
	u64 la_size;
	u64 device_uuid;
};

enum { HRD_UUID_CURRENT, HRD_UUID_BITMAP, HRD_UUID_HIST0, HRD_UUID_HIST1 };

/* hrd_backing.md_idx: where the metadata lives (DRBD's meta-disk forms). */
#define HRD_MD_INTERNAL		(-1)	/* at the end of the backing device */
#define HRD_MD_FLEX_EXT		(-2)	/* at the start of its own device */
/* 0..HRD_MD_IDX_MAX: indexed, slot N of 128 MiB on the meta device */
#define HRD_MD_IDX_MAX		255

/**
 * struct hrd_backing - an attached backing device and its metadata
 * @bdev: the backing device, opened exclusively
 * @md_bdev: the device holding the metadata: @bdev when internal
 * @md_idx: HRD_MD_INTERNAL, HRD_MD_FLEX_EXT or the index of a 128 MiB slot
 * @md: metadata as last read or written
 * @backing_sect: size of @bdev in sectors
 * @usable_sect: sectors usable for data (below the metadata)
 * @sb_sect: sector of the superblock on @md_bdev
 * @bm_sect: first sector of the on-disk bitmap on @md_bdev
 * @al_sect: first sector of the on-disk activity log on @md_bdev
 * @bm_bits: number of bits (4 KiB blocks) in the bitmap
 * @bm: the dirty bitmap, one bit per 4 KiB, atomic bit operations
 * @al: the activity log (al.c)
 * @failed: an I/O error with on-io-error detach: no I/O goes to @bdev any
 *	more, the device runs Diskless until DETACH (set under res->lock)
 */
struct hrd_backing {
	struct block_device *bdev;
	struct block_device *md_bdev;
	int md_idx;
	struct hrd_md md;
	sector_t backing_sect;
	sector_t usable_sect;
	sector_t sb_sect;
	sector_t bm_sect;
	sector_t al_sect;
	unsigned long bm_bits;
	unsigned long *bm;
	struct hrd_al *al;
	bool failed;
};

/**
 * struct hrd_stats - counters reported in GET_STATUS, in bytes
 * @ns: application data sent
 * @nr: application data received
 * @dw: written to the local disk
 * @dr: read from the local disk
 * @rs_sent: resync data sent
 * @rs_recv: resync data received
 * @rs_same: resync data a checksum found equal on both sides (not sent)
 */
struct hrd_stats {
	atomic64_t ns, nr, dw, dr, rs_sent, rs_recv, rs_same;
};

/**
 * struct hrd_hsconf - net options both nodes must agree on at the handshake
 * @after_sb: enum halo_rd_after_sb for 0, 1 and 2 Primaries
 * @csums_alg: hash for checksum-based resync, "" when off
 *
 * NET_OPTIONS may change res->nc.hs on a live connection (under res->conf
 * and res->lock); the worker copies it into res->hs under res->lock when a
 * handshake begins, and the connection uses only that copy. So a change
 * takes effect at the next connection, where the peer checks it.
 */
struct hrd_hsconf {
	u8 after_sb[3];
	char csums_alg[HALO_RD_ALG_MAX];
};

/**
 * struct hrd_netconf - connection settings
 * @local: local address
 * @peer: peer address
 * @addrlen: length of both addresses
 * @protocol: enum halo_rd_protocol
 * @ping_int: seconds between pings
 * @ping_timeout: tenths of a second for a ping answer
 * @timeout: tenths of a second for handshake replies
 * @connect_int: seconds between connection attempts
 * @ko_count: the peer is given @ko_count x @timeout to finish a request
 *	before the connection is dropped; 0: no limit
 * @flags: HALO_RD_F_DISCARD_MY_DATA, HALO_RD_F_TWO_PRIMARIES (the latter
 *	also set by NET_OPTIONS and the peer's NET_UPDATE, under res->lock)
 * @hs: the options the next handshake agrees on with the peer
 */
struct hrd_netconf {
	struct sockaddr_storage local, peer;
	int addrlen;
	u8 protocol;
	u32 ping_int, ping_timeout, timeout, connect_int, ko_count;
	u32 flags;
	struct hrd_hsconf hs;
};

/**
 * struct hrd_rateconf - resync rate settings (ATTACH and DISK_OPTIONS)
 * @on: any of them was given; without, the resync is not throttled
 * @resync_rate: KiB/s when @plan_ahead is 0
 * @plan_ahead: tenths of a second the dynamic controller plans ahead
 * @fill_target: sectors to keep in flight (0: use @delay_target)
 * @delay_target: tenths of a second of wanted resync latency
 * @max_rate: KiB/s ceiling of the dynamic controller
 * @min_rate: KiB/s the resync keeps while application I/O is present
 */
struct hrd_rateconf {
	bool on;
	u32 resync_rate, plan_ahead, fill_target, delay_target;
	u32 max_rate, min_rate;
};

/*
 * Locking of the rate settings: res->rc and res->rc_gen are written only
 * by hrd_rs_ctl_set() under res->lock (ATTACH and DISK_OPTIONS, also under
 * res->conf, possibly during a resync). The controller (the worker) never
 * reads res->rc in place: when READ_ONCE(res->rc_gen) moved it copies
 * res->rc into its own hrd_rs_ctl.rc under res->lock and uses that copy.
 */

/* The dynamic controller plans at most 30 s ahead, in 100 ms steps. */
#define HRD_RS_PLAN_MAX	300

/**
 * struct hrd_rs_ctl - state of the resync rate controller (rs_ctl.c)
 * @start: dev->rs_start of the resync it was set up for
 * @step: jiffies when the current 100 ms step began
 * @quota: sectors the resync may still send in this step (may go below
 *	zero by the last packet)
 * @in_flight: sectors sent and not yet acknowledged
 * @acked: sectors acknowledged since the last step (ack receiver adds)
 * @app_mark: application I/O counter at the start of the step
 * @app_busy: application I/O was seen in the last step
 * @plan: corrections planned for the coming steps (ring)
 * @head: the ring slot of the current step
 * @planned: sum of @plan
 * @rc: the worker's copy of res->rc
 * @rc_gen: res->rc_gen when @rc was copied
 * @restart: set the controller up afresh at its next use
 *
 * All fields but @acked belong to the worker.
 */
struct hrd_rs_ctl {
	struct hrd_rateconf rc;
	unsigned int rc_gen;
	bool restart;
	unsigned long start, step;
	long quota, in_flight;
	atomic_t acked;
	u64 app_mark;
	bool app_busy;
	int plan[HRD_RS_PLAN_MAX];
	int head;
	long planned;
};

/**
 * struct hrd_pool - pages kept for the data received from the peer (pool.c)
 * @lock: protects the other fields; irq-safe
 * @pages: the free pages, linked through page->lru
 * @sent: pages given to TCP by reference, newest first, each with our
 *	reference; free again when that is the only one left
 * @count: pages on @pages
 * @nsent: pages on @sent
 */
struct hrd_pool {
	spinlock_t lock; /* protects: the lists and the counts */
	struct list_head pages, sent;
	unsigned int count, nsent;
};

/**
 * struct hrd_device - the block device of a resource
 * @res: owning resource
 * @minor: device minor
 * @disk: the gendisk
 * @backing: attached backing device or NULL; set and cleared under
 *	res->conf with I/O drained
 * @open_rw: number of openers for writing
 * @open_cnt: number of openers
 * @inflight: application requests in progress
 * @peer_inflight: peer writes in progress on the local disk
 * @peer_app_inflight: of these, application writes
 * @peer_rs_inflight: of these, resync writes
 * @io_wait: woken when @inflight or @peer_inflight drops to zero
 * @defer: writes waiting for the activity log (under res->lock)
 * @defer_work: brings their extents into the activity log and submits them
 * @fail_work: reports a failed backing device (Failed, then Diskless)
 * @pool: pages for the peer's writes
 * @stats: counters
 * @rs_total: KiB to resync or verify when the running one started (under
 *	res->lock)
 * @rs_recv0: @stats.rs_recv when it started, in bytes (under res->lock)
 * @rs_start: jiffies when it started (under res->lock)
 */
struct hrd_device {
	struct hrd_resource *res;
	unsigned int minor;
	struct gendisk *disk;
	struct hrd_backing *backing;
	int open_rw;
	int open_cnt;
	atomic_t inflight;
	atomic_t peer_inflight;
	atomic_t peer_app_inflight;
	atomic_t peer_rs_inflight;
	wait_queue_head_t io_wait;
	struct list_head defer;
	struct work_struct defer_work;
	struct work_struct fail_work;
	struct hrd_pool pool;
	struct hrd_stats stats;
	u64 rs_total;
	u64 rs_recv0;
	unsigned long rs_start;
};

/**
 * struct hrd_resource - a replicated resource
 * @node: entry in hrd_net.resources
 * @net: namespace that created the resource
 * @name: resource name
 * @conf: protects: configuration changes (attach, detach, connect, role)
 * @lock: protects: role, peer_role, cstate, dstate, peer_dstate, tlog,
 *	sendq, ackq, the flags below, rs_inflight and the pause flags;
 *	with @conf also the timeouts and nc.hs in @nc (NET_OPTIONS changes
 *	them on a live connection; its threads read the timeouts without a
 *	lock, nc.hs only under it), @rc and @rc_gen
 * @role: our role
 * @peer_role: the peer's role, HALO_RD_ROLE_UNKNOWN when not connected
 * @cstate: connection state
 * @dstate: local disk state
 * @peer_dstate: peer disk state
 * @dev: the device or NULL
 * @nc: connection settings, valid when @configured
 * @configured: CONNECT was called and DISCONNECT not yet
 * @worker: worker thread (connects, sends, resyncs), running while
 *	@configured
 * @receiver: receiver thread (data socket), while connected
 * @asender: ack sender thread (meta socket sends, pings), while connected
 * @areceiver: ack receiver thread (meta socket receives), while connected
 * @data: data socket, while connected
 * @meta: meta (acknowledgment) socket, while connected
 * @conn_gen: incremented at every connection loss
 * @failed: the connection failed, the worker tears it down
 * @tlog: transfer log of application writes in progress
 * @sendq: requests waiting to be sent by the worker
 * @ackq: acknowledgments waiting for the ack sender
 * @replyq: answers to the peer's reads waiting for the worker (read.c)
 * @send_state: the worker must send our state to the peer
 * @send_sync_start: the worker must tell the peer to become SyncTarget
 * @send_ov_start: the worker must tell the peer to become VerifyT
 * @send_net_update: the worker must send allow-two-primaries (NET_OPTIONS
 *	changed it; nc.flags is written under @lock, read with READ_ONCE)
 * @ov_oos: blocks found different by the running online verify
 * @send_ping_ack: the ack sender must answer a ping
 * @ping_pending: a ping was sent and not yet answered
 * @ping_sent: jiffies when @ping_pending was set
 * @rs_inflight: resync blocks sent and not yet acknowledged
 * @rs_cursor: next bit to look at during a resync
 * @rs_idle: the last resync step found nothing to send
 * @uuid_fresh: a new current UUID was made since the last connection
 * @on_io_error: enum halo_rd_on_io_error, set at attach and DISK_OPTIONS
 * @user_isp: pause-sync was given here (DRBD's user_isp); survives a
 *	connection loss, told to the peer at every handshake
 * @peer_isp: the peer's pause-sync flag, false when not connected
 * @send_isp: the worker must send @user_isp to the peer
 * @rc: resync rate settings (see the locking rule below struct hrd_rateconf)
 * @rc_gen: incremented at every change of @rc
 * @rs_ctl: the resync rate controller
 * @hs: the worker's copy of nc.hs for the running connection (taken at
 *	the start of the handshake)
 * @csums: hash of csums-alg while connected with one, else NULL (set by
 *	the worker before the connection threads start)
 * @rs_need: during a checksum-based resync, blocks whose checksum
 *	differed: the SyncSource sends their data (atomic bit operations)
 * @rs_begun: dev->rs_start of the resync the worker last stepped
 * @work_wait: the worker sleeps here
 * @ack_wait: the ack sender sleeps here
 */
struct hrd_resource {
	struct list_head node;
	struct net *net;
	char name[HALO_RD_NAME_MAX];
	struct mutex conf; /* protects: configuration changes */
	spinlock_t lock; /* protects: states, tlog, sendq, ackq, replyq, flags */
	u8 role, peer_role, cstate, dstate, peer_dstate;
	struct hrd_device *dev;
	struct hrd_netconf nc;
	bool configured;
	struct task_struct *worker, *receiver, *asender, *areceiver;
	struct socket *data, *meta;
	unsigned int conn_gen;
	bool failed;
	struct list_head tlog, sendq, ackq, replyq;
	bool send_state, send_sync_start, send_ov_start, send_ping_ack;
	bool send_net_update;
	bool ping_pending;
	u64 ov_oos;
	unsigned long ping_sent;
	int rs_inflight;
	unsigned long rs_cursor;
	bool rs_idle;
	bool uuid_fresh;
	u8 on_io_error;
	bool user_isp, peer_isp, send_isp;
	struct hrd_rateconf rc;
	unsigned int rc_gen;
	struct hrd_rs_ctl rs_ctl;
	struct hrd_hsconf hs;
	struct crypto_shash *csums;
	unsigned long *rs_need;
	unsigned long rs_begun;
	wait_queue_head_t work_wait, ack_wait;
};

/**
 * struct hrd_ack - an acknowledgment queued for the ack sender
 * @node: entry in res->ackq
 * @cmd: enum hrd_packet
 * @p: the packet
 */
struct hrd_ack {
	struct list_head node;
	u16 cmd;
	struct hrd_p_ack p;
};

/* main.c */
struct hrd_net *hrd_net(struct net *net);
struct mutex *hrd_net_lock(struct net *net);
struct list_head *hrd_net_resources(struct net *net);

/* res.c */
struct hrd_resource *hrd_res_find(struct net *net, const char *name);
struct hrd_resource *hrd_res_by_minor(struct net *net, unsigned int minor);
int hrd_res_new(struct net *net, const char *name, struct netlink_ext_ack *ea);
int hrd_res_del(struct hrd_resource *res, struct netlink_ext_ack *ea);
int hrd_res_down(struct hrd_resource *res);
int hrd_primary(struct hrd_resource *res, bool force,
		struct netlink_ext_ack *ea);
int hrd_secondary(struct hrd_resource *res, struct netlink_ext_ack *ea);
int hrd_invalidate(struct hrd_resource *res, struct netlink_ext_ack *ea);
int hrd_verify(struct hrd_resource *res, struct netlink_ext_ack *ea);
void hrd_start_full_sync(struct hrd_resource *res);

/* ops.c */
int hrd_invalidate_remote(struct hrd_resource *res,
			  struct netlink_ext_ack *ea);
int hrd_pause_sync(struct hrd_resource *res, bool pause,
		   struct netlink_ext_ack *ea);
int hrd_recv_pause(struct hrd_resource *res, u32 len);
int hrd_recv_net_update(struct hrd_resource *res, u32 len);
int hrd_outdate(struct hrd_resource *res, struct netlink_ext_ack *ea);
void hrd_ops_connected(struct hrd_resource *res, int sync);
int hrd_net_options(struct hrd_resource *res, const struct hrd_netconf *nc,
		    int two, struct netlink_ext_ack *ea);
void hrd_net_defaults(struct hrd_netconf *nc);
int hrd_disk_options(struct hrd_resource *res, u8 on_io_error,
		     const struct hrd_rateconf *rc, struct netlink_ext_ack *ea);
void hrd_rate_defaults(struct hrd_rateconf *rc);

/* dev.c */
int hrd_dev_new(struct hrd_resource *res, unsigned int minor,
		struct netlink_ext_ack *ea);
int hrd_dev_del(struct hrd_resource *res, struct netlink_ext_ack *ea);
int hrd_attach(struct hrd_resource *res, const char *path,
	       const char *md_path, int md_idx, struct netlink_ext_ack *ea);
int hrd_detach(struct hrd_resource *res, struct netlink_ext_ack *ea);
void hrd_dev_set_size(struct hrd_device *dev, sector_t sect);
int hrd_dev_init(void);
void hrd_dev_exit(void);

/* req.c */
void hrd_submit_bio(struct bio *bio);
struct bio *hrd_req_next_send(struct hrd_resource *res, u64 *id,
			      sector_t *sector, unsigned int *size,
			      blk_opf_t *opf);
void hrd_req_net_done(struct hrd_resource *res, u64 id, bool ok);
unsigned long hrd_req_net_wait(struct hrd_resource *res);
void hrd_req_neg_ack(struct hrd_resource *res, const struct hrd_p_ack *a);
int hrd_req_read_reply(struct hrd_resource *res, u64 id, u32 status, u32 size);
void hrd_tlog_fail(struct hrd_resource *res);
bool hrd_tlog_busy(struct hrd_resource *res, sector_t sector,
		   unsigned int size);
int hrd_req_init(void);
void hrd_req_exit(void);

/* req.c, deferred writes */
void hrd_req_defer_work(struct work_struct *work);
void hrd_dev_fail_work(struct work_struct *work);

/* al.c */
int hrd_al_read(struct hrd_backing *b, bool crashed);
void hrd_al_free(struct hrd_backing *b);
int hrd_al_clear(struct hrd_resource *res, struct hrd_backing *b);
bool hrd_al_try(struct hrd_resource *res, struct hrd_backing *b,
		sector_t sector, unsigned int size);
int hrd_al_begin(struct hrd_resource *res, struct hrd_backing *b,
		 sector_t sector, unsigned int size);
void hrd_al_put(struct hrd_resource *res, struct hrd_backing *b,
		sector_t sector, unsigned int size);
u64 hrd_al_transactions(struct hrd_backing *b);

/* meta.c */
sector_t hrd_md_usable(sector_t backing_sect);
int hrd_md_open(struct hrd_backing *b, const char *path, const char *md_path,
		int md_idx, void *holder, struct netlink_ext_ack *ea);
void hrd_md_close(struct hrd_backing *b);
int hrd_md_create(struct hrd_backing *b, bool force,
		  struct netlink_ext_ack *ea);
int hrd_md_read(struct hrd_backing *b, struct netlink_ext_ack *ea);
int hrd_md_write(struct hrd_backing *b);
int hrd_bm_write(struct hrd_backing *b);
void hrd_bm_set_range(struct hrd_backing *b, sector_t sector,
		      unsigned int size);
u64 hrd_bm_weight(struct hrd_backing *b);
int hrd_md_create_path(const char *path, const char *md_path, int md_idx,
		       bool force, struct netlink_ext_ack *ea);
u32 hrd_block_crc(void *blk, size_t len, __le32 *crc);
int hrd_sync_io(struct block_device *bdev, sector_t sector, void *buf,
		unsigned int len, blk_opf_t opf);

/* state.c */
const char *hrd_cstate_name(u8 cs);
const char *hrd_dstate_name(u8 ds);
const char *hrd_role_name(u8 role);
void hrd_set_cstate(struct hrd_resource *res, u8 cs);
void hrd_set_dstate(struct hrd_resource *res, u8 ds);
void hrd_notify(struct hrd_resource *res);
void hrd_new_current_uuid(struct hrd_resource *res);
bool hrd_connected(u8 cs);
bool hrd_syncing(u8 cs);
void hrd_sync_pause_update(struct hrd_resource *res);

/* conn.c */
int hrd_connect(struct hrd_resource *res, const struct hrd_netconf *nc,
		struct netlink_ext_ack *ea);
void hrd_disconnect(struct hrd_resource *res);
void hrd_conn_fail(struct hrd_resource *res, const char *why);
int hrd_send(struct hrd_resource *res, struct socket *sock, u16 cmd,
	     const void *hdr, unsigned int hlen, struct bio *bio,
	     const void *data, unsigned int dlen);
int hrd_send_zc(struct hrd_resource *res, struct socket *sock, u16 cmd,
		const void *hdr, unsigned int hlen, struct bio *bio,
		unsigned int dlen);
int hrd_recv_all(struct socket *sock, void *buf, size_t len);
void hrd_queue_ack(struct hrd_resource *res, u16 cmd, u64 sector, u64 id,
		   u32 size);
int hrd_handshake(struct hrd_resource *res);

/* receiver.c */
int hrd_recv_payload(struct hrd_resource *res, u32 len, void *buf,
		     size_t size);
int hrd_recv_head(struct hrd_resource *res, u32 len, void *buf, size_t size);
int hrd_receiver(void *arg);
int hrd_asender(void *arg);
int hrd_areceiver(void *arg);

/* read.c */
int hrd_read_send_req(struct hrd_resource *res, u64 id, sector_t sector,
		      unsigned int size);
int hrd_read_request(struct hrd_resource *res, u32 len);
int hrd_read_send_replies(struct hrd_resource *res);
int hrd_read_reply(struct hrd_resource *res, u32 len);
void hrd_read_flush(struct hrd_resource *res);

/* resync.c */
int hrd_rs_send(struct hrd_resource *res, u16 cmd, sector_t sector,
		unsigned int size, const void *data, unsigned int dlen);
void hrd_rs_answered(struct hrd_resource *res, u32 size, bool resync);
void hrd_resync_step(struct hrd_resource *res);
void hrd_resync_done_source(struct hrd_resource *res);
void hrd_verify_step(struct hrd_resource *res);
void hrd_verify_result(struct hrd_resource *res, const struct hrd_p_ack *a);
int hrd_verify_request(struct hrd_resource *res, u32 len);

/* rs_ctl.c */
void hrd_rs_ctl_set(struct hrd_resource *res, const struct hrd_rateconf *rc);
bool hrd_rs_ctl_may_send(struct hrd_resource *res, unsigned int *sectors);
void hrd_rs_ctl_sent(struct hrd_resource *res, unsigned int sectors);
void hrd_rs_ctl_acked(struct hrd_resource *res, unsigned int sectors);
long hrd_rs_ctl_wait(struct hrd_resource *res);

/* after_sb.c */
int hrd_after_sb(struct hrd_resource *res, const struct hrd_p_handshake *peer,
		 u64 my_changes, bool i_listen);
int hrd_asb_check(struct hrd_resource *res, const struct hrd_p_handshake *peer);

/* csums.c */
int hrd_csums_check(const char *alg, struct netlink_ext_ack *ea);
int hrd_csums_start(struct hrd_resource *res);
void hrd_csums_stop(struct hrd_resource *res);
int hrd_csums_send(struct hrd_resource *res, struct hrd_backing *b,
		   unsigned long bit, void *buf);
int hrd_csums_request(struct hrd_resource *res, u32 len);
void hrd_csums_result(struct hrd_resource *res, u16 cmd,
		      const struct hrd_p_ack *a);

/* netlink.c */
int hrd_nl_event(struct hrd_resource *res);

/* pool.c */
void hrd_pool_init(struct hrd_pool *pool);
struct page *hrd_pool_get(struct hrd_pool *pool);
void hrd_pool_put(struct hrd_pool *pool, struct page *page);
void hrd_pool_put_sent(struct hrd_pool *pool, struct page *page);
void hrd_pool_drain(struct hrd_pool *pool);

/* proc.c */
void hrd_rs_mark_start(struct hrd_resource *res, u8 old);
bool hrd_rs_progress(struct hrd_resource *res, u64 *total, u64 *left);
int hrd_proc_init(void);
void hrd_proc_exit(void);

#endif /* _HRD_H */
