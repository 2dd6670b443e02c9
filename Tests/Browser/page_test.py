"""The control page in a real browser: Debian's headless Chromium, driven
by Selenium through Debian's chromedriver (no driver is downloaded).

Opens the page with the token, checks it shows the daemon's state, presses
Start and times how long the page takes to show the session running, checks
the console holds no error, then takes a screenshot and measures it: not blank, dark (mean luminance under
20 %), no large white area and no blue one. Prints one JSON line of
figures; exits 1 when a check fails.

    page_test.py --url http://127.0.0.1:PORT --token TOKEN --screenshot FILE
"""
import argparse
import json
import struct
import sys
import time
import zlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def read_png(path):
    """Width, height and rows of (r, g, b) for an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    offset, idat, header = 8, b"", None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        chunk = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unexpected PNG layout: depth {depth}, colour type {colour}, interlace {interlace}")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    position = 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + predictor) & 0xFF
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def measure(path):
    """Mean luminance, share of near-white and of blue pixels, colours used."""
    width, height, rows = read_png(path)
    total = width * height
    luminance = 0.0
    white = blue = 0
    colours = set()
    for row in rows:
        for r, g, b in row:
            y = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
            luminance += y
            if y > 0.85:
                white += 1
            if b > 100 and b > r + 40 and b > g + 20:
                blue += 1
            if len(colours) < 5000:
                colours.add((r >> 3, g >> 3, b >> 3))
    return {
        "width": width, "height": height, "mean_luminance": round(luminance / total, 4),
        "white_share": round(white / total, 5), "blue_share": round(blue / total, 5), "colours": len(colours),
    }


def wait_for(condition, seconds, step=0.02):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--screenshot", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--driver", default="/usr/bin/chromedriver")
    args = parser.parse_args()

    options = webdriver.ChromeOptions()
    options.binary_location = args.chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--window-size=430,1900", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    # The console too: a script error on the page is a failure.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=args.driver), options=options)
    failures = []
    figures = {}
    try:
        driver.set_page_load_timeout(20)
        driver.get(f"{args.url}/?token={args.token}")
        figures["address_after_login"] = driver.current_url
        if "token=" in driver.current_url:
            failures.append("the token stayed in the address bar")
        state = lambda: driver.find_element(By.ID, "state").text.strip().lower()
        if not wait_for(lambda: state() == "idle", 10):
            failures.append(f"the page never showed the idle daemon (it shows {state()!r})")
        if not wait_for(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#routine option")) > 0, 5):
            failures.append("the routine list stayed empty")
        started = time.monotonic()
        driver.find_element(By.ID, "start").click()
        shown = wait_for(lambda: state() == "running", 5)
        figures["start_to_running_ms"] = round((time.monotonic() - started) * 1000)
        if not shown:
            failures.append(f"after Start the page shows {state()!r}, not running")
        elif figures["start_to_running_ms"] > 1000:
            failures.append(f"the page took {figures['start_to_running_ms']} ms to show the session running (more than 1 s)")
        # The step, time left and the plan's picture have arrived; then the picture is taken.
        wait_for(lambda: driver.find_element(By.ID, "left").text.strip(), 5)
        wait_for(lambda: driver.execute_script(
            "const p = document.getElementById('plan'); return p.complete && p.naturalWidth > 0;"), 10)
        time.sleep(1.2)
        figures["step"] = driver.find_element(By.ID, "step").text
        figures["left"] = driver.find_element(By.ID, "left").text
        driver.save_screenshot(args.screenshot)
        errors = [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
        figures["console_errors"] = errors
        if errors:
            failures.append(f"the page's console has errors: {errors[:3]}")
    finally:
        driver.quit()

    figures.update(measure(args.screenshot))
    if figures["colours"] < 20:
        failures.append(f"the screenshot is blank ({figures['colours']} colours)")
    if figures["mean_luminance"] >= 0.20:
        failures.append(f"the page is not dark: mean luminance {figures['mean_luminance']:.1%}")
    if figures["white_share"] > 0.005:
        failures.append(f"{figures['white_share']:.2%} of the page is near white")
    if figures["blue_share"] > 0.005:
        failures.append(f"{figures['blue_share']:.2%} of the page is blue")
    figures["failures"] = failures
    print(json.dumps(figures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
