"""Russian legal requisites: the INN by python-stdnum (``stdnum.ru.inn``); KPP, OGRN/OGRNIP,
BIK and correspondent account, which python-stdnum does not know, by the rules published by
the Federal Tax Service and the Bank of Russia.
"""

import re

from stdnum.ru import inn as stdnum_inn

_KPP_RE = re.compile(r"^\d{4}[0-9A-Z]{2}\d{3}$")


def compact(number):
    """Remove spaces, dashes and dots around a number typed by a person."""
    return re.sub(r"[\s\-.]", "", number or "").upper()


def is_valid_inn(number):
    """True for a 10-digit (organisation) or 12-digit (individual) INN with valid check digits."""
    return stdnum_inn.is_valid(compact(number))


def is_valid_kpp(number):
    """True for a 9-character KPP: tax office (4 digits), reason (2 chars), sequence (3 digits)."""
    return bool(_KPP_RE.match(compact(number)))


def is_valid_ogrn(number):
    """True for a 13-digit OGRN (organisation) or 15-digit OGRNIP (entrepreneur) with a valid check digit."""
    number = compact(number)
    if not number.isdigit() or number[0] == "0":
        return False
    if len(number) == 13:
        return int(number[:12]) % 11 % 10 == int(number[12])
    if len(number) == 15:
        return int(number[:14]) % 13 % 10 == int(number[14])
    return False


def is_valid_bik(number):
    """True for a 9-digit Russian bank identification code (BIK), which starts with 04."""
    number = compact(number)
    return number.isdigit() and len(number) == 9 and number.startswith("04")


def is_valid_corr_account(number, bik=None):
    """True for a 20-digit correspondent account (30101...), checked against the BIK when given."""
    number = compact(number)
    if not (number.isdigit() and len(number) == 20 and number.startswith("301")):
        return False
    if bik:
        bik = compact(bik)
        key = "0" + bik[4:6] + number
        weights = (7, 1, 3) * 8
        return sum(int(d) * w for d, w in zip(key, weights, strict=False)) % 10 == 0
    return True
