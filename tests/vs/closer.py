#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""closer serve | closer client GO ADDR...: TCP connections ended on purpose.

Each port from 7001 to 7007 stands for one way of ending a connection. The
server greets every connection with "hi\\n" and then, by port:

  7001, 7003, 7006, 7007  waits for the client's end, then closes
  7002, 7005              closes at once (its FIN comes first)
  7004                    aborts (RST) once the client said "x"

The client connects to ports 7001, 7002, 7005, 7006 and 7007 of every ADDR
in turn, prints "phase1", waits for the file GO to exist, then connects to
7003 and 7004 of every ADDR. Each time it reads the greeting and then:

  7001, 7006  closes first (FIN from the client)
  7002        waits for the server's FIN, then closes
  7003        aborts (SO_LINGER 0: RST from the client)
  7004        says "x" and waits for the server's RST
  7005        waits for the server's FIN and keeps its half open
  7007        keeps the connection open

It prints "done" once every connection has settled, then holds the open
ones until it is killed.
"""
import os
import selectors
import socket
import struct
import sys
import time

PORTS = range(7001, 7008)
ABORT = struct.pack("ii", 1, 0)


def serve():
    sel = selectors.DefaultSelector()
    for port in PORTS:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(16)
        sel.register(s, selectors.EVENT_READ, port)
    while True:
        for key, _ in sel.select():
            s, what = key.fileobj, key.data
            if what not in ("abort", "wait"):
                c, _ = s.accept()
                c.send(b"hi\n")
                if what in (7002, 7005):
                    c.close()
                else:
                    sel.register(c, selectors.EVENT_READ,
                                 "abort" if what == 7004 else "wait")
                continue
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if what == "abort" and data:
                # Not at accept: the client's connect() must not fail.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, ABORT)
            if not data or what == "abort":
                sel.unregister(s)
                s.close()


def until_end(s):
    try:
        while s.recv(4096):
            pass
    except OSError:
        pass


def greeting(s):
    got = b""
    while not got.endswith(b"\n"):
        more = s.recv(1)
        if not more:
            break
        got += more
    return got


def connect(a, port, kept):
    try:
        s = socket.create_connection((a, port), timeout=10)
        if greeting(s) != b"hi\n":
            print("# no greeting from %s:%d" % (a, port), flush=True)
        if port == 7003:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, ABORT)
        if port == 7004:
            s.send(b"x")
        if port in (7002, 7004, 7005):
            until_end(s)
    except OSError as e:
        print("# %s:%d: %s" % (a, port, e), flush=True)
        return
    if port in (7005, 7007):
        kept.append(s)
    else:
        s.close()


def client(go, addrs):
    kept = []
    # The resets last, after GO exists: their CLOSE entries live 10 s.
    for a in addrs:
        for port in (7001, 7002, 7005, 7006, 7007):
            connect(a, port, kept)
    # The last segments (the peer's FIN, the final ACK) are on their way.
    time.sleep(0.5)
    print("phase1", flush=True)
    while not os.path.exists(go):
        time.sleep(0.1)
    for a in addrs:
        for port in (7003, 7004):
            connect(a, port, kept)
    time.sleep(0.5)
    print("done", flush=True)
    time.sleep(3600)


if sys.argv[1] == "serve":
    serve()
else:
    client(sys.argv[2], sys.argv[3:])
