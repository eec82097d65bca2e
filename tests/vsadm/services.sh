#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Virtual services: -A/-E/-D/-Z with every service option (TCP, UDP,
# fwmark, IPv6, persistence, netmasks, one-packet, scheduler flags), the
# kernel's refusals mapped to ipvsadm's messages (duplicate, missing service,
# unknown scheduler), and every listing format, compared with ipvsadm 1.31.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vsdiff.bash"
vsdiff_need_ops NEW_SERVICE SET_SERVICE DEL_SERVICE GET_SERVICE GET_DEST ZERO FLUSH ||
	skip_all "halo_vs has no HALO_VS_CMD_$VSDIFF_MISSING yet (kernel branch vs)"
seq=$(dirname "$0")/services.seq
vsdiff_plan "$seq"
vsdiff_run services "$seq"
vsdiff_finish
