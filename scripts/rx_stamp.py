"""Kernel receive timestamps for the benchmarks' sockets (Linux, standard library only).

A benchmark that stamps an arrival with `time.time()` after `recv` returns counts its own
scheduling in the latency: a thread waiting for the CPU, or for Python's interpreter lock behind
the script's other threads, stamps late. With `SO_TIMESTAMPNS` the kernel records when each
packet was received (on loopback: when the sender's write reached the receiving socket's queue),
and `recvmsg` hands the stamp of the last packet it read with the data. Where one read takes in
several packets, its stamp is the latest of them: later than the first packet's arrival, never
earlier. The stamps are on the same clock as `time.time()`."""

import socket
import struct

# <asm-generic/socket.h>: SO_TIMESTAMPNS_OLD, a struct timespec of two longs (Python does not name it).
SO_TIMESTAMPNS = 35
_TIMESPEC = struct.Struct("@qq")


def enable(sock):
    """Asks the kernel to stamp what `sock` receives from now on."""
    sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)


def recv(sock, size=65536):
    """(data, stamp): stamp is the kernel's receive time of the last packet read, or None when the
    kernel gave none (the socket was not enabled, or an empty read at the end): the caller decides
    which side to err on."""
    data, ancillary, _, _ = sock.recvmsg(size, socket.CMSG_SPACE(_TIMESPEC.size))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(payload) >= _TIMESPEC.size:
            seconds, nanoseconds = _TIMESPEC.unpack(payload[: _TIMESPEC.size])
            return data, seconds + nanoseconds / 1e9
    return data, None
