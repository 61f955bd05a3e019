"""Reads each Markdown file given with several readers that have no math extension (pandoc's
gfm, commonmark and markdown_strict, cmark with raw HTML allowed, markdown-it-py's CommonMark
with HTML allowed) and prints, per file and reader, any markup that could run in a browser or
load from elsewhere: an element that carries script or foreign content, an image that is not
one of the frames teach wrote, an on* attribute, or a javascript:, data: or vbscript: link.
Prints "unsafe: N" last (N files-and-readers with such markup)."""
import html.parser
import subprocess
import sys

from markdown_it import MarkdownIt


def pandoc(source_format):
    return lambda text: subprocess.run(["pandoc", "-f", source_format, "-t", "html"], input=text,
                                       capture_output=True, text=True, check=True).stdout


READERS = {
    "pandoc -f gfm": pandoc("gfm"),
    "pandoc -f commonmark": pandoc("commonmark"),
    "pandoc -f markdown_strict": pandoc("markdown_strict"),
    "cmark --unsafe": lambda text: subprocess.run(["cmark", "--unsafe"], input=text, capture_output=True,
                                                  text=True, check=True).stdout,
    "markdown-it-py": lambda text: MarkdownIt("commonmark", {"html": True}).enable("table").render(text),
}
FOREIGN = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "input", "button",
           "textarea", "video", "audio", "base", "link", "meta", "frame", "frameset"}
PICTURES = ("frames/", "focus/", "worksheet.svg")


class Markup(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.unsafe = []

    def handle_starttag(self, tag, attrs):
        if tag in FOREIGN:
            self.unsafe.append(tag)
        if tag == "img" and not (dict(attrs).get("src") or "").startswith(PICTURES):
            self.unsafe.append(f"img src={dict(attrs).get('src')}")
        for name, value in attrs:
            if name.startswith("on"):
                self.unsafe.append(f"{tag} {name}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.unsafe.append(f"{tag} {name}={value}")


found = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as file:
        text = file.read()
    for name, read in READERS.items():
        markup = Markup()
        markup.feed(read(text))
        if markup.unsafe:
            found += 1
            print(f"{path} [{name}]: {sorted(set(markup.unsafe))}")
print(f"unsafe: {found}")
