"""Sensitive-data guard: what must not leave a Telegram chat for Odoo.

Through Telegram the service desk gives standard recommendations and collects what is needed
to open a request; credentials and personal data never pass through this channel. Every text
a user sends is checked here before it is forwarded anywhere; a hit is not forwarded, not
logged, and the user is told why.

``check(text)`` returns a :class:`Finding` (category and kind, never the matched value) or None.
"""

import dataclasses
import re

CREDENTIALS = "credentials"
PERSONAL = "personal"


@dataclasses.dataclass(frozen=True)
class Finding:
    category: str  # CREDENTIALS or PERSONAL
    kind: str  # password, otp, token, private_key, connection_string, card, account, passport, snils, inn


# ---------------------------------------------------------------- checksums


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def snils_ok(digits):
    """SNILS: 9 digits and a 2-digit control number (numbers up to 001-001-998 have none)."""
    if len(digits) != 11 or len(set(digits[:9])) == 1:
        return False
    body, control = digits[:9], int(digits[9:])
    if int(body) <= 1001998:
        return False
    total = sum(int(d) * (9 - i) for i, d in enumerate(body))
    if total < 100:
        expected = total
    elif total in (100, 101):
        expected = 0
    else:
        expected = total % 101
        if expected == 100:
            expected = 0
    return control == expected


_INN_W11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_W12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def inn12_ok(digits):
    """12-digit INN of a person: two control digits."""
    if len(digits) != 12 or len(set(digits)) == 1:
        return False
    d = [int(c) for c in digits]
    c11 = sum(w * x for w, x in zip(_INN_W11, d[:10], strict=True)) % 11 % 10
    c12 = sum(w * x for w, x in zip(_INN_W12, d[:11], strict=True)) % 11 % 10
    return d[10] == c11 and d[11] == c12


# ---------------------------------------------------------------- credentials

_TOKEN_PATTERNS = [
    re.compile(r"(?<![\w:])\d{6,12}:[A-Za-z0-9_-]{30,}"),  # Telegram bot token
    re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),  # AWS access key id
    re.compile(r"(?i)aws_secret_access_key\s*[:=]\s*\S{20,}"),
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}"),  # GitHub tokens
    re.compile(r"\bgithub_pat_[A-Za-z0-9_]{20,}"),
    re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}"),  # GitLab
    re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),  # Slack
    re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),  # Google API key
    re.compile(r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}"),  # Stripe
    re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}"),  # OpenAI-style secret keys
    re.compile(r"\by0_[A-Za-z0-9_-]{30,}"),  # Yandex OAuth
    re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),  # JWT
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{20,}"),
    re.compile(
        r"(?i)(?:api[\s_-]?key|apikey|access[\s_-]?key|secret(?:[\s_-]?key)?|client[\s_-]?secret|"
        r"auth[\s_-]?token|access[\s_-]?token|token|токен|ключ(?:\s+(?:api|апи|доступа))?|апи[\s-]?ключ)"
        r"[\s\"']*(?:[:=]|—|–|-|это|is)\s*[\"']?[A-Za-z0-9._~+/=-]{16,}"
    ),
]

_PRIVATE_KEY = re.compile(
    r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d|-----BEGIN PGP PRIVATE"
)

# scheme://user:password@host (postgres, mysql, mongodb, redis, amqp, ftp, http ...)
_CONN_URL = re.compile(r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@]+:[^\s@/]+@[^\s/]+", re.I)
# ADO / ODBC / JDBC style: ...;Password=secret; or Pwd=...
_CONN_KV = re.compile(r"(?i)(?:^|[;\s])(?:password|pwd)\s*=\s*[^;\s]{3,}")
_CONN_KV_HOST = re.compile(r"(?i)(?:^|[;\s])(?:server|data source|host|address|uid|user id|database)\s*=")

_PW_WORDS = (
    r"пароль|пароля|паролем|парол[ьи]\s+от\s+[\w.-]+|пин[\s-]?код|pin[\s-]?code|pin|passwd|"
    r"password|passphrase|pass|pwd|кодовое\s+слово|code\s*word"
)
# "пароль: X", "пароль от VPN — X", "password is X", "мой пароль X7!k"
_PW_SEPARATED = re.compile(
    r"(?i)(?<![\w-])(?:" + _PW_WORDS + r")(?:\s+[\w.@()-]+){0,3}?"
    r"\s*(?::|=|—|–|-|\bэто\b|\bis\b|\bwas\b|\bбыл\b)\s*[\"'«]?(?P<value>[^\s\"'»]{3,})"
)
_PW_BARE = re.compile(
    r"(?i)(?<![\w-])(?:пароль|password|passwd|pwd)(?:\s+(?:от|для|к|for|to|of)\s+[\w.@-]+)?"
    r"\s+[\"'«]?(?P<value>[^\s\"'»]{6,})"
)
# Words that follow "password:" in a question about a password, not a password itself.
_PW_STOPWORDS = {
    "expired",
    "reset",
    "forgot",
    "forgotten",
    "changed",
    "change",
    "incorrect",
    "wrong",
    "invalid",
    "required",
    "needed",
    "not",
    "doesn't",
    "does",
    "isn't",
    "was",
    "is",
    "the",
    "my",
    "a",
    "an",
    "please",
    "help",
    "recovery",
    "policy",
    "reset?",
    "expired.",
    "manager",
    "required.",
}


def _password_like(value, strict):
    value = value.rstrip(".,;:!?)")
    if len(value) < 3 or value.lower() in _PW_STOPWORDS:
        return False
    has_digit = any(c.isdigit() for c in value)
    has_latin = any("a" <= c.lower() <= "z" for c in value)
    has_special = any(not c.isalnum() for c in value)
    has_upper_inside = any(c.isupper() for c in value[1:])
    if re.fullmatch(r"\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?", value):  # a date
        return False
    if strict:
        # No separator: only a value that really looks like a password.
        has_letter = any(c.isalpha() for c in value)
        if value.isdigit():
            return len(value) >= 6
        return (has_digit and has_letter) or (has_special and has_letter) or (has_latin and has_upper_inside)
    if has_digit or has_special or has_latin:
        return True
    # Cyrillic-only word after "пароль:" — a password only if it has mixed case inside.
    return has_upper_inside


# One-time codes: "код из СМС 123456", "SMS-код: 4821", "one-time code 552211", "CVV 123"
_OTP = re.compile(
    r"(?i)(?:(?:код|пароль)\s+(?:из|в|по)\s+(?:смс|sms|сообщения|push)|(?:смс|sms)[\s-]*код|"
    r"одноразов\w*\s+(?:код|пароль)|one[\s-]?time\s+(?:code|password)|verification\s+code|otp|"
    r"код\s+подтверждения)\D{0,15}\d{4,8}(?!\d)"
)
_CVV = re.compile(r"(?i)\b(?:cvv2?|cvc2?|cvp2|код\s+безопасности)\W{0,5}\d{3,4}(?!\d)")


def _credentials(text):
    if _OTP.search(text):
        return Finding(CREDENTIALS, "otp")
    if _PRIVATE_KEY.search(text):
        return Finding(CREDENTIALS, "private_key")
    if _CONN_URL.search(text) or (_CONN_KV.search(text) and _CONN_KV_HOST.search(text)):
        return Finding(CREDENTIALS, "connection_string")
    for pattern in _TOKEN_PATTERNS:
        if pattern.search(text):
            return Finding(CREDENTIALS, "token")
    for m in _PW_SEPARATED.finditer(text):
        if _password_like(m.group("value"), strict=False):
            return Finding(CREDENTIALS, "password")
    for m in _PW_BARE.finditer(text):
        if _password_like(m.group("value"), strict=True):
            return Finding(CREDENTIALS, "password")
    return None


# ---------------------------------------------------------------- personal data

# 13-19 digits, optionally grouped by single spaces or dashes.
_CARD = re.compile(r"(?<![\d.,/-])(?:\d[ -]?){12,18}\d(?![\d/-]|[.,]\d)")
_PASSPORT_KW = re.compile(
    r"(?i)(?:паспорт\w*|серия|серии|passport)[^\d\n]{0,30}(\d{2}\s?\d{2})\s*(?:№|N|No\.?|номер|#)?\s*(\d{6})(?!\d)"
)
_PASSPORT_BARE = re.compile(r"(?<![\d-])(\d{2}) (\d{2}) (?:№\s?)?(\d{6})(?![\d-])")
_SNILS_FMT = re.compile(r"(?<![\d-])(\d{3})-(\d{3})-(\d{3})[ -](\d{2})(?![\d-])")
_SNILS_KW = re.compile(r"(?i)(?:снилс|snils)\D{0,20}(\d{3})[ -]?(\d{3})[ -]?(\d{3})[ -]?(\d{2})(?!\d)")
_DIGITS11 = re.compile(r"(?<![\d+-])(\d{11})(?![\d-])")
_DIGITS12 = re.compile(r"(?<![\d+-])(\d{12})(?![\d-])")


# A person's bank account: 20 digits, balance account 40817 (residents) or 40820 (non-residents).
_ACCOUNT = re.compile(r"(?<![\d-])408(?:17|20)\d{15}(?![\d-])|(?<![\d-])408(?:17|20)(?:[ -]?\d){15}(?![\d-])")


def _personal(text):
    if _CVV.search(text):
        return Finding(PERSONAL, "card")
    if _ACCOUNT.search(text):
        return Finding(PERSONAL, "account")
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and digits[0] in "23456" and len(set(digits)) > 2 and luhn_ok(digits):
            return Finding(PERSONAL, "card")
    for m in _SNILS_FMT.finditer(text):
        if snils_ok("".join(m.groups())):
            return Finding(PERSONAL, "snils")
    for m in _SNILS_KW.finditer(text):
        if snils_ok("".join(m.groups())):
            return Finding(PERSONAL, "snils")
    for m in _DIGITS11.finditer(text):
        digits = m.group(1)
        # Unformatted 11 digits starting with 7 or 8 are far more often a phone number.
        if digits[0] not in "78" and snils_ok(digits):
            return Finding(PERSONAL, "snils")
    for m in _DIGITS12.finditer(text):
        if inn12_ok(m.group(1)):
            return Finding(PERSONAL, "inn")
    if _PASSPORT_KW.search(text):
        return Finding(PERSONAL, "passport")
    if _PASSPORT_BARE.search(text):
        return Finding(PERSONAL, "passport")
    return None


def check(text):
    """Return a :class:`Finding` when ``text`` must not be forwarded, else None."""
    if not text:
        return None
    return _credentials(text) or _personal(text)
