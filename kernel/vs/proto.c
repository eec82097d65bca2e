// SPDX-License-Identifier: GPL-2.0
/*
 * Protocol state of connection entries: the TCP state table and the
 * timeouts of each state. UDP has a single state.
 *
 * The TCP table is indexed by direction, event and current state. Events
 * are taken from the segment's flags with RST before SYN before FIN before
 * ACK. HVS_DIR_INONLY is used for direct routing and tunnelling, where the
 * director sees only the client's half of the conversation and must infer
 * "established" from the client's ACK after its SYN.
 */

#include <linux/jiffies.h>
#include <linux/tcp.h>
#include <net/tcp.h>

#include "hvs.h"

enum { EV_SYN, EV_FIN, EV_ACK, EV_RST, EV_MAX };

#define S_NO	HALO_VS_TCP_S_NONE
#define S_ES	HALO_VS_TCP_S_ESTABLISHED
#define S_SS	HALO_VS_TCP_S_SYN_SENT
#define S_SR	HALO_VS_TCP_S_SYN_RECV
#define S_FW	HALO_VS_TCP_S_FIN_WAIT
#define S_TW	HALO_VS_TCP_S_TIME_WAIT
#define S_CL	HALO_VS_TCP_S_CLOSE
#define S_CW	HALO_VS_TCP_S_CLOSE_WAIT
#define S_LA	HALO_VS_TCP_S_LAST_ACK
#define S_LI	HALO_VS_TCP_S_LISTEN
#define S_SA	HALO_VS_TCP_S_SYNACK

/*
 * next[dir][event][state], the transitions of ip_vs 6.1 (so that both count
 * and list a connection alike). The names are the director's view: a FIN
 * from the client first makes a NAT entry CLOSE_WAIT, the real server's
 * FIN after it TIME_WAIT. INONLY (direct routing, tunnels) never sees the
 * real server's segments: the client's FIN makes it FIN_WAIT, which the
 * client's last ACK keeps. State columns in enum order:
 *   NO    ES    SS    SR    FW    TW    CL    CW    LA    LI    SA
 */
static const u8 hvs_tcp_next[3][EV_MAX][HALO_VS_TCP_S_LAST] = {
	[HVS_DIR_IN] = {
		[EV_SYN] = { S_SR, S_ES, S_ES, S_SR, S_SR, S_SR, S_SR, S_SR,
			     S_SR, S_SR, S_SR },
		[EV_FIN] = { S_CL, S_CW, S_SS, S_TW, S_TW, S_TW, S_CL, S_CW,
			     S_LA, S_LI, S_TW },
		[EV_ACK] = { S_ES, S_ES, S_SS, S_ES, S_FW, S_TW, S_CL, S_CW,
			     S_CL, S_LI, S_ES },
		[EV_RST] = { S_CL, S_CL, S_CL, S_SR, S_CL, S_CL, S_CL, S_CL,
			     S_LA, S_LI, S_SR },
	},
	[HVS_DIR_OUT] = {
		[EV_SYN] = { S_SS, S_ES, S_SS, S_SR, S_SS, S_SS, S_SS, S_SS,
			     S_SS, S_LI, S_SR },
		[EV_FIN] = { S_TW, S_FW, S_SS, S_TW, S_FW, S_TW, S_CL, S_TW,
			     S_LA, S_LI, S_TW },
		[EV_ACK] = { S_ES, S_ES, S_SS, S_ES, S_FW, S_TW, S_CL, S_CW,
			     S_LA, S_ES, S_ES },
		[EV_RST] = { S_CL, S_CL, S_SS, S_CL, S_CL, S_TW, S_CL, S_CL,
			     S_CL, S_CL, S_CL },
	},
	[HVS_DIR_INONLY] = {
		[EV_SYN] = { S_SR, S_ES, S_ES, S_SR, S_SR, S_SR, S_SR, S_SR,
			     S_SR, S_SR, S_SR },
		[EV_FIN] = { S_CL, S_FW, S_SS, S_TW, S_FW, S_TW, S_CL, S_CW,
			     S_LA, S_LI, S_TW },
		[EV_ACK] = { S_ES, S_ES, S_SS, S_ES, S_FW, S_TW, S_CL, S_CW,
			     S_CL, S_LI, S_ES },
		[EV_RST] = { S_CL, S_CL, S_CL, S_SR, S_CL, S_CL, S_CL, S_CL,
			     S_LA, S_LI, S_CL },
	},
};

/*
 * States counted as ActiveConn (the rest as InActConn): as in ip_vs 6.1,
 * the handshake counts as active, closing states do not.
 */
static const bool hvs_tcp_active[HALO_VS_TCP_S_LAST] = {
	[S_ES] = true, [S_SS] = true, [S_SR] = true, [S_SA] = true,
};

/* Fixed timeouts in seconds; ES, FW and UDP come from hvs_net. */
static const unsigned int hvs_tcp_timeout[HALO_VS_TCP_S_LAST] = {
	[S_NO] = 2, [S_SS] = 120, [S_SR] = 60, [S_TW] = 120, [S_CL] = 10,
	[S_CW] = 60, [S_LA] = 30, [S_LI] = 120, [S_SA] = 120,
};

/**
 * hvs_tcp_next_state() - the TCP state after a segment
 * @state: current HALO_VS_TCP_S_* state
 * @dir: HVS_DIR_IN, HVS_DIR_OUT or HVS_DIR_INONLY
 * @tcpflags: the segment's flags byte
 *
 * Context: any.
 * Return: the next state.
 */
u8 hvs_tcp_next_state(u8 state, int dir, u8 tcpflags)
{
	int ev;

	if (state >= HALO_VS_TCP_S_LAST || dir < 0 || dir > HVS_DIR_INONLY)
		return S_CL;
	if (tcpflags & TCPHDR_RST)
		ev = EV_RST;
	else if (tcpflags & TCPHDR_SYN)
		ev = EV_SYN;
	else if (tcpflags & TCPHDR_FIN)
		ev = EV_FIN;
	else if (tcpflags & TCPHDR_ACK)
		ev = EV_ACK;
	else	/* like ip_vs: a segment without SYN, FIN, ACK or RST */
		return S_CL;
	return hvs_tcp_next[dir][ev][state];
}

/**
 * hvs_state_active() - whether an entry in @state counts as ActiveConn
 * @proto: IPPROTO_TCP or IPPROTO_UDP (UDP entries are always inactive)
 * @state: the state
 *
 * Context: any.
 * Return: true for the states of an opening or open TCP connection.
 */
bool hvs_state_active(u8 proto, u8 state)
{
	return proto == IPPROTO_TCP && state < HALO_VS_TCP_S_LAST &&
	       hvs_tcp_active[state];
}

/**
 * hvs_state_timeout() - how long an entry in a state lives without traffic
 * @hn: namespace state (for the settable timeouts)
 * @proto: IPPROTO_TCP or IPPROTO_UDP
 * @state: the state
 *
 * Context: any.
 * Return: the timeout in jiffies.
 */
unsigned long hvs_state_timeout(const struct hvs_net *hn, u8 proto, u8 state)
{
	if (proto != IPPROTO_TCP)
		return READ_ONCE(hn->timeout_udp);
	if (state == S_ES)
		return READ_ONCE(hn->timeout_tcp);
	if (state == S_FW)
		return READ_ONCE(hn->timeout_tcpfin);
	if (state >= HALO_VS_TCP_S_LAST)
		return 10 * HZ;
	return hvs_tcp_timeout[state] * HZ;
}

/**
 * hvs_set_defaults() - the default timeouts: tcp 900, tcpfin 120, udp 300
 * @hn: namespace state
 *
 * Context: namespace setup.
 */
void hvs_set_defaults(struct hvs_net *hn)
{
	hn->timeout_tcp = 900 * HZ;
	hn->timeout_tcpfin = 120 * HZ;
	hn->timeout_udp = 300 * HZ;
}
