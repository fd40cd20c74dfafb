"""`python -m bench pdf`: how fast an invoice PDF renders, against WeasyPrint in the same run.

No server and no database: the page data comes from the same pure snapshot the
API prints (`faktura.documents.snapshot.invoice_snapshot`) for an invoice of
BENCH_PDF_LINES_ONE_PAGE lines (one page) and one long enough for 20 pages. Each
render is timed warm (the first renders are not counted), snapshot included:
- Faktura: the Typst template through `faktura.documents.render.render_pdf`;
- baseline: WeasyPrint rendering an HTML page with the same content (header,
  parties, the lines table, the VAT summary, totals, amount in words) and
  comparable CSS, in the same process.

Memory: the process's resident set after BENCH_PDF_MEMORY_RENDERS (10 000)
one-page renders against after the first tenth of them; "flat" means it grew
by at most MEMORY_GROWTH.
"""

import datetime as dt
import html
import io
import json
import os
import statistics
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from faktura.documents.render import render_pdf
from faktura.documents.snapshot import invoice_snapshot
from faktura.invoicing import money

ONE_PAGE_LINES = 6
TWENTY_PAGES = 20
TARGET_P50_MS = 15.0
TARGET_RATIO = 20.0
MEMORY_GROWTH = 1.10


def _line(number: int) -> SimpleNamespace:
    rate = money.parse_tax(("23", "8", "5")[number % 3])
    quantity = Decimal(1 + number % 4)
    unit = money.price_from_net(Decimal("19.99") + number, rate)
    net = money.round_money(unit.net * quantity)
    gross = money.gross_from_net(net, rate)
    return SimpleNamespace(
        id=number,
        kind="normal",
        name=f"Pozycja {number} – usługa wdrożeniowa",
        description="",
        code=f"P-{number}",
        quantity=quantity,
        quantity_unit="szt",
        tax=rate.code,
        price_net=unit.net,
        price_gross=unit.gross,
        total_price_net=net,
        total_price_tax=gross - net,
        total_price_gross=gross,
        correction_line_id=None,
        discount=None,
        discount_percent=None,
    )


def _invoice(lines: list[SimpleNamespace]) -> SimpleNamespace:
    net = sum((line.total_price_net for line in lines), Decimal(0))
    gross = sum((line.total_price_gross for line in lines), Decimal(0))
    return SimpleNamespace(
        kind="vat",
        income=True,
        lang="pl",
        number="FV 123/11/2026",
        issue_date=dt.date(2026, 11, 22),
        sell_date=dt.date(2026, 11, 22),
        place="Warszawa",
        currency="PLN",
        price_net=net,
        price_tax=gross - net,
        price_gross=gross,
        paid=Decimal(0),
        payment_type="transfer",
        payment_to=dt.date(2026, 12, 6),
        split_payment=True,
        reverse_charge=False,
        description_footer="Acme sp. z o.o., ul. Olesińska 21, 02-548 Warszawa",
        seller_name="Acme sp. z o.o.",
        seller_tax_no="5252445767",
        seller_street="ul. Olesińska 21",
        seller_post_code="02-548",
        seller_city="Warszawa",
        seller_bank_account="PL61 1090 1014 0000 0712 1981 2874",
        seller_person="Jan Kowalski",
        buyer_name="Klient1 sp. z o.o.",
        buyer_tax_no="6272616681",
        buyer_street="Nowa 44",
        buyer_post_code="30-314",
        buyer_city="Kraków",
    )


def snapshot(line_count: int) -> dict:
    lines = [_line(number) for number in range(1, line_count + 1)]
    return invoice_snapshot(_invoice(lines), lines)


def faktura_render(line_count: int) -> bytes:
    data = snapshot(line_count)
    return render_pdf(data["layout"], data)


_CSS = """
@page { size: A4; margin: 1.3cm 1.4cm 1.8cm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 7pt; } }
body { font-family: "DejaVu Sans Condensed", "DejaVu Sans"; font-size: 8.5pt; }
h1 { font-size: 15pt; margin: 6pt 0; }
.parties { display: flex; gap: 12pt; } .parties div { flex: 1; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
th { background: #ebebeb; font-size: 7.5pt; }
td, th { border: 0.5pt solid #969696; padding: 3pt 4pt; }
td.n { text-align: right; }
.summary { width: auto; margin-left: auto; }
.due { font-size: 12pt; font-weight: bold; }
"""


def _html(data: dict) -> str:
    e = html.escape
    words = data["labels"]
    rows = "".join(
        "<tr>"
        + f"<td>{e(row['no'])}</td><td>{e(row['name'])}</td>"
        + "".join(
            f'<td class="n">{e(row[key])}</td>'
            for key in ("quantity", "unit", "price_net", "net", "tax", "tax_amount", "gross")
        )
        + "</tr>"
        for row in data["lines"]
    )
    summary = "".join(
        f'<tr><td></td><td class="n">{e(r["net"])}</td><td class="n">{e(r["rate"])}</td>'
        f'<td class="n">{e(r["tax"])}</td><td class="n">{e(r["gross"])}</td></tr>'
        for r in data["vat_summary"]
    )
    head = "".join(
        f"<th>{e(words[key])}</th>"
        for key in ("lp", "name", "quantity", "unit", "price_net", "net", "rate", "tax", "gross")
    )

    def party(title: str, party: dict) -> str:
        lines = "<br>".join(e(line) for line in party["lines"])
        return f"<div><small>{e(title)}</small><br><b>{e(party['name'])}</b><br>{lines}</div>"

    dates = "<br>".join(f"{e(label)}: <b>{e(value)}</b>" for label, value in data["dates"])
    return (
        f"<html><head><meta charset='utf-8'><style>{_CSS}</style></head><body>"
        f"<div style='text-align:right'><b>{e(data['copies'][0])}</b><br>{dates}</div>"
        f"<h1>{e(data['title'])} {e(words['no'])} {e(data['number'])}</h1>"
        f"<div class='parties'>{party(words['seller'], data['seller'])}"
        f"{party(words['buyer'], data['buyer'])}</div>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"<table class='summary'><tr><th></th><th>{e(words['net'])}</th><th>{e(words['rate'])}"
        f"</th><th>{e(words['tax'])}</th><th>{e(words['gross'])}</th></tr>{summary}</table>"
        f"<p class='due'>{e(words['to_pay'])}: {e(data['totals']['to_pay'])} "
        f"{e(data['currency'])}</p><p>{e(words['in_words'])}: {e(data['in_words'])}</p>"
        f"<p>{e(words['payment_type'])}: {e(data['payment']['type'])}<br>"
        f"{e(words['payment_to'])}: {e(data['payment']['to'])}</p>"
        "</body></html>"
    )


def weasyprint_render(line_count: int) -> bytes:
    from weasyprint import HTML

    return HTML(string=_html(snapshot(line_count))).write_pdf()


def _pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def lines_for_pages(pages: int) -> int:
    """About the fewest lines (in steps of 10) whose Typst PDF has `pages` pages."""
    sample = 200
    per_page = sample / _pages(faktura_render(sample))
    count = max(10, int(per_page * (pages - 1)) // 10 * 10)
    while _pages(faktura_render(count)) < pages:
        count += 10
    return count


def _timed(render, line_count: int, repeats: int, warm_up: int) -> dict:
    for _ in range(warm_up):
        render(line_count)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        render(line_count)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "renders": repeats,
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
    }


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def memory(renders: int) -> dict:
    """RSS growth over `renders` one-page invoices, each with its own number (as in life:
    no two renders share their data, so no cache can hide a leak)."""
    data = snapshot(ONE_PAGE_LINES)
    first = max(1, renders // 10)
    early = 0
    for number in range(renders):
        data["number"] = f"FV {number}/11/2026"
        render_pdf(data["layout"], data)
        if number + 1 == first:
            early = _rss_kib()
    late = _rss_kib()
    return {
        "renders": renders,
        "rss_after_first_tenth_kib": early,
        "rss_at_end_kib": late,
        "growth": round(late / early, 3) if early else None,
    }


def _baseline(line_count: int, repeats: int) -> dict | str:
    try:
        return _timed(weasyprint_render, line_count, repeats, warm_up=2)
    except (ImportError, OSError) as exc:  # WeasyPrint needs libpango on the machine
        return f"WeasyPrint unavailable: {exc}"


def run() -> dict:
    repeats = int(os.environ.get("BENCH_PDF_RENDERS", "300"))
    memory_renders = int(os.environ.get("BENCH_PDF_MEMORY_RENDERS", "10000"))
    # Faktura first, in a process WeasyPrint has not grown yet; memory before the baseline.
    one_page = _timed(faktura_render, ONE_PAGE_LINES, repeats, warm_up=20)
    print(f"memory over {memory_renders} renders…", flush=True)
    used = memory(memory_renders)
    long_lines = lines_for_pages(TWENTY_PAGES)
    print(f"one page: {ONE_PAGE_LINES} lines; {TWENTY_PAGES} pages: {long_lines} lines", flush=True)
    twenty = _timed(faktura_render, long_lines, max(10, repeats // 10), warm_up=3)
    print("WeasyPrint…", flush=True)
    result = {
        "one_page": {
            "faktura": one_page,
            "weasyprint": _baseline(ONE_PAGE_LINES, max(10, repeats // 10)),
            "pages": _pages(faktura_render(ONE_PAGE_LINES)),
        },
        "twenty_pages": {
            "lines": long_lines,
            "faktura": twenty,
            "weasyprint": _baseline(long_lines, 3),
            "pages": _pages(faktura_render(long_lines)),
        },
        "memory": used,
    }
    for size in ("one_page", "twenty_pages"):
        entry = result[size]
        if isinstance(entry["weasyprint"], dict):
            entry["ratio_p50"] = round(
                entry["weasyprint"]["p50_ms"] / entry["faktura"]["p50_ms"], 1
            )
    result["targets"] = _targets(result)
    return result


def _targets(result: dict) -> dict:
    one = result["one_page"]
    targets = {
        "one_page_p50": {
            "target": f"<= {TARGET_P50_MS:g} ms",
            "value": one["faktura"]["p50_ms"],
            "verdict": "PASS" if one["faktura"]["p50_ms"] <= TARGET_P50_MS else "MISS",
        },
        "memory_flat": {
            "target": f"growth <= {MEMORY_GROWTH:g}x",
            "value": result["memory"]["growth"],
            "verdict": "PASS" if (result["memory"]["growth"] or 99) <= MEMORY_GROWTH else "MISS",
        },
    }
    if "ratio_p50" in one:
        targets["vs_weasyprint"] = {
            "target": f">= {TARGET_RATIO:g}x faster",
            "value": one["ratio_p50"],
            "verdict": "PASS" if one["ratio_p50"] >= TARGET_RATIO else "MISS",
        }
    return targets


def render_report(result: dict) -> str:
    header = f"{'PDF render (warm)':<28}{'Faktura p50/p99':>22}{'WeasyPrint p50/p99':>24}"
    rows = [f"{header}{'ratio':>8}"]
    for size, title in (("one_page", "one page"), ("twenty_pages", "20 pages")):
        entry = result[size]
        ours = entry["faktura"]
        base = entry["weasyprint"]
        base_text = (
            f"{base['p50_ms']:.1f} / {base['p99_ms']:.1f} ms" if isinstance(base, dict) else "n/a"
        )
        ratio = f"{entry['ratio_p50']:.1f}x" if "ratio_p50" in entry else "n/a"
        label = f"{title} ({entry['pages']} p.)"
        ours_text = f"{ours['p50_ms']:.1f} / {ours['p99_ms']:.1f} ms"
        rows.append(f"{label:<28}{ours_text:>22}{base_text:>24}{ratio:>8}")
    mem = result["memory"]
    rows.append(
        f"memory: RSS {mem['rss_after_first_tenth_kib']} KiB after {mem['renders'] // 10} "
        f"renders, {mem['rss_at_end_kib']} KiB after {mem['renders']} ({mem['growth']}x)"
    )
    for name, target in result["targets"].items():
        rows.append(f"target {name}: {target['target']}: {target['value']} {target['verdict']}")
    return "\n".join(rows)


def main(results_dir: Path) -> int:
    result = run()
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / "results-pdf.json"
    path.write_text(json.dumps(result, indent=2))
    print(render_report(result))
    print(f"results: {path}")
    return 0
