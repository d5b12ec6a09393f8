"""Misc providers checked by independent validators: mimetypes for file names and media types,
the locale module's alias table (from glibc's locale names) for language and locale codes,
unicodedata for emoji, and re for colours."""

import locale
import mimetypes
import re
import sys
import unicodedata

from tdm_values import check, generate, report

data_cli = sys.argv[1]

rows = generate(data_cli, {
    "color": "{provider: color_name}",
    "hex": "{provider: hex_color}",
    "rgb": "{provider: rgb_color}",
    "language": "{provider: language_code}",
    "locale": "{provider: locale_code}",
    "emoji": "{provider: emoji}",
    "ext": "{provider: file_extension}",
    "lone_mime": "{provider: mime_type, options: {category: audio}}",
})

HEX = re.compile(r"#[0-9a-f]{6}")
RGB = re.compile(r"rgb\((\d{1,3}), (\d{1,3}), (\d{1,3})\)")
LANGUAGES = {alias.split("_")[0].split(".")[0].split("@")[0] for alias in locale.locale_alias}


def rgb(v):
    m = RGB.fullmatch(v)
    return m is not None and all(0 <= int(c) <= 255 and str(int(c)) == c for c in m.groups())


def known_type(mime):
    return mime in mimetypes.types_map.values()


check("color_name", [r["color"] for r in rows], lambda v: re.fullmatch(r"[a-z]+( [a-z]+)?", v))
check("hex_color", [r["hex"] for r in rows], lambda v: HEX.fullmatch(v) is not None)
check("rgb_color", [r["rgb"] for r in rows], rgb)
check("language_code", [r["language"] for r in rows],
      lambda v: re.fullmatch(r"[a-z]{2}", v) and v in LANGUAGES)
check("locale_code", [r["locale"] for r in rows],
      lambda v: re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", v) and v.lower() in locale.locale_alias)
check("emoji", [r["emoji"] for r in rows],
      lambda v: len(v) == 1 and ord(v) >= 0x2000 and unicodedata.name(v, "") != "")
check("file_extension", [r["ext"] for r in rows],
      lambda v: re.fullmatch(r"[a-z0-9]+", v) and mimetypes.guess_type("x." + v)[0] is not None)
check("mime_type without file_name", [r["lone_mime"] for r in rows],
      lambda v: v.startswith("audio/") and known_type(v))

CATEGORIES = ("image", "document", "audio", "video", "any")
rows = generate(data_cli, {
    "any_file": "{provider: file_name}",
    "any_mime": "{provider: mime_type}",
    **{f"{c}_ext": f"{{provider: file_extension, options: {{category: {c}}}}}"
       for c in CATEGORIES[:4]},
})
# mime_type follows the table's file_name; a second table per category checks the categories.
for category in CATEGORIES[:4]:
    cat_rows = generate(data_cli, {
        "file": f"{{provider: file_name, options: {{category: {category}}}}}",
        "mime": "{provider: mime_type}",
    }, rows=25000)
    check(f"file_name {category}", [(r["file"], r["mime"]) for r in cat_rows],
          lambda p, c=category: (mimetypes.guess_type(p[0])[0] or p[1]) == p[1]
          and (p[1].split("/")[0] == c or c == "document"))

FILE = re.compile(r"[a-z0-9_-]+\.[a-z0-9]+|IMG_\d{4}\.[a-z0-9]+")


def file_and_mime(p):
    name, mime = p
    guessed = mimetypes.guess_type(name)[0]
    return FILE.fullmatch(name) is not None and (guessed is None or guessed == mime)


check("file_name and mime_type agree", [(r["any_file"], r["any_mime"]) for r in rows],
      file_and_mime)
check("mimetypes knows most extensions",
      [sum(mimetypes.guess_type(r["any_file"])[0] is not None for r in rows) / len(rows)],
      lambda share: share > 0.9)
for category in CATEGORIES[:4]:
    check(f"file_extension {category}", [r[f"{category}_ext"] for r in rows],
          lambda v, c=category: c == "document"
          or (mimetypes.guess_type("x." + v)[0] or c).startswith(c))

report()
