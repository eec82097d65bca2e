#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Numbered 4 KiB records on a block device or image (tests/rd-nodes).

  records.py write DEV FIRST COUNT   write records FIRST.. with O_DIRECT|O_SYNC,
                                     print "ACK N" (flushed) after each one
  records.py check DEV FIRST LAST    every record FIRST..LAST holds its own
                                     bytes: prints "OK N" (N records checked)
                                     or "BAD N" and exits 1
  records.py check-image FILE FIRST LAST   the same on a disk image, read
                                     without O_DIRECT (on the host)
Record N sits at byte N*4096: "HALOREC N\\n" then bytes N % 251 up to 4 KiB.
"""
import mmap
import os
import sys


def record(n):
    head = b"HALOREC %010d\n" % n
    return head + bytes([n % 251]) * (4096 - len(head))


def check(fd, first, last):
    buf = mmap.mmap(-1, 4096)
    for n in range(first, last + 1):
        if os.preadv(fd, [buf], n * 4096) != 4096 or buf[:] != record(n):
            print("BAD", n, flush=True)
            sys.exit(1)
    print("OK", last + 1 - first, flush=True)


def main():
    cmd, dev = sys.argv[1], sys.argv[2]
    first, arg = int(sys.argv[3]), int(sys.argv[4])
    if cmd == "write":
        buf = mmap.mmap(-1, 4096)
        fd = os.open(dev, os.O_WRONLY | os.O_DIRECT | os.O_SYNC)
        for n in range(first, first + arg):
            buf[:] = record(n)
            if os.pwrite(fd, buf, n * 4096) != 4096:
                sys.exit("short write at record %d" % n)
            print("ACK", n, flush=True)
    elif cmd == "check":
        check(os.open(dev, os.O_RDONLY | os.O_DIRECT), first, arg)
    elif cmd == "check-image":
        check(os.open(dev, os.O_RDONLY), first, arg)
    else:
        sys.exit("records.py: unknown command '%s'" % cmd)


main()
