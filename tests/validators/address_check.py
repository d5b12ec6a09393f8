"""Address providers: ZIP codes, states, coordinates and countries, checked against USPS and ISO facts.

Run by CTest as validators.address_check; argv[1] is the data-cli binary. Every check below uses
tables written in this script (USPS state codes and ZIP zones, US bounding boxes) or the Debian
iso-codes package, never tdm's own data files. pycountry is not installed and python3-stdnum has
no ISO 3166 module, so country codes are checked against /usr/share/iso-codes (skipped, with a
note, when that file is missing).
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tdm_values import check, generate, report  # noqa: E402

# The first digit of a ZIP code is the USPS national area of the state (USPS Publication 65).
ZIP_ZONE = {
    0: "CT MA ME NH NJ RI VT",
    1: "DE NY PA",
    2: "DC MD NC SC VA WV",
    3: "AL FL GA MS TN",
    4: "IN KY MI OH",
    5: "IA MN MT ND SD WI",
    6: "IL KS MO NE",
    7: "AR LA OK TX",
    8: "AZ CO ID NM NV UT WY",
    9: "AK CA HI OR WA",
}
ZONE_OF_STATE = {code: zone for zone, codes in ZIP_ZONE.items() for code in codes.split()}

STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming",
}
assert len(STATE_NAMES) == 51 and set(STATE_NAMES) == set(ZONE_OF_STATE)

# (lat_min, lat_max, lon_min, lon_max): the contiguous states, Alaska, Hawaii.
BOXES = [
    (24.4, 49.4, -124.9, -66.9),
    (51.2, 71.4, -179.2, -129.9),
    (18.9, 22.3, -160.3, -154.8),
]

ISO_CODES = "/usr/share/iso-codes/json/iso_3166-1.json"
# Short names in common use where ISO's differs.
COUNTRY_ALIASES = {"RU": "Russia", "TR": "Turkey"}

ZIP = re.compile(r"\d{5}")
ZIP4 = re.compile(r"\d{5}-\d{4}")
STREET = re.compile(r"[1-9]\d{0,4} [A-Z][a-z]+ [A-Z][a-z]+")
FULL = re.compile(r"([1-9]\d{0,4} [A-Z][a-z]+ [A-Z][a-z]+), ([^,]+), ([A-Z]{2}) (\d{5})")


def in_us(lat, lon):
    return any(a <= lat <= b and c <= lon <= d for a, b, c, d in BOXES)


def main():
    data_cli = sys.argv[1]
    rows = generate(data_cli, {
        "street": "{provider: street_address}",
        "city": "{provider: city}",
        "state": "{provider: state}",
        "state_code": "{provider: state_code}",
        "zip": "{provider: postcode}",
        "zip4": "{provider: zip_plus4}",
        "lat": "{provider: latitude}",
        "lon": "{provider: longitude}",
        "full": "{provider: full_address}",
        "country": "{provider: country}",
        "country_code": "{provider: country_code}",
    })
    check("postcode format", [r["zip"] for r in rows], ZIP.fullmatch)
    check("zip_plus4 format and 5-digit part",
          [(r["zip4"], r["zip"]) for r in rows],
          lambda v: ZIP4.fullmatch(v[0]) and v[0][:5] == v[1] and v[0][6:] != "0000")
    check("state_code is a state or DC", [r["state_code"] for r in rows],
          lambda c: c in STATE_NAMES)
    check("state name matches state_code", [(r["state"], r["state_code"]) for r in rows],
          lambda v: STATE_NAMES.get(v[1]) == v[0])
    check("ZIP first digit is the state's USPS zone", [(r["zip"], r["state_code"]) for r in rows],
          lambda v: v[1] in ZONE_OF_STATE and int(v[0][0]) == ZONE_OF_STATE[v[1]])
    check("latitude/longitude inside the US (contiguous, Alaska, Hawaii)",
          [(r["lat"], r["lon"]) for r in rows], lambda v: in_us(*v))
    check("street_address format", [r["street"] for r in rows], STREET.fullmatch)
    check("full_address is street, city, state code and ZIP of the row",
          [(r["full"], r["street"], r["city"], r["state_code"], r["zip"]) for r in rows],
          lambda v: (m := FULL.fullmatch(v[0])) is not None and m.groups() == v[1:])
    check("default country is United States/US",
          [(r["country"], r["country_code"]) for r in rows],
          lambda v: v == ("United States", "US"))
    # Every state appears: a sanity check that places are not all from a few states.
    check("states covered", [sorted({r["state_code"] for r in rows})],
          lambda v: v == sorted(STATE_NAMES))

    countries = generate(data_cli, {
        "country": "{provider: country, options: {random: true}}",
        "code": "{provider: country_code, options: {random: true}}",
    })
    if os.path.exists(ISO_CODES):
        with open(ISO_CODES, encoding="utf-8") as f:
            iso = {c["alpha_2"]: c for c in json.load(f)["3166-1"]}

        def names(code):
            c = iso.get(code, {})
            known = {c.get("name"), c.get("common_name"), c.get("official_name")}
            return known | {COUNTRY_ALIASES.get(code)}

        check("country_code is ISO 3166-1 alpha-2 (iso-codes)", [r["code"] for r in countries],
              lambda c: c in iso)
        check("country is the ISO 3166-1 name of the row's country_code",
              [(r["country"], r["code"]) for r in countries], lambda v: v[0] in names(v[1]))
    else:
        print(f"country checks skipped: {ISO_CODES} not found (no pycountry, and "
              "python3-stdnum has no ISO 3166 module)")
    check("random countries: at least 100 distinct",
          [len({r["code"] for r in countries})], lambda n: n >= 100)
    report()


if __name__ == "__main__":
    main()
