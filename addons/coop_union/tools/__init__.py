from . import analytics, phone, sql
