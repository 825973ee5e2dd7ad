#!/usr/bin/env python3
"""Asserts what a reader of the MkDocs site sees, for every engagement folder in DOCS:
the onboarding checklist has one checkbox per task item, the RACI page has a table, the
overview's timeline is a Mermaid block, every person's page is in the site, and the navigation of the home page names the engagement by its project with its pages in
reading order. Usage: check-site.py DOCS SITE"""

import os
import re
import sys

READING_ORDER = [
    "Overview", "Onboarding checklist", "Compliance checklist", "RACI", "Runbooks",
    "SLAs and KPIs", "Hand-off plan", "Pre-engagement review", "Offboarding checklist",
]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def main(docs, site):
    problems = []
    home = read(os.path.join(site, "index.html"))
    nav = home[home.find("md-nav--primary"):]
    labels = [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"md-ellipsis\">\s*([^<]+)", nav)]
    engagements = sorted(
        d for d in os.listdir(docs)
        if os.path.isfile(os.path.join(docs, d, "onboarding-checklist.md"))
    )
    if not engagements:
        problems.append("no engagement folder in " + docs)
    for e in engagements:
        markdown = read(os.path.join(docs, e, "onboarding-checklist.md"))
        items = len(re.findall(r"^\s*[-*] \[[ xX]\] ", markdown, re.M))
        html = read(os.path.join(site, e, "onboarding-checklist", "index.html"))
        boxes = len(re.findall(r"<input type=\"checkbox\"", html))
        if items == 0 or boxes != items:
            problems.append(f"{e}: {items} task items but {boxes} checkboxes on the onboarding page")
        raci = read(os.path.join(site, e, "raci", "index.html"))
        if "<table>" not in raci:
            problems.append(f"{e}: the RACI page has no table")
        overview = read(os.path.join(site, e, "index.html"))
        if 'class="mermaid"' not in overview:
            problems.append(f"{e}: the overview's timeline is not a Mermaid block")
        people = os.path.join(docs, e, "people")
        for name in sorted(os.listdir(people)) if os.path.isdir(people) else []:
            if not os.path.isfile(os.path.join(site, e, "people", name[:-3], "index.html")):
                problems.append(f"{e}: no page in the site for people/{name}")
        project = read(os.path.join(docs, e, "index.md")).splitlines()[0][2:].strip()
        project = re.sub(r"\\(.)", r"\1", project)
        if project not in labels:
            problems.append(f"{e}: the navigation does not name the project {project!r}")
            continue
        pages = []
        for label in labels[labels.index(project) + 1:]:
            if label not in READING_ORDER or label in pages:
                break
            pages.append(label)
        order = [READING_ORDER.index(p) for p in pages]
        if order != sorted(order) or "Onboarding checklist" not in pages:
            problems.append(f"{e}: navigation out of reading order: {pages}")
    for p in problems:
        print("check-site:", p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"check-site: {len(engagements)} engagements: checkboxes, RACI tables and navigation as expected")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
