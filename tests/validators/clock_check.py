"""Validates the clock providers with the standard library: zoneinfo for time zones,
datetime.fromisoformat for times, datetimes and dates, and an independent Crockford base32
decoder for ULIDs."""

import datetime
import sys
import zoneinfo

from tdm_values import check, generate, report

REFERENCE = datetime.datetime(2025, 6, 15, 12, 0, 0, tzinfo=datetime.timezone.utc)
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
MONTHS = {datetime.date(2025, m, 1).strftime("%B") for m in range(1, 13)}


def loads_zone(name):
    try:
        zoneinfo.ZoneInfo(name)
        return True
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False


def offsets_in_use():
    """Every UTC offset some zone has in January or July 2025, as "+05:30"."""
    found = set()
    for name in zoneinfo.available_timezones():
        for month in (1, 7):
            seconds = int(datetime.datetime(2025, month, 15, tzinfo=zoneinfo.ZoneInfo(name))
                          .utcoffset().total_seconds())
            sign = "+" if seconds >= 0 else "-"
            found.add(f"{sign}{abs(seconds) // 3600:02d}:{abs(seconds) % 3600 // 60:02d}")
    return found


def is_time(text):
    try:
        return len(text) == 8 and datetime.time.fromisoformat(text).microsecond == 0
    except ValueError:
        return False


def instant(text):
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def within(text, lo, hi):
    t = instant(text)
    return t is not None and t.microsecond == 0 and lo <= t <= hi


def date_within(text, lo, hi):
    try:
        return lo <= datetime.date.fromisoformat(text) <= hi
    except ValueError:
        return False


def ulid_millis(text):
    if len(text) != 26 or any(c not in CROCKFORD for c in text) or text[0] > "7":
        return None
    value = 0
    for c in text:
        value = value * 32 + CROCKFORD.index(c)
    return value >> 80


def main(data_cli):
    day = datetime.timedelta(days=1)
    second = datetime.timedelta(seconds=1)
    today = REFERENCE.date()
    rows = generate(data_cli, {
        "at": "{provider: time}",
        "zone": "{provider: timezone}",
        "offset": "{provider: utc_offset}",
        "weekday": "{provider: day_of_week}",
        "month": "{provider: month_name}",
        "seen": "{provider: past_datetime, options: {within: 30d}}",
        "due": "{provider: future_datetime, options: {within: 12h}}",
        "born": "{provider: past_date, options: {within: 2y}}",
        "visit": "{provider: future_date, options: {within: 3w}}",
        "stamp": "{provider: unix_time}",
        "id": "{provider: ulid}",
    })
    column = lambda name: [r[name] for r in rows]
    check("time", column("at"), is_time)
    check("timezone", column("zone"), loads_zone)
    check("utc_offset", column("offset"), offsets_in_use().__contains__)
    check("day_of_week", column("weekday"), WEEKDAYS.__contains__)
    check("month_name", column("month"), MONTHS.__contains__)
    check("past_datetime within 30d", column("seen"),
          lambda v: within(v, REFERENCE - 30 * day, REFERENCE - second))
    check("future_datetime within 12h", column("due"),
          lambda v: within(v, REFERENCE + second, REFERENCE + datetime.timedelta(hours=12)))
    check("past_date within 2y", column("born"),
          lambda v: date_within(v, today - 730 * day, today - day))
    check("future_date within 3w", column("visit"),
          lambda v: date_within(v, today + day, today + 21 * day))
    ten_years_ago = REFERENCE.replace(year=REFERENCE.year - 10).timestamp()
    check("unix_time in the past 10 years", column("stamp"),
          lambda v: isinstance(v, int) and ten_years_ago <= v < REFERENCE.timestamp())
    millis = int(REFERENCE.timestamp() * 1000)
    ids = column("id")
    check("ulid stamped with the reference time", ids, lambda v: ulid_millis(v) == millis)
    check("ulid unique", [len(set(ids))], lambda n: n == len(ids))
    check("ulid sorted in row order", [ids], lambda v: v == sorted(v))


if __name__ == "__main__":
    main(sys.argv[1])
    report()
