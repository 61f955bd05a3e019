"""Every glyph of a PDF as pdfminer.six reads it: per page, the size of each glyph inside an
included picture (an LTFigure: a slide's frame) and of each other glyph (titles, equations,
the slide number). Prints JSON: [{"figure": [size, ...], "text": [size, ...]}, ...]."""
import json
import sys

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTContainer, LTFigure


def glyphs(item, in_figure, page):
    if isinstance(item, LTChar):
        if item.get_text().strip():
            page["figure" if in_figure else "text"].append(round(item.size, 2))
    elif isinstance(item, LTContainer):
        for child in item:
            glyphs(child, in_figure or isinstance(item, LTFigure), page)


pages = []
for layout in extract_pages(sys.argv[1]):
    page = {"figure": [], "text": []}
    glyphs(layout, False, page)
    pages.append(page)
json.dump(pages, sys.stdout)
