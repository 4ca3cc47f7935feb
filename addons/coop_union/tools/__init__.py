from . import phone, sql
