// Kernel tests of the socket ops (builders in ts/ops/net.ts), over loopback only (127.0.0.1, ::1, AF_UNIX),
// every socket made and connected through the ring itself (the Ring is synchronous: a connect and its
// accept are queued together and reaped together). Each test checks what the kernel did (fds usable, bytes
// through both directions compared, addresses by getsockname/getpeername), not only the CQE's res.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { resName, type Cqe, type Ctx } from './_ops.ts';
import {
  netTest,
  byUd,
  runN,
  type Net,
  sockaddrIn,
  sockaddrIn6,
  sockaddrUn,
  family,
  portOf,
  sockName,
  getIntOpt,
  recvExactly,
  libcSend,
  libcRecv,
  pattern,
  registerSparseFiles,
  registerBuffers,
  registerBufRing,
  msghdr,
  epollCreate,
  epollEvents,
  epollEventAt,
  libcEpollCtl,
  libcEpollPoll,
  AF_INET,
  AF_INET6,
  AF_UNIX,
  SOCK_STREAM,
  SOCK_DGRAM,
  SOL_SOCKET,
  SO_TYPE,
  SHUT_WR,
  SHUT_RD,
  MSG_WAITALL,
  CQE_F_BUFFER,
  CQE_F_MORE,
  CQE_F_NOTIF,
  EPOLLIN,
  EPOLLOUT,
  EPOLL_CTL_ADD,
  EPOLL_CTL_DEL,
  EPOLL_CTL_MOD,
} from './_net.ts';
import { IOSQE, FILE_INDEX_ALLOC } from '../../ts/constants.ts';
import { RECVSEND, NOTIF_USAGE_ZC_COPIED } from '../../ts/opflags.ts';

const FIXED = IOSQE.FIXED_FILE;

/** Send `data` from direct-descriptor `slot` (a connected socket) and read it on `peer`. */
function sendFromSlot(t: Ctx, slot: number, peer: number, data: Buffer): void {
  assert.is(t.ok('send', { sockfd: slot, buf: t.addr(data), len: data.length, flags: FIXED }), data.length);
  assert.equal(recvExactly(peer, data.length), data);
}

/** Connect direct-descriptor `slot` (an AF_INET stream socket) to a fresh listener; returns the accepted fd. */
function connectSlot(t: Ctx, n: Net, slot: number): number {
  const l = n.listener();
  const cu = t.queue('connect', { fd: slot, addr: t.addr(l.addr), addrlen: l.addr.length, flags: FIXED });
  const au = t.queue('accept', { fd: l.fd, addr: 0, addrlen: 0 });
  const got = byUd(t.wait(2));
  assert.is(resName(got.get(cu)!.res), 'OK', 'connect from the direct socket');
  assert.ok(got.get(au)!.res >= 0, `accept: ${resName(got.get(au)!.res)}`);
  return n.own(got.get(au)!.res);
}

/** Wait for `cqes` CQEs and split them: the op's result CQE(s) and its notification (zero-copy sends). */
function zcCqes(t: Ctx, ud: number): { result: Cqe; notif: Cqe } {
  const cs = t.wait(2);
  assert.ok(
    cs.every((c) => c.userData === ud),
    "both CQEs carry the op's user_data",
  );
  const [result, notif] = cs as [Cqe, Cqe];
  assert.ok(
    result.more && (result.flags & CQE_F_MORE) !== 0,
    `result CQE has F_MORE (flags 0x${result.flags.toString(16)})`,
  );
  assert.not.ok(result.notif, 'result CQE is not the notification');
  assert.ok(
    notif.notif && (notif.flags & CQE_F_NOTIF) !== 0,
    `second CQE has F_NOTIF (flags 0x${notif.flags.toString(16)})`,
  );
  assert.not.ok(notif.more, 'notification ends the request');
  return { result, notif };
}

// ---- socket ------------------------------------------------------------------------------------------

netTest(
  'socket',
  'creates AF_INET / AF_INET6 / AF_UNIX sockets of the asked type; bad domain is EAFNOSUPPORT',
  (t, n) => {
    for (const [domain, type] of [
      [AF_INET, SOCK_STREAM],
      [AF_INET6, SOCK_STREAM],
      [AF_UNIX, SOCK_STREAM],
      [AF_INET, SOCK_DGRAM],
      [AF_UNIX, SOCK_DGRAM],
    ] as const) {
      const fd = n.own(t.ok('socket', { domain, type, protocol: 0 }));
      assert.is(getIntOpt(fd, SOL_SOCKET, SO_TYPE), type, `SO_TYPE of domain ${domain}`);
      assert.is(family(sockName(fd)), domain, 'getsockname family');
    }
    assert.is(resName(t.run('socket', { domain: 0xfff, type: SOCK_STREAM, protocol: 0 }).res), 'EAFNOSUPPORT');
  },
);

netTest(
  'socketDirect',
  'creates a socket in direct slot fileIndex (stored +1); the slot connects and sends',
  (t, n) => {
    registerSparseFiles(t, 4);
    assert.is(t.ok('socketDirect', { domain: AF_INET, type: SOCK_STREAM, protocol: 0, fileIndex: 2 }), 0);
    const peer = connectSlot(t, n, 2);
    sendFromSlot(t, 2, peer, Buffer.from('from direct slot 2'));
    // The neighbouring slots stayed empty.
    for (const s of [1, 3])
      assert.is(
        resName(t.run('send', { sockfd: s, buf: t.addr(Buffer.from('x')), len: 1, flags: FIXED }).res),
        'EBADF',
        `slot ${s}`,
      );
  },
);

netTest('socketDirectAlloc', 'the kernel picks free slots (res = slot); the socket in it works', (t, n) => {
  registerSparseFiles(t, 4);
  const a = t.ok('socketDirectAlloc', { domain: AF_INET, type: SOCK_STREAM, protocol: 0 });
  const b = t.ok('socketDirectAlloc', { domain: AF_INET, type: SOCK_STREAM, protocol: 0 });
  assert.ok(a >= 0 && a < 4 && b >= 0 && b < 4 && a !== b, `two distinct slots (${a}, ${b})`);
  const peer = connectSlot(t, n, b);
  sendFromSlot(t, b, peer, Buffer.from(`slot ${b}`));
  // Fill the table: the fifth allocation finds no free slot.
  const rest = [
    t.ok('socketDirectAlloc', { domain: AF_INET, type: SOCK_STREAM, protocol: 0 }),
    t.ok('socketDirectAlloc', { domain: AF_UNIX, type: SOCK_STREAM, protocol: 0 }),
  ];
  assert.equal([a, b, ...rest].sort(), [0, 1, 2, 3]);
  assert.is(resName(t.run('socketDirectAlloc', { domain: AF_INET, type: SOCK_STREAM, protocol: 0 }).res), 'ENFILE');
});

// ---- accept ------------------------------------------------------------------------------------------

netTest('accept', 'accepts a loopback connection with the peer address; accept on a non-listener is EINVAL', (t, n) => {
  const l = n.listener();
  const client = n.socket();
  const peerAddr = Buffer.alloc(16);
  const peerLen = new Int32Array([16]);
  const cu = t.queue('connect', { fd: client, addr: t.addr(l.addr), addrlen: 16 });
  const au = t.queue('accept', { fd: l.fd, addr: t.addr(peerAddr), addrlen: t.addr(peerLen) });
  const got = byUd(t.wait(2));
  assert.is(got.get(cu)!.res, 0);
  const server = n.own(got.get(au)!.res);
  assert.ok(server >= 0, resName(server));
  assert.is(peerLen[0], 16, 'addrlen written back');
  assert.equal(peerAddr, sockName(client), "accept's peer address is the client's own address");
  const data = pattern(100);
  assert.is(libcSend(client, data), 100);
  assert.equal(recvExactly(server, 100), data);
  assert.is(resName(t.run('accept', { fd: client, addr: 0, addrlen: 0 }).res), 'EINVAL');
});

netTest(
  'acceptDirect',
  'accepts into slot fileIndex (stored +1), and into a kernel-picked slot with FILE_INDEX_ALLOC',
  (t, n) => {
    registerSparseFiles(t, 4);
    const l = n.listener();
    const c1 = n.socket();
    let cu = t.queue('connect', { fd: c1, addr: t.addr(l.addr), addrlen: 16 });
    let au = t.queue('acceptDirect', { fd: l.fd, addr: 0, addrlen: 0, fileIndex: 1 });
    let got = byUd(t.wait(2));
    assert.is(got.get(cu)!.res, 0);
    assert.is(got.get(au)!.res, 0, `acceptDirect: ${resName(got.get(au)!.res)}`);
    sendFromSlot(t, 1, c1, Buffer.from('accepted into slot 1'));
    assert.is(
      resName(t.run('send', { sockfd: 2, buf: t.addr(Buffer.from('x')), len: 1, flags: FIXED }).res),
      'EBADF',
      'slot 2 empty',
    );

    const c2 = n.socket();
    cu = t.queue('connect', { fd: c2, addr: t.addr(l.addr), addrlen: 16 });
    au = t.queue('acceptDirect', { fd: l.fd, addr: 0, addrlen: 0, fileIndex: FILE_INDEX_ALLOC });
    got = byUd(t.wait(2));
    assert.is(got.get(cu)!.res, 0);
    const slot = got.get(au)!.res;
    assert.ok(slot >= 0 && slot < 4 && slot !== 1, `allocated slot ${slot}`);
    sendFromSlot(t, slot, c2, Buffer.from('accepted into an allocated slot'));
  },
);

netTest(
  'multishotAccept',
  'one armed accept gives a CQE with F_MORE per connection (3), each fd the right peer',
  (t, n) => {
    const l = n.listener();
    const mu = t.queue('multishotAccept', { fd: l.fd, addr: 0, addrlen: 0 });
    t.ring.submit();
    const clients = [n.socket(), n.socket(), n.socket()];
    for (const c of clients) t.queue('connect', { fd: c, addr: t.addr(l.addr), addrlen: 16 });
    const cs = t.wait(6);
    const acc = cs.filter((c) => c.userData === mu);
    const con = cs.filter((c) => c.userData !== mu);
    assert.is(acc.length, 3, `three accept CQEs: ${JSON.stringify(cs)}`);
    assert.ok(
      con.every((c) => c.res === 0),
      'connects succeed',
    );
    const ports = new Set(clients.map((c) => portOf(sockName(c))));
    for (const c of acc) {
      assert.ok(c.res >= 0, resName(c.res));
      assert.ok(c.more, 'F_MORE: the accept stays armed');
      n.own(c.res);
      assert.ok(ports.delete(portOf(sockName(c.res, true))), "accepted fd's peer is one of the clients");
    }
    assert.is(ports.size, 0, 'every client accepted once');
    // Still armed: a fourth connection is accepted too.
    const c4 = n.socket();
    t.queue('connect', { fd: c4, addr: t.addr(l.addr), addrlen: 16 });
    const more = t.wait(2).filter((c) => c.userData === mu);
    assert.is(more.length, 1);
    assert.ok(more[0]!.more && more[0]!.res >= 0);
    n.own(more[0]!.res);
    const data = Buffer.from('fourth');
    assert.is(libcSend(c4, data), data.length);
    assert.equal(recvExactly(more[0]!.res, data.length), data);
  },
);

netTest('multishotAcceptDirect', 'accepts 3 connections into kernel-picked slots (F_MORE, res = slot)', (t, n) => {
  registerSparseFiles(t, 8);
  const l = n.listener();
  const mu = t.queue('multishotAcceptDirect', { fd: l.fd, addr: 0, addrlen: 0 });
  t.ring.submit();
  const clients = [n.socket(), n.socket(), n.socket()];
  for (const c of clients) t.queue('connect', { fd: c, addr: t.addr(l.addr), addrlen: 16 });
  const acc = t.wait(6).filter((c) => c.userData === mu);
  assert.is(acc.length, 3);
  const slots = acc.map((c) => c.res);
  assert.ok(
    acc.every((c) => c.more),
    'F_MORE on each',
  );
  assert.is(new Set(slots).size, 3, `distinct slots ${slots}`);
  assert.ok(
    slots.every((s) => s >= 0 && s < 8),
    `slots in the table: ${slots}`,
  );
  // Each slot is one client's connection: a tagged message from each slot reaches exactly one client.
  const seen = new Set<string>();
  for (const s of slots)
    assert.ok(t.ok('send', { sockfd: s, buf: t.addr(Buffer.from(`slot${s}`)), len: 5, flags: FIXED }) === 5);
  for (const c of clients) seen.add(recvExactly(c, 5).toString());
  assert.equal([...seen].sort(), slots.map((s) => `slot${s}`).sort());
});

// ---- connect, bind, listen, shutdown -----------------------------------------------------------------

netTest(
  'connect',
  'connects over 127.0.0.1, ::1 and AF_UNIX; data both ways; a closed port is ECONNREFUSED',
  (t, n) => {
    for (const domain of [AF_INET, AF_INET6]) {
      const l = n.listener(domain);
      const c = n.socket(domain);
      const cu = t.queue('connect', { fd: c, addr: t.addr(l.addr), addrlen: l.addr.length });
      const au = t.queue('accept', { fd: l.fd, addr: 0, addrlen: 0 });
      const got = byUd(t.wait(2));
      assert.is(resName(got.get(cu)!.res), 'OK', `connect (family ${domain})`);
      const s = n.own(got.get(au)!.res);
      assert.is(portOf(sockName(c, true)), l.port, 'peer is the listener');
      const a = pattern(64, domain),
        b = pattern(32, domain + 1);
      assert.is(libcSend(c, a), 64);
      assert.equal(recvExactly(s, 64), a);
      assert.is(libcSend(s, b), 32);
      assert.equal(recvExactly(c, 32), b);
    }
    // AF_UNIX stream over a path.
    const path = join(t.dir, 'sock');
    const un = sockaddrUn(path);
    const ls = n.socket(AF_UNIX);
    t.ok('bind', { fd: ls, addr: t.addr(un), addrlen: un.length });
    t.ok('listen', { fd: ls, backlog: 4 });
    const uc = n.socket(AF_UNIX);
    const cu = t.queue('connect', { fd: uc, addr: t.addr(un), addrlen: un.length });
    const au = t.queue('accept', { fd: ls, addr: 0, addrlen: 0 });
    const got = byUd(t.wait(2));
    assert.is(resName(got.get(cu)!.res), 'OK', 'AF_UNIX connect');
    const us = n.own(got.get(au)!.res);
    assert.is(libcSend(uc, Buffer.from('unix')), 4);
    assert.is(recvExactly(us, 4).toString(), 'unix');
    // A port nobody listens on: take one from a bound, non-listening socket.
    const b = n.socket();
    t.ok('bind', { fd: b, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
    const refused = n.socket();
    assert.is(
      resName(t.run('connect', { fd: refused, addr: t.addr(sockaddrIn(portOf(sockName(b)))), addrlen: 16 }).res),
      'ECONNREFUSED',
    );
  },
);

netTest(
  'bind',
  'binds to 127.0.0.1:0, ::1:0 and an AF_UNIX path (getsockname shows it); a taken port is EADDRINUSE',
  (t, n) => {
    const fd = n.socket();
    assert.is(portOf(sockName(fd)), 0, 'unbound');
    assert.is(t.ok('bind', { fd, addr: t.addr(sockaddrIn(0)), addrlen: 16 }), 0);
    const name = sockName(fd);
    const port = portOf(name);
    assert.ok(port > 0, 'bound to an ephemeral port');
    assert.equal([...name.subarray(4, 8)], [127, 0, 0, 1], 'on 127.0.0.1');
    const fd6 = n.socket(AF_INET6);
    t.ok('bind', { fd: fd6, addr: t.addr(sockaddrIn6(0)), addrlen: 28 });
    const n6 = sockName(fd6);
    assert.is(family(n6), AF_INET6);
    assert.ok(portOf(n6) > 0);
    assert.is(n6[8 + 15], 1, '::1');
    const path = join(t.dir, 'bound');
    const un = sockaddrUn(path);
    const fdu = n.socket(AF_UNIX);
    t.ok('bind', { fd: fdu, addr: t.addr(un), addrlen: un.length });
    assert.ok(existsSync(path), 'the socket file exists');
    assert.is(sockName(fdu).subarray(2).toString().replace(/\0+$/, ''), path);
    // The same port again: EADDRINUSE (a bad addrlen would be EINVAL instead).
    const again = n.socket();
    assert.is(resName(t.run('bind', { fd: again, addr: t.addr(sockaddrIn(port)), addrlen: 16 }).res), 'EADDRINUSE');
    assert.is(
      resName(t.run('bind', { fd: again, addr: t.addr(sockaddrIn(0)), addrlen: 8 }).res),
      'EINVAL',
      'short sockaddr',
    );
  },
);

/** The listen backlog of a listening socket on `port` as ss(8) shows it (Send-Q), or undefined without ss. */
function ssBacklog(port: number): number | undefined {
  const r = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const cols = r.stdout.trim().split(/\s+/);
  return cols[0] === 'LISTEN' ? Number(cols[2]) : undefined;
}

netTest('listen', 'backlog lands in len (ss shows it); connect then succeeds, and fails before listen', (t, n) => {
  const fd = n.socket();
  t.ok('bind', { fd, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
  const port = portOf(sockName(fd));
  const c0 = n.socket();
  assert.is(
    resName(t.run('connect', { fd: c0, addr: t.addr(sockaddrIn(port)), addrlen: 16 }).res),
    'ECONNREFUSED',
    'not listening yet',
  );
  assert.is(t.ok('listen', { fd, backlog: 7 }), 0);
  const shown = ssBacklog(port);
  if (shown !== undefined) assert.is(shown, 7, 'ss Send-Q = backlog');
  const c = n.socket();
  const cu = t.queue('connect', { fd: c, addr: t.addr(sockaddrIn(port)), addrlen: 16 });
  const au = t.queue('accept', { fd, addr: 0, addrlen: 0 });
  const got = byUd(t.wait(2));
  assert.is(got.get(cu)!.res, 0);
  assert.ok(got.get(au)!.res >= 0);
  n.own(got.get(au)!.res);
  // listen on a connected socket is EINVAL.
  assert.is(resName(t.run('listen', { fd: c, backlog: 1 }).res), 'EINVAL');
  // Backlog -1 (any int is valid): the kernel takes it as unsigned and caps it at net.core.somaxconn.
  const fd2 = n.socket();
  t.ok('bind', { fd: fd2, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
  assert.is(t.ok('listen', { fd: fd2, backlog: -1 }), 0, 'backlog -1 accepted');
  const port2 = portOf(sockName(fd2));
  const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
  const shown2 = ssBacklog(port2);
  if (shown2 !== undefined) assert.is(shown2, somaxconn, 'ss Send-Q = somaxconn');
  const c2 = n.socket();
  assert.is(t.run('connect', { fd: c2, addr: t.addr(sockaddrIn(port2)), addrlen: 16 }).res, 0, 'connects');
});

netTest('shutdown', 'SHUT_WR: the peer reads EOF, the other direction still works; unconnected is ENOTCONN', (t, n) => {
  const [c, s] = n.tcpPair();
  assert.is(t.ok('shutdown', { fd: c, how: SHUT_WR }), 0);
  assert.is(libcRecv(s, Buffer.alloc(8)), 0, 'peer reads EOF');
  assert.is(resName(libcSend(c, Buffer.from('x'))), 'EPIPE', 'no more sending');
  assert.is(libcSend(s, Buffer.from('back')), 4);
  assert.is(recvExactly(c, 4).toString(), 'back');
  // SHUT_RD on the server: its reads now see EOF at once though the peer sent nothing more.
  assert.is(t.ok('shutdown', { fd: s, how: SHUT_RD }), 0);
  assert.is(libcRecv(s, Buffer.alloc(8)), 0);
  assert.is(resName(t.run('shutdown', { fd: n.socket(), how: SHUT_WR }).res), 'ENOTCONN');
});

// ---- send --------------------------------------------------------------------------------------------

netTest('send', 'sends bytes both ways over a loopback TCP pair (res = length, bytes compared)', (t, n) => {
  const [c, s] = n.tcpPair();
  const a = pattern(1000, 3),
    b = pattern(333, 4);
  assert.is(t.ok('send', { sockfd: c, buf: t.addr(a), len: a.length }), 1000);
  assert.equal(recvExactly(s, 1000), a);
  assert.is(t.ok('send', { sockfd: s, buf: t.addr(b), len: b.length }), 333);
  assert.equal(recvExactly(c, 333), b);
  assert.is(resName(t.run('send', { sockfd: n.socket(), buf: t.addr(a), len: 1 }).res), 'EPIPE', 'unconnected stream');
});

netTest(
  'sendto',
  'sends a UDP datagram to the destination address (addr2/addr_len); the receiver sees the source',
  (t, n) => {
    const rx = n.socket(AF_INET, SOCK_DGRAM);
    t.ok('bind', { fd: rx, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
    const tx = n.socket(AF_INET, SOCK_DGRAM);
    t.ok('bind', { fd: tx, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
    const data = pattern(77, 9);
    const dest = sockaddrIn(portOf(sockName(rx)));
    assert.is(t.ok('sendto', { sockfd: tx, buf: t.addr(data), len: data.length, addr: t.addr(dest), addrlen: 16 }), 77);
    // Read it with a recvmsg op to see the datagram's source (msg_name): tx's port.
    const got = Buffer.alloc(128);
    const from = Buffer.alloc(16);
    const msg = msghdr(t, [got], from);
    assert.is(t.ok('recvmsg', { fd: rx, msg: t.addr(msg) }), 77);
    assert.equal(got.subarray(0, 77), data);
    assert.is(portOf(from), portOf(sockName(tx)), 'source port');
    // Without a destination, an unconnected UDP socket cannot send.
    assert.is(resName(t.run('send', { sockfd: tx, buf: t.addr(data), len: 1 }).res), 'EDESTADDRREQ');
  },
);

netTest(
  'sendBundle',
  "sends the ring's provided buffers in one request (res = their total, F_BUFFER, first bid)",
  (t, n) => {
    const [c, s] = n.tcpPair();
    const br = registerBufRing(t, n, 7, 4, 32);
    const want: Buffer[] = [];
    for (let bid = 0; bid < 4; bid++) {
      const p = pattern(32, 10 + bid);
      br.buf(bid).set(p);
      want.push(p);
    }
    const cqe = t.run('sendBundle', { sockfd: c, len: 0, flags: IOSQE.BUFFER_SELECT, bufGroup: 7 });
    assert.is(cqe.res, 128, `sent all four buffers: ${resName(cqe.res)}`);
    assert.ok((cqe.flags & CQE_F_BUFFER) !== 0, 'F_BUFFER');
    assert.is(cqe.bufId, 0, 'first buffer id');
    assert.equal(recvExactly(s, 128), Buffer.concat(want), 'bytes in buffer order');
    // The ring is now empty: another bundle has no buffer.
    assert.is(
      resName(t.run('sendBundle', { sockfd: c, len: 0, flags: IOSQE.BUFFER_SELECT, bufGroup: 7 }).res),
      'ENOBUFS',
    );
  },
);

netTest('sendZc', 'res = bytes with F_MORE, then a F_NOTIF CQE; REPORT_USAGE says loopback copied', (t, n) => {
  const [c, s] = n.tcpPair();
  const data = pattern(4096, 5);
  const ud = t.queue('sendZc', { sockfd: c, buf: t.addr(data), len: data.length });
  const { result, notif } = zcCqes(t, ud);
  assert.is(result.res, 4096);
  assert.is(notif.res, 0);
  assert.equal(recvExactly(s, 4096), data);
  // With SEND_ZC_REPORT_USAGE the notification's res tells whether the data was copied: loopback copies.
  const ud2 = t.queue('sendZc', { sockfd: s, buf: t.addr(data), len: 100, zcFlags: RECVSEND.SEND_ZC_REPORT_USAGE });
  const z = zcCqes(t, ud2);
  assert.is(z.result.res, 100);
  assert.is(z.notif.res >>> 0, NOTIF_USAGE_ZC_COPIED, 'IORING_NOTIF_USAGE_ZC_COPIED');
  assert.equal(recvExactly(c, 100), data.subarray(0, 100));
});

netTest('sendZcFixed', 'zero-copy send from a registered buffer (bufIndex); an unregistered index fails', (t, n) => {
  const [c, s] = n.tcpPair();
  const b0 = pattern(256, 1),
    b1 = pattern(4096, 2);
  registerBuffers(t, [b0, b1]);
  const ud = t.queue('sendZcFixed', { sockfd: c, buf: t.addr(b1) + 100, len: 1000, bufIndex: 1 });
  const { result } = zcCqes(t, ud);
  assert.is(result.res, 1000);
  assert.equal(recvExactly(s, 1000), b1.subarray(100, 1100));
  // Index 1's range does not cover buffer 0: EFAULT; index 9 does not exist.
  // A failed zero-copy send still ends with its notification (F_MORE on the error CQE).
  const bad = runN(t, 'sendZcFixed', { sockfd: c, buf: t.addr(b0), len: 16, bufIndex: 1 }, 2).mine;
  assert.is(resName(bad[0]!.res), 'EFAULT', 'address outside the registered buffer');
  assert.ok(bad[1]!.notif);
  const none = runN(t, 'sendZcFixed', { sockfd: c, buf: t.addr(b0), len: 16, bufIndex: 9 }, 2).mine;
  assert.is(resName(none[0]!.res), 'EFAULT', 'unregistered buffer index');
  assert.ok(none[1]!.notif);
  assert.is(libcRecv(s, Buffer.alloc(16)), -11, 'nothing more was sent');
});

netTest('sendmsg', 'gathers two iovecs into one stream (res = total); bytes in order', (t, n) => {
  const [c, s] = n.tcpPair();
  const a = pattern(10, 1),
    b = pattern(20, 2);
  const msg = msghdr(t, [a, b]);
  assert.is(t.ok('sendmsg', { fd: c, msg: t.addr(msg) }), 30);
  assert.equal(recvExactly(s, 30), Buffer.concat([a, b]));
  // Reverse direction, with a destination on UDP.
  const rx = n.socket(AF_INET, SOCK_DGRAM);
  t.ok('bind', { fd: rx, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
  const tx = n.socket(AF_INET, SOCK_DGRAM);
  const dest = sockaddrIn(portOf(sockName(rx)));
  assert.is(t.ok('sendmsg', { fd: tx, msg: t.addr(msghdr(t, [b, a], dest)) }), 30);
  assert.equal(recvExactly(rx, 30), Buffer.concat([b, a]));
});

netTest('sendmsgZc', 'zero-copy sendmsg: res = bytes with F_MORE, then F_NOTIF; data arrives', (t, n) => {
  const [c, s] = n.tcpPair();
  const a = pattern(3000, 1),
    b = pattern(1000, 2);
  const ud = t.queue('sendmsgZc', { fd: c, msg: t.addr(msghdr(t, [a, b])) });
  const { result, notif } = zcCqes(t, ud);
  assert.is(result.res, 4000);
  assert.is(notif.res, 0);
  assert.equal(recvExactly(s, 4000), Buffer.concat([a, b]));
});

netTest('sendmsgZcFixed', 'zero-copy sendmsg whose iovecs lie in registered buffer bufIndex', (t, n) => {
  const [c, s] = n.tcpPair();
  const reg = pattern(8192, 7);
  registerBuffers(t, [Buffer.alloc(64), reg]);
  const ud = t.queue('sendmsgZcFixed', {
    fd: c,
    msg: t.addr(msghdr(t, [reg.subarray(10, 510), reg.subarray(4000, 4100)])),
    bufIndex: 1,
  });
  const { result } = zcCqes(t, ud);
  assert.is(result.res, 600);
  assert.equal(recvExactly(s, 600), Buffer.concat([reg.subarray(10, 510), reg.subarray(4000, 4100)]));
  // iovecs outside buffer 0 (64 bytes): EFAULT.
  const bad = runN(t, 'sendmsgZcFixed', { fd: c, msg: t.addr(msghdr(t, [reg.subarray(0, 100)])), bufIndex: 0 }, 2).mine;
  assert.is(resName(bad[0]!.res), 'EFAULT');
  assert.ok(bad[1]!.notif);
  assert.is(libcRecv(s, Buffer.alloc(16)), -11, 'nothing more was sent');
});

// Audit (6.18): SEND_VECTORIZED (0x20) is in SENDMSG_FLAGS: send takes an iovec array in addr and its count in len;
// sendmsg takes the flag without effect (a msghdr is vectored already); sendmsg_zc takes it too (IO_ZC_FLAGS_VALID).
netTest('send', 'SEND_VECTORIZED: addr is an iovec array, len its count; both parts arrive in order', (t, n) => {
  const [c, s] = n.tcpPair();
  const a = pattern(700, 5),
    b = pattern(300, 6);
  const iov = new BigUint64Array([BigInt(t.addr(a)), BigInt(a.length), BigInt(t.addr(b)), BigInt(b.length)]);
  assert.is(t.ok('send', { sockfd: c, buf: t.addr(iov), len: 2, ioprio: RECVSEND.SEND_VECTORIZED }), 1000);
  assert.equal(recvExactly(s, 1000), Buffer.concat([a, b]));
});

netTest('sendmsg', 'SEND_VECTORIZED is accepted and changes nothing', (t, n) => {
  const [c, s] = n.tcpPair();
  const a = pattern(100, 7),
    b = pattern(50, 8);
  assert.is(t.ok('sendmsg', { fd: c, msg: t.addr(msghdr(t, [a, b])), ioprio: RECVSEND.SEND_VECTORIZED }), 150);
  assert.equal(recvExactly(s, 150), Buffer.concat([a, b]));
});

netTest('sendmsgZc', 'SEND_VECTORIZED is accepted: result and notification as without it', (t, n) => {
  const [c, s] = n.tcpPair();
  const a = pattern(2000, 9);
  const ud = t.queue('sendmsgZc', { fd: c, msg: t.addr(msghdr(t, [a])), ioprio: RECVSEND.SEND_VECTORIZED });
  const { result, notif } = zcCqes(t, ud);
  assert.is(result.res, 2000, `sendmsgZc|VECTORIZED: ${resName(result.res)}`);
  assert.is(notif.res, 0);
  assert.equal(recvExactly(s, 2000), a);
});

// ---- recv --------------------------------------------------------------------------------------------

netTest('recv', 'receives what the peer sent (res = length, bytes compared); EOF is 0', (t, n) => {
  const [c, s] = n.tcpPair();
  const data = pattern(500, 8);
  // Armed before the data exists: completes when it arrives.
  const buf = Buffer.alloc(500);
  const ud = t.queue('recv', { sockfd: s, buf: t.addr(buf), len: 500, msgFlags: MSG_WAITALL });
  t.ring.submit();
  assert.is(libcSend(c, data), 500);
  const [cqe] = t.wait(1);
  assert.is(cqe!.userData, ud);
  assert.is(cqe!.res, 500);
  assert.equal(buf, data);
  // Other direction, then EOF.
  const back = Buffer.alloc(16);
  assert.is(libcSend(s, Buffer.from('pong')), 4);
  assert.is(t.ok('recv', { sockfd: c, buf: t.addr(back), len: 16 }), 4);
  assert.is(back.subarray(0, 4).toString(), 'pong');
  t.ok('shutdown', { fd: s, how: SHUT_WR });
  assert.is(t.run('recv', { sockfd: c, buf: t.addr(back), len: 16 }).res, 0, 'EOF');
});

netTest(
  'recvMultishot',
  'one armed recv fills provided buffers: F_BUFFER + F_MORE per message, data in buffer bufId',
  (t, n) => {
    const [c, s] = n.tcpPair();
    const br = registerBufRing(t, n, 3, 4, 64);
    const ud = t.queue('recvMultishot', { sockfd: s, buf: 0, len: 0, flags: IOSQE.BUFFER_SELECT, bufGroup: 3 });
    t.ring.submit();
    const used = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const msg = Buffer.from(`message number ${i}`);
      assert.is(libcSend(c, msg), msg.length);
      const [cqe] = t.wait(1);
      assert.is(cqe!.userData, ud);
      assert.is(cqe!.res, msg.length, `message ${i}: ${resName(cqe!.res)}`);
      assert.ok((cqe!.flags & CQE_F_BUFFER) !== 0, 'F_BUFFER');
      assert.ok(cqe!.more, 'F_MORE: still armed');
      assert.ok(cqe!.bufId >= 0 && cqe!.bufId < 4 && !used.has(cqe!.bufId), `fresh buffer id ${cqe!.bufId}`);
      used.add(cqe!.bufId);
      assert.equal(Buffer.from(br.buf(cqe!.bufId).subarray(0, msg.length)), msg, 'data in the buffer the CQE names');
    }
    // The peer closes: a final CQE with res 0 and no F_MORE.
    const { mine, others } = runN(t, 'shutdown', { fd: c, how: SHUT_WR }, 1);
    assert.is(mine[0]!.res, 0, 'shutdown');
    const end = others[0] ?? t.wait(1)[0];
    assert.is(end!.userData, ud);
    assert.is(end!.res, 0);
    assert.not.ok(end!.more, 'EOF ends the multishot');
  },
);

netTest('recvmsg', 'scatters into two iovecs; UDP fills msg_name with the source', (t, n) => {
  const [c, s] = n.tcpPair();
  const data = pattern(20, 6);
  assert.is(libcSend(c, data), 20);
  const a = Buffer.alloc(4),
    b = Buffer.alloc(16);
  assert.is(t.ok('recvmsg', { fd: s, msg: t.addr(msghdr(t, [a, b])), msgFlags: MSG_WAITALL }), 20);
  assert.equal(Buffer.concat([a, b]), data);
  // Other direction.
  assert.is(libcSend(s, Buffer.from('reply')), 5);
  const r = Buffer.alloc(8);
  assert.is(t.ok('recvmsg', { fd: c, msg: t.addr(msghdr(t, [r])) }), 5);
  assert.is(r.subarray(0, 5).toString(), 'reply');
  // UDP source address.
  const rx = n.socket(AF_INET, SOCK_DGRAM);
  t.ok('bind', { fd: rx, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
  const tx = n.socket(AF_INET, SOCK_DGRAM);
  const dest = sockaddrIn(portOf(sockName(rx)));
  t.ok('sendto', { sockfd: tx, buf: t.addr(data), len: 20, addr: t.addr(dest), addrlen: 16 });
  const from = Buffer.alloc(16);
  const got = Buffer.alloc(64);
  assert.is(t.ok('recvmsg', { fd: rx, msg: t.addr(msghdr(t, [got], from)) }), 20);
  assert.equal(got.subarray(0, 20), data);
  assert.is(portOf(from), portOf(sockName(tx)));
});

netTest(
  'recvmsgMultishot',
  'UDP datagrams into provided buffers: io_uring_recvmsg_out header, source name, payload',
  (t, n) => {
    const rx = n.socket(AF_INET, SOCK_DGRAM);
    t.ok('bind', { fd: rx, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
    const tx = n.socket(AF_INET, SOCK_DGRAM);
    t.ok('bind', { fd: tx, addr: t.addr(sockaddrIn(0)), addrlen: 16 });
    const dest = sockaddrIn(portOf(sockName(rx)));
    const txPort = portOf(sockName(tx));
    // Legacy provided buffers this time (provideBuffers): 4 buffers of 128 bytes, ids 10..13, group 5.
    const pool = Buffer.alloc(4 * 128);
    t.ok('provideBuffers', { addr: t.addr(pool), len: 128, nr: 4, bgid: 5, bid: 10 });
    // The template: msg_namelen = 16 (room for a sockaddr_in), no control, no iovecs.
    const tmpl = new Uint8Array(56);
    new DataView(tmpl.buffer).setUint32(8, 16, true);
    const ud = t.queue('recvmsgMultishot', { fd: rx, msg: t.addr(tmpl), flags: IOSQE.BUFFER_SELECT, bufGroup: 5 });
    t.ring.submit();
    for (let i = 0; i < 3; i++) {
      const payload = pattern(30 + i, i);
      const su = t.queue('sendto', {
        sockfd: tx,
        buf: t.addr(payload),
        len: payload.length,
        addr: t.addr(dest),
        addrlen: 16,
      });
      const cs = t.wait(2);
      assert.is(cs.find((x) => x.userData === su)?.res, payload.length, 'sendto');
      const cqe = cs.find((x) => x.userData === ud)!;
      assert.ok(cqe, 'recvmsg CQE');
      assert.ok(
        (cqe.flags & CQE_F_BUFFER) !== 0 && cqe.more,
        `F_BUFFER|F_MORE (0x${cqe.flags.toString(16)}): ${resName(cqe.res)}`,
      );
      assert.ok(cqe.bufId >= 10 && cqe.bufId < 14, `bid ${cqe.bufId}`);
      const buf = pool.subarray((cqe.bufId - 10) * 128, (cqe.bufId - 9) * 128);
      const out = new DataView(buf.buffer, buf.byteOffset, 16);
      const namelen = out.getUint32(0, true),
        controllen = out.getUint32(4, true),
        payloadlen = out.getUint32(8, true);
      assert.is(namelen, 16);
      assert.is(controllen, 0);
      assert.is(payloadlen, payload.length);
      assert.is(cqe.res, 16 + 16 + payload.length, 'res = header + name + payload');
      assert.is(portOf(buf.subarray(16, 32)), txPort, 'source in the name');
      assert.equal(buf.subarray(32, 32 + payload.length), payload);
    }
  },
);

netTest('recvZc', 'without a registered zcrx interface queue (loopback has none): EINVAL', (t, n) => {
  // RECV_ZC needs IORING_REGISTER_ZCRX_IFQ on a real NIC rx queue with header split; loopback cannot have one,
  // so the kernel's prep finds no ifq at zcrx_ifq_idx and answers EINVAL. A wrong opcode would give a
  // different answer (RECV on this socket would block; an unknown opcode is EINVAL too, so the probe check
  // below pins the opcode down).
  const [, s] = n.tcpPair();
  assert.is(resName(t.run('recvZc', { fd: s, len: 0, zcrxIfqIdx: 0 }).res), 'EINVAL');
  assert.is(resName(t.run('recvZc', { fd: s, len: 4096, zcrxIfqIdx: 3 }).res), 'EINVAL');
});

// ---- epoll -------------------------------------------------------------------------------------------

netTest('epollCtl', 'ADD / MOD / DEL change what epoll_wait(2) reports; ADD twice is EEXIST', (t, n) => {
  const [c, s] = n.tcpPair();
  const ep = n.own(epollCreate());
  assert.is(
    t.ok('epollCtl', { epfd: ep, fd: s, op: EPOLL_CTL_ADD, ev: t.addr(epollEvents(1, EPOLLIN, 0x1234567890n)) }),
    0,
  );
  assert.equal(libcEpollPoll(ep), [], 'nothing to read yet');
  assert.is(libcSend(c, Buffer.from('ready')), 5);
  assert.equal(libcEpollPoll(ep), [{ events: EPOLLIN, data: 0x1234567890n }], 'readable, with our data');
  assert.is(
    resName(t.run('epollCtl', { epfd: ep, fd: s, op: EPOLL_CTL_ADD, ev: t.addr(epollEvents(1, EPOLLIN, 1n)) }).res),
    'EEXIST',
  );
  assert.is(t.ok('epollCtl', { epfd: ep, fd: s, op: EPOLL_CTL_MOD, ev: t.addr(epollEvents(1, EPOLLOUT, 77n)) }), 0);
  assert.equal(libcEpollPoll(ep), [{ events: EPOLLOUT, data: 77n }], 'now writable only');
  assert.is(t.ok('epollCtl', { epfd: ep, fd: s, op: EPOLL_CTL_DEL, ev: 0 }), 0);
  assert.equal(libcEpollPoll(ep), [], 'removed');
  assert.is(resName(t.run('epollCtl', { epfd: ep, fd: s, op: EPOLL_CTL_DEL, ev: 0 }).res), 'ENOENT');
});

netTest('epollWait', 'waits for readiness: no CQE until the peer writes, then res = 1 with the event', (t, n) => {
  const [c, s] = n.tcpPair();
  const [c2, s2] = n.tcpPair();
  const ep = n.own(epollCreate());
  libcEpollCtl(ep, EPOLL_CTL_ADD, s, EPOLLIN, 0xabcn);
  libcEpollCtl(ep, EPOLL_CTL_ADD, s2, EPOLLIN, 0xdefn);
  const evs = epollEvents(4);
  const ud = t.queue('epollWait', { fd: ep, events: t.addr(evs), maxevents: 4 });
  t.ring.submit();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  assert.is(t.ring.peekCqes().count, 0, 'nothing ready: the wait is pending');
  assert.is(libcSend(c2, Buffer.from('!')), 1);
  const [cqe] = t.wait(1);
  assert.is(cqe!.userData, ud);
  assert.is(cqe!.res, 1, resName(cqe!.res));
  assert.equal(epollEventAt(evs, 0), { events: EPOLLIN, data: 0xdefn }, 'the second socket, by its data');
  // Both ready: maxevents 1 caps the count.
  assert.is(libcSend(c, Buffer.from('!')), 1);
  assert.is(t.ok('epollWait', { fd: ep, events: t.addr(evs), maxevents: 1 }), 1);
  assert.is(t.ok('epollWait', { fd: ep, events: t.addr(evs), maxevents: 4 }), 2);
  const datas = [epollEventAt(evs, 0).data, epollEventAt(evs, 1).data].sort();
  assert.equal(datas, [0xabcn, 0xdefn]);
  assert.is(resName(t.run('epollWait', { fd: s, events: t.addr(evs), maxevents: 4 }).res), 'EINVAL', 'not an epoll fd');
});

test.run();
