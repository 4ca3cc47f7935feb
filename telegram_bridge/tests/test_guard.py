"""Table tests of the sensitive-data guard, in Russian and English."""

import pytest

from telegram_bridge import guard

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
