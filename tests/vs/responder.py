#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""responder NAME PORT ADDR...: a test real server.

On every ADDR:PORT it listens on TCP and UDP. A TCP client gets "NAME\\n"
then its data echoed, until the client closes the connection; a UDP datagram
gets "NAME\\n" back from the address it was sent to.
"""
import selectors
import socket
import sys


def main():
    name, port, addrs = sys.argv[1].encode() + b"\n", int(sys.argv[2]), \
        sys.argv[3:]
    sel = selectors.DefaultSelector()
    for a in addrs:
        af = socket.AF_INET6 if ":" in a else socket.AF_INET
        t = socket.socket(af, socket.SOCK_STREAM)
        t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if af == socket.AF_INET6:
            t.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        t.bind((a, port))
        t.listen(128)
        sel.register(t, selectors.EVENT_READ, "listen")
        u = socket.socket(af, socket.SOCK_DGRAM)
        if af == socket.AF_INET6:
            u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        u.bind((a, port))
        sel.register(u, selectors.EVENT_READ, "udp")
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            if key.data == "listen":
                c, _ = s.accept()
                try:
                    c.send(name)
                except OSError:
                    c.close()
                    continue
                sel.register(c, selectors.EVENT_READ, "conn")
            elif key.data == "udp":
                _, peer = s.recvfrom(65536)
                s.sendto(name, peer)
            else:
                try:
                    data = s.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    sel.unregister(s)
                    s.close()
                else:
                    s.send(data)


main()
