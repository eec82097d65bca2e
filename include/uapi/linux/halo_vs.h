/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * halo_vs: a layer-4 virtual server (load balancer), generic netlink API.
 *
 * This header is the contract between the halo_vs module and its tools;
 * both include this one file.
 *
 * Family HALO_VS_GENL_NAME ("HALO_VS"), version HALO_VS_GENL_VERSION.
 * The family is per network namespace: every request acts on the
 * namespace of the socket that sent it.
 *
 * HALO_VS_CMD_GET_INFO (doit, any user)
 *   Request: no attributes.
 *   Reply:   HALO_VS_A_VERSION       u32  module version, 0xMMmmpp
 *
 * Commands that change state need CAP_NET_ADMIN in the user namespace
 * that owns the network namespace (GENL_ADMIN_PERM).
 */
#ifndef _UAPI_LINUX_HALO_VS_H
#define _UAPI_LINUX_HALO_VS_H

#include <linux/types.h>

#define HALO_VS_GENL_NAME	"HALO_VS"
#define HALO_VS_GENL_VERSION	1

/* Module version as reported by HALO_VS_A_VERSION: 0xMMmmpp. */
#define HALO_VS_VERSION_CODE	0x000100

/**
 * enum halo_vs_cmd - generic netlink commands of the HALO_VS family
 * @HALO_VS_CMD_UNSPEC: unused
 * @HALO_VS_CMD_GET_INFO: report the module version
 * @__HALO_VS_CMD_LAST: internal: one past the last command
 */
enum halo_vs_cmd {
	HALO_VS_CMD_UNSPEC,
	HALO_VS_CMD_GET_INFO,
	__HALO_VS_CMD_LAST
};

#define HALO_VS_CMD_MAX (__HALO_VS_CMD_LAST - 1)

/**
 * enum halo_vs_attr - top-level attributes of the HALO_VS family
 * @HALO_VS_A_UNSPEC: unused
 * @HALO_VS_A_VERSION: u32, module version (HALO_VS_VERSION_CODE)
 * @__HALO_VS_A_LAST: internal: one past the last attribute
 */
enum halo_vs_attr {
	HALO_VS_A_UNSPEC,
	HALO_VS_A_VERSION,
	__HALO_VS_A_LAST
};

#define HALO_VS_A_MAX (__HALO_VS_A_LAST - 1)

#endif /* _UAPI_LINUX_HALO_VS_H */
