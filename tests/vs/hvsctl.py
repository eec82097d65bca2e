#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""hvsctl: a minimal HALO_VS generic netlink client for the tests.

It speaks include/uapi/linux/halo_vs.h over a raw AF_NETLINK socket with a
small ipvsadm-like syntax:

  hvsctl.py -A -t|-u ADDR:PORT | -f MARK [-6]  [-s SCHED] [-p SECS] [-M MASK] [-o]
  hvsctl.py -E ...same...          hvsctl.py -D SERVICE
  hvsctl.py -a SERVICE -r ADDR:PORT [-m|-g|-i] [-w W] [-x U] [-y L]
  hvsctl.py -e ...same...          hvsctl.py -d SERVICE -r ADDR:PORT
  hvsctl.py -L [SERVICE]           services and destinations, one per line
  hvsctl.py -c                     connection entries
  hvsctl.py --set TCP FIN UDP | --get | -C | -Z [SERVICE] | --info
  hvsctl.py --batch                one command per stdin line; prints "ok"
                                   or "ERRNO: message" for each (one
                                   python start for many requests)

IPv6 addresses go in brackets: [2001:db8::1]:80. On a kernel error it prints
"hvsctl: ERRNO: message" and exits 1.
"""
import errno
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLA_F_NESTED = 0x8000
SOL_NETLINK, NETLINK_EXT_ACK = 270, 11

CMD = dict(GET_INFO=1, NEW_SERVICE=2, SET_SERVICE=3, DEL_SERVICE=4,
           GET_SERVICE=5, NEW_DEST=6, SET_DEST=7, DEL_DEST=8, GET_DEST=9,
           SET_CONFIG=10, GET_CONFIG=11, ZERO=12, FLUSH=13, GET_CONN=14)
A_VERSION, A_TAB, A_COUNT, A_SVC, A_DEST, A_TCP, A_FIN, A_UDP, A_CONN = range(1, 10)
SVC_AF, SVC_PROTO, SVC_ADDR, SVC_PORT, SVC_FWMARK, SVC_SCHED, SVC_FLAGS, \
    SVC_TIMEOUT, SVC_NETMASK, SVC_STATS = range(1, 11)
D_ADDR, D_PORT, D_FWD, D_WEIGHT, D_U, D_L, D_ACT, D_INACT, D_PERS, D_STATS, \
    D_AF, D_TUN = range(1, 13)
STATS = ["conns", "inpkts", "outpkts", "inbytes", "outbytes",
         "cps", "inpps", "outpps", "inbps", "outbps"]
FWD = {0: "Masq", 1: "Local", 2: "Tunnel", 3: "Route"}
TCP_STATES = ["NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT",
              "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN",
              "SYNACK"]
F_PERSISTENT, F_ONEPACKET = 1, 4


def attr(t, payload):
    return struct.pack("HH", 4 + len(payload), t) + payload + \
        b"\0" * ((4 - len(payload) % 4) % 4)


def nest(t, *attrs):
    return attr(t | NLA_F_NESTED, b"".join(attrs))


def u8(t, v): return attr(t, struct.pack("B", v))
def u16(t, v): return attr(t, struct.pack("H", v))
def u32(t, v): return attr(t, struct.pack("I", v))
def be16(t, v): return attr(t, struct.pack("!H", v))


def parse_attrs(data):
    out = {}
    while len(data) >= 4:
        ln, t = struct.unpack_from("HH", data)
        if ln < 4:
            break
        out[t & 0x3fff] = data[4:ln]
        data = data[(ln + 3) & ~3:]
    return out


class Fail(Exception):
    pass


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_GENERIC)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 0
        self.fam = 0x10
        reply = self.request(3, [attr(2, b"HALO_VS\0")], version=1)
        self.fam = struct.unpack("H", parse_attrs(reply[0])[1][:2])[0]

    def request(self, cmd, attrs, dump=False, version=1):
        self.seq += 1
        body = struct.pack("BBH", cmd, version, 0) + b"".join(attrs)
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        msg = struct.pack("IHHII", 16 + len(body), self.fam, flags,
                          self.seq, 0) + body
        self.s.send(msg)
        replies = []
        while True:
            data = self.s.recv(1 << 20)
            while len(data) >= 16:
                ln, typ, fl, seq, pid = struct.unpack_from("IHHII", data)
                payload = data[16:ln]
                data = data[(ln + 3) & ~3:]
                if typ == NLMSG_ERROR:
                    err = -struct.unpack_from("i", payload)[0]
                    if err == 0:
                        return replies
                    self.fail(err, payload, fl)
                if typ == NLMSG_DONE:
                    err = -struct.unpack_from("i", payload)[0] if payload else 0
                    if err:
                        self.fail(err, payload, fl)
                    return replies
                replies.append(payload[4:])

    @staticmethod
    def fail(err, payload, flags):
        msg = ""
        if flags & 0x200:  # NLM_F_ACK_TLVS
            inner_len = struct.unpack_from("I", payload, 4)[0]
            off = 4 + (inner_len if (flags & 0x100) == 0 else 16)
            tlv = parse_attrs(payload[off:])
            if 1 in tlv:
                msg = tlv[1].rstrip(b"\0").decode()
        raise Fail("%s: %s" % (errno.errorcode.get(err, str(err)), msg))


def parse_hostport(s):
    if s.startswith("["):
        host, _, rest = s[1:].partition("]")
        port = int(rest[1:]) if rest.startswith(":") else 0
        return socket.AF_INET6, socket.inet_pton(socket.AF_INET6, host), port
    host, _, port = s.partition(":")
    return socket.AF_INET, socket.inet_pton(socket.AF_INET, host), \
        int(port or 0)


def fmt_addr(af, raw, port):
    a = socket.inet_ntop(af, raw)
    return ("[%s]:%d" if af == socket.AF_INET6 else "%s:%d") % (a, port)


def svc_key(opts):
    if "-f" in opts:
        af = socket.AF_INET6 if "-6" in opts else socket.AF_INET
        return af, [u16(SVC_AF, af), u32(SVC_FWMARK, int(opts["-f"]))]
    proto = socket.IPPROTO_TCP if "-t" in opts else socket.IPPROTO_UDP
    af, addr, port = parse_hostport(opts.get("-t") or opts["-u"])
    return af, [u16(SVC_AF, af), u16(SVC_PROTO, proto), attr(SVC_ADDR, addr),
                be16(SVC_PORT, port)]


def svc_settings(opts, af):
    flags = 0
    out = [attr(SVC_SCHED, opts.get("-s", "wlc").encode() + b"\0")]
    if "-p" in opts:
        flags |= F_PERSISTENT
        out.append(u32(SVC_TIMEOUT, int(opts["-p"])))
    if "-o" in opts:
        flags |= F_ONEPACKET
    if "-M" in opts:
        m = opts["-M"]
        if af == socket.AF_INET:
            v = struct.unpack("I", socket.inet_aton(m))[0]
        else:
            v = int(m)
        out.append(u32(SVC_NETMASK, v))
    out.append(u32(SVC_FLAGS, flags))
    return out


def dest_attrs(opts, full):
    af, addr, port = parse_hostport(opts["-r"])
    out = [attr(D_ADDR, addr), be16(D_PORT, port), u16(D_AF, af)]
    if full:
        fwd = 0 if "-m" in opts else 2 if "-i" in opts else 3
        out.append(u32(D_FWD, fwd))
        out.append(u32(D_WEIGHT, int(opts.get("-w", 1))))
        if "-x" in opts:
            out.append(u32(D_U, int(opts["-x"])))
        if "-y" in opts:
            out.append(u32(D_L, int(opts["-y"])))
    return out


def stats_str(raw):
    st = parse_attrs(raw)
    return " ".join("%s=%d" % (STATS[i], struct.unpack("Q", st[i + 1])[0])
                    for i in range(10) if i + 1 in st)


def list_services(g, opts):
    if any(k in opts for k in ("-t", "-u", "-f")):
        _, key = svc_key(opts)
        msgs = g.request(CMD["GET_SERVICE"], [nest(A_SVC, *key)])
    else:
        msgs = g.request(CMD["GET_SERVICE"], [], dump=True)
    for m in msgs:
        s = parse_attrs(parse_attrs(m)[A_SVC])
        af = struct.unpack("H", s[SVC_AF])[0]
        key = [u16(SVC_AF, af)]
        if SVC_FWMARK in s:
            mark = struct.unpack("I", s[SVC_FWMARK])[0]
            name = "FWM %d" % mark
            key.append(u32(SVC_FWMARK, mark))
        else:
            proto = struct.unpack("H", s[SVC_PROTO])[0]
            port = struct.unpack("!H", s[SVC_PORT])[0]
            name = "%s %s" % ("TCP" if proto == 6 else "UDP",
                              fmt_addr(af, s[SVC_ADDR], port))
            key += [u16(SVC_PROTO, proto), attr(SVC_ADDR, s[SVC_ADDR]),
                    be16(SVC_PORT, port)]
        print("svc %s %s flags=%d timeout=%d netmask=%d %s" % (
            name, s[SVC_SCHED].rstrip(b"\0").decode(),
            struct.unpack("I", s[SVC_FLAGS])[0],
            struct.unpack("I", s[SVC_TIMEOUT])[0],
            struct.unpack("I", s[SVC_NETMASK])[0], stats_str(s[SVC_STATS])))
        for dm in g.request(CMD["GET_DEST"], [nest(A_SVC, *key)], dump=True):
            d = parse_attrs(parse_attrs(dm)[A_DEST])
            daf = struct.unpack("H", d[D_AF])[0]
            v = {k: struct.unpack("I", d[k])[0]
                 for k in (D_FWD, D_WEIGHT, D_U, D_L, D_ACT, D_INACT, D_PERS)}
            print("  -> %s %s weight=%d u=%d l=%d active=%d inactive=%d "
                  "persist=%d %s" % (
                      fmt_addr(daf, d[D_ADDR],
                               struct.unpack("!H", d[D_PORT])[0]),
                      FWD[v[D_FWD]], v[D_WEIGHT], v[D_U], v[D_L], v[D_ACT],
                      v[D_INACT], v[D_PERS], stats_str(d[D_STATS])))


def list_conns(g):
    for m in g.request(CMD["GET_CONN"], [], dump=True):
        c = parse_attrs(parse_attrs(m)[A_CONN])
        af = struct.unpack("H", c[1])[0]
        daf = struct.unpack("H", c[9])[0]
        proto = struct.unpack("H", c[2])[0]
        port = lambda k: struct.unpack("!H", c[k])[0]
        state = c[10][0]
        flags = struct.unpack("I", c[12])[0]
        pname = {6: "TCP", 17: "UDP"}.get(proto, "IP")
        sname = TCP_STATES[state] if proto == 6 else "UDP"
        if flags & 0x1000:
            sname = "NONE"
        print("%s %s %s %s %s expires=%d flags=0x%x" % (
            pname, fmt_addr(af, c[3], port(4)), fmt_addr(af, c[5], port(6)),
            fmt_addr(daf, c[7], port(8)), sname,
            struct.unpack("I", c[11])[0], flags))


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    cmd = argv[0]
    opts, pos, i = {}, [], 1
    while i < len(argv):
        a = argv[i]
        if a in ("-t", "-u", "-f", "-s", "-p", "-M", "-r", "-w", "-x", "-y"):
            opts[a] = argv[i + 1]
            i += 2
        elif a.startswith("-"):
            opts[a] = True
            i += 1
        else:
            pos.append(a)
            i += 1
    g = Genl()
    if cmd in ("-A", "-E"):
        af, key = svc_key(opts)
        c = "NEW_SERVICE" if cmd == "-A" else "SET_SERVICE"
        g.request(CMD[c], [nest(A_SVC, *(key + svc_settings(opts, af)))])
    elif cmd == "-D":
        g.request(CMD["DEL_SERVICE"], [nest(A_SVC, *svc_key(opts)[1])])
    elif cmd in ("-a", "-e", "-d"):
        c = {"-a": "NEW_DEST", "-e": "SET_DEST", "-d": "DEL_DEST"}[cmd]
        g.request(CMD[c], [nest(A_SVC, *svc_key(opts)[1]),
                           nest(A_DEST, *dest_attrs(opts, cmd != "-d"))])
    elif cmd == "-L":
        list_services(g, opts)
    elif cmd == "-c":
        list_conns(g)
    elif cmd == "--set":
        g.request(CMD["SET_CONFIG"], [u32(A_TCP, int(pos[0])),
                                      u32(A_FIN, int(pos[1])),
                                      u32(A_UDP, int(pos[2]))])
    elif cmd == "--get":
        a = parse_attrs(g.request(CMD["GET_CONFIG"], [])[0])
        print(" ".join(str(struct.unpack("I", a[k])[0])
                       for k in (A_TCP, A_FIN, A_UDP)))
    elif cmd == "--info":
        a = parse_attrs(g.request(CMD["GET_INFO"], [])[0])
        print("version=0x%06x size=%d conns=%d" % tuple(
            struct.unpack("I", a[k])[0] for k in (A_VERSION, A_TAB, A_COUNT)))
    elif cmd == "-C":
        g.request(CMD["FLUSH"], [])
    elif cmd == "-Z":
        key = [nest(A_SVC, *svc_key(opts)[1])] if opts else []
        g.request(CMD["ZERO"], key)
    elif cmd == "--raw":
        # --raw CMD HEX: send raw attributes (for malformed-request tests)
        g.request(int(pos[0]), [bytes.fromhex(pos[1])] if len(pos) > 1 else [])
    else:
        print("hvsctl: unknown command '%s'" % cmd, file=sys.stderr)
        return 2
    return 0


def batch():
    import shlex
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            main(shlex.split(line))
            print("ok", flush=True)
        except Fail as e:
            print(e, flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--batch"]:
        batch()
        sys.exit(0)
    try:
        sys.exit(main(sys.argv[1:]))
    except Fail as e:
        print("hvsctl: %s" % e, file=sys.stderr)
        sys.exit(1)
