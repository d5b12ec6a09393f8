"""Finance providers checked by python3-stdnum (Luhn, IBAN, BIC) and Debian's iso-codes (ISO 4217).

Usage: finance_check.py DATA_CLI
"""

import json
import re
import sys

import stdnum.bic
import stdnum.iban
import stdnum.luhn

from tdm_values import check, generate, report

# Each brand's IIN prefixes (as ranges over the leading digits) and card length.
BRANDS = {
    "visa": (16, [(4, 4)]),
    "mastercard": (16, [(51, 55), (2221, 2720)]),
    "amex": (15, [(34, 34), (37, 37)]),
    "discover": (16, [(6011, 6011), (644, 649), (65, 65)]),
    "jcb": (16, [(3528, 3589)]),
    "diners": (14, [(300, 305), (36, 36)]),
}
COUNTRIES = ["DE", "GB", "FR", "ES", "IT", "NL", "BE", "AT", "CH", "PT", "BR", "PL", "SE", "IE"]
# generate() pins reference_time to 2025-06-15.
REFERENCE_MONTH = 2025 * 12 + 6


def brand_of(number):
    """The brands whose prefix and length rules the number meets."""
    return [name for name, (length, ranges) in BRANDS.items()
            if len(number) == length
            and any(lo <= int(number[:len(str(lo))]) <= hi for lo, hi in ranges)]


def is_card(brand):
    def valid(v):
        return v.isdigit() and stdnum.luhn.is_valid(v) and (
            brand_of(v) == [brand] if brand else len(brand_of(v)) == 1)
    return valid


def expiry_ok(v):
    m = re.fullmatch(r"(0[1-9]|1[0-2])/(\d\d)", v)
    if not m:
        return False
    months = (2000 + int(m.group(2))) * 12 + int(m.group(1))
    return 1 <= months - REFERENCE_MONTH <= 60


def decimals_ok(v, lo, hi, decimals):
    return isinstance(v, (int, float)) and lo <= v <= hi and \
        abs(v * 10**decimals - round(v * 10**decimals)) < 1e-6


def main():
    data_cli = sys.argv[1]
    fields = {"card_any": "{provider: card_number}"}
    fields.update({f"card_{b}": f"{{provider: card_number, options: {{brand: {b}}}}}"
                   for b in BRANDS})
    fields.update({
        "expiry": "{provider: card_expiry}",
        "cvv3": "{provider: cvv}",
        "cvv4": "{provider: cvv, options: {length: 4}}",
    })
    rows = generate(data_cli, fields)
    check("card_number (any brand)", [r["card_any"] for r in rows], is_card(None))
    for b in BRANDS:
        check(f"card_number {b}", [r[f"card_{b}"] for r in rows], is_card(b))
    check("card_expiry", [r["expiry"] for r in rows], expiry_ok)
    check("cvv", [r["cvv3"] for r in rows], lambda v: re.fullmatch(r"\d{3}", v) is not None)
    check("cvv length 4", [r["cvv4"] for r in rows],
          lambda v: re.fullmatch(r"\d{4}", v) is not None)

    fields = {f"iban_{c}": f"{{provider: iban, options: {{country: {c}}}}}" for c in COUNTRIES}
    fields["iban_default"] = "{provider: iban}"
    rows = generate(data_cli, fields)
    for c in COUNTRIES:
        check(f"iban {c}", [r[f"iban_{c}"] for r in rows],
              lambda v, c=c: v.startswith(c) and stdnum.iban.is_valid(v))
    check("iban (default DE)", [r["iban_default"] for r in rows],
          lambda v: v.startswith("DE") and stdnum.iban.is_valid(v))

    with open("/usr/share/iso-codes/json/iso_4217.json", encoding="utf-8") as f:
        currencies = {c["alpha_3"] for c in json.load(f)["4217"]}
    rows = generate(data_cli, {
        "bic": "{provider: bic}",
        "bic8": "{provider: bic, options: {length: 8}}",
        "bic11_gb": "{provider: bic, options: {length: 11, country: GB}}",
        "currency": "{provider: currency_code}",
        "amount": "{provider: amount}",
        "amount_bounded": "{provider: amount, min: 0.5, max: 20, decimals: 3}",
        "amount_whole": "{provider: amount, min: 10, max: 99, decimals: 0}",
    })
    check("bic", [r["bic"] for r in rows],
          lambda v: stdnum.bic.is_valid(v) and v[4:6] in COUNTRIES)
    check("bic length 8", [r["bic8"] for r in rows],
          lambda v: len(v) == 8 and stdnum.bic.is_valid(v) and v[4:6] in COUNTRIES)
    check("bic length 11 GB", [r["bic11_gb"] for r in rows],
          lambda v: len(v) == 11 and stdnum.bic.is_valid(v) and v[4:6] == "GB")
    check("currency_code", [r["currency"] for r in rows], lambda v: v in currencies)
    check("amount", [r["amount"] for r in rows], lambda v: decimals_ok(v, 1, 1000, 2))
    check("amount 0.5..20, 3 decimals", [r["amount_bounded"] for r in rows],
          lambda v: decimals_ok(v, 0.5, 20, 3))
    check("amount 10..99, 0 decimals", [r["amount_whole"] for r in rows],
          lambda v: decimals_ok(v, 10, 99, 0))
    report()


if __name__ == "__main__":
    main()
