"""MkDocs hook from charter: a navigation in reading order.

Each engagement folder charter wrote (it has an index.md and an onboarding-checklist.md)
becomes a section titled with the project's name (the first heading of its index.md), its
pages in the order people read them, then its people's pages (people/*.md) under "People". The home page comes first; any other page follows in
MkDocs' own order. A `nav:` written in mkdocs.yml is left as it is.
"""

import os
import re

# Reading order of charter's documents, with their titles.
DOCUMENTS = [
    ("index.md", "Overview"),
    ("onboarding-checklist.md", "Onboarding checklist"),
    ("compliance-checklist.md", "Compliance checklist"),
    ("raci.md", "RACI"),
    ("runbooks.md", "Runbooks"),
    ("slas-kpis.md", "SLAs and KPIs"),
    ("handoff-plan.md", "Hand-off plan"),
    ("pre-engagement-review.md", "Pre-engagement review"),
    ("offboarding-checklist.md", "Offboarding checklist"),
]


def _title(path, fallback):
    """The page's first level-1 heading, without Markdown escapes."""
    try:
        with open(path, encoding="utf-8") as page:
            for line in page:
                if line.startswith("# "):
                    return re.sub(r"\\(.)", r"\1", line[2:].strip()) or fallback
    except OSError:
        pass
    return fallback


def _pages(docs_dir):
    """Every Markdown page under docs_dir, relative and with forward slashes, sorted."""
    found = []
    for root, dirs, files in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith("."):
                relative = os.path.relpath(os.path.join(root, name), docs_dir)
                found.append(relative.replace(os.sep, "/"))
    return found


def nav(docs_dir):
    """The navigation of a charter wiki in docs_dir, as mkdocs.yml's `nav:` would say it."""
    pages = _pages(docs_dir)
    engagements = sorted(
        {
            page.split("/")[0]
            for page in pages
            if page.count("/") == 1
            and page.endswith("/onboarding-checklist.md")
            and page.split("/")[0] + "/index.md" in pages
        }
    )
    used = set()
    items = []
    if "index.md" in pages:
        items.append({_title(os.path.join(docs_dir, "index.md"), "Home"): "index.md"})
        used.add("index.md")
    for folder in engagements:
        title = _title(os.path.join(docs_dir, folder, "index.md"), folder)
        section = []
        for name, label in DOCUMENTS:
            page = folder + "/" + name
            if page in pages:
                section.append({label: page})
                used.add(page)
        people = []
        for page in pages:
            if page.startswith(folder + "/people/") and page.count("/") == 2:
                people.append({_title(os.path.join(docs_dir, page), page): page})
                used.add(page)
        if people:
            section.append({"People": people})
        items.append({title: section})
    items.extend(page for page in pages if page not in used)
    return items


def on_config(config, **kwargs):
    if not config.get("nav"):
        config["nav"] = nav(config["docs_dir"])
    return config
