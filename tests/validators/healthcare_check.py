"""Validates the healthcare providers: NPIs with python3-stdnum's Luhn over the 80840 prefix
(stdnum.us.npi when the installed version has it), and the shapes of the other values."""

import re
import sys

from stdnum import luhn

from tdm_values import check, generate, report

try:
    from stdnum.us import npi as stdnum_npi
except ImportError:
    stdnum_npi = None

ICD10 = re.compile(r"[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?|U07\.1")
DOSE = re.compile(r"[0-9.]+ (mg|mcg|g|units|mEq)(/[0-9.]* ?(mg|mL|actuation|spray))?|[0-9.]+%")
BLOOD_SHARE = {"O+": 0.374, "A+": 0.357, "B+": 0.085, "O-": 0.066, "A-": 0.063, "AB+": 0.034,
               "B-": 0.015, "AB-": 0.006}


def valid_npi(value):
    if not re.fullmatch(r"[12][0-9]{9}", value):
        return False
    if stdnum_npi is not None:
        return stdnum_npi.is_valid(value)
    return luhn.is_valid("80840" + value)


def main(data_cli):
    rows = generate(data_cli, {
        "mrn": "{provider: medical_record_number, unique: true}",
        "code": "{provider: diagnosis_code}",
        "diagnosis": "{provider: diagnosis}",
        "drug": "{provider: medication}",
        "dose": "{provider: medication_dose}",
        "blood": "{provider: blood_type}",
        "npi": "{provider: npi, unique: true}",
    })
    column = lambda name: [r[name] for r in rows]
    mrns = column("mrn")
    check("medical_record_number format", mrns, lambda v: re.fullmatch(r"MRN-[0-9]{8}", v))
    check("medical_record_number unique", [len(set(mrns))], lambda n: n == len(mrns))
    check("diagnosis_code format", column("code"), ICD10.fullmatch)
    # A code always comes with the same description.
    described = {}
    for r in rows:
        described.setdefault(r["code"], set()).add(r["diagnosis"])
    check("diagnosis matches its code", list(described.items()), lambda kv: len(kv[1]) == 1)
    check("diagnosis_code variety", [len(described)], lambda n: n >= 150)
    strengths = {}
    for r in rows:
        strengths.setdefault(r["drug"], set()).add(r["dose"])
    check("medication variety", [len(strengths)], lambda n: n >= 150)
    check("medication_dose format", column("dose"), DOSE.fullmatch)
    npis = column("npi")
    check("npi (Luhn over 80840)", npis, valid_npi)
    check("npi unique", [len(set(npis))], lambda n: n == len(npis))
    blood = column("blood")
    check("blood_type", blood, BLOOD_SHARE.__contains__)
    check("blood_type frequencies", list(BLOOD_SHARE.items()),
          lambda kv: abs(blood.count(kv[0]) / len(blood) - kv[1]) < 0.01)


if __name__ == "__main__":
    main(sys.argv[1])
    report()
