from . import coop_production_calendar_import
