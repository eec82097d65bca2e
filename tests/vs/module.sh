#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo_vs loads and unloads cleanly, by path and through modprobe.
. "$(dirname "$0")/../lib.sh"
module_lifecycle halo_vs HALO_VS
