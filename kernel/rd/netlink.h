/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HALO_RD generic netlink family: the only place that parses attributes.
 */
#ifndef _HALO_RD_NETLINK_H
#define _HALO_RD_NETLINK_H

int hrd_netlink_init(void);
void hrd_netlink_exit(void);

#endif /* _HALO_RD_NETLINK_H */
