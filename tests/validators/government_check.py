"""Government id providers checked by python3-stdnum.

python3-stdnum 1.18 has no module for Japan's My Number or the UK National Insurance number, so
those two are checked for their published shape only (the C++ tests pin My Number's check digit
against a published example).

Usage: government_check.py DATA_CLI
"""

import re
import sys

import stdnum.br.cpf
import stdnum.de.idnr
import stdnum.es.dni
import stdnum.fr.nir
import stdnum.it.codicefiscale
import stdnum.us.ssn

from tdm_values import check, generate, report

# NINO prefixes: first letter not D, F, I, Q, U or V; second not those nor O; and never one of
# the prefixes that were not issued.
NINO = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]")
NINO_NEVER = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
NIR_DEPARTMENTS = {f"{d:02d}" for d in range(1, 96) if d != 20} | {"2A", "2B"}


def ssn_ok(v):
    if not re.fullmatch(r"\d{3}-\d{2}-\d{4}", v) or not stdnum.us.ssn.is_valid(v):
        return False
    return 1 <= int(v[:3]) <= 899 and v[:3] != "666"


def nir_ok(v):
    return (re.fullmatch(r"[12]\d{4}[0-9AB]{2}\d{8}", v) is not None
            and stdnum.fr.nir.is_valid(v)
            and 1 <= int(v[3:5]) <= 12 and v[5:7] in NIR_DEPARTMENTS)


def main():
    data_cli = sys.argv[1]
    providers = ["ssn", "cpf", "dni", "nir", "steuer_id", "codice_fiscale", "my_number", "nino"]
    rows = generate(data_cli, {p: f"{{provider: {p}}}" for p in providers})
    values = {p: [r[p] for r in rows] for p in providers}
    check("ssn", values["ssn"], ssn_ok)
    check("cpf", values["cpf"], lambda v: re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", v)
          is not None and stdnum.br.cpf.is_valid(v))
    check("dni", values["dni"],
          lambda v: re.fullmatch(r"\d{8}[A-Z]", v) is not None and stdnum.es.dni.is_valid(v))
    check("nir", values["nir"], nir_ok)
    check("steuer_id", values["steuer_id"],
          lambda v: re.fullmatch(r"\d{11}", v) is not None and stdnum.de.idnr.is_valid(v))
    check("codice_fiscale", values["codice_fiscale"],
          lambda v: len(v) == 16 and stdnum.it.codicefiscale.is_valid(v))
    check("my_number (shape only)", values["my_number"],
          lambda v: re.fullmatch(r"\d{12}", v) is not None)
    check("nino (shape and prefix rules)", values["nino"],
          lambda v: NINO.fullmatch(v) is not None and v[:2] not in NINO_NEVER)
    report()


if __name__ == "__main__":
    main()
