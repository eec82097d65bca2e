#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo_rd loads and unloads cleanly, by path and through modprobe.
. "$(dirname "$0")/../lib.sh"
module_lifecycle halo_rd HALO_RD
