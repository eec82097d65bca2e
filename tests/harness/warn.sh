#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-test: a test that exits 0 but made the kernel warn must be
# reported as failed from the kernel log.
# expect: kernel: WARNING:
modprobe halo_test_warn && rmmod halo_test_warn
