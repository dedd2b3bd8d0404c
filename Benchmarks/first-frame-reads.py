#!/usr/bin/env python3
"""What the board reads from its store before its first frame, traced with strace.

    python3 Benchmarks/first-frame-reads.py BINARY STORE [USER]
    python3 Benchmarks/first-frame-reads.py --time RUNS BINARY STORE [USER]

Starts `BINARY board` on STORE (as USER, default the store's team lead `lena` of the
benchmark stores) in a 120x40 pseudo-terminal under `strace -f -e trace=pread64,write`,
waits for the first frame's status line, quits, and prints the pread64 calls and bytes
the board's main thread made on the store's files (opening it, the team, each column's
count and top cards) before the first frame's status line (the last row curses draws)
reached the terminal. The rest of the cards are read by a worker thread behind the first
frame (it starts just before the frame is drawn): those reads are counted apart.
strace counts system calls, not disk reads: the page cache does not change the count.
A store whose WAL was never checkpointed is read whole from the WAL when it is opened
(SQLite's WAL recovery): checkpoint it first (`sqlite3 STORE 'PRAGMA wal_checkpoint(TRUNCATE)'`)
to see what the board itself reads.

With --time, no strace: the board is opened RUNS times and the median time from the
spawn to the last byte of its first frame is printed (the status line, then 0.3 s of
quiet; the page cache is left warm).
"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time


def first_frame_ms(binary, store, user):
    """Spawn to the last byte of the first frame (the status line, then 0.3 s of quiet),
    without strace: as Benchmarks/run's real-binary open, for a store it did not make."""
    import fcntl, struct, termios
    env = dict(os.environ, TERM="xterm-256color", HANDOFF_DB=store, HANDOFF_USER=user,
               XDG_CONFIG_HOME="/nonexistent", TZ="UTC")
    env.pop("NO_COLOR", None)
    primary, replica = pty.openpty()
    fcntl.ioctl(replica, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.monotonic()
    child = subprocess.Popen([binary, "board"], stdin=replica, stdout=replica, stderr=replica, env=env,
                             start_new_session=True)
    os.close(replica)
    seen, last = b"", started
    deadline = started + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.3)
        if not ready:
            if b"team lead" in seen:
                break
            continue
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        seen += chunk
        last = time.monotonic()
    os.write(primary, b"q")
    child.wait(timeout=30)
    os.close(primary)
    if b"team lead" not in seen:
        raise SystemExit("the board drew no status line")
    return (last - started) * 1000


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--time":
        runs = int(sys.argv[2])
        binary, store = sys.argv[3], os.path.abspath(sys.argv[4])
        user = sys.argv[5] if len(sys.argv) > 5 else "lena"
        times = sorted(first_frame_ms(binary, store, user) for _ in range(runs))
        print(f"open -> first full frame, warm: median {times[len(times) // 2]:.1f} ms of {runs} "
              f"(min {times[0]:.1f}, max {times[-1]:.1f})")
        return
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    binary, store = sys.argv[1], os.path.abspath(sys.argv[2])
    user = sys.argv[3] if len(sys.argv) > 3 else "lena"
    trace = tempfile.NamedTemporaryFile(prefix="handoff-ff-", suffix=".strace", delete=False).name
    env = dict(os.environ, TERM="xterm-256color", HANDOFF_DB=store, HANDOFF_USER=user,
               XDG_CONFIG_HOME="/nonexistent", TZ="UTC", COLUMNS="120", LINES="40")
    env.pop("NO_COLOR", None)
    primary, replica = pty.openpty()
    os.set_blocking(primary, False)
    import fcntl, struct, termios
    fcntl.ioctl(replica, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    child = subprocess.Popen(["strace", "-f", "-qq", "-ttt", "-s", "0", "-e", "trace=pread64,write,openat", "-o", trace,
                              binary, "board"], stdin=replica, stdout=replica, stderr=replica, env=env,
                             start_new_session=True)
    os.close(replica)
    seen = b""
    deadline = time.time() + 60
    frame_at = None
    while b"team lead" not in seen and time.time() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.1)
        if ready:
            try:
                seen += os.read(primary, 65536)
            except OSError:
                break
    frame_at = time.time()
    time.sleep(1.5)  # the rest of the board is read behind the frame; let it finish
    try:
        os.write(primary, b"q")
    except OSError:
        pass
    try:
        child.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait()
    if b"team lead" not in seen:
        print("the board drew no status line; output:", seen[-400:], file=sys.stderr)
        sys.exit(1)
    store_fds = {}  # (pid, fd) -> file, for the store's own files
    # The board draws on its main thread (the process's first, whose id is the pid), and
    # reads what the first frame needs there; the rest of the cards are read by a worker
    # thread that starts just before the first frame and runs beside it.
    frame = {}  # file -> [calls, bytes]: the main thread, before the status line was out
    behind = {}  # every other read of the store's files
    main_tid = None
    names = {}  # threads share descriptors: track opens by fd only
    opened = re.compile(r'^(\d+)\s+[\d.]+\s+openat\(.*?"([^"]*)".*\)\s+=\s+(\d+)')
    pread = re.compile(r'^(\d+)\s+([\d.]+)\s+pread64\((\d+),.*\)\s+=\s+(\d+)')
    with open(trace) as log:
        for line in log:
            tid = line.split(None, 1)[0] if line[:1].isdigit() else None
            if main_tid is None and tid:
                main_tid = tid
            m = opened.match(line)
            if m:
                names[int(m.group(3))] = m.group(2)
                continue
            m = pread.match(line)
            if m:
                at, fd, got = float(m.group(2)), int(m.group(3)), int(m.group(4))
                name = names.get(fd, "")
                if name.startswith(store):
                    first = m.group(1) == main_tid and at < frame_at
                    tally = (frame if first else behind).setdefault(os.path.basename(name), [0, 0])
                    tally[0] += 1
                    tally[1] += got
    os.unlink(trace)
    def line(tallies):
        calls = sum(t[0] for t in tallies.values())
        size = sum(t[1] for t in tallies.values())
        parts = ", ".join(f"{name}: {t[0]}" for name, t in sorted(tallies.items()))
        return f"{calls} pread64 calls, {size / 1e6:.2f} MB" + (f" ({parts})" if parts else "")
    print(f"first frame: {line(frame)}; behind it: {line(behind)}")


if __name__ == "__main__":
    main()
