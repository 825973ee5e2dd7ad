#!/usr/bin/env python3
"""Reads a calendar from `charter status --format ics` with the `icalendar` library and
checks it against `charter status --format json` of the same wiki and day: one event per
dated item, each UID unique and naming its engagement, document and item key, DTSTART the
item's due date, the control id in SUMMARY. Usage: check-calendar.py CALENDAR.ics STATUS.json"""

import json
import sys

import icalendar


def main(ics_path, json_path):
    with open(ics_path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    with open(json_path, encoding="utf-8") as f:
        status = json.load(f)
    expected = {}
    for page in status["pages"]:
        for item in page["items"]:
            if item.get("due"):
                uid = f'{page["engagement"]}/{page["document"]}/{item["key"]}@charter'
                expected[uid] = item
    events = list(calendar.walk("VEVENT"))
    problems = []
    uids = [str(e["UID"]) for e in events]
    if len(set(uids)) != len(uids):
        problems.append("UIDs repeat")
    if set(uids) != set(expected):
        problems.append(f"{len(events)} events for {len(expected)} dated items")
    for event in events:
        item = expected.get(str(event["UID"]))
        if item is None:
            continue
        start = event.decoded("DTSTART").isoformat()
        if start != item["due"]:
            problems.append(f'{event["UID"]}: starts {start}, due {item["due"]}')
        if item["id"] not in str(event["SUMMARY"]):
            problems.append(f'{event["UID"]}: the summary does not name {item["id"]}')
    for p in problems:
        print("check-calendar:", p, file=sys.stderr)
    if problems or not events:
        sys.exit(1)
    print(f"check-calendar: {len(events)} events parse with icalendar and match the items")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
