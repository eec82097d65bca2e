// SPDX-License-Identifier: GPL-2.0
/*
 * halo-rdadm: manage halo_rd replicated block devices, drbdadm-style.
 */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/halo_rd.h>

#include "mnl.h"
#include "util.h"

#define HALO_RDADM_VERSION "0.1.0"

static int version_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == HALO_RD_A_VERSION)
			*(uint32_t *)data = mnl_attr_get_u32(attr);
	}
	return MNL_CB_OK;
}

static int show_version(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], why[256];
	struct halo_genl g;
	struct nlmsghdr *nlh;
	uint32_t v = 0;
	int ret;

	printf("%s v%s\n", PROG_NAME, HALO_RDADM_VERSION);
	ret = halo_genl_open(&g, HALO_RD_GENL_NAME, "halo_rd");
	if (ret < 0) {
		halo_err("cannot talk to the halo_rd module: %s", strerror(-ret));
		return 1;
	}
	nlh = halo_genl_msg(&g, buf, HALO_RD_CMD_GET_INFO, HALO_RD_GENL_VERSION, 0);
	ret = halo_genl_talk(&g, nlh, version_cb, &v, why, sizeof(why));
	halo_genl_close(&g);
	if (ret < 0 || !v) {
		halo_err("the halo_rd module did not report its version: %s",
			 why[0] ? why : strerror(-ret));
		return 1;
	}
	printf("halo_rd module v%u.%u.%u\n", v >> 16, (v >> 8) & 0xff, v & 0xff);
	return 0;
}

int main(int argc, char **argv)
{
	PROG_NAME = basename(argv[0]);
	if (argc == 2 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")))
		return show_version();
	fprintf(stderr, "Usage: %s -v|--version\n", PROG_NAME);
	return 2;
}
