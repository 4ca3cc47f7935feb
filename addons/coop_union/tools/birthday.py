"""Birthdays: the one rule for the day a birthday falls on in a given year."""

from datetime import date


def birthday_in(birthdate, year):
    """The day in ``year`` on which someone born on ``birthdate`` has their birthday.

    The same month and day; someone born on 29 February has it on 28 February in a common
    year. 28 February, not 1 March: the birthday stays in the month of birth, the way the
    Civil Code of the Russian Federation (art. 192) ends a term counted in years on the last
    day of the month when that month lacks the day. The reminder and the calendar event both
    use this rule, so they fall on the same day.
    """
    try:
        return birthdate.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)
