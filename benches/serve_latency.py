#!/usr/bin/env python3
"""Edit-to-reload time of `prepbook serve` on the default workbook.

Serves a fresh `prepbook init` project, opens the page in headless chromium
(through chromedriver's WebDriver API), then N times appends a line to a
chapter and times how long until the page, reloaded by itself, shows it:
from the write to the reloaded page's first paint (and to its DOM being
parsed). Edits are `--gap` seconds apart, as a person saving would be, so
each finds the previous PDF built. The browser's clock is set against this
script's at every edit (over a WebDriver round trip).

Usage: benches/serve_latency.py [--bin target/release/prepbook] [-n 20]
"""
import argparse, json, os, re, socket, statistics, subprocess, tempfile, time
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--bin", default="target/release/prepbook")
parser.add_argument("-n", type=int, default=20)
parser.add_argument("--gap", type=float, default=1.0, help="seconds between edits")
parser.add_argument("--chromium", default="chromium")
parser.add_argument("--chromedriver", default="chromedriver")
args = parser.parse_args()
binary = os.path.abspath(args.bin)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webdriver(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["value"]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([binary, "init", "demo"], cwd=tmp, check=True, capture_output=True)
    demo = os.path.join(tmp, "demo")
    log_path = os.path.join(tmp, "serve.log")
    server = subprocess.Popen([binary, "serve", "--port", "0"], cwd=demo, text=True,
                              stdout=subprocess.PIPE, stderr=open(log_path, "w"))
    driver_port = free_port()
    driver = subprocess.Popen([args.chromedriver, f"--port={driver_port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{driver_port}"
    session = None
    try:
        url = server.stdout.readline().strip().removeprefix("serving ")
        assert url.startswith("http://127.0.0.1:"), f"no URL from serve: {url!r}"
        for _ in range(200):
            try:
                webdriver(base, "GET", "/status")
                break
            except OSError:
                time.sleep(0.05)
        session = webdriver(base, "POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": subprocess.run(
                ["sh", "-c", f"command -v {args.chromium}"], capture_output=True,
                text=True, check=True).stdout.strip(),
                "args": ["--headless", "--no-sandbox", "--disable-gpu",
                         "--window-size=1280,900", "--no-first-run"]}}}})["sessionId"]
        at = f"/session/{session}"

        def js(script, *arguments):
            return webdriver(base, "POST", f"{at}/execute/sync",
                             {"script": script, "args": list(arguments)})

        def wait_for(script, *arguments, limit=30.0):
            start = time.monotonic()
            while time.monotonic() - start < limit:
                result = js(script, *arguments)
                if result:
                    return result
                time.sleep(0.01)
            raise SystemExit(f"timed out waiting for the page; serve said:\n{open(log_path).read()}")

        webdriver(base, "POST", f"{at}/url", {"url": url})
        wait_for("return document.body.dataset.fileStem === 'example'")
        chapter = os.path.join(demo, "content", "01-why-interviewers-ask.md")
        original = open(chapter).read()
        # When the page showing `marker` started, was parsed and painted,
        # on the browser's clock (epoch milliseconds).
        shown = """
            if (!document.documentElement.textContent.includes(arguments[0])) return null;
            var nav = performance.getEntriesByType('navigation')[0];
            var paint = performance.getEntriesByType('paint')
                .filter(function (p) { return p.name === 'first-contentful-paint'; })[0];
            if (!nav || nav.domContentLoadedEventEnd === 0 || !paint) return null;
            return [performance.timeOrigin, nav.domContentLoadedEventEnd, paint.startTime,
                    nav.responseStart, nav.responseEnd];"""
        parsed, painted, started, first_byte, last_byte = [], [], [], [], []
        for i in range(args.n):
            marker = f"Reload marker {i}."
            before = time.time() * 1000
            browser_now = js("return performance.timeOrigin + performance.now()")
            after = time.time() * 1000
            offset = browser_now - (before + after) / 2
            written = time.time() * 1000
            with open(chapter, "w") as f:
                f.write(f"{original}\n{marker}\n")
            origin, loaded, paint, response_start, response_end = wait_for(shown, marker)
            started.append(origin - offset - written)
            first_byte.append(response_start)
            last_byte.append(response_end)
            parsed.append(origin + loaded - offset - written)
            painted.append(origin + paint - offset - written)
            time.sleep(args.gap)
        builds = [int(ms) for ms in re.findall(r"built \S+ in (\d+) ms", open(log_path).read())]
        builds = builds[1:]  # the first build, before any edit
        print(f"edit to reloaded page over {len(painted)} edits (gap {args.gap} s):")
        print(f"  first paint:  median {statistics.median(painted):.0f} ms, "
              f"p90 {percentile(painted, 90):.0f} ms, min {min(painted):.0f}, max {max(painted):.0f}")
        print(f"  DOM parsed:   median {statistics.median(parsed):.0f} ms, "
              f"p90 {percentile(parsed, 90):.0f} ms")
        print(f"  until the reload starts: median {statistics.median(started):.0f} ms; then the page's "
              f"first byte after {statistics.median(first_byte):.0f} ms, last after "
              f"{statistics.median(last_byte):.0f} ms (medians)")
        if builds:
            print(f"  of which the server's build (load + HTML): median {statistics.median(builds):.0f} ms, "
                  f"p90 {percentile(builds, 90):.0f} ms")
    finally:
        if session:
            try:
                webdriver(base, "DELETE", f"/session/{session}")
            except OSError:
                pass
        driver.kill()
        driver.wait()
        server.kill()
        server.wait()
