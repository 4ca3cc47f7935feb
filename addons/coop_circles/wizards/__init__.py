from . import coop_meeting_consent_wizard
