"""Typst documents to PDF: one compiler per template and thread, reused for every render.

A template in `typst/` reads its page data as JSON from the `data` input
(`json(bytes(sys.inputs.data))`); the data comes from the pure snapshot
functions, so a template never computes money or words. Only the fonts shipped
in `fonts/` (DejaVu Sans Condensed, which has Polish, German and Ukrainian
letters) and Typst's own are used, never the machine's: a PDF looks the same on
every server.

Building a compiler parses the template and loads the fonts; later compiles
only lay the new data out, which is what makes a warm render take milliseconds.
A compiler is not shared between threads: each thread of a server keeps its own.
"""

import threading
from pathlib import Path

import orjson
import typst

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "typst"
FONTS = HERE / "fonts"

_local = threading.local()


class RenderError(Exception):
    """A template failed on its data: a bug in a template or a snapshot, never the user's."""


def _compiler(template: str) -> typst.Compiler:
    compilers = getattr(_local, "compilers", None)
    if compilers is None:
        compilers = _local.compilers = {}
    compiler = compilers.get(template)
    if compiler is None:
        path = TEMPLATES / f"{template}.typ"
        if not path.is_file():
            raise RenderError(f"no template {template!r}")
        compiler = typst.Compiler(
            str(path),
            root="/",
            font_paths=[str(FONTS)],
            ignore_system_fonts=True,
        )
        compilers[template] = compiler
    return compiler


def render_pdf(template: str, data: dict) -> bytes:
    """The PDF of `template` (a name in `typst/`, without `.typ`) laid out with `data`."""
    payload = orjson.dumps(data).decode()
    try:
        return _compiler(template).compile(format="pdf", sys_inputs={"data": payload})
    except typst.TypstError as error:
        raise RenderError(f"{template}: {error}") from error
