"""Company and person-extra providers checked by independent validators.

EINs by python3-stdnum (format and IRS campus prefix); birthdates by datetime.date.fromisoformat
and whole-year age arithmetic against the spec's reference date (dateutil's relativedelta when
installed, else by hand); the list providers against the data files they draw from.
Usage: company_check.py <path of data-cli>
"""

import collections
import datetime
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tdm_values import check, generate, report  # noqa: E402

from stdnum.us import ein  # noqa: E402

try:
    from dateutil.relativedelta import relativedelta
except ImportError:  # dateutil is optional
    relativedelta = None

REFERENCE = datetime.date(2025, 6, 15)  # tdm_values' reference_time
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "en_US")


def data_list(name):
    with open(os.path.join(DATA, name + ".txt"), encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


def age_at(born, on=REFERENCE):
    if relativedelta is not None:
        return relativedelta(on, born).years
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def birthdate_aged(lo, hi):
    def valid(text):
        try:
            born = datetime.date.fromisoformat(text)
        except (TypeError, ValueError):
            return False
        return text == born.isoformat() and lo <= age_at(born) <= hi
    return valid


def valid_ein(text):
    return (isinstance(text, str) and re.fullmatch(r"\d\d-\d{7}", text) is not None
            and ein.is_valid(text) and ein.get_campus(text) is not None)


def main():
    data_cli = sys.argv[1]

    rows = generate(data_cli, {"ein": "{provider: ein}", "uein": "{provider: ein, unique: true}"})
    check("ein", [r["ein"] for r in rows], valid_ein)
    check("ein (unique)", [r["uein"] for r in rows], valid_ein)
    counts = collections.Counter(r["uein"] for r in rows)
    check("ein (unique) occurs once", [r["uein"] for r in rows], lambda v: counts[v] == 1)

    rows = generate(data_cli, {
        "born": "{provider: birthdate}",
        "adult": "{provider: birthdate, options: {min_age: 30, max_age: 39}}",
    })
    check("birthdate", [r["born"] for r in rows], birthdate_aged(18, 80))
    check("birthdate min_age 30 max_age 39", [r["adult"] for r in rows], birthdate_aged(30, 39))
    # A birthdate in a table with an age column follows that column.
    rows = generate(data_cli, {
        "age": "{provider: age, min: 21, max: 65}",
        "aged": "{provider: birthdate}",
    })
    check("birthdate agrees with age", rows,
          lambda r: birthdate_aged(r["age"], r["age"])(r["aged"]) and 21 <= r["age"] <= 65)

    female = data_list("first_names_female")
    male = data_list("first_names_male")
    rows = generate(data_cli, {
        "first": "{provider: first_name}",
        "gender": "{provider: gender}",
        "prefix": "{provider: name_prefix}",
        "middle": "{provider: middle_name}",
        "suffix": "{provider: name_suffix}",
    })

    def person_agrees(r):
        names = female if r["gender"] == "female" else male
        titles = ({"Ms.", "Mrs.", "Miss", "Dr.", "Prof."} if r["gender"] == "female"
                  else {"Mr.", "Dr.", "Prof."})
        suffixes = data_list("person_suffixes_professional")
        if r["gender"] == "male":
            suffixes |= data_list("person_suffixes_generational")
        return (r["gender"] in ("female", "male") and r["first"] in names
                and r["middle"] in names and r["middle"] != r["first"]
                and r["prefix"] in titles and r["suffix"] in suffixes)
    check("gender, prefix, middle name and suffix agree with first_name", rows, person_agrees)

    lists = {
        "company_suffix": data_list("company_suffixes"),
        "department": data_list("company_departments"),
        "job_title": data_list("company_job_titles"),
        "industry": data_list("company_industries"),
    }
    rows = generate(data_cli, {name: f"{{provider: {name}}}" for name in lists}
                    | {"company": "{provider: company_name}", "phrase": "{provider: catch_phrase}"})
    for name, entries in lists.items():
        check(name, [r[name] for r in rows], lambda v, entries=entries: v in entries)

    brands, sectors = data_list("company_brand_words"), data_list("company_sectors")
    suffixes, surnames = lists["company_suffix"], data_list("last_names")

    def valid_company(name):
        m = re.fullmatch(r"(\S+), (\S+) and (\S+)", name)
        if m:
            return all(p in surnames for p in m.groups())
        m = re.fullmatch(r"(\S+) & (\S+) (.+)", name)
        if m:
            return m[1] in surnames and m[2] in surnames and m[3] in suffixes
        m = re.fullmatch(r"(\S+) (\S+)(?: (.+))?", name)
        return (m is not None and (m[1] in brands or (m[1] in surnames and m[3] is not None))
                and m[2] in sectors and (m[3] is None or m[3] in suffixes))
    check("company_name", [r["company"] for r in rows], valid_company)

    adjectives = data_list("company_phrase_adjectives")
    descriptors = data_list("company_phrase_descriptors")
    nouns = data_list("company_phrase_nouns")

    def valid_phrase(text):
        words = text.split(" ", 2)
        return (len(words) == 3 and words[0] in adjectives and words[1] in descriptors
                and words[2] in nouns)
    check("catch_phrase", [r["phrase"] for r in rows], valid_phrase)

    report()


if __name__ == "__main__":
    main()
