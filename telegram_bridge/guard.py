"""Sensitive-data guard: what must not leave a Telegram chat for Odoo.

Through Telegram the service desk gives standard recommendations and collects what is needed
to open a request; credentials and personal data never pass through this channel. Every text
a user sends is checked here before it is forwarded anywhere; a hit is not forwarded, not
logged, and the user is told why.

``check(text)`` returns a :class:`Finding` (category and kind, never the matched value) or None.

The text is matched in a normalised form (:func:`normalise`): Unicode NFKC, the decimal digits
of every script as ASCII digits, invisible format characters dropped, letters of a word that
mixes Latin, Cyrillic and Greek look-alikes folded into one script, every space as a plain
space. The normalised form is only matched, never forwarded: a message that passes goes on
exactly as the user wrote it.
"""

import dataclasses
import datetime
import logging
import re
import unicodedata

from stdnum import luhn
from stdnum.ru import inn

_logger = logging.getLogger(__name__)

CREDENTIALS = "credentials"
PERSONAL = "personal"


@dataclasses.dataclass(frozen=True)
class Finding:
    category: str  # CREDENTIALS or PERSONAL
    # password, otp, token, private_key, connection_string, card, account, passport, snils, inn,
    # unchecked (the check itself failed: the message is held back all the same)
    kind: str


# ---------------------------------------------------------------- checksums


def luhn_ok(digits):
    """The Luhn check of card numbers (python-stdnum's)."""
    return luhn.is_valid(digits)


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


def inn12_ok(digits):
    """12-digit INN of a person: two control digits (python-stdnum's check); a run of one digit is
    never taken for one."""
    return len(digits) == 12 and len(set(digits)) > 1 and inn.is_valid(digits)


def ogrn_ok(digits):
    """OGRN of an organisation (13 digits) or OGRNIP of an entrepreneur (15): one control digit."""
    if len(digits) == 13:
        return int(digits[:12]) % 11 % 10 == int(digits[12])
    if len(digits) == 15:
        return int(digits[:14]) % 13 % 10 == int(digits[14])
    return False


# ---------------------------------------------------------------- normalisation

_LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


class _CharFold(dict):
    """``str.translate`` table, filled on first sight of a character.

    Decimal digits of any script become ASCII digits, dashes and the minus sign "-", spaces
    " ", line breaks "\\n"; invisible format characters (zero-width spaces and joiners, soft
    hyphens, direction marks) and combining marks left over by NFKC (stress marks) are dropped.
    """

    def __missing__(self, code):
        ch = chr(code)
        category = unicodedata.category(ch)
        if category == "Nd":
            value = str(unicodedata.decimal(ch))
        elif category in ("Cf", "Mn", "Me"):
            value = None
        elif ch in _LINE_BREAKS:
            value = "\n"
        elif category == "Zs" or ch == "\t":
            value = " "
        elif category == "Pd" or ch == "\u2212":
            value = "-"
        else:
            value = code
        self[code] = value
        return value


_CHAR_FOLD = _CharFold()

# Look-alike letters. Only a word that mixes scripts is folded, into the script of most of its
# letters when every other letter has a look-alike there ("pаssword" with a Cyrillic "а",
# «пaроль» with a Latin "a"), else into the other script.
_TO_LATIN = dict(
    zip(
        "аеорсухкмтпигѕіјһԁԛԝӏ" "АВЕКМНОРСТХУІЈЅ" "αβεικνορτυχ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
        "aeopcyxkmtnursijhdqwl" "ABEKMHOPCTXYIJS" "abeikvoptux" "ABEZHIKMNOPTYX",
        strict=True,
    )
)
_TO_CYRILLIC = dict(zip("aceopxykmntur" "ABCEHKMOPTXY", "асеорхукмптиг" "АВСЕНКМОРТХУ", strict=True))
_WORD = re.compile(r"[^\W\d_]+")


def _script(ch):
    if ch.isascii():
        return "latin"
    if "\u0400" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f":
        return "cyrillic"
    if "\u0370" <= ch <= "\u03ff":
        return "greek"
    return None


def _to_script(word, target):
    out = []
    for ch in word:
        script = _script(ch)
        if script is None or script == target:
            out.append(ch)
            continue
        if target == "latin":
            folded = _TO_LATIN.get(ch)
        else:
            folded = _TO_CYRILLIC.get(_TO_LATIN.get(ch, ch) if script == "greek" else ch)
        if folded is None:
            return None
        out.append(folded)
    return "".join(out)


def _fold_word(match):
    word = match.group(0)
    if word.isascii():
        return word
    scripts = [_script(ch) for ch in word]
    if len({s for s in scripts if s}) < 2:
        return word
    latin, cyrillic = scripts.count("latin"), scripts.count("cyrillic")
    order = ("latin", "cyrillic") if latin >= cyrillic else ("cyrillic", "latin")
    for target in order:
        folded = _to_script(word, target)
        if folded is not None:
            return folded
    return word


def normalise(text):
    """The form of ``text`` the guard matches (never forwarded)."""
    text = unicodedata.normalize("NFKC", text).translate(_CHAR_FOLD)
    text = _WORD.sub(_fold_word, text)
    text = re.sub(r" {2,}", " ", text)
    return re.sub(r" ?\n[ \n]*", "\n", text)


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

# Any case, any number of dashes: "-----BEGIN OPENSSH PRIVATE KEY-----", "-----begin rsa private key".
_PRIVATE_KEY = re.compile(
    r"(?i)(?<!-)-{3,}\s*begin\s+(?:[a-z0-9]+\s+)*private\s+key|putty-user-key-file-\d|(?<!-)-{3,}\s*begin\s+pgp\s+private"
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
# "пин 1234", "PIN-код 4821"
_PIN = re.compile(r"(?i)(?<![^\W\d_])(?:пин|pin)(?:[\s-]?(?:код|code))?[\s:=-]*\d{4,8}(?!\d)")
# "логин ivanov / Qwerty123!", "login admin | admin", "логин ivanov Vesna2024"
_LOGIN_PAIR = re.compile(
    r"(?i)(?<![^\W\d_])(?:логин|login|username|user\s?name|учётк\w*|учетк\w*|уч[её]тн\w+\s+запис\w+)"
    r"\s*[:=-]?\s*[\"'«]?[\w.@-]{2,}[\"'»]?\s*(?:/|\||\\|,|;)\s*[\"'«]?(?P<value>[^\s\"'»]+)"
)
# "login: x password: y", "пользователь: ivanov; пароль: y"
_LOGIN_THEN_PW = re.compile(
    r"(?i)(?<![^\W\d_])(?:логин|login|username|user|пользователь|uid|учётк\w*|учетк\w*|уч[её]тн\w+\s+запис\w+)"
    r"\s*[:=]\s*\S+[^\n]{0,40}?(?<![^\W\d_])(?:пароль|password|passwd|pwd|pass|парол\w*)"
    r"\s*(?::|=|—|-)\s*[\"'«]?(?P<value>[^\s\"'»]+)"
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


def _paired_value(value):
    """The value after "password:" when a login was given just before: any short value counts."""
    value = value.rstrip(".,;:!?)")
    if not value or value.lower() in _PW_STOPWORDS or not any(c.isalnum() for c in value):
        return False
    if any(c.isdigit() or "a" <= c.lower() <= "z" for c in value):
        return True
    return any(c.isupper() for c in value[1:]) or any(not c.isalnum() for c in value)


# One-time codes: "код из СМС 123456", "SMS-код: 4821", "one-time code 552211", "код подтверждения 1234"
_OTP = re.compile(
    r"(?i)(?<![^\W\d_])(?:(?:код|пароль)\s+(?:из|в|по|с)\s+(?:смс|sms|сообщени\w*|push|пуш\w*|письм\w*|приложени\w*|"
    r"telegram|телеграм\w*|e-?mail)|(?:смс|sms|пуш|push)[\s-]*(?:код|code)\w*|одноразов\w*\s+(?:код|пароль)|"
    r"one[\s-]?time\s+(?:code|password|passcode)|(?:verification|confirmation|security|login|auth|"
    r"authentication|2fa|sms|access|one-time)\s+code|otp|2fa|код\w*\s+(?:подтверждени\w*|верификаци\w*|"
    r"авторизаци\w*|для\s+входа|доступа|активаци\w*|с\s+экрана)|проверочн\w*\s+код\w*)\D{0,15}\d(?:[ -]?\d){3,7}(?!\d)"
)
# "code 123456", «код 4821»: a bare code, unless the message is about an error or a qualifier
# ("zip code", "product code") tells what kind of code it is.
_CODE_BARE = re.compile(
    r"(?i)(?<![^\W\d_])(?:code|код)\s*(?::|=|—|-|\bis\b|\bэто\b)?\s*(?<![\d.,])\d{4,8}(?!\d|[.,:/-]\d)"
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[\s-]+$")
_CODE_QUALIFIERS = {
    "zip",
    "postal",
    "post",
    "area",
    "country",
    "region",
    "product",
    "item",
    "sku",
    "order",
    "promo",
    "discount",
    "bar",
    "qr",
    "error",
    "exit",
    "status",
    "return",
    "http",
    "response",
    "source",
    "studio",
    "vs",
}
_ERROR_CONTEXT = re.compile(
    r"(?i)error|errno|exit|status|http|exception|fail|ошибк|сбой|статус|исключени|предупрежд"
)
# CVV / CVC, in Latin or Cyrillic letters: "CVV 123", «свв 123», «код безопасности 123»
_CVV = re.compile(
    r"(?i)(?<![^\W\d_])(?:cvv2?|cvc2?|cvp2|свв2?|свс2?|цвв2?|цвц2?|код\s+безопасности|"
    r"код\s+(?:на\s+оборот\w*|с\s+оборот\w*|с\s+обратной\s+стороны)|"
    r"три\s+цифры\s+(?:на\s+оборот\w*|сзади|с\s+обратной\s+стороны))"
    r"(?:[\s-]*(?:код|code))?\W{0,5}\d{3,4}(?!\d)"
)


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
    if _PIN.search(text):
        return Finding(CREDENTIALS, "password")
    for m in _LOGIN_THEN_PW.finditer(text):
        if _paired_value(m.group("value")):
            return Finding(CREDENTIALS, "password")
    for m in _LOGIN_PAIR.finditer(text):
        if _password_like(m.group("value"), strict=True):
            return Finding(CREDENTIALS, "password")
    if not _ERROR_CONTEXT.search(text):
        for m in _CODE_BARE.finditer(text):
            before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
            if before and before.group(1).lower() in _CODE_QUALIFIERS:
                continue
            if not re.search(r"(?<!\d)(?:199\d|20[0-3]\d)$", m.group(0)):  # not a year
                return Finding(CREDENTIALS, "otp")
    return None


# ---------------------------------------------------------------- personal data

# Digits grouped by runs of separators (after normalisation: a space, a line break, dots,
# dashes): "4111 1111 1111 1111", "4111.1111.1111.1111", "112-233-445 95", "45 10 123456".
_SEP = r"[ \n.-]"
_CHAIN = re.compile(r"\d+(?:" + _SEP + r"+\d+)*")
_GROUP = re.compile(r"\d+")


# A public registration number of a company after its keyword is not a card: "ОГРН 1237700005157".
_OGRN_KW = re.compile(r"(?i)(?<![^\W\d_])(?:огрн(?:ип)?|ogrn(?:ip)?)[^\d\n]{0,10}$")


def _chains(text):
    """(groups, separators, preceding character) of every run of grouped digits."""
    for m in _CHAIN.finditer(text):
        chain = m.group(0)
        if chain.isdigit() and ogrn_ok(chain) and _OGRN_KW.search(text, max(0, m.start() - 20), m.start()):
            continue
        groups = _GROUP.findall(chain)
        seps = re.findall(_SEP + "+", chain)
        before = text[m.start() - 1] if m.start() else ""
        yield groups, seps, before


def _is_ipv4(groups, seps):
    return (
        len(groups) == 4
        and all(s == "." for s in seps)
        and all(len(g) <= 3 and int(g) <= 255 for g in groups)
    )


def _card_shape(sizes):
    """How a card number is written: in one piece, in fours ("4111 1111 1111 1111", with a shorter
    last group for 13 to 19 digits), or 4-6-5 / 4-6-4 (American Express, Diners)."""
    if len(sizes) == 1:
        return True
    if len(sizes) >= 4 and all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4:
        return True
    return sizes in ([4, 6, 5], [4, 6, 4])


def _card_in(groups):
    """A Luhn-valid run of 13 to 19 digits written like a card number (dates, times, phone numbers,
    amounts and IP addresses are written in other groups, so neighbouring numbers do not add up)."""
    sizes = [len(g) for g in groups]
    for i, first in enumerate(sizes):
        if first != 4:
            if 13 <= first <= 19 and groups[i].strip("0") and luhn_ok(groups[i]):
                return True
            continue
        total = first
        for j in range(i + 1, len(groups)):
            total += sizes[j]
            if total > 19:
                break
            if total >= 13 and _card_shape(sizes[i : j + 1]):
                digits = "".join(groups[i : j + 1])
                if digits.strip("0") and luhn_ok(digits):
                    return True
    return False


def _runs(groups, length):
    """Digits of every run of consecutive groups with exactly ``length`` digits, with the run's bounds."""
    for i in range(len(groups)):
        total = 0
        for j in range(i, len(groups)):
            total += len(groups[j])
            if total == length:
                yield "".join(groups[i : j + 1]), i, j
            if total >= length:
                break


def _snils_in(groups, seps):
    """A checksum-valid SNILS written 3-3-3-2 (not an IP address), 9-2, or in one piece."""
    for i, first in enumerate(groups):
        # Unformatted 11 digits starting with 7 or 8 are far more often a phone number.
        if len(first) == 11 and first[0] not in "78" and snils_ok(first):
            return True
        window = groups[i : i + 4]
        if [len(g) for g in window] == [3, 3, 3, 2] and not _is_ipv4(window, seps[i : i + 3]):
            if snils_ok("".join(window)):
                return True
        if [len(g) for g in groups[i : i + 2]] == [9, 2] and snils_ok("".join(groups[i : i + 2])):
            return True
    return False


def _inn_in(groups, seps):
    """A checksum-valid personal INN written in one piece or as 4-4-4, 3-3-3-3 (not an IP address)
    or 2-2-6-2 (region, tax office, number, control digits)."""
    for digits, i, j in _runs(groups, 12):
        sizes = [len(g) for g in groups[i : j + 1]]
        if sizes not in ([12], [4, 4, 4], [3, 3, 3, 3], [2, 2, 6, 2]):
            continue
        if _is_ipv4(groups[i : j + 1], seps[i:j]):
            continue
        if inn12_ok(digits):
            return True
    return False


# A keyword and the digits right after it, on the same line.
_SNILS_KW = re.compile(r"(?i)(?<![^\W\d_])(?:снилс\w*|snils)[^\d\n]{0,20}(?=\d)")
_INN_KW = re.compile(r"(?i)(?<![^\W\d_])(?:инн|inn)(?![^\W\d_])[^\d\n]{0,20}(?=\d)")


def _keyword_chain(text, pattern, length, valid):
    for m in pattern.finditer(text):
        chain = _CHAIN.match(text, m.end())
        groups = _GROUP.findall(chain.group(0))
        for digits, i, _j in _runs(groups, length):
            if i == 0 and valid(digits):
                return True
    return False


_PASSPORT_KW = re.compile(
    r"(?i)(?:паспорт\w*|серия|серии|passport)[^\d\n]{0,30}(\d{2})[ .-]?(\d{2})[ .-]*"
    r"(?:(?:No\.?|N|номер|#)[ .-]*)?(\d{6})(?!\d)"
)
# Without a keyword: "4510 123456", "45 10 123456", "45 10 № 123456" ("№" is "No" after NFKC;
# the series is a region and the year of the blank, 97..99 or 00..30); a foreign passport
# "75 1234567". Not a part of a phone number ("+7 4012 123456", "8 4012 123456").
_PASSPORT_BARE = re.compile(r"(?<![\d+.-])(?<!\d[ \n])(\d{2}) ?(\d{2})[ \n](?:No\.? ?)?(\d{6})(?!\d|[.-]\d)")
_FOREIGN_BARE = re.compile(r"(?<![\d+.-])(?<!\d[ \n])(\d{2})[ \n](?:No\.? ?)?(\d{7})(?!\d|[.-]\d)")
# A passport keyword, then a number of 6 to 12 letters and digits with at least 6 digits on the
# same line: "passport AB1234567", «загранпаспорт 75 1234567», "passport no. C01X00T47".
_PASSPORT_WORD = re.compile(r"(?i)(?:паспорт\w*|passport|загран(?:ник\w*)?(?![^\W\d_]))[^\n]{0,60}")
_ALNUM = re.compile(r"(?<![\w+])[^\W_]{6,12}(?!\w)")


def _plausible_series(region, year):
    return region != "00" and (int(year) >= 97 or int(year) <= 30)


def _is_date(token):
    if len(token) != 8 or not token.isdigit() or token[:2] not in ("19", "20"):
        return False
    try:
        datetime.date(int(token[:4]), int(token[4:6]), int(token[6:]))
    except ValueError:
        return False
    return True


def _passport(text):
    if _PASSPORT_KW.search(text):
        return True
    for m in _PASSPORT_BARE.finditer(text):
        if _plausible_series(m.group(1), m.group(2)):
            return True
    for m in _FOREIGN_BARE.finditer(text):
        if m.group(1) != "00":
            return True
    for m in _PASSPORT_WORD.finditer(text):
        for token in _ALNUM.findall(m.group(0)):
            if sum(c.isdigit() for c in token) >= 6 and not _is_date(token):
                return True
    return False


def _personal(text):
    if _CVV.search(text):
        return Finding(PERSONAL, "card")
    chains = list(_chains(text))
    for groups, _seps, _before in chains:
        # A person's bank account: 20 digits, balance account 40817 (residents) or 40820 (non-residents).
        if any(d.startswith(("40817", "40820")) for d, _i, _j in _runs(groups, 20)):
            return Finding(PERSONAL, "account")
    for groups, _seps, _before in chains:
        if _card_in(groups):
            return Finding(PERSONAL, "card")
    if _keyword_chain(text, _SNILS_KW, 11, snils_ok):
        return Finding(PERSONAL, "snils")
    if _keyword_chain(text, _INN_KW, 12, inn12_ok):
        return Finding(PERSONAL, "inn")
    for groups, seps, before in chains:
        if before == "+":  # a phone number
            continue
        if _snils_in(groups, seps):
            return Finding(PERSONAL, "snils")
        if _inn_in(groups, seps):
            return Finding(PERSONAL, "inn")
    if _passport(text):
        return Finding(PERSONAL, "passport")
    return None


def check(text):
    """Return a :class:`Finding` when ``text`` must not be forwarded, else None."""
    if not text:
        return None
    try:
        text = normalise(text)
        return _credentials(text) or _personal(text)
    except Exception as exc:  # a message the guard could not check is not forwarded either
        _logger.error("guard: the check failed (%s); the message is held back", type(exc).__name__)
        return Finding(PERSONAL, "unchecked")
