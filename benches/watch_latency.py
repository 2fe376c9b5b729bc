#!/usr/bin/env python3
"""Edit-to-rebuild time of `prepbook build --watch` on the default workbook.

Starts the watcher on a fresh `prepbook init` project, then N times appends
a line to a chapter and times how long until the HTML workbook holds it.
Usage: benches/watch_latency.py [--bin target/release/prepbook] [-n 20]
"""
import argparse, os, statistics, subprocess, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument("--bin", default="target/release/prepbook")
parser.add_argument("-n", type=int, default=20)
args = parser.parse_args()
binary = os.path.abspath(args.bin)

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([binary, "init", "demo"], cwd=tmp, check=True, capture_output=True)
    demo = os.path.join(tmp, "demo")
    log = open(os.path.join(tmp, "watch.log"), "w")
    watcher = subprocess.Popen([binary, "build", "--watch", "--format", "html"],
                               cwd=demo, stdout=subprocess.DEVNULL, stderr=log)
    html = os.path.join(demo, "out", "example.html")
    chapter = os.path.join(demo, "content", "01-why-interviewers-ask.md")
    original = open(chapter).read()

    def wait_for(text, limit=30.0):
        start = time.monotonic()
        while time.monotonic() - start < limit:
            try:
                if text in open(html).read():
                    return
            except FileNotFoundError:
                pass
            time.sleep(0.002)
        raise SystemExit(f"timed out waiting for {text!r}")

    try:
        wait_for("</html>")
        times = []
        for i in range(args.n):
            marker = f"Latency marker {i}."
            start = time.monotonic()
            with open(chapter, "w") as f:
                f.write(f"{original}\n{marker}\n")
            wait_for(marker)
            times.append((time.monotonic() - start) * 1000)
            time.sleep(0.2)
        print(f"edit to rebuilt HTML over {len(times)} edits: median {statistics.median(times):.0f} ms, "
              f"min {min(times):.0f} ms, max {max(times):.0f} ms")
    finally:
        watcher.kill()
        watcher.wait()
