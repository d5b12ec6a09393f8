"""Person providers of the seven non-US locales: names, email, username and national ids.

Run by CTest as validators.locale_people_check; argv[1] is the data-cli binary. For each of
en_GB, de_DE, fr_FR, es_ES, it_IT, pt_BR and ja_JP one table of 100,000 rows of full_name,
first_name, last_name, email, username and national_id (and nhs_number for en_GB) is generated,
and every row is checked:

- names are valid UTF-8 without control or format characters, tabs or stray spaces; letters (and
  hyphens, apostrophes, inner spaces) in the Latin-script locales, kanji/kana in ja_JP; full_name
  is first + " " + last (ja_JP: last + " " + first, as Japanese writes names);
- email is ASCII and a strict RFC 5322 dot-atom addr-spec (atext local part, LDH domain labels)
  whose local part contains the ASCII-folded last name (accents stripped, or German ä -> ae,
  ß -> ss); ja_JP names are kanji while the email uses romaji, so there the local part's words
  are checked to be Hepburn romaji (optionally after one initial) instead;
- username is ASCII, lower case, and contains the folded first or last name (some usernames
  are first name + initial, e.g. "shaunh1969"; ja_JP: romaji words);
- national_id is valid per python3-stdnum: stdnum.gb.nhs (en_GB, spaces removed), de.idnr
  (Steuer-ID), fr.nir, es.dni, it.codicefiscale, br.cpf; ja_JP's My Number is checked here
  (12 digits and the check digit published by the Cabinet Office: 11 - (sum of P_n * Q_n mod 11),
  0 when that sum mod 11 is 0 or 1, Q_n = n + 1 for n <= 6 and n - 5 above), because
  python3-stdnum 1.18 has no Japanese module;
- en_GB nhs_number is a valid NHS number ("943 476 5919" layout, stdnum.gb.nhs).
"""

import os
import re
import sys
import unicodedata

import stdnum.br.cpf
import stdnum.de.idnr
import stdnum.es.dni
import stdnum.fr.nir
import stdnum.gb.nhs
import stdnum.it.codicefiscale

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tdm_values import check, generate, report  # noqa: E402

LOCALES = ["en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "ja_JP"]

# RFC 5322 section 3.4.1 addr-spec with dot-atom local part and domain (no quoted strings, no
# domain literals, no comments or folding white space), domain labels per RFC 1035 (LDH).
ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(rf"(?P<local>{ATEXT}+(?:\.{ATEXT}+)*)"
                   rf"@(?P<domain>{LABEL}(?:\.{LABEL})*\.[A-Za-z]{{2,63}})")

USERNAME = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")

# Modified Hepburn syllables (with the long vowels written double or as ou/ei), a syllabic n,
# and the doubled consonant of a geminate (kk, ss, tt, pp, tch).
GEMINATE = r"(?:k(?=k)|s(?=s)|t(?=t)|p(?=p)|t(?=ch))"
ROMAJI = re.compile(
    r"(?:(?:ky|gy|sh|ch|j|ny|hy|by|py|my|ry)[auoe]|tsu|(?:k|g|n|b|p|m|r)[aiueo]|h[aieo]"
    r"|s[aueo]|shi|z[aueo]|ji|t[aeo]|chi|d[aeo]|fu|y[auo]|w[ao]|[aiueo]|n(?![aiueoy])"
    rf"|{GEMINATE})+")

LATIN_NAME = re.compile(r"[^\W\d_]+(?:[-' ’][^\W\d_]+)*")
KANJI_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff\u3005\u30f6]+")

# Letters that Unicode decomposition does not reduce to ASCII.
FOLD = {"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
        "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i"}
GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue"}


def folded(name, table):
    """Lower-case ASCII letters and digits of a name, after `table` and accent stripping."""
    name = "".join(table.get(c, FOLD.get(c, c)) for c in name)
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name.lower() if c.isascii() and c.isalnum())


def contains_name(text, name):
    alnum = "".join(c for c in text.lower() if c.isalnum())
    return any(folded(name, t) in alnum for t in ({}, GERMAN))


def clean_text(v):
    """Valid UTF-8, no control/format/private/unassigned characters, no stray spaces."""
    if not isinstance(v, str) or not v or v != v.strip() or "  " in v:
        return False
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return False
    return not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in v)


def name_ok(v, locale):
    if not clean_text(v):
        return False
    return (KANJI_KANA if locale == "ja_JP" else LATIN_NAME).fullmatch(v) is not None


def romaji_words(text):
    """The letter runs of an email local part or username are romaji, optionally with one
    initial before or after them (e.g. "hkomatsu95", "teppeik1969")."""
    words = re.findall(r"[a-z]+", text)
    return bool(words) and all(any(ROMAJI.fullmatch(x) for x in (w, w[1:], w[:-1]))
                               for w in words)


def email_ok(v, last, locale):
    if not v.isascii() or len(v) > 254:
        return False
    m = EMAIL.fullmatch(v)
    if m is None or len(m["local"]) > 64:
        return False
    if locale == "ja_JP":
        return romaji_words(m["local"])
    return contains_name(m["local"], last)


def username_ok(v, first, last, locale):
    if not v.isascii() or USERNAME.fullmatch(v) is None:
        return False
    if locale == "ja_JP":
        return romaji_words(v)
    return contains_name(v, first) or contains_name(v, last)


def my_number_ok(v):
    """Japan's Individual Number: 11 digits and a check digit (Cabinet Office ordinance)."""
    if re.fullmatch(r"\d{12}", v) is None:
        return False
    p = [int(d) for d in reversed(v[:11])]  # P_1 is the digit left of the check digit
    s = sum(p[n - 1] * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    return int(v[11]) == (0 if s % 11 <= 1 else 11 - s % 11)


assert my_number_ok("123456789018") and not my_number_ok("123456789019")

NIR_DEPARTMENTS = {f"{d:02d}" for d in range(1, 100) if d != 20} | {"2A", "2B"}


def nir_ok(v):
    return (re.fullmatch(r"[12]\d{4}[0-9AB]{2}\d{8}", v) is not None
            and stdnum.fr.nir.is_valid(v)
            and 1 <= int(v[3:5]) <= 12 and v[5:7] in NIR_DEPARTMENTS)


def nhs_ok(v):
    return (re.fullmatch(r"\d{3} \d{3} \d{4}", v) is not None
            and stdnum.gb.nhs.is_valid(v.replace(" ", "")))


NATIONAL_ID = {
    "en_GB": ("NHS number (stdnum.gb.nhs)", nhs_ok),
    "de_DE": ("Steuer-ID (stdnum.de.idnr)",
              lambda v: re.fullmatch(r"\d{11}", v) is not None and stdnum.de.idnr.is_valid(v)),
    "fr_FR": ("NIR (stdnum.fr.nir)", nir_ok),
    "es_ES": ("DNI (stdnum.es.dni)",
              lambda v: re.fullmatch(r"\d{8}[A-Z]", v) is not None and stdnum.es.dni.is_valid(v)),
    "it_IT": ("codice fiscale (stdnum.it.codicefiscale)",
              lambda v: re.fullmatch(r"[A-Z0-9]{16}", v) is not None
              and stdnum.it.codicefiscale.is_valid(v)),
    "pt_BR": ("CPF (stdnum.br.cpf)",
              lambda v: re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", v) is not None
              and stdnum.br.cpf.is_valid(v)),
    "ja_JP": ("My Number (check digit computed here)", my_number_ok),
}


def check_locale(data_cli, locale):
    fields = {p: f"{{provider: {p}}}" for p in (
        "full_name", "first_name", "last_name", "email", "username", "national_id")}
    if locale == "en_GB":
        fields["nhs_number"] = "{provider: nhs_number}"
    rows = generate(data_cli, fields, locale=locale)
    what = f"{locale}:"

    for field in ("first_name", "last_name", "full_name"):
        check(f"{what} {field} is clean UTF-8 text",
              [r[field] for r in rows], clean_text)
    check(f"{what} first_name is a name ({'kanji/kana' if locale == 'ja_JP' else 'letters'})",
          [r["first_name"] for r in rows], lambda v: name_ok(v, locale))
    check(f"{what} last_name is a name ({'kanji/kana' if locale == 'ja_JP' else 'letters'})",
          [r["last_name"] for r in rows], lambda v: name_ok(v, locale))
    if locale == "ja_JP":
        check(f"{what} full_name is last_name + ' ' + first_name",
              [(r["full_name"], r["last_name"], r["first_name"]) for r in rows],
              lambda v: v[0] == f"{v[1]} {v[2]}")
    else:
        check(f"{what} full_name is first_name + ' ' + last_name",
              [(r["full_name"], r["first_name"], r["last_name"]) for r in rows],
              lambda v: v[0] == f"{v[1]} {v[2]}")
    check(f"{what} names vary (at least 100 first and 100 last names)",
          [(len({r["first_name"] for r in rows}), len({r["last_name"] for r in rows}))],
          lambda v: min(v) >= 100)

    how = "romaji words" if locale == "ja_JP" else "contains the folded last name"
    check(f"{what} email is an ASCII RFC 5322 dot-atom address, local part {how}",
          [(r["email"], r["last_name"]) for r in rows], lambda v: email_ok(v[0], v[1], locale))
    how = "romaji words" if locale == "ja_JP" else "contains the folded first or last name"
    check(f"{what} username is ASCII, lower case, {how}",
          [(r["username"], r["first_name"], r["last_name"]) for r in rows],
          lambda v: username_ok(v[0], v[1], v[2], locale))

    name, valid = NATIONAL_ID[locale]
    check(f"{what} national_id is a valid {name}", [r["national_id"] for r in rows], valid)
    check(f"{what} national_id values are distinct enough (>= 99%)",
          [len({r["national_id"] for r in rows})], lambda n: n >= 0.99 * len(rows))
    if locale == "en_GB":
        check(f"{what} nhs_number is a valid NHS number (stdnum.gb.nhs)",
              [r["nhs_number"] for r in rows], nhs_ok)


def main():
    data_cli = sys.argv[1]
    for locale in LOCALES:
        check_locale(data_cli, locale)
    report()


if __name__ == "__main__":
    main()
