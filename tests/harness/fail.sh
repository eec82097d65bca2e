#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-test: a test that fails must be reported as failed.
# expect: exit 1
echo "not ok 1 this test fails on purpose"
exit 1
