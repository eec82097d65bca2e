/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * halo_rd: a replicated block device, generic netlink API.
 *
 * This header is the contract between the halo_rd module and its tools;
 * both include this one file.
 *
 * Family HALO_RD_GENL_NAME ("HALO_RD"), version HALO_RD_GENL_VERSION.
 * The family is per network namespace: every request acts on the
 * namespace of the socket that sent it, and the peer connection of a
 * resource is made in the namespace that configured it.
 *
 * Objects: a resource (named, HALO_RD_A_RES_NAME) holds one volume, the
 * device /dev/haloMINOR (HALO_RD_A_MINOR), and one peer connection.
 *
 * HALO_RD_CMD_GET_INFO (doit, any user)
 *   Request: no attributes.
 *   Reply:   HALO_RD_A_VERSION       u32  module version, 0xMMmmpp
 *
 * Every command below except GET_STATUS needs CAP_NET_ADMIN in the user
 * namespace that owns the network namespace (GENL_UNS_ADMIN_PERM) and, since
 * it hands out raw access to a block device, CAP_SYS_ADMIN; errors carry a
 * one-line reason in the extended ack.
 *
 * HALO_RD_CMD_NEW_RESOURCE   RES_NAME
 * HALO_RD_CMD_DEL_RESOURCE   RES_NAME (no device, StandAlone)
 * HALO_RD_CMD_NEW_MINOR      RES_NAME, MINOR, VOLUME (must be 0)
 * HALO_RD_CMD_DEL_MINOR      MINOR (Diskless, Secondary, not open)
 * HALO_RD_CMD_CREATE_MD      LOWER_DEV, [META_DEV, META_IDX], [FLAGS:FORCE]
 *                            writes fresh metadata; refuses valid
 *                            metadata unless FORCE
 * HALO_RD_CMD_ATTACH         MINOR, LOWER_DEV, [META_DEV, META_IDX],
 *                            [ON_IO_ERROR, RESYNC_RATE, C_PLAN_AHEAD,
 *                            C_FILL_TARGET, C_DELAY_TARGET, C_MAX_RATE,
 *                            C_MIN_RATE] (the resync rate controller; without
 *                            any of them the resync runs unthrottled)
 *                            META_DEV absent or "internal": internal
 *                            metadata; a device path: external, flexible
 *                            (at the start of that device) or, with
 *                            META_IDX, indexed (128 MiB slot META_IDX)
 * HALO_RD_CMD_DETACH         MINOR (disconnected Secondary; Connected with
 *                            an UpToDate peer, which then serves reads;
 *                            any state for a failed disk)
 * HALO_RD_CMD_CONNECT        RES_NAME, LOCAL_ADDR, PEER_ADDR, [PROTOCOL,
 *                            PING_INT, PING_TIMEOUT, TIMEOUT, CONNECT_INT,
 *                            KO_COUNT,
 *                            FLAGS: DISCARD_MY_DATA, TWO_PRIMARIES,
 *                            AFTER_SB_0P, AFTER_SB_1P, AFTER_SB_2P,
 *                            CSUMS_ALG] (both nodes must agree on the
 *                            after-sb policies, csums-alg and
 *                            TWO_PRIMARIES)
 * HALO_RD_CMD_DISCONNECT     RES_NAME
 * HALO_RD_CMD_PRIMARY        MINOR, [FLAGS:FORCE] (Diskless: only Connected
 *                            to an UpToDate peer, else -EIO)
 * HALO_RD_CMD_SECONDARY      MINOR
 * HALO_RD_CMD_INVALIDATE     MINOR (Connected: full resync from the peer)
 * HALO_RD_CMD_VERIFY         MINOR (Connected: online verify, VerifyS;
 *                            differing blocks are marked out of sync and
 *                            resynced at the next connect)
 * HALO_RD_CMD_DOWN           RES_NAME: secondary, disconnect, detach,
 *                            delete the minor and the resource
 * HALO_RD_CMD_GET_STATUS (doit with RES_NAME or MINOR, or dumpit; any user)
 *   Reply:   RES_NAME, MINOR, ROLE, PEER_ROLE, CSTATE, DSTATE, PEER_DSTATE,
 *            PROTOCOL, SIZE, UUID_CURRENT, UUID_BITMAP, UUID_HISTORY0,
 *            UUID_HISTORY1, MD_FLAGS, OOS, NET_SENT, NET_RECV, DISK_WRITE,
 *            DISK_READ, RS_SENT, RS_RECV, RS_SAME (the last eight in KiB),
 *            SYNC_PAUSE; with a connection configured also LOCAL_ADDR,
 *            PEER_ADDR, PING_INT, PING_TIMEOUT, TIMEOUT, CONNECT_INT,
 *            KO_COUNT, TWO_PRIMARIES, AFTER_SB_0P, AFTER_SB_1P, AFTER_SB_2P, CSUMS_ALG ("" when
 *            off), as last set; with a disk attached also ON_IO_ERROR,
 *            and with the rate controller on RESYNC_RATE, C_PLAN_AHEAD,
 *            C_FILL_TARGET, C_DELAY_TARGET, C_MAX_RATE, C_MIN_RATE
 * HALO_RD_CMD_EVENT (multicast on group HALO_RD_MCGRP_EVENTS)
 *   Sent on every role, connection or disk state change, with the same
 *   attributes as a GET_STATUS reply.
 * HALO_RD_CMD_INVALIDATE_REMOTE MINOR (Connected, UpToDate, peer not
 *                            Primary: full resync to the peer, which
 *                            becomes SyncTarget)
 * HALO_RD_CMD_PAUSE_SYNC     MINOR: set this node's sync-pause flag (known
 *                            to the peer too); a running resync becomes
 *                            PausedSyncS/PausedSyncT; -EALREADY if set
 * HALO_RD_CMD_RESUME_SYNC    MINOR: clear it; -EALREADY if clear
 * HALO_RD_CMD_OUTDATE        MINOR (Secondary, not connected, disk at least
 *                            Outdated): the disk becomes Outdated, in the
 *                            metadata too (MDF_CONSISTENT without
 *                            MDF_WAS_UP_TO_DATE, as DRBD stores it)
 * HALO_RD_CMD_NET_OPTIONS    RES_NAME, [PING_INT, PING_TIMEOUT, TIMEOUT,
 *                            CONNECT_INT, KO_COUNT, AFTER_SB_0P, AFTER_SB_1P,
 *                            AFTER_SB_2P, CSUMS_ALG, TWO_PRIMARIES,
 *                            FLAGS:SET_DEFAULTS]:
 *                            change the net options of a configured
 *                            connection without dropping it; with
 *                            SET_DEFAULTS the ones not given return to
 *                            CONNECT's defaults. Timeouts apply at once;
 *                            after-sb policies and csums-alg from the next
 *                            handshake (where the peer must agree);
 *                            TWO_PRIMARIES at once, on the connected peer
 *                            too, which adopts it. Errors: -ENOTCONN not
 *                            configured, -EINVAL a PROTOCOL other than the
 *                            running one or an after-sb-1pri value of 0pri,
 *                            -ENOENT an unknown csums-alg, -EBUSY
 *                            TWO_PRIMARIES 0 while both nodes are Primary
 * HALO_RD_CMD_DISK_OPTIONS   MINOR, [ON_IO_ERROR, RESYNC_RATE, C_PLAN_AHEAD,
 *                            C_FILL_TARGET, C_DELAY_TARGET, C_MAX_RATE,
 *                            C_MIN_RATE, FLAGS:SET_DEFAULTS]: change the
 *                            options of an attached disk (-ENODEV without
 *                            one); a running resync follows new rate
 *                            settings from the controller's next 100 ms
 *                            step. Any rate option switches the controller
 *                            on; SET_DEFAULTS without one switches it off
 */
#ifndef _UAPI_LINUX_HALO_RD_H
#define _UAPI_LINUX_HALO_RD_H

#include <linux/types.h>

#define HALO_RD_GENL_NAME	"HALO_RD"
#define HALO_RD_GENL_VERSION	1
#define HALO_RD_MCGRP_EVENTS	"events"

/* Module version as reported by HALO_RD_A_VERSION: 0xMMmmpp. */
#define HALO_RD_VERSION_CODE	0x000100

/* Longest resource name, including the terminating NUL. */
#define HALO_RD_NAME_MAX	32
/* Highest minor number. */
#define HALO_RD_MINOR_MAX	255

/**
 * enum halo_rd_cmd - generic netlink commands of the HALO_RD family
 * @HALO_RD_CMD_UNSPEC: unused
 * @HALO_RD_CMD_GET_INFO: report the module version
 * @HALO_RD_CMD_NEW_RESOURCE: create a resource
 * @HALO_RD_CMD_DEL_RESOURCE: delete an unused resource
 * @HALO_RD_CMD_NEW_MINOR: create the device of a resource
 * @HALO_RD_CMD_DEL_MINOR: delete a diskless secondary device
 * @HALO_RD_CMD_CREATE_MD: write fresh metadata on a backing device
 * @HALO_RD_CMD_ATTACH: attach a backing device to a device
 * @HALO_RD_CMD_DETACH: detach the backing device
 * @HALO_RD_CMD_CONNECT: configure the peer and start connecting
 * @HALO_RD_CMD_DISCONNECT: drop the connection, go StandAlone
 * @HALO_RD_CMD_PRIMARY: promote the device
 * @HALO_RD_CMD_SECONDARY: demote the device
 * @HALO_RD_CMD_INVALIDATE: discard local data, full resync from the peer
 * @HALO_RD_CMD_DOWN: take a resource down completely
 * @HALO_RD_CMD_GET_STATUS: report state and counters
 * @HALO_RD_CMD_EVENT: multicast notification of a state change
 * @HALO_RD_CMD_VERIFY: start an online verify against the peer
 * @HALO_RD_CMD_INVALIDATE_REMOTE: full resync of the peer from this node
 * @HALO_RD_CMD_PAUSE_SYNC: set the user sync-pause flag
 * @HALO_RD_CMD_RESUME_SYNC: clear the user sync-pause flag
 * @HALO_RD_CMD_OUTDATE: mark the local disk Outdated
 * @HALO_RD_CMD_NET_OPTIONS: change the net options of a live connection
 * @HALO_RD_CMD_DISK_OPTIONS: change the options of an attached disk
 * @__HALO_RD_CMD_LAST: internal: one past the last command
 */
enum halo_rd_cmd {
	HALO_RD_CMD_UNSPEC,
	HALO_RD_CMD_GET_INFO,
	HALO_RD_CMD_NEW_RESOURCE,
	HALO_RD_CMD_DEL_RESOURCE,
	HALO_RD_CMD_NEW_MINOR,
	HALO_RD_CMD_DEL_MINOR,
	HALO_RD_CMD_CREATE_MD,
	HALO_RD_CMD_ATTACH,
	HALO_RD_CMD_DETACH,
	HALO_RD_CMD_CONNECT,
	HALO_RD_CMD_DISCONNECT,
	HALO_RD_CMD_PRIMARY,
	HALO_RD_CMD_SECONDARY,
	HALO_RD_CMD_INVALIDATE,
	HALO_RD_CMD_DOWN,
	HALO_RD_CMD_GET_STATUS,
	HALO_RD_CMD_EVENT,
	HALO_RD_CMD_VERIFY,
	HALO_RD_CMD_INVALIDATE_REMOTE,
	HALO_RD_CMD_PAUSE_SYNC,
	HALO_RD_CMD_RESUME_SYNC,
	HALO_RD_CMD_OUTDATE,
	HALO_RD_CMD_NET_OPTIONS,
	HALO_RD_CMD_DISK_OPTIONS,
	__HALO_RD_CMD_LAST
};

#define HALO_RD_CMD_MAX (__HALO_RD_CMD_LAST - 1)

/**
 * enum halo_rd_attr - top-level attributes of the HALO_RD family
 * @HALO_RD_A_UNSPEC: unused
 * @HALO_RD_A_VERSION: u32, module version (HALO_RD_VERSION_CODE)
 * @HALO_RD_A_RES_NAME: string, resource name (< HALO_RD_NAME_MAX)
 * @HALO_RD_A_MINOR: u32, device minor (0..HALO_RD_MINOR_MAX)
 * @HALO_RD_A_VOLUME: u32, volume number (only 0)
 * @HALO_RD_A_LOWER_DEV: string, backing block device path
 * @HALO_RD_A_META_DEV: string, "internal" or the path of an external
 *	meta device
 * @HALO_RD_A_LOCAL_ADDR: binary, struct sockaddr_in or sockaddr_in6
 * @HALO_RD_A_PEER_ADDR: binary, struct sockaddr_in or sockaddr_in6
 * @HALO_RD_A_PROTOCOL: u8, enum halo_rd_protocol
 * @HALO_RD_A_PING_INT: u32, seconds between keep-alive pings (1..120)
 * @HALO_RD_A_PING_TIMEOUT: u32, tenths of a second for a ping answer
 * @HALO_RD_A_TIMEOUT: u32, tenths of a second for handshake replies
 * @HALO_RD_A_CONNECT_INT: u32, seconds between connection attempts
 * @HALO_RD_A_FLAGS: u32, HALO_RD_F_* flags of the request
 * @HALO_RD_A_ROLE: u8, enum halo_rd_role of this node
 * @HALO_RD_A_PEER_ROLE: u8, enum halo_rd_role of the peer
 * @HALO_RD_A_CSTATE: u8, enum halo_rd_cstate
 * @HALO_RD_A_DSTATE: u8, enum halo_rd_dstate of the local disk
 * @HALO_RD_A_PEER_DSTATE: u8, enum halo_rd_dstate of the peer's disk
 * @HALO_RD_A_SIZE: u64, device size in 512-byte sectors
 * @HALO_RD_A_UUID_CURRENT: u64, current generation identifier
 * @HALO_RD_A_UUID_BITMAP: u64, bitmap generation identifier
 * @HALO_RD_A_UUID_HISTORY0: u64, newest history generation identifier
 * @HALO_RD_A_UUID_HISTORY1: u64, older history generation identifier
 * @HALO_RD_A_MD_FLAGS: u32, HALO_RD_MDF_* metadata flags
 * @HALO_RD_A_OOS: u64, KiB marked out of sync in the bitmap
 * @HALO_RD_A_NET_SENT: u64, KiB of application data sent to the peer
 * @HALO_RD_A_NET_RECV: u64, KiB of application data received
 * @HALO_RD_A_DISK_WRITE: u64, KiB written to the local disk
 * @HALO_RD_A_DISK_READ: u64, KiB read from the local disk
 * @HALO_RD_A_RS_SENT: u64, KiB of resync data sent
 * @HALO_RD_A_RS_RECV: u64, KiB of resync data received
 * @HALO_RD_A_ON_IO_ERROR: u8, enum halo_rd_on_io_error
 * @HALO_RD_A_RS_TOTAL: u64, KiB to resync or verify when the running
 *	resync or verify started (GET_STATUS, only while one runs)
 * @HALO_RD_A_RS_LEFT: u64, KiB of the running resync or verify still to go
 * @HALO_RD_A_SYNC_PAUSE: u32, HALO_RD_PAUSE_* flags: who paused the resync
 * @HALO_RD_A_AFTER_SB_0P: u8, enum halo_rd_after_sb, split brain with no
 *	Primary (disconnect, discard-younger/older-primary, -zero-changes,
 *	-least-changes)
 * @HALO_RD_A_AFTER_SB_1P: u8, enum halo_rd_after_sb, one Primary
 *	(disconnect, consensus, discard-secondary)
 * @HALO_RD_A_AFTER_SB_2P: u8, enum halo_rd_after_sb, two Primaries
 *	(disconnect only)
 * @HALO_RD_A_CSUMS_ALG: string, kernel hash name for checksum-based
 *	resync (e.g. "crc32c", "md5", "sha1"); empty or absent: off
 * @HALO_RD_A_RESYNC_RATE: u32, KiB/s of the fixed-rate resync
 *	(c-plan-ahead 0)
 * @HALO_RD_A_C_PLAN_AHEAD: u32, tenths of a second the dynamic controller
 *	plans ahead; 0 selects the fixed resync rate
 * @HALO_RD_A_C_FILL_TARGET: u32, sectors of resync data to keep in flight
 *	(0: use C_DELAY_TARGET)
 * @HALO_RD_A_C_DELAY_TARGET: u32, tenths of a second of wanted resync
 *	latency (when C_FILL_TARGET is 0)
 * @HALO_RD_A_C_MAX_RATE: u32, KiB/s the dynamic controller never exceeds
 * @HALO_RD_A_C_MIN_RATE: u32, KiB/s the resync keeps while application
 *	I/O is present (0: application I/O never throttles the resync)
 * @HALO_RD_A_RS_SAME: u64, KiB a checksum-based resync found equal and
 *	did not send
 * @HALO_RD_A_META_IDX: u32, index (0..255) of an indexed external meta-disk;
 *	absent for flexible external or internal metadata
 * @HALO_RD_A_KO_COUNT: u32, 0..200: a request the peer has not finished
 *	within KO_COUNT x TIMEOUT drops the connection (its blocks go out of
 *	sync); 0: wait for the peer for ever
 * @HALO_RD_A_TWO_PRIMARIES: u8, allow-two-primaries: 1 both nodes may be
 *	Primary at once, 0 not (CONNECT takes FLAGS:TWO_PRIMARIES instead);
 *	both nodes of a connection must agree
 * @__HALO_RD_A_LAST: internal: one past the last attribute
 */
enum halo_rd_attr {
	HALO_RD_A_UNSPEC,
	HALO_RD_A_VERSION,
	HALO_RD_A_RES_NAME,
	HALO_RD_A_MINOR,
	HALO_RD_A_VOLUME,
	HALO_RD_A_LOWER_DEV,
	HALO_RD_A_META_DEV,
	HALO_RD_A_LOCAL_ADDR,
	HALO_RD_A_PEER_ADDR,
	HALO_RD_A_PROTOCOL,
	HALO_RD_A_PING_INT,
	HALO_RD_A_PING_TIMEOUT,
	HALO_RD_A_TIMEOUT,
	HALO_RD_A_CONNECT_INT,
	HALO_RD_A_FLAGS,
	HALO_RD_A_ROLE,
	HALO_RD_A_PEER_ROLE,
	HALO_RD_A_CSTATE,
	HALO_RD_A_DSTATE,
	HALO_RD_A_PEER_DSTATE,
	HALO_RD_A_SIZE,
	HALO_RD_A_UUID_CURRENT,
	HALO_RD_A_UUID_BITMAP,
	HALO_RD_A_UUID_HISTORY0,
	HALO_RD_A_UUID_HISTORY1,
	HALO_RD_A_MD_FLAGS,
	HALO_RD_A_OOS,
	HALO_RD_A_NET_SENT,
	HALO_RD_A_NET_RECV,
	HALO_RD_A_DISK_WRITE,
	HALO_RD_A_DISK_READ,
	HALO_RD_A_RS_SENT,
	HALO_RD_A_RS_RECV,
	HALO_RD_A_ON_IO_ERROR,
	HALO_RD_A_RS_TOTAL,
	HALO_RD_A_RS_LEFT,
	HALO_RD_A_SYNC_PAUSE,
	HALO_RD_A_AFTER_SB_0P,
	HALO_RD_A_AFTER_SB_1P,
	HALO_RD_A_AFTER_SB_2P,
	HALO_RD_A_CSUMS_ALG,
	HALO_RD_A_RESYNC_RATE,
	HALO_RD_A_C_PLAN_AHEAD,
	HALO_RD_A_C_FILL_TARGET,
	HALO_RD_A_C_DELAY_TARGET,
	HALO_RD_A_C_MAX_RATE,
	HALO_RD_A_C_MIN_RATE,
	HALO_RD_A_RS_SAME,
	HALO_RD_A_META_IDX,
	HALO_RD_A_KO_COUNT,
	HALO_RD_A_TWO_PRIMARIES,
	__HALO_RD_A_LAST
};

#define HALO_RD_A_MAX (__HALO_RD_A_LAST - 1)

/* HALO_RD_A_FLAGS bits. */
#define HALO_RD_F_FORCE			(1U << 0)
#define HALO_RD_F_DISCARD_MY_DATA	(1U << 1)
#define HALO_RD_F_TWO_PRIMARIES		(1U << 2)
#define HALO_RD_F_SET_DEFAULTS		(1U << 3)

/* HALO_RD_A_SYNC_PAUSE bits (DRBD's user_isp and peer_isp). */
#define HALO_RD_PAUSE_USER		(1U << 0)	/* pause-sync here */
#define HALO_RD_PAUSE_PEER		(1U << 1)	/* pause-sync on the peer */

/* HALO_RD_A_MD_FLAGS bits, as stored in the on-disk superblock. */
#define HALO_RD_MDF_CONSISTENT		(1U << 0)
#define HALO_RD_MDF_PRIMARY_IND		(1U << 1)
#define HALO_RD_MDF_CONNECTED_IND	(1U << 2)
#define HALO_RD_MDF_FULL_SYNC		(1U << 3)
#define HALO_RD_MDF_WAS_UP_TO_DATE	(1U << 4)
#define HALO_RD_MDF_CRASHED_PRIMARY	(1U << 6)

/* The current generation identifier of freshly created metadata. */
#define HALO_RD_UUID_JUST_CREATED	4ULL

/**
 * enum halo_rd_protocol - replication protocol of a connection
 * @HALO_RD_PROT_NONE: no connection configured
 * @HALO_RD_PROT_A: complete when written locally and sent
 * @HALO_RD_PROT_B: complete when written locally and received by the peer
 * @HALO_RD_PROT_C: complete when written locally and on the peer's disk
 */
enum halo_rd_protocol {
	HALO_RD_PROT_NONE,
	HALO_RD_PROT_A,
	HALO_RD_PROT_B,
	HALO_RD_PROT_C,
};

/**
 * enum halo_rd_role - role of a node, with DRBD's names
 * @HALO_RD_ROLE_UNKNOWN: "Unknown" (peer not connected)
 * @HALO_RD_ROLE_PRIMARY: "Primary"
 * @HALO_RD_ROLE_SECONDARY: "Secondary"
 */
enum halo_rd_role {
	HALO_RD_ROLE_UNKNOWN,
	HALO_RD_ROLE_PRIMARY,
	HALO_RD_ROLE_SECONDARY,
};

/**
 * enum halo_rd_cstate - connection states, with DRBD 8.4's names
 * @HALO_RD_CS_STANDALONE: "StandAlone", no connection configured
 * @HALO_RD_CS_DISCONNECTING: "Disconnecting", tearing down on request
 * @HALO_RD_CS_UNCONNECTED: "Unconnected", about to connect
 * @HALO_RD_CS_NETWORK_FAILURE: "NetworkFailure", connection lost
 * @HALO_RD_CS_PROTOCOL_ERROR: "ProtocolError", the peer is incompatible
 * @HALO_RD_CS_WF_CONNECTION: "WFConnection", waiting for the peer
 * @HALO_RD_CS_WF_REPORT_PARAMS: "WFReportParams", handshake
 * @HALO_RD_CS_CONNECTED: "Connected", in sync and replicating
 * @HALO_RD_CS_SYNC_SOURCE: "SyncSource", resyncing the peer
 * @HALO_RD_CS_SYNC_TARGET: "SyncTarget", being resynced by the peer
 * @HALO_RD_CS_VERIFY_S: "VerifyS", verifying against the peer
 * @HALO_RD_CS_VERIFY_T: "VerifyT", being verified by the peer
 * @HALO_RD_CS_PAUSED_SYNC_S: "PausedSyncS", SyncSource with the sync paused
 * @HALO_RD_CS_PAUSED_SYNC_T: "PausedSyncT", SyncTarget with the sync paused
 * @__HALO_RD_CS_LAST: internal: number of states
 */
enum halo_rd_cstate {
	HALO_RD_CS_STANDALONE,
	HALO_RD_CS_DISCONNECTING,
	HALO_RD_CS_UNCONNECTED,
	HALO_RD_CS_NETWORK_FAILURE,
	HALO_RD_CS_PROTOCOL_ERROR,
	HALO_RD_CS_WF_CONNECTION,
	HALO_RD_CS_WF_REPORT_PARAMS,
	HALO_RD_CS_CONNECTED,
	HALO_RD_CS_SYNC_SOURCE,
	HALO_RD_CS_SYNC_TARGET,
	HALO_RD_CS_VERIFY_S,
	HALO_RD_CS_VERIFY_T,
	HALO_RD_CS_PAUSED_SYNC_S,
	HALO_RD_CS_PAUSED_SYNC_T,
	__HALO_RD_CS_LAST
};

/**
 * enum halo_rd_dstate - disk states, with DRBD 8.4's names
 * @HALO_RD_DS_DISKLESS: "Diskless", no backing device
 * @HALO_RD_DS_ATTACHING: "Attaching", reading metadata
 * @HALO_RD_DS_FAILED: "Failed", I/O error, about to detach
 * @HALO_RD_DS_INCONSISTENT: "Inconsistent", data not usable
 * @HALO_RD_DS_OUTDATED: "Outdated", consistent but known to be old
 * @HALO_RD_DS_DUNKNOWN: "DUnknown", the peer's disk when not connected
 * @HALO_RD_DS_CONSISTENT: "Consistent", consistent, age unknown
 * @HALO_RD_DS_UP_TO_DATE: "UpToDate", the newest data
 * @__HALO_RD_DS_LAST: internal: number of states
 */
enum halo_rd_dstate {
	HALO_RD_DS_DISKLESS,
	HALO_RD_DS_ATTACHING,
	HALO_RD_DS_FAILED,
	HALO_RD_DS_INCONSISTENT,
	HALO_RD_DS_OUTDATED,
	HALO_RD_DS_DUNKNOWN,
	HALO_RD_DS_CONSISTENT,
	HALO_RD_DS_UP_TO_DATE,
	__HALO_RD_DS_LAST
};

/**
 * enum halo_rd_on_io_error - what a backing device I/O error does
 * @HALO_RD_IOE_PASS_ON: report the error to the upper layer
 * @HALO_RD_IOE_DETACH: detach the disk (the default)
 */
enum halo_rd_on_io_error {
	HALO_RD_IOE_PASS_ON,
	HALO_RD_IOE_DETACH,
};

/* Longest csums-alg name, including the terminating NUL. */
#define HALO_RD_ALG_MAX		32

/**
 * enum halo_rd_after_sb - automatic split-brain recovery, DRBD 8.4's names
 * @HALO_RD_ASB_DISCONNECT: "disconnect", stay StandAlone (the default)
 * @HALO_RD_ASB_DISCARD_YOUNGER_PRI: "discard-younger-primary", the node
 *	promoted after the split loses
 * @HALO_RD_ASB_DISCARD_OLDER_PRI: "discard-older-primary", the node that
 *	was Primary when the split happened loses
 * @HALO_RD_ASB_DISCARD_ZERO_CHG: "discard-zero-changes", a node that wrote
 *	nothing since the split loses; when both wrote, disconnect
 * @HALO_RD_ASB_DISCARD_LEAST_CHG: "discard-least-changes", the node with
 *	fewer blocks changed since the split loses
 * @HALO_RD_ASB_CONSENSUS: "consensus" (after-sb-1pri), the after-sb-0pri
 *	result if it discards the Secondary, else disconnect
 * @HALO_RD_ASB_DISCARD_SECONDARY: "discard-secondary" (after-sb-1pri)
 * @__HALO_RD_ASB_LAST: internal: number of policies
 */
enum halo_rd_after_sb {
	HALO_RD_ASB_DISCONNECT,
	HALO_RD_ASB_DISCARD_YOUNGER_PRI,
	HALO_RD_ASB_DISCARD_OLDER_PRI,
	HALO_RD_ASB_DISCARD_ZERO_CHG,
	HALO_RD_ASB_DISCARD_LEAST_CHG,
	HALO_RD_ASB_CONSENSUS,
	HALO_RD_ASB_DISCARD_SECONDARY,
	__HALO_RD_ASB_LAST
};

/**
 * halo_rd_asb_name() - DRBD's name of an after-sb policy
 * @p: enum halo_rd_after_sb
 *
 * The one table of the names: the module logs them, the tools parse and
 * print them.
 *
 * Return: the name, "?" for a value out of range.
 */
static inline const char *halo_rd_asb_name(unsigned int p)
{
	switch (p) {
	case HALO_RD_ASB_DISCONNECT:		return "disconnect";
	case HALO_RD_ASB_DISCARD_YOUNGER_PRI:	return "discard-younger-primary";
	case HALO_RD_ASB_DISCARD_OLDER_PRI:	return "discard-older-primary";
	case HALO_RD_ASB_DISCARD_ZERO_CHG:	return "discard-zero-changes";
	case HALO_RD_ASB_DISCARD_LEAST_CHG:	return "discard-least-changes";
	case HALO_RD_ASB_CONSENSUS:		return "consensus";
	case HALO_RD_ASB_DISCARD_SECONDARY:	return "discard-secondary";
	}
	return "?";
}

#endif /* _UAPI_LINUX_HALO_RD_H */
