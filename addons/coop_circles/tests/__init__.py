from . import (
    test_access,
    test_access_hardening,
    test_agreement,
    test_circle,
    test_consent_round,
    test_election,
    test_meeting,
    test_process,
    test_role_assignment,
    test_tour,
)
