from . import test_appeal_bridge, test_member_link
