"""Table tests of the sensitive-data guard, in Russian and English."""

import logging

import pytest

from telegram_bridge import guard, texts

POSITIVES = [
    # --- passwords
    ("Не могу войти в почту, пароль: Qwerty123!", "password"),
    ("логин ivanov, пароль Vesna2024", "password"),
    ("пароль от VPN — Zx!90pLm", "password"),
    ("Мой пароль от 1С: 12345678, помогите", "password"),
    ("пароль=P@ssw0rd", "password"),
    ("ПАРОЛЬ: солнышко77", "password"),
    ("Пин-код: 4821, карта заблокирована", "password"),
    ("My password is Summer2024! and it stopped working", "password"),
    ("password: hunter22", "password"),
    ("принтер просит пароль администратора: Adm1n!2024", "password"),
    ("the password for my account is Winter2023", "password"),
    ("pwd=Adm1n#2023", "password"),
    ("login: petrov / password: 'Tr0ub4dor&3'", "password"),
    # --- one-time codes
    ("Пришёл код из СМС 482913, что с ним делать?", "otp"),
    ("SMS-код: 5521", "otp"),
    ("код подтверждения 773104 не подходит", "otp"),
    ("my one-time code is 118822", "otp"),
    ("OTP 902311", "otp"),
    # --- tokens and keys
    ("вот токен бота 7123456789:AAHk1cQ0v9Rz_8mX2sJ4tL6yW3eP5nB7dFg", "token"),
    ("AWS key AKIAIOSFODNN7EXAMPLE и секрет", "token"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "token"),
    (
        "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "token",
    ),
    ("токен eyJhbGciOiJSUzI1NiJ9.eyJ1c2VyIjoiaXZhbm92In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ", "token"),
    ("ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R", "token"),
    ("api_key: 3f9a8c7e6d5b4a3928171615141312ab", "token"),
    ("API ключ: sk-proj-Ab3dE5gH7jK9mN1pQ3sT5vX7z", "token"),
    ("xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", "token"),
    ("client_secret = 9bX2kL7qP0wR4tY6uI8oA1sD3fG5hJ7k", "token"),
    # --- private keys and connection strings
    (
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
        "private_key",
    ),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA", "private_key"),
    ("-----BEGIN PRIVATE KEY-----", "private_key"),
    ("подключаюсь к postgresql://odoo:S3cretPass@10.0.0.5:5432/prod и падает", "connection_string"),
    ("mongodb+srv://admin:hunter2@cluster0.example.net/db", "connection_string"),
    ("Server=sql01;Database=crm;User Id=sa;Password=Adm1n2023;", "connection_string"),
    # --- personal data
    ("Карта 4276 3800 1234 5679 не проходит оплата", "card"),
    ("card number 5486-7300-1122-3348 was charged twice", "card"),
    ("номер карты 2202200312345679", "card"),
    ("на обороте CVV 123", "card"),
    ("cvc2: 4567", "card"),
    ("зарплата не пришла на счёт 40817810099910004312", "account"),
    ("счёт 40817 810 0 9991 0004312", "account"),
    ("Amex 3714 496353 98431", "card"),
    ("паспорт 45 06 123456 выдан ОВД", "passport"),
    ("Паспорт серия 4506 № 654321", "passport"),
    ("серия 4506 номер 654321", "passport"),
    ("passport 4512 345678", "passport"),
    ("данные: 45 12 345678", "passport"),
    ("СНИЛС 112-233-445 95", "snils"),
    ("мой снилс 11223344595", "snils"),
    ("SNILS: 123-456-789 64", "snils"),
    ("ИНН 500100123426 для справки", "inn"),
    ("my INN is 770700123428", "inn"),
]

NEGATIVES = [
    "Здравствуйте, не работает принтер на 3 этаже",
    "Заявка HD-000123 до сих пор не выполнена",
    "Статус заявки №4512, пожалуйста",
    "Ticket 2024-000157 is still open",
    "Созвонимся 12.03.2024 в 14:30",
    "Срок: 2024-11-23, крайний 31/12/2024",
    "Телефон офиса +7 (495) 123-45-67, доб. 204",
    "звоните 8 800 555-35-35",
    "Позвоните мне: 89161234567",
    "Office phone +7 495 123 45 67",
    "Забыл пароль, как сбросить?",
    "Пароль не подходит после смены",
    "Пароль от учётной записи не подходит - помогите",
    "Пароль истёк: как сменить?",
    "пароль: не приходит СМС для сброса",
    "Не приходит письмо для смены пароля от портала",
    "I forgot my password, how do I reset it?",
    "password: expired yesterday, what now?",
    "Нужен доступ к папке \\\\fs01\\finance для отдела",
    "ошибка 0x80070005 при входе",
    "Сумма счёта 1 250 000 руб., счёт № 1234567",
    "Договор 77-2024/15 от 01.02.2024",
    "Номер заказа 4276380012345670",
    "инвентарный номер 100200300400",
    "ИНН организации 7707083893",
    "расчётный счёт организации 40702810400000012345",
    "не приходит код из СМС при входе",
    "SMS-код не приходит уже час",
    "код ошибки 0x80004005",
    "Ошибка 403 при входе, код 1603",
    "IP 192.168.10.25, порт 5432",
    "Токен не приходит на телефон",
    "Ключ от кабинета 405 потерял",
    "откройте https://portal.example.ru/helpdesk/ticket/15",
    "Версия 18.0.1.0.0, сборка 20241123",
    "время 12 30 2024 как-то так",
    "",
]


@pytest.mark.parametrize("text,kind", POSITIVES)
def test_guard_catches(text, kind):
    finding = guard.check(text)
    assert finding is not None, text
    assert finding.kind == kind, (text, finding)
    personal = ("card", "account", "passport", "snils", "inn")
    expected_category = guard.PERSONAL if kind in personal else guard.CREDENTIALS
    assert finding.category == expected_category


@pytest.mark.parametrize("text", NEGATIVES)
def test_guard_lets_through(text):
    assert guard.check(text) is None, (text, guard.check(text))


def test_finding_never_holds_the_value():
    finding = guard.check("пароль: Qwerty123!")
    assert "Qwerty" not in repr(finding)


@pytest.mark.parametrize(
    "digits,ok",
    [("4276380012345679", True), ("4276380012345670", False), ("5555555555554444", True), ("79", False)],
)
def test_luhn(digits, ok):
    assert guard.luhn_ok(digits) is ok


@pytest.mark.parametrize(
    "digits,ok",
    [
        ("11223344595", True),
        ("11223344596", False),
        ("08765430300", True),
        ("00000000000", False),
        ("00100199800", False),
    ],
)
def test_snils_checksum(digits, ok):
    assert guard.snils_ok(digits) is ok


@pytest.mark.parametrize(
    "digits,ok",
    [
        ("500100123426", True),
        ("500100123427", False),
        ("770700123428", True),
        ("000000000000", False),
        ("7707083893", False),
    ],
)
def test_inn_checksum(digits, ok):
    assert guard.inn12_ok(digits) is ok


# ---------------------------------------------------------------- B1: normalisation and the holes it closed

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"

B1_POSITIVES = [
    # --- cards: every Luhn-valid number, test and "common" numbers included
    ("карта 4111 1111 1111 1111", "card"),
    ("4111111111111111", "card"),
    ("card 5555 5555 5555 4444, exp 12/28", "card"),
    ("Сбербанк 4276 3800 1234 5679", "card"),
    ("Мир 2200 0000 0000 0004", "card"),
    ("Discover 6011 1111 1111 1117", "card"),
    ("Amex 378282246310005", "card"),
    # any run of separators, as banking apps and phones copy them
    (f"номер карты 4111{NBSP}1111{NBSP}1111{NBSP}1111", "card"),
    (f"4111{NNBSP}1111{NNBSP}1111{NNBSP}1111", "card"),
    (f"4111{THIN}1111{THIN}1111{THIN}1111", "card"),
    ("4111  1111  1111  1111", "card"),
    ("4111.1111.1111.1111", "card"),
    ("4111-1111-1111-1111", "card"),
    ("4111 - 1111 - 1111 - 1111", "card"),
    ("карта\n4111\n1111\n1111\n1111", "card"),
    ("4111\t1111\t1111\t1111", "card"),
    ("4111\u200b1111\u200b1111\u200b1111", "card"),  # zero-width spaces
    ("4111 1111 1111 1111 123", "card"),  # followed by the CVV
    # digits of other scripts
    ("карта ４１１１ １１１１ １１１１ １１１１", "card"),  # fullwidth
    ("٤١١١ ١١١١ ١١١١ ١١١١", "card"),  # Arabic-Indic
    ("۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱", "card"),  # Persian
    ("४१११ ११११ ११११ ११११", "card"),  # Devanagari
    # --- CVV in Latin or Cyrillic letters
    ("свв 123", "card"),
    ("СВВ: 456", "card"),
    ("цвв 123", "card"),
    ("сvv 123", "card"),  # Cyrillic "с", Latin "vv"
    ("cvv-код 123", "card"),
    ("код на обороте 123", "card"),
    # --- account with any separators
    (f"счёт 40817{NBSP}810{NBSP}0{NBSP}9991{NBSP}0004312", "account"),
    # --- passports
    ("4510 123456", "passport"),
    ("45 10 123456", "passport"),
    ("данные: 4510 123456 выдан 12.03.2010", "passport"),
    ("45 10 № 123456", "passport"),
    ("75 1234567", "passport"),  # Russian passport for travel abroad
    ("загранпаспорт 75 1234567", "passport"),
    ("passport AB1234567", "passport"),
    ("паспорт гражданина Украины ЕК123456", "passport"),
    ("passport no. C01X00T47", "passport"),
    ("мой загран 7512345 до 2030", "passport"),
    (f"паспорт 4510{NBSP}123456", "passport"),
    # --- SNILS and INN with separators
    ("112-233-445 95", "snils"),
    ("112 233 445 95", "snils"),
    (f"112{NBSP}233{NBSP}445{NBSP}95", "snils"),
    ("СНИЛС 112.233.445.95", "snils"),
    ("снилс ١١٢-٢٣٣-٤٤٥ ٩٥", "snils"),
    ("ИНН 5001 0012 3426", "inn"),
    ("ИНН: 500 100 123 426", "inn"),
    ("my INN: 7707-0012-3428", "inn"),
    ("5001 0012 3426", "inn"),
    # --- logins with passwords
    ("логин ivanov / Qwerty123!", "password"),
    ("логин: petrov | Vesna2024", "password"),
    ("login: x password: y", "password"),
    ("Пользователь: ivanov; пароль: qwe", "password"),
    # --- look-alike letters
    ("пaроль: секрет1", "password"),  # Latin "a"
    ("пaроль Qwerty123", "password"),
    ("pаssword: hunter22", "password"),  # Cyrillic "а"
    ("ПАРOЛЬ: Zx90pLm", "password"),  # Latin "O"
    ("раssword: hunter22", "password"),  # Cyrillic "р", "а"
    (f"мой пароль{NBSP}Qwerty123", "password"),
    ("ｐａｓｓｗｏｒｄ: hunter22", "password"),  # fullwidth letters
    ("паро\u0301ль: Qwerty123", "password"),  # a stress mark
    ("пин 1234", "password"),
    ("PIN-код 4821", "password"),
    # --- SMS and confirmation codes
    ("код из смс 1234", "otp"),
    ("код из СМС: ١٢٣٤", "otp"),
    ("code 123456", "otp"),
    ("код 4821", "otp"),
    ("код подтверждения 7731", "otp"),
    ("код подтверждения: 77 31 04", "otp"),
    ("пришёл код для входа 552211", "otp"),
    ("confirmation code: 8812", "otp"),
    ("verification code is 441122", "otp"),
    # --- private keys in any case
    ("-----begin openssh private key-----\nb3BlbnNzaC1rZXktdjE", "private_key"),
    ("-----Begin Rsa Private Key-----", "private_key"),
    ("----- BEGIN ENCRYPTED PRIVATE KEY -----", "private_key"),
    ("-----BEGIN PGP PRIVATE KEY BLOCK-----", "private_key"),
    # --- tokens as before, with look-alikes around them
    ("тoкен бота 7123456789:AAHk1cQ0v9Rz_8mX2sJ4tL6yW3eP5nB7dFg", "token"),
]

B1_NEGATIVES = [
    # ticket and order numbers
    "Заявка HT00012 ещё открыта",
    "Статус #1234?",
    "Заявка №1234 и #5678 ещё открыты",
    "Заказ 45-1234 от 29.11.2026",
    "order 100234567 was shipped",
    "Ticket 2024-000157, 2024-000158 are still open",
    "Обращение 2026-11-29-0012",
    "Паспорт лида HT00012 не открывается",
    # dates and times
    "29.11.2026",
    "2026-11-29 14:30:00",
    "с 01.12.2026 по 15.12.2026",
    "01.12.2026 - 15.12.2026",
    "29.11.2026\n30.11.2026\n01.12.2026",
    "звоните с 9:00 до 18:00, обед 13:00-14:00",
    # amounts
    "Оплата 1 500 000 руб. по счёту 123 от 29.11.2026",
    f"Сумма 1{NBSP}500{NBSP}000 руб.",
    "Сумма 12 345,67 ₽",
    "Перевод 12 345 678,90 руб. от 2026-11-29",
    "Суммы 1 250 000 и 2 500 000",
    # IP addresses and versions
    "IP 192.168.10.25, порт 5432",
    "192.168.100.200 192.168.100.201",
    "ip 10.0.0.1 - 10.0.0.254",
    "сервер 210.111.151.55",
    "Обновите до v18.0.1 или 1.2.3.4",
    "Версия 18.0.1.0.0, сборка 20261129",
    "Код 1С 8.3.24.1342",
    # phone numbers (ours and the caller's)
    "Звоните: +7 (343) 123-45-67 или 8 800 555-35-35",
    "Тел. 8 912 345 67 89",
    "тел. 8 4012 123456",
    "+7 4012 123456",
    # codes that are not secrets, logins without passwords
    "Ошибка 403, код 1603",
    "error code 0x80070005",
    "HTTP status code 502 at 12:30",
    "zip code 90210",
    "use promo code 2026",
    "VS Code 2022 не запускается",
    "код 2026 года в отчёте",
    "код товара 123456",
    "Код подразделения 660-001",
    "Не приходит код подтверждения",
    "Логин: ivanov. Пароль не подходит",
    "Не помню логин / пароль",
    "login page / portal is down",
    "Не работает логин в 1С:Предприятие",
    "Пользователь Иванов И.И. просит доступ",
    "Пароль: не помню",
    "CVV не принимается, что делать?",
    "begin private key процедура — это что?",
    # personal data words without the data
    "Паспорт объекта обновлён 29.11.2026",
    "Получил загранпаспорт, спасибо",
    "Загранкомандировка по заказу 12345678",
    "СНИЛС принесу в отдел кадров",
    "ИНН организации 7707083893, КПП 770701001",
    "ОГРН 1237700005157",  # Luhn-valid too, but a company's public number after its keyword
    "ОГРНИП: 304500116000157",
    "расчётный счёт 40702810400000012345",
    "0000 0000 0000 0000",
]


@pytest.mark.parametrize("text,kind", B1_POSITIVES)
def test_B1_normalised_text_is_caught(text, kind):
    finding = guard.check(text)
    assert finding is not None, text
    assert finding.kind == kind, (text, finding)


@pytest.mark.parametrize("text", B1_NEGATIVES)
def test_B1_ordinary_text_is_let_through(text):
    assert guard.check(text) is None, (text, guard.check(text))


@pytest.mark.parametrize(
    "digits",
    ["4111111111111111", "5555555555554444", "4276380012345679", "2200000000000004", "378282246310005"],
)
def test_B1_every_luhn_valid_card_is_caught_however_common(digits):
    assert guard.luhn_ok(digits)
    groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
    for sep in (" ", NBSP, NNBSP, "  ", ".", "-", "\n", " - "):
        text = "карта " + sep.join(groups)
        assert guard.check(text) == guard.Finding(guard.PERSONAL, "card"), repr(text)


def test_B1_luhn_invalid_numbers_pass():
    assert guard.check("Номер заказа 4111 1111 1111 1112") is None
    assert guard.check("Номер заказа 4111111111111112") is None


def test_B1_normalise_folds_digits_separators_and_look_alikes():
    assert guard.normalise("４٥۶\u0967") == "4561"
    assert guard.normalise(f"a{NBSP}{NNBSP}{THIN}\tb") == "a b"
    assert guard.normalise("пaроль") == "пароль"  # a Latin "a" in a Cyrillic word
    assert guard.normalise("pаssword") == "password"  # a Cyrillic "а" in a Latin word
    assert guard.normalise("x\u200by\u00adz") == "xyz"
    # words in one script are left alone
    assert guard.normalise("Привет, world") == "Привет, world"


def test_B1_check_leaves_the_text_as_it_was():
    text = f"Принтер в кабинете ４０５{NBSP}не печатает, pаботает только скан"
    copy = str(text)
    assert guard.check(text) is None
    assert text == copy


def test_B1_a_failing_check_holds_the_message_back(monkeypatch, caplog):
    def boom(text):
        raise ValueError(f"cannot parse {text}")

    monkeypatch.setattr(guard, "_personal", boom)
    with caplog.at_level(logging.ERROR, logger="telegram_bridge.guard"):
        finding = guard.check("Счёт 12 345,67 за принтер")
    assert finding == guard.Finding(guard.PERSONAL, "unchecked")
    assert finding.kind in texts.GUARD_KINDS
    assert "ValueError" in caplog.text and "принтер" not in caplog.text
