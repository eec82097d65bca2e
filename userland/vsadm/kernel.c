// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <linux/halo_vs.h>

#include "kernel.h"
#include "kmod.h"
#include "util.h"

static struct nl_sock *sock;
static int family;

int kernel_open(void)
{
	const char *why;
	int ret;

	sock = nl_socket_alloc();
	if (!sock)
		return -ENOMEM;
	ret = genl_connect(sock);
	if (ret < 0)
		goto err_sock;
	family = genl_ctrl_resolve(sock, HALO_VS_GENL_NAME);
	if (family < 0) {
		if (halo_load_module("halo_vs", &why) < 0) {
			halo_err("cannot load module 'halo_vs': %s", why);
			ret = -ENOPROTOOPT;
			goto err_sock;
		}
		family = genl_ctrl_resolve(sock, HALO_VS_GENL_NAME);
	}
	if (family < 0) {
		ret = -ENOPROTOOPT;
		goto err_sock;
	}
	return 0;

err_sock:
	nl_socket_free(sock);
	sock = NULL;
	return ret < 0 ? ret : -EIO;
}

void kernel_close(void)
{
	nl_socket_free(sock);
	sock = NULL;
}

static int parse_version(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[HALO_VS_A_MAX + 1];
	uint32_t *version = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, HALO_VS_A_MAX, NULL) < 0 ||
	    !tb[HALO_VS_A_VERSION])
		return NL_SKIP;
	*version = nla_get_u32(tb[HALO_VS_A_VERSION]);
	return NL_OK;
}

int kernel_get_version(uint32_t *version)
{
	struct nl_msg *msg;
	int ret;

	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
			 HALO_VS_CMD_GET_INFO, HALO_VS_GENL_VERSION)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	*version = 0;
	ret = nl_send_auto(sock, msg);
	nlmsg_free(msg);
	if (ret < 0)
		return -EIO;
	nl_socket_modify_cb(sock, NL_CB_VALID, NL_CB_CUSTOM, parse_version,
			    version);
	ret = nl_recvmsgs_default(sock);
	return ret < 0 ? -EIO : 0;
}
