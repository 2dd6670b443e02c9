#!/usr/bin/env python3
"""Round trips through a real broker, timed from the moment a command is
published until the answer shows on a topic, with Debian's mosquitto_pub
(-l: one message per line from stdin) and mosquitto_sub as the clients.

  mqtt_roundtrip.py PORT bridge NODE N   winddown/NODE/schedule/set ON|OFF,
                                         until winddown/NODE/schedule says so
                                         (broker -> bridge -> daemon -> bridge -> broker)
  mqtt_roundtrip.py PORT echo   -    N   the same message straight back from
                                         the broker (the peer: the broker alone)

Prints "p50 p99 max count" in milliseconds.
"""
import subprocess
import sys
import time


def main():
    port, mode, node, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if mode == "bridge":
        command, answer = f"winddown/{node}/schedule/set", f"winddown/{node}/schedule"
    else:
        command = answer = "bench/echo"
    base = ["-h", "127.0.0.1", "-p", port, "-q", "1"]
    sub = subprocess.Popen(["mosquitto_sub", *base, "-t", answer, "-F", "%p"], stdout=subprocess.PIPE, text=True, bufsize=1)
    pub = subprocess.Popen(["mosquitto_pub", *base, "-t", command, "-l"], stdin=subprocess.PIPE, text=True, bufsize=1)
    time.sleep(1.0)  # both connected and subscribed
    samples = []
    try:
        for i in range(count + 5):
            payload = "OFF" if i % 2 == 0 else "ON"
            if mode == "echo":
                payload = f"{payload}{i}"
            started = time.perf_counter()
            pub.stdin.write(payload + "\n")
            pub.stdin.flush()
            while True:
                line = sub.stdout.readline()
                if not line:
                    raise SystemExit("mosquitto_sub ended")
                if line.rstrip("\n") == payload:
                    break
            if i >= 5:  # the first few warm the path up
                samples.append((time.perf_counter() - started) * 1000)
    finally:
        pub.stdin.close()
        pub.wait(timeout=5)
        sub.terminate()
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    print(f"{pick(0.5):.2f} {pick(0.99):.2f} {samples[-1]:.2f} {len(samples)}")


if __name__ == "__main__":
    main()
