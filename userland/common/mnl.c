// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "kmod.h"
#include "mnl.h"
#include "util.h"

static int family_id_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)data = mnl_attr_get_u16(attr);
	}
	return MNL_CB_OK;
}

static int resolve(struct halo_genl *g, const char *family)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	g->family = GENL_ID_CTRL;
	nlh = halo_genl_msg(g, buf, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	g->family = 0;
	return halo_genl_talk(g, nlh, family_id_cb, &g->family, NULL, 0);
}

int halo_genl_open(struct halo_genl *g, const char *family, const char *module)
{
	const char *why;
	int ret;

	memset(g, 0, sizeof(*g));
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl)
		return -errno;
	if (mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto err_sock;
	}
	g->portid = mnl_socket_get_portid(g->nl);
	g->seq = time(NULL);
	ret = resolve(g, family);
	if (ret == -ENOENT) {
		if (halo_load_module(module, &why) < 0) {
			halo_err("cannot load module '%s': %s", module, why);
			goto err_sock;
		}
		ret = resolve(g, family);
	}
	if (ret < 0)
		goto err_sock;
	return 0;

err_sock:
	mnl_socket_close(g->nl);
	g->nl = NULL;
	return ret;
}

void halo_genl_close(struct halo_genl *g)
{
	if (g->nl)
		mnl_socket_close(g->nl);
	g->nl = NULL;
}

struct nlmsghdr *halo_genl_msg(struct halo_genl *g, void *buf, uint8_t cmd,
			       uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = g->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++g->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Pull the kernel's extack message out of an error reply. */
static void extack_msg(const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);
	struct nlattr *attr;

	if (!why || !whylen || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&err->msg);
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG)
			snprintf(why, whylen, "%s", mnl_attr_get_str(attr));
	}
}

int halo_genl_talk(struct halo_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data, char *why, size_t whylen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE * 4];
	uint32_t seq = nlh->nlmsg_seq;
	int ret, one = 1;

	if (why && whylen)
		why[0] = '\0';
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ret = mnl_socket_recvfrom(g->nl, buf, sizeof(buf));
		if (ret < 0)
			return -errno;
		const struct nlmsghdr *r = (const struct nlmsghdr *)buf;

		if (r->nlmsg_type == NLMSG_ERROR &&
		    mnl_nlmsg_get_payload_len(r) >= sizeof(struct nlmsgerr)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(r);

			if (e->error)
				extack_msg(r, why, whylen);
		}
		ret = mnl_cb_run(buf, ret, seq, g->portid, cb, data);
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}
