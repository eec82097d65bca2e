#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Numbered 4 KiB records on a block device (tests/rd-nodes).

  records.py write DEV FIRST COUNT   write records FIRST.. with O_DIRECT|O_SYNC,
                                     print "ACK N" (flushed) after each one
  records.py check DEV LAST          every record 0..LAST holds its own bytes;
                                     prints "OK N" or "BAD N" and exits 1
Record N sits at byte N*4096: "HALOREC N\\n" then bytes N % 251 up to 4 KiB.
"""
import mmap
import os
import sys


def record(n):
    head = b"HALOREC %010d\n" % n
    return head + bytes([n % 251]) * (4096 - len(head))


def main():
    cmd, dev = sys.argv[1], sys.argv[2]
    buf = mmap.mmap(-1, 4096)
    if cmd == "write":
        first, count = int(sys.argv[3]), int(sys.argv[4])
        fd = os.open(dev, os.O_WRONLY | os.O_DIRECT | os.O_SYNC)
        for n in range(first, first + count):
            buf[:] = record(n)
            if os.pwrite(fd, buf, n * 4096) != 4096:
                sys.exit("short write at record %d" % n)
            print("ACK", n, flush=True)
        return
    last = int(sys.argv[3])
    fd = os.open(dev, os.O_RDONLY | os.O_DIRECT)
    for n in range(last + 1):
        if os.preadv(fd, [buf], n * 4096) != 4096 or buf[:] != record(n):
            print("BAD", n, flush=True)
            sys.exit(1)
    print("OK", last + 1, flush=True)


main()
