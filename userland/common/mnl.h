/* SPDX-License-Identifier: GPL-2.0 */
/* Generic netlink over libmnl: resolve a family, one request, one reply. */
#ifndef HALO_MNL_H
#define HALO_MNL_H

#include <stdint.h>
#include <libmnl/libmnl.h>

struct halo_genl {
	struct mnl_socket *nl;
	uint16_t family;
	uint32_t portid;
	uint32_t seq;
};

/*
 * halo_genl_open() - open a socket and resolve @family, loading @module
 * through libkmod when the family is missing. Returns 0 or -errno.
 */
int halo_genl_open(struct halo_genl *g, const char *family, const char *module);
void halo_genl_close(struct halo_genl *g);
/* Start a request in @buf for command @cmd with NLM_F_REQUEST | @flags. */
struct nlmsghdr *halo_genl_msg(struct halo_genl *g, void *buf, uint8_t cmd,
			       uint8_t version, uint16_t flags);
/*
 * halo_genl_talk() - send @nlh and run @cb on each reply until the ack.
 * Returns 0 or the kernel's -errno; the extack message, if any, is copied
 * into @why (size @whylen).
 */
int halo_genl_talk(struct halo_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data, char *why, size_t whylen);

#endif
