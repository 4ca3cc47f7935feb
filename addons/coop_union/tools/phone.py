"""Validation of mobile numbers for SMS.

Russian numbers are written in many ways in the federation's lists ("8 (912) 345-67-89",
"+7 912 3456789", "79123456789"). A number is accepted for SMS when it normalises to
E.164: +7 followed by a mobile number (9xx), or another country's number of 8 to 15
digits written with its leading "+". Every other value is kept on the record but
excluded from SMS, with the reason given back to the caller.
"""

import re

_SEPARATORS = re.compile(r"[\s\-().]")

# reason codes; the member model turns them into translated messages
MISSING = "missing"
MALFORMED = "malformed"
LANDLINE = "landline"


def normalize_mobile(number):
    """Return ``(e164_number, None)`` or ``(False, reason_code)``."""
    if not number or not number.strip():
        return False, MISSING
    raw = _SEPARATORS.sub("", number.strip())
    if raw.startswith("+"):
        digits = raw[1:]
        international = True
    else:
        digits = raw
        international = False
    if not digits.isdigit():
        return False, MALFORMED
    if not international:
        if len(digits) == 11 and digits[0] in "78":
            digits = "7" + digits[1:]
        elif len(digits) == 10:
            digits = "7" + digits
        else:
            return False, MALFORMED
    if digits.startswith("7"):
        if len(digits) != 11:
            return False, MALFORMED
        if digits[1] != "9":
            return False, LANDLINE
        return "+" + digits, None
    if 8 <= len(digits) <= 15:
        return "+" + digits, None
    return False, MALFORMED
