"""Render the demo audit's HTML report in headless chromium and save what a person would see.

    python scripts/screenshot.py [--output docs/img] [--html path/to/findings.html]

Writes ``report.png`` (the whole page, 1280 px wide), ``report-top.png`` (the first
screen), ``report-print.pdf`` (the page printed with its print stylesheet) and
``report-print-1.png`` (the PDF's first page, via pdfplumber). Without ``--html``
it runs the bundled demo audit first. Exits 1 if the page reports a script error.
Needs Debian's chromium (``scripts/ensure_chromium.sh`` installs it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import Browser, find_chromium  # noqa: E402


def demo_html(folder: Path) -> Path:
    from auditor import api
    from auditor.demo import bundled_data
    from auditor.render import write_outputs

    data = bundled_data()
    result = api.audit(calls=data["calls"], reports=[data["report"]], engagement=data["engagement"])
    return write_outputs(result, ["html"], folder / "findings.html")[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output", type=Path, default=ROOT / "audit-output" / "screenshots", help="folder for the PNG and PDF files"
    )
    parser.add_argument("--html", type=Path, help="an existing HTML report (default: run the demo audit)")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    if find_chromium() is None:
        print("chromium not found: run scripts/ensure_chromium.sh (Debian package 'chromium')", file=sys.stderr)
        return 2
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        html = args.html or demo_html(Path(tmp))
        with Browser(width=args.width, height=900) as browser:
            browser.open(html)
            shots = [
                browser.screenshot(args.output / "report.png", full_page=True),
                browser.screenshot(args.output / "report-top.png", full_page=False),
                browser.pdf(args.output / "report-print.pdf"),
            ]
            errors = browser.errors()
    try:
        import pdfplumber

        with pdfplumber.open(args.output / "report-print.pdf") as pdf:
            pages = len(pdf.pages)
            for number in (1, 2):
                if number <= pages:
                    target = args.output / f"report-print-{number}.png"
                    pdf.pages[number - 1].to_image(resolution=110).save(target)
                    shots.append(target)
        print(f"printed: {pages} A4 page(s)")
    except Exception as exc:  # the PNG of the print view is a convenience, not the point
        print(f"could not rasterise the PDF: {exc}", file=sys.stderr)
    for path in shots:
        print(f"wrote {path}")
    for error in errors:
        print(f"page error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
