"""Screenshot built pages in headless Chromium: python scripts/screenshot.py book/intro.html [...]

Serves _build/html on 127.0.0.1 and writes PNGs to _build/screenshots/ (full page, 1280 px wide,
or 390 px with --phone), for looking at what a reader sees.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, HTML, serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--phone", action="store_true")
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    out = HTML.parent / "screenshots"
    out.mkdir(exist_ok=True)
    url, server = serve(HTML)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        width = 390 if args.phone else 1280
        page = browser.new_page(viewport={"width": width, "height": 900},
                                color_scheme="dark" if args.dark else "light")
        for rel in args.pages:
            page.goto(f"{url}/{rel}", wait_until="networkidle")
            suffix = "-phone" if args.phone else ""
            png = out / (rel.replace("/", "_").replace(".html", "") + suffix + ".png")
            page.screenshot(path=str(png), full_page=True)
            print(png)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
