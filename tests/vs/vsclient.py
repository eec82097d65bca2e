#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""vsclient tcp|udp HOST PORT COUNT [--hold] [--size N] [--one-socket]

Makes COUNT connections (TCP) or sends COUNT datagrams (UDP, each from a
new socket unless --one-socket) to HOST:PORT and prints, one per line, the
name the real server answered with ("-" for no answer). --hold keeps the
TCP connections open until the process is killed; --size pads each
datagram to N bytes of payload.
"""
import socket
import sys
import time


def main():
    proto, host, port, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4])
    hold = "--hold" in sys.argv
    one = "--one-socket" in sys.argv
    size = int(sys.argv[sys.argv.index("--size") + 1]) \
        if "--size" in sys.argv else 4
    af = socket.AF_INET6 if ":" in host else socket.AF_INET
    kept = []
    us = None
    for _ in range(count):
        name = "-"
        try:
            if proto == "tcp":
                s = socket.create_connection((host, port), timeout=10)
                name = s.makefile("rb").readline().decode().strip() or "-"
                if hold:
                    kept.append(s)
                else:
                    s.close()
            else:
                if us is None or not one:
                    us = socket.socket(af, socket.SOCK_DGRAM)
                    us.settimeout(5)
                    us.connect((host, port))
                us.send(b"x" * size)
                name = us.recv(65536).decode().strip() or "-"
                if not one:
                    us.close()
        except OSError as e:
            name = "-"
            print("# %s" % e, file=sys.stderr)
        print(name, flush=True)
    if hold:
        while True:
            time.sleep(60)


main()
