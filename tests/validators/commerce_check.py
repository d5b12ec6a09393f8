"""Commerce providers checked by python3-stdnum (EAN-13, ISBN-13) and by their documented shape.

Usage: commerce_check.py DATA_CLI
"""

import re
import sys

import stdnum.ean
import stdnum.isbn

from tdm_values import check, generate, report


def price_ok(lo, hi):
    def valid(v):
        return isinstance(v, (int, float)) and lo <= v <= hi and \
            abs(v * 100 - round(v * 100)) < 1e-6
    return valid


def main():
    data_cli = sys.argv[1]
    rows = generate(data_cli, {
        "ean": "{provider: ean13}",
        "isbn": "{provider: isbn13}",
        "sku": "{provider: sku, unique: true}",
        "price": "{provider: price}",
        "price_bounded": "{provider: price, min: 10, max: 60}",
        "price_narrow": "{provider: price, min: 3.10, max: 3.40}",
    })
    check("ean13", [r["ean"] for r in rows],
          lambda v: re.fullmatch(r"\d{13}", v) is not None and stdnum.ean.is_valid(v))
    check("isbn13", [r["isbn"] for r in rows],
          lambda v: v[:3] in ("978", "979") and stdnum.isbn.isbn_type(v) == "ISBN13")
    skus = [r["sku"] for r in rows]
    check("sku", skus, lambda v: re.fullmatch(r"[A-Z]{3}-\d{5}", v) is not None)
    check("sku unique", [len(set(skus))], lambda n: n == len(skus))
    prices = [r["price"] for r in rows]
    check("price", prices, price_ok(1, 500))
    charm = sum(1 for v in prices if round(v * 100) % 100 in (99, 49, 0)) / len(prices)
    check("price share ending .99/.49/.00", [charm], lambda share: 0.8 < share < 0.9)
    check("price 10..60", [r["price_bounded"] for r in rows], price_ok(10, 60))
    check("price 3.10..3.40", [r["price_narrow"] for r in rows], price_ok(3.10, 3.40))
    report()


if __name__ == "__main__":
    main()
