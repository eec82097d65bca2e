/* SPDX-License-Identifier: GPL-2.0 */
/*
 * halo_rd wire protocol: every packet is a struct hrd_p_header followed by
 * len bytes of payload. All fields are big-endian. The data socket carries
 * HELLO, HANDSHAKE, BITMAP, DATA, RS_DATA, STATE, SYNC_START, SYNC_DONE,
 * SYNC_PAUSE, CSUM_RS, READ_REQ, READ_REPLY and NET_UPDATE;
 * the meta socket carries HELLO, PING, PING_ACK and the acknowledgments,
 * so that acknowledgments never wait behind bulk data.
 */
#ifndef _HRD_PROTOCOL_H
#define _HRD_PROTOCOL_H

#include <linux/stddef.h>
#include <linux/types.h>

#define HRD_MAGIC		0x48524450	/* "HRDP" */
#define HRD_PROTO_VERSION	2
#define HRD_MAX_PAYLOAD		0x100000

enum hrd_packet {
	HRD_P_HELLO = 1,	/* hrd_p_hello: which socket this is */
	HRD_P_HANDSHAKE,	/* hrd_p_handshake */
	HRD_P_BITMAP,		/* __be64 words of the sender's bitmap */
	HRD_P_DATA,		/* hrd_p_data + data: application write */
	HRD_P_RS_DATA,		/* hrd_p_data + data: resync write */
	HRD_P_STATE,		/* hrd_p_state */
	HRD_P_SYNC_START,	/* hrd_p_uuids: become SyncTarget (full) */
	HRD_P_SYNC_DONE,	/* hrd_p_uuids: resync finished */
	HRD_P_PING,		/* no payload */
	HRD_P_PING_ACK,		/* no payload */
	HRD_P_RECV_ACK,		/* hrd_p_ack: protocol B */
	HRD_P_WRITE_ACK,	/* hrd_p_ack: protocol C */
	HRD_P_NEG_ACK,		/* hrd_p_ack: the peer's write failed */
	HRD_P_RS_WRITE_ACK,	/* hrd_p_ack: resync block written */
	HRD_P_OV_START,		/* no payload: become VerifyT */
	HRD_P_OV_REQUEST,	/* hrd_p_ov: compare this block's digest */
	HRD_P_OV_RESULT,	/* hrd_p_ack, id 1 in sync, 0 differs */
	HRD_P_OV_DONE,		/* no payload: verify finished */
	HRD_P_SYNC_PAUSE,	/* hrd_p_pause: the sender's sync-pause flag */
	HRD_P_CSUM_RS,		/* hrd_p_csum + digest: SyncSource's block */
	HRD_P_RS_IS_IN_SYNC,	/* hrd_p_ack: the target's block is equal */
	HRD_P_RS_NEED_DATA,	/* hrd_p_ack: it differs, send the data */
	HRD_P_READ_REQ,		/* hrd_p_read_req: read for a Diskless peer */
	HRD_P_READ_REPLY,	/* hrd_p_read_reply + data when status is 0 */
	HRD_P_NET_UPDATE,	/* hrd_p_net_update: NET_OPTIONS changed */
};

struct hrd_p_header {
	__be32 magic;
	__be16 cmd;
	__be16 pad;
	__be32 len;
} __packed;

#define HRD_SOCK_DATA	0
#define HRD_SOCK_META	1

struct hrd_p_hello {
	__be32 which;
} __packed;

#define HRD_HS_DISCARD_MY_DATA	1
#define HRD_HS_TWO_PRIMARIES	2
#define HRD_HS_CRASHED		4
#define HRD_HS_HAS_BITS		8

struct hrd_p_handshake {
	__be32 version;
	__be32 protocol;
	__be64 usable_sect;
	__be64 uuid[4];
	__be32 flags;
	__be32 role;
	__be32 dstate;
	__be32 pad;
	/*
	 * Appended fields: a peer may end the packet before them
	 * (HRD_HS_BASE_LEN); they then count as zero (policies disconnect,
	 * no csums-alg).
	 */
	__u8 after_sb[3];	/* enum halo_rd_after_sb, 0/1/2 Primaries */
	__u8 pad2[5];
	__be64 changes;		/* blocks marked in the sender's bitmap */
	char csums_alg[32];	/* NUL-terminated, "" when off */
} __packed;

#define HRD_HS_BASE_LEN	offsetof(struct hrd_p_handshake, after_sb)

#define HRD_DF_FUA	1
#define HRD_DF_PREFLUSH	2

struct hrd_p_data {
	__be64 sector;
	__be64 id;
	__be32 flags;
	__be32 size;
} __packed;

struct hrd_p_ack {
	__be64 sector;
	__be64 id;
	__be32 size;
	__be32 pad;
} __packed;

struct hrd_p_ov {
	__be64 sector;
	__be32 size;
	__be32 digest;		/* crc32_le(~0, block) */
} __packed;

/* Checksum of one resync block; the digest (crypto_shash size) follows. */
struct hrd_p_csum {
	__be64 sector;
	__be32 size;
	__be32 pad;
} __packed;

struct hrd_p_read_req {
	__be64 sector;
	__be64 id;
	__be32 size;
	__be32 pad;
} __packed;

struct hrd_p_read_reply {
	__be64 id;
	__be32 status;		/* 0, or an errno: no data follows */
	__be32 size;
} __packed;

struct hrd_p_state {
	__be32 role;
	__be32 dstate;
} __packed;

struct hrd_p_pause {
	__be32 paused;		/* 1: pause-sync, 0: resume-sync */
} __packed;

/* The sender's allow-two-primaries (HRD_HS_TWO_PRIMARIES), to adopt. */
struct hrd_p_net_update {
	__be32 flags;
} __packed;

struct hrd_p_uuids {
	__be64 uuid[4];
} __packed;

#endif /* _HRD_PROTOCOL_H */
