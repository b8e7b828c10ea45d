"""Reads an iCalendar file on stdin with the `icalendar` package and prints its events as JSON,
with every time resolved to an aware datetime: what a calendar application would show."""

import json
import sys

import icalendar

calendar = icalendar.Calendar.from_ical(sys.stdin.read())
events = []
for event in calendar.walk("VEVENT"):
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND") if "DTEND" in event else None
    events.append(
        {
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "location": str(event.get("LOCATION", "")),
            "status": str(event.get("STATUS", "")),
            "start": start.isoformat(),
            "start_zone": str(start.tzinfo),
            "start_utc": start.astimezone(__import__("datetime").timezone.utc).isoformat(),
            "end": end.isoformat() if end else None,
        }
    )
print(json.dumps({"name": str(calendar.get("X-WR-CALNAME", "")), "events": events}))
