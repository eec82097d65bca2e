#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-test: a test that outlives its timeout must be killed and
# reported as failed.
# timeout=3
# expect: timeout
sleep 300
