from . import (
    test_access,
    test_concurrent_registration,
    test_home,
    test_integrity,
    test_offices,
    test_registration,
    test_reports,
    test_tours,
    test_transitions,
    test_workflow_incoming,
    test_workflow_internal,
    test_workflow_outgoing,
)
