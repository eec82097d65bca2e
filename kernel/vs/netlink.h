/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HALO_VS generic netlink family: the only place that parses attributes.
 */
#ifndef _HALO_VS_NETLINK_H
#define _HALO_VS_NETLINK_H

int hvs_netlink_init(void);
void hvs_netlink_exit(void);

#endif /* _HALO_VS_NETLINK_H */
