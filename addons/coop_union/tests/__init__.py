from . import (
    test_access,
    test_appeal,
    test_award,
    test_birthday,
    test_hardening,
    test_home,
    test_import,
    test_mailing,
    test_member,
    test_organization,
    test_sms_gateway,
    test_tours,
)
