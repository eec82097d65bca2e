/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * halo_rd: a replicated block device, generic netlink API.
 *
 * This header is the contract between the halo_rd module and its tools;
 * both include this one file.
 *
 * Family HALO_RD_GENL_NAME ("HALO_RD"), version HALO_RD_GENL_VERSION.
 * The family is per network namespace: every request acts on the
 * namespace of the socket that sent it.
 *
 * HALO_RD_CMD_GET_INFO (doit, any user)
 *   Request: no attributes.
 *   Reply:   HALO_RD_A_VERSION       u32  module version, 0xMMmmpp
 *
 * Commands that change state need CAP_SYS_ADMIN in the user namespace
 * that owns the network namespace (GENL_ADMIN_PERM).
 */
#ifndef _UAPI_LINUX_HALO_RD_H
#define _UAPI_LINUX_HALO_RD_H

#include <linux/types.h>

#define HALO_RD_GENL_NAME	"HALO_RD"
#define HALO_RD_GENL_VERSION	1

/* Module version as reported by HALO_RD_A_VERSION: 0xMMmmpp. */
#define HALO_RD_VERSION_CODE	0x000100

/**
 * enum halo_rd_cmd - generic netlink commands of the HALO_RD family
 * @HALO_RD_CMD_UNSPEC: unused
 * @HALO_RD_CMD_GET_INFO: report the module version
 * @__HALO_RD_CMD_LAST: internal: one past the last command
 */
enum halo_rd_cmd {
	HALO_RD_CMD_UNSPEC,
	HALO_RD_CMD_GET_INFO,
	__HALO_RD_CMD_LAST
};

#define HALO_RD_CMD_MAX (__HALO_RD_CMD_LAST - 1)

/**
 * enum halo_rd_attr - top-level attributes of the HALO_RD family
 * @HALO_RD_A_UNSPEC: unused
 * @HALO_RD_A_VERSION: u32, module version (HALO_RD_VERSION_CODE)
 * @__HALO_RD_A_LAST: internal: one past the last attribute
 */
enum halo_rd_attr {
	HALO_RD_A_UNSPEC,
	HALO_RD_A_VERSION,
	__HALO_RD_A_LAST
};

#define HALO_RD_A_MAX (__HALO_RD_A_LAST - 1)

#endif /* _UAPI_LINUX_HALO_RD_H */
