#!/usr/bin/env python3
"""A plain Jinja2 + PyYAML script that writes the same wiki pages as `charter build`.

It is the peer of charter's full build in scripts/bench.sh: what a team would write
instead of using charter. It reads a workspace (charter.yaml, engagements/*.yaml, the
organisation packs they name) and the built-in packs (policies/*.yaml), merges the packs
in order (controls by id, overrides, disable, set-parameters, parameter defaults, roles,
activities, runbooks, metrics, review rules), decides which controls apply to each
engagement (`when`), computes due dates (working day on or before, per-person and
recurring boxes), fills `{{ params.X }}`, escapes Markdown in every value, and renders
Jinja2 copies of charter's templates (scripts/bench/jinja/) into
OUT/<engagement-id>/<document>.md, a page per person in
OUT/<engagement-id>/people/<slug>.md (what they own or what is about them, their
recurring duties) plus OUT/index.md, as charter's `markdown` flavour does. The index page
of each engagement links the person pages and carries the Mermaid gantt timeline
(engagement, onboarding and offboarding windows, milestones per checklist, recurring
duties).

It has none of charter's wiki features: no merge with the pages on disk (ticks and notes),
no Notes section, no footer, no state, no validation or diagnostics beyond a crash on bad
input, and it runs in one process and one thread. Items stand as on a fresh build, where
nothing is ticked: waived while a waiver holds on the build date, else overdue when due
before it, else open.

The pre-engagement review implements the rules that need no time zones: role-unfilled,
raci-accountability, solo-without-backup, production-access-unprotected,
sensitive-data-unscanned, waiver-invalid, waiver-self-approved, signoff-not-separate,
dates-inverted, contract-after-access, tooling-missing and the packs' review rules. Not
implemented: overlap-too-short, vendor-self-attests, ended-with-open-items, secret-in-file.

How close it is: on the benchmark's portfolios (100 and 1,000 engagements, build date
2026-11-24) and on the five example engagements, --compare finds the same documents, the
same checklist items and the same table rows on every page, and every page byte for byte
the same as charter's once charter's Notes section and footer are left out (1,421 of
1,421 pages at 100 engagements, 14,201 of 14,201 at 1,000, person pages and timelines
included); with them, charter's pages are 5.1% larger.

Usage:
  jinja-peer.py WORKSPACE OUT                 render the workspace's engagements into OUT
  jinja-peer.py WORKSPACE OUT --compare WIKI  then compare OUT with charter's wiki WIKI
Needs Python 3, jinja2 and pyyaml. The build date is CHARTER_TODAY (YYYY-MM-DD) or today.
"""

import argparse
import datetime
import itertools
import os
import re
import sys
import types

import jinja2
import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILTIN = os.path.join(REPO, "policies")
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jinja")

PHASES = [("before-start", "Before start"), ("day-1", "Day 1"), ("week-1", "Week 1"),
          ("ongoing", "Ongoing"), ("offboarding", "Offboarding")]
CATEGORIES = [("contracts", "Contracts and IP"), ("access", "Access and secrets"),
              ("ci-gates", "CI gates"), ("onboarding", "Onboarding pack"),
              ("ownership", "Ownership"), ("staffing", "Staffing and stage"),
              ("reliability", "Reliability"), ("continuity", "Continuity and knowledge"),
              ("collaboration", "Collaboration"), ("metrics", "SLAs and KPIs"),
              ("handoff", "Hand-off"), ("offboarding", "Offboarding")]
DOCUMENTS = [("index", "Overview"), ("onboarding-checklist", "Onboarding checklist"),
             ("compliance-checklist", "Compliance checklist"), ("raci", "RACI"),
             ("runbooks", "Runbooks"), ("slas-kpis", "SLAs and KPIs"),
             ("handoff-plan", "Hand-off plan"), ("offboarding-checklist", "Offboarding checklist"),
             ("pre-engagement-review", "Pre-engagement review")]
BOX_DOCS = ["onboarding-checklist", "offboarding-checklist", "handoff-plan"]
REVIEWS = {"weekly": "Weekly", "fortnightly": "Every two weeks", "monthly": "Monthly",
           "quarterly": "Quarterly", "per-milestone": "At each milestone",
           "per-release": "At each release", "per-incident": "After each incident"}
CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"]
SEVERITIES = ["critical", "high", "medium", "low"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
GANTT_ROWS = 12  # most rows of one timeline section; the rest are one bar
SIGNERS = [("Security", "security-officer"), ("Legal", "client-legal"),
           ("Delivery", "engineering-manager")]


def load_yaml(path, cache={}):
    if path not in cache:
        with open(path, encoding="utf-8") as f:
            cache[path] = yaml.load(f, Loader=Loader)
    return cache[path]


# Markdown escaping, as src/render/escape.rs.

ESCAPED = set("\\`*_[]<>|~&!#")
PARAM = re.compile(r"\{\{\s*params\.([A-Za-z0-9_-]+)\s*\}\}")


def link_like(word):
    lower = word.lower()
    local, at, domain = lower.partition("@")
    if at and local and "." in domain:
        return True
    return any(m in lower for m in ("://", "www.", "mailto:", "xmpp:"))


def inline(text):
    out = []
    for word in str(text).split():
        if link_like(word):
            out.append("`" + word.replace("|", "%7C").replace("`", "%60") + "`")
            continue
        chars = []
        for c in word:
            if c in ESCAPED or (c in "-+=" and not out and not chars):
                chars.append("\\")
            chars.append(c)
        out.append("".join(chars))
    text = " ".join(out)
    m = re.match(r"\d+", text)
    if m and text[m.end():m.end() + 1] in (".", ")") and m.end() < len(text):
        text = text[:m.end()] + "\\" + text[m.end():]
    return text


# Packs: references, order, merge.

def pack_path(ref, base_dir, workspace):
    ref = ref.split("@", 1)[0]
    if ref.startswith("builtin:"):
        return os.path.join(BUILTIN, ref[len("builtin:"):] + ".yaml")
    if ref.startswith("local:"):
        return os.path.join(workspace["packs_dir"], ref[len("local:"):] + ".yaml")
    return os.path.normpath(os.path.join(base_dir, ref))


def pack_order(refs, base_dir, workspace, builtin=False, seen=None, order=None):
    """Pack files in application order: each after the packs it requires."""
    seen = set() if seen is None else seen
    order = [] if order is None else order
    for ref in refs:
        if builtin and ":" not in ref:
            ref = "builtin:" + ref
        path = pack_path(ref, base_dir, workspace)
        if path in seen:
            continue
        seen.add(path)
        pack = load_yaml(path)
        pack_order(pack.get("requires") or [], os.path.dirname(path), workspace,
                   path.startswith(BUILTIN + os.sep), seen, order)
        order.append(path)
    return order


def hours(text):
    text = str(text).strip()
    return int(text[:-1]) * (24 if text.endswith("d") else 1)


def param_text(kind, value):
    if kind == "duration":
        h = hours(value)
        if h % 24 == 0 and h >= 48:
            return f"{h // 24} days"
        return "1 hour" if h == 1 else f"{h} hours"
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "number":
        value = float(value)
        return str(int(value)) if value.is_integer() else repr(value)
    if kind == "list":
        return ", ".join(str(v) for v in value)
    return str(value)


def merge(paths):
    policy = {"packs": [], "roles": {}, "types": {}, "values": {}, "controls": {},
              "disabled": {}, "activities": [], "runbooks": [], "metrics": [], "rules": [],
              "files": {}}
    for path in paths:
        pack = load_yaml(path)
        policy["packs"].append({"name": inline(pack["pack"]), "version": str(pack["version"])})
        policy["roles"].update(pack.get("roles") or {})
        for name, decl in (pack.get("parameters") or {}).items():
            policy["types"][name] = decl["type"]
            policy["values"][name] = param_text(decl["type"], decl["default"])
        for name, value in (pack.get("set-parameters") or {}).items():
            policy["values"][name] = param_text(policy["types"][name], value)
        for control in pack.get("controls") or []:
            policy["controls"][control["id"]] = dict(control)
            policy["files"][control["id"]] = path
        for patch in pack.get("overrides") or []:
            policy["controls"][patch["id"]].update(patch)
        for disable in pack.get("disable") or []:
            policy["disabled"][disable["control"]] = disable["reason"]
        policy["activities"] += pack.get("activities") or []
        policy["runbooks"] += pack.get("runbooks") or []
        policy["metrics"] += pack.get("metrics") or []
        policy["rules"] += [dict(r, file=path) for r in pack.get("review-rules") or []]
    return policy


# `when`: the grammar of src/input/when.rs.

def one_or_many(value):
    return value if isinstance(value, list) else [value]


def ordered(spec, value, order=None):
    key = (lambda v: order.index(v)) if order else (lambda v: v)
    if not isinstance(spec, dict):
        return value in one_or_many(spec)
    if "one-of" in spec and value not in one_or_many(spec["one-of"]):
        return False
    if "at-least" in spec and key(value) < key(spec["at-least"]):
        return False
    if "at-most" in spec and key(value) > key(spec["at-most"]):
        return False
    return True


def set_match(spec, present):
    if isinstance(spec, list):
        spec = {"any-of": spec}
    if spec.get("any-of") and not any(v in present for v in spec["any-of"]):
        return False
    if any(v not in present for v in spec.get("all-of") or []):
        return False
    if any(v in present for v in spec.get("none-of") or []):
        return False
    if "empty" in spec and spec["empty"] != (not present):
        return False
    return True


def holds(when, e):
    if not when:
        return True
    for key, spec in when.items():
        if key == "all":
            ok = all(holds(c, e) for c in spec)
        elif key == "any":
            ok = any(holds(c, e) for c in spec)
        elif key == "not":
            ok = not holds(spec, e)
        elif key in ("model", "stage"):
            ok = e[key] in one_or_many(spec)
        elif key == "data-classification":
            ok = ordered(spec, e[key], CLASSIFICATIONS)
        elif key == "team-size":
            ok = ordered(spec, len(e["people"]))
        elif key == "vendor-people":
            ok = ordered(spec, sum(p["side"] == "vendor" for p in e["people"]))
        elif key == "production-access":
            ok = e[key] == spec
        else:  # regulations, data-categories, environments, repositories
            ok = set_match(spec, e.get(key) or [])
        if not ok:
            return False
    return True


# Dates, as src/policy/schedule.rs.

def working_day(day, e):
    for _ in range(len(e["holidays"]) + 8):
        if day.weekday() not in e["weekend"] and day not in e["holidays"]:
            return day
        day -= datetime.timedelta(days=1)
    return None


def calendar_due(c, e):
    anchor = e["ends"] if c["phase"] == "offboarding" else e["starts"]
    return anchor + datetime.timedelta(days=c["due-days"])


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def cadence(text):
    named = {"daily": (1, 0), "weekly": (7, 0), "fortnightly": (14, 0), "monthly": (0, 1),
             "quarterly": (0, 3), "yearly": (0, 12), "annually": (0, 12)}
    text = text.strip()
    if text in named:
        return named[text]
    count, unit = int(text[:-1]), text[-1]
    return {"d": (count, 0), "w": (count * 7, 0), "m": (0, count), "y": (0, count * 12)}[unit]


def occurrences(first, every, e):
    days, months = cadence(every)
    end = max(e["ends"], first)
    dates = []
    for k in range(120):
        date = first + datetime.timedelta(days=days * k) if days else add_months(first, months * k)
        if date > end:
            break
        date = working_day(date, e)
        if date and (not dates or dates[-1] != date):
            dates.append(date)
    return dates


def slug(name):
    out = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return out or "person"


def per_people(c, e):
    per = c.get("per")
    if not per:
        return [None]
    if per in ("vendor", "client"):
        people = [p["name"] for p in e["people"] if p["side"] == per]
    else:
        people = [p["name"] for p in e["people"] if per in p["roles"]]
    seen, out = {}, []
    for name in people:
        s = slug(name)
        seen[s] = seen.get(s, 0) + 1
        out.append((s if seen[s] == 1 else f"{s}-{seen[s]}", name))
    return out


# The engagement's template context.

def people_text(e, role):
    names = [inline(p["name"]) for p in e["people"] if role in p["roles"]]
    return ", ".join(names) if names else f"unassigned ({role})"


def control_view(c, e, text, waiver):
    return {
        "id": c["id"], "title": inline(text(c["title"])),
        "description": inline(text(c["description"])), "category": c["category"],
        "phase": c["phase"], "due": str(working_day(calendar_due(c, e), e)),
        "due_days": c["due-days"], "owner_role": c["owner"],
        "owners": people_text(e, c["owner"]), "severity": c["severity"],
        "evidence": inline(text(c["evidence"])),
        "mappings": [{"framework": inline(fw), "ids": inline(", ".join(str(i) for i in ids))}
                     for fw, ids in (c.get("mappings") or {}).items()],
        "waiver": waiver, "control": c["id"],
        "every": inline(text(c["every"])) if c.get("every") else None,
        "per": inline(c["per"]) if c.get("per") else None,
    }


def box_views(c, view, e, text):
    people = per_people(c, e)
    dates = [None]
    if c.get("every"):
        dates = occurrences(calendar_due(c, e), text(c["every"]), e)
    boxes = []
    for person in people:
        for k, date in enumerate(dates):
            box = dict(view)
            key, title = c["id"], view["title"]
            if person:
                key += "@" + person[0]
                title += f" ({inline(person[1])})"
            if date:
                key += f"#{date}"
                title += f" (occurrence {k + 1} of {len(dates)})"
                box["due"] = str(date)
            box.update(id=key, title=title, person=person and inline(person[1]),
                       person_name=person and person[1], occurrence=date)
            boxes.append(box)
    return boxes


def raci_roles(raci):
    return list(raci["responsible"]) + [raci["accountable"]] + list(raci.get("consulted") or []) \
        + list(raci.get("informed") or [])


def raci_table(entries):
    roles = sorted({r for _, _, raci in entries for r in raci_roles(raci)})
    rows = []
    for id_, title, raci in entries:
        cells = []
        for role in roles:
            cells.append(("R" if role in raci["responsible"] else "")
                         + ("A" if raci["accountable"] == role else "")
                         + ("C" if role in (raci.get("consulted") or []) else "")
                         + ("I" if role in (raci.get("informed") or []) else ""))
        rows.append({"id": id_, "title": title, "cells": cells})
    return roles, rows


def tooling_view(t):
    def text(key):
        return inline(t[key]) if t.get(key) else None
    tracker, project, chat = text("tracker"), text("tracker-project"), text("chat")
    if tracker and project:
        tracker = f"{tracker}, project {project}"
    elif project:
        tracker = f"the tracker, project {project}"
    channel, incident = text("channel"), text("incident-channel")
    if chat:
        channel = channel and f"{channel} on {chat}"
        incident = incident and f"{incident} on {chat}"
    rows = [("Tickets and changes", tracker), ("Chat", chat), ("Day-to-day channel", channel),
            ("Incident channel", incident), ("Paging and on-call", text("pager")),
            ("Secrets", text("vault")), ("Sign-in and accounts", text("identity-provider")),
            ("Code", text("repository-host")), ("Builds and checks", text("ci"))]
    return {
        "tracker": tracker or "the tracker", "chat": chat or "the team chat",
        "channel": channel or "the engagement's channel",
        "incident_channel": incident or "the incident channel",
        "pager": text("pager") or "the paging tool", "vault": text("vault") or "the secrets vault",
        "identity_provider": text("identity-provider") or "the identity provider",
        "repository_host": text("repository-host") or "the source host", "ci": text("ci") or "CI",
        "named": [{"what": w, "tool": v} for w, v in rows if v],
    }


def load_engagement(path, workspace, today):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    e = yaml.load(source, Loader=Loader)
    for key in ("regulations", "data-categories", "environments", "repositories", "waivers"):
        e[key] = e.get(key) or []
    calendar = e.get("calendar") or {}
    e["weekend"] = {WEEKDAYS.index(d) for d in calendar.get("weekend", ["saturday", "sunday"])}
    e["holidays"] = set(calendar.get("holidays") or [])
    e["path"] = path
    e["shown"] = os.path.relpath(path, workspace["root"])
    e["lines"] = source.split("\n")
    e["today"] = today
    return e


def line_of(e, pattern, after=None, nth=0):
    """The 1-based line of the engagement file that matches `pattern` (after line `after`)."""
    start = 0
    if after:
        start = line_of(e, after) or 0
    found = [i + 1 for i, line in enumerate(e["lines"]) if i >= start and re.search(pattern, line)]
    return found[nth] if len(found) > nth else 1


def context(e, policy, workspace):
    values = dict(policy["values"])
    for name, value in (e.get("parameters") or {}).items():
        values[name] = param_text(policy["types"][name], value)

    def text(t):
        return PARAM.sub(lambda m: values[m.group(1)], str(t))

    today = e["today"]
    waivers = {}
    for w in e["waivers"]:
        waivers[w["control"]] = w
    applicable, boxes = [], []
    for id_, c in policy["controls"].items():
        if id_ in policy["disabled"] or not holds(c.get("when"), e):
            continue
        w = waivers.get(id_)
        waiver = None
        if w and w["expires"] >= today:
            waiver = {"reason": inline(w["reason"]),
                      "approved_by": inline(w["approved-by"]) if w.get("approved-by") else "nobody",
                      "approved_on": str(w.get("approved-on") or "unknown"),
                      "expires": str(w["expires"]),
                      "risk": inline(w["risk"]) if w.get("risk") else None}
        view = control_view(c, e, text, waiver)
        applicable.append((c, view))
        boxes += [(c, b) for b in box_views(c, view, e, text)]

    def in_doc(items, doc):
        return [v for c, v in items if doc in c["documents"]]

    def by_due(items):
        return sorted(items, key=lambda v: (v["due"], v["id"]))

    onboarding_boxes = in_doc(boxes, "onboarding-checklist")
    onboarding = [{"id": p, "title": t, "controls": by_due([v for v in onboarding_boxes if v["phase"] == p])}
                  for p, t in PHASES]
    compliance_items = in_doc(applicable, "compliance-checklist")
    compliance = [{"id": k, "title": t, "controls": [v for v in compliance_items if v["category"] == k]}
                  for k, t in CATEGORIES]
    activities = [a for a in policy["activities"] if holds(a.get("when"), e)]
    runbooks = [r for r in policy["runbooks"] if holds(r.get("when"), e)]
    metrics = [m for m in policy["metrics"] if holds(m.get("when"), e)]

    def metric_view(m):
        return {"id": m["id"], "title": inline(text(m["title"])), "kind": m["kind"],
                "description": inline(text(m["description"])), "target": inline(text(m["target"])),
                "owner_role": m["owner"], "owners": people_text(e, m["owner"]),
                "review": REVIEWS[m["review"]]}

    roles, rows = raci_table([(a["id"], inline(a["title"]), a["raci"]) for a in activities])
    raci_groups = []
    for key, title in CATEGORIES:
        members = [(v["id"], v["title"], c["raci"]) for c, v in applicable if c["category"] == key]
        if members:
            group_roles, group_rows = raci_table(members)
            raci_groups.append({"id": key, "title": title, "roles": group_roles, "rows": group_rows})

    named = set()
    for c, _ in applicable:
        named.add(c["owner"])
        named.update(raci_roles(c["raci"]))
    for a in activities:
        named.update(raci_roles(a["raci"]))
    for r in runbooks:
        named.update(s["role"] for s in r["steps"])
    named.update(m["owner"] for m in metrics)
    filled = {r for p in e["people"] for r in p["roles"]}

    hybrid = e["model"] == "hybrid"
    documents = [{"name": n, "title": t, "link": f"{n}.md"} for n, t in DOCUMENTS
                 if n != "handoff-plan" or hybrid]
    people = []
    for p in e["people"]:
        contact = [inline(p[k]) for k in ("email", "chat", "phone") if p.get(k)]
        people.append({"name": inline(p["name"]), "side": p["side"], "roles": p["roles"],
                       "email": p.get("email") and inline(p["email"]),
                       "chat": p.get("chat") and inline(p["chat"]),
                       "phone": p.get("phone") and inline(p["phone"]),
                       "contact": ", ".join(contact)})
    ctx = {
        "engagement": {
            "id": e["id"], "client": inline(e["client"]), "vendor": inline(e["vendor"]),
            "project": inline(e["project"]), "model": e["model"], "stage": e["stage"],
            "starts": str(e["starts"]), "ends": str(e["ends"]),
            "data_classification": e["data-classification"], "regulations": e["regulations"],
            "production_access": e["production-access"],
            "repositories": [inline(r) for r in e["repositories"]],
            "environments": [inline(v) for v in e["environments"]],
        },
        "people": people,
        "roles": [{"id": r, "description": inline(d),
                   "people": [inline(p["name"]) for p in e["people"] if r in p["roles"]]}
                  for r, d in sorted(policy["roles"].items()) if r in named or r in filled],
        "onboarding": [g for g in onboarding if g["controls"]],
        "compliance": [g for g in compliance if g["controls"]],
        "offboarding": by_due(in_doc(boxes, "offboarding-checklist")),
        "handoff": by_due(in_doc(boxes, "handoff-plan")),
        "slas": [metric_view(m) for m in metrics if m["kind"] == "sla"],
        "kpis": [metric_view(m) for m in metrics if m["kind"] == "kpi"],
        "raci": {"roles": roles, "rows": rows, "controls": raci_groups},
        "runbooks": [{"id": r["id"], "title": inline(r["title"]), "purpose": inline(text(r["purpose"])),
                      "steps": [{"role": s["role"], "people": people_text(e, s["role"]),
                                 "action": inline(text(s["do"]))} for s in r["steps"]]}
                     for r in runbooks],
        "tooling": tooling_view(e.get("tooling") or {}),
        "contacts_given": any(p.get(k) for p in e["people"] for k in ("email", "chat", "phone")),
        "params": {k: inline(v) for k, v in values.items()},
        "packs": policy["packs"],
        "documents": documents,
        "home": "../index.md",
    }
    findings = review(e, policy, applicable, activities, waivers, values, workspace)
    ctx["review"] = {
        "findings": [{"severity": f[0], "rule": f[1], "message": inline(f[2]),
                      "location": inline(f"{f[3]}:{f[4]}")} for f in findings],
        "counts": [{"severity": s, "count": sum(f[0] == s for f in findings)} for s in SEVERITIES],
        "signoff": [{"area": a, "role": r, "people": people_text(e, r)} for a, r in SIGNERS],
    }
    # Checklist items: the boxes on the checklists the engagement gets, in policy order,
    # each with its state on a fresh build (open, overdue, or waived while a waiver holds).
    docs = {d["name"] for d in documents}
    by_control = {}
    for c, v in boxes:
        by_control.setdefault(c["id"], []).append(v)
    items = []
    for c, view in applicable:
        owners = [p["name"] for p in e["people"] if c["owner"] in p["roles"]]
        for doc in c["documents"]:
            if doc not in BOX_DOCS or doc not in docs:
                continue
            for v in by_control[c["id"]]:
                state = "waived" if v["waiver"] else "overdue" if v["due"] < str(today) else "open"
                items.append({"document": doc, "id": c["id"], "title": text(c["title"]),
                              "shown": view["title"], "every": c.get("every") and text(c["every"]),
                              "shown_every": view["every"], "key": v["id"],
                              "person": v["person_name"], "occurrence": v["occurrence"],
                              "due": v["due"], "owners": owners, "state": state})
    people_pages = []
    for slug_, p in person_slugs(e):
        page = person_view(p, policy, items)
        people_pages.append((f"people/{slug_}.md", page))
    ctx["people_pages"] = [{"name": page.name, "link": link, "open": page.open,
                            "overdue": page.overdue} for link, page in people_pages]
    ctx["timeline"] = gantt(e, items)
    overdue = sum(i["state"] == "overdue" for i in items)
    return ctx, people_pages, len(items), overdue


# A page per person, as src/render/person.rs.

DOC_TITLES = dict(DOCUMENTS)


def person_slugs(e):
    seen, out = {}, []
    for p in e["people"]:
        s = slug(p["name"])
        seen[s] = seen.get(s, 0) + 1
        out.append((s if seen[s] == 1 else f"{s}-{seen[s]}", p))
    return out


def person_view(p, policy, items):
    name = p["name"]
    theirs = [i for i in items if name in i["owners"] or i["person"] == name]
    shown, rows = set(), []
    for i in theirs:
        if i["occurrence"] is not None and i["state"] != "overdue":
            series = (i["document"], i["id"], i["person"])
            if series in shown:
                continue
            shown.add(series)
        rows.append(i)
    rows.sort(key=lambda i: (i["state"] != "overdue", i["due"], i["key"]))
    duties, at = [], {}
    for i in theirs:
        if i["occurrence"] is None:
            continue
        series = (i["document"], i["id"])
        if series not in at:
            at[series] = len(duties)
            duties.append({"id": i["id"], "title": i["shown"], "every": i["shown_every"],
                           "done": 0, "overdue": 0, "total": 0, "next": "",
                           "document": DOC_TITLES[i["document"]], "link": f"../{i['document']}.md"})
        d = duties[at[series]]
        d["total"] += 1
        d["overdue"] += i["state"] == "overdue"
        if not d["next"]:
            d["next"] = i["due"]
    contact = [inline(p[k]) for k in ("email", "chat", "phone") if p.get(k)]
    roles = policy["roles"]
    # An object, not a dict: the template's `person.items` would find dict.items.
    return types.SimpleNamespace(**{
        "name": inline(name), "side": p["side"], "contact": ", ".join(contact),
        "roles": [{"id": r, "description": inline(roles[r]) if r in roles else ""} for r in p["roles"]],
        "items": [{"key": i["key"], "title": i["shown"], "due": i["due"], "state": i["state"],
                   "owner": name in i["owners"], "document": DOC_TITLES[i["document"]],
                   "link": f"../{i['document']}.md"} for i in rows],
        "recurring": duties,
        "open": len(theirs), "overdue": sum(i["state"] == "overdue" for i in theirs),
        "total": len(theirs),
    })


# The index page's timeline, as src/render/gantt.rs.

GANTT_SAFE = set("-_.,()/'+")


def gantt_name(text, limit=48):
    words = " ".join("".join(c if c.isalnum() or c in GANTT_SAFE else " " for c in text).split())
    if len(words) > limit:
        words = words[:limit - 3].rstrip() + "..."
    return words or "item"


def gantt_tags(states):
    if "overdue" in states:
        return "crit, "
    return "done, " if all(s == "done" for s in states) else ""


def gantt_bar(label, tags, start, end):
    end = datetime.date.fromisoformat(max(end, start)) + datetime.timedelta(days=1)
    return f"    {label} :{tags}{start}, {end}"


def gantt(e, items):
    starts, ends = str(e["starts"]), str(e["ends"])
    lines = ["```mermaid", "gantt", f"    title {gantt_name(str(e['project']))}",
             "    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m-%d", "    todayMarker on",
             "    section Engagement", gantt_bar("Engagement", "", starts, max(ends, starts))]
    once = [i for i in items if i["occurrence"] is None]
    for doc, label in (("onboarding-checklist", "Onboarding"), ("offboarding-checklist", "Offboarding")):
        entries = [i for i in once if i["document"] == doc]
        if entries:
            dates = [i["due"] for i in entries]
            lines.append(gantt_bar(label, gantt_tags([i["state"] for i in entries]), min(dates), max(dates)))
    for doc, title in DOCUMENTS:
        by_date = {}
        for i in once:
            if i["document"] == doc:
                by_date.setdefault(i["due"], []).append(i)
        if not by_date:
            continue
        lines.append(f"    section {title}")
        dates = sorted(by_date)
        for date in dates[:GANTT_ROWS]:
            entries = by_date[date]
            ids = [k for k, _ in itertools.groupby(i["id"] for i in entries)]
            if len(ids) == 1:
                label = gantt_name(f"{entries[0]['id']} {entries[0]['title']}")
            else:
                label = gantt_name(f"{ids[0]} and {len(ids) - 1} more")
            lines.append(f"    {label} :{gantt_tags([i['state'] for i in entries])}milestone, {date}, 0d")
        rest = dates[GANTT_ROWS:]
        if rest:
            states = [i["state"] for d in rest for i in by_date[d]]
            lines.append(gantt_bar(f"{len(states)} more items", gantt_tags(states), rest[0], rest[-1]))
    series = {}
    for i in items:
        if i["occurrence"] is None:
            continue
        if i["id"] not in series:
            every = i["every"] or ""
            cadence = f"every {every}" if every[:1].isdigit() else every
            series[i["id"]] = (gantt_name(f"{i['id']} {cadence}"), [], [])
        series[i["id"]][1].append(i["due"])
        series[i["id"]][2].append(i["state"])
    if series:
        lines.append("    section Recurring duties")
        order = list(series.values())
        for label, dates, states in order[:GANTT_ROWS]:
            lines.append(gantt_bar(label, gantt_tags(states), min(dates), max(dates)))
        rest = order[GANTT_ROWS:]
        if rest:
            dates = [d for _, ds, _ in rest for d in ds]
            states = [s for _, _, ss in rest for s in ss]
            lines.append(gantt_bar(f"{len(rest)} more recurring duties", gantt_tags(states),
                                   min(dates), max(dates)))
    lines.append("```")
    return "\n".join(lines)


# The pre-engagement review: findings as (severity, rule, message, file, line).

def review(e, policy, applicable, activities, waivers, values, workspace):
    out = []
    people_line = line_of(e, r"^\s*- ", "^people:")  # the list's first line, as charter shows it

    def add(severity, rule, message, line, file=None):
        out.append((severity, rule, message, file or e["shown"], line))

    def filled(role):
        return sum(role in p["roles"] for p in e["people"])

    def in_force(id_):
        c = policy["controls"].get(id_)
        if c is None:
            return "absent"
        if id_ in policy["disabled"]:
            return "disabled"
        if not holds(c.get("when"), e):
            return "not applicable"
        w = waivers.get(id_)
        if w and w["expires"] >= e["today"]:
            return "waived"
        return None

    unfilled = {}
    for c, _ in applicable:
        for role in [c["owner"]] + raci_roles(c["raci"]):
            if not filled(role):
                ids = unfilled.setdefault(role, [])
                if c["id"] not in ids:
                    ids.append(c["id"])
    for role, ids in unfilled.items():
        shown = ", ".join(f"`{i}`" for i in ids[:6])
        if len(ids) > 6:
            shown += f" and {len(ids) - 6} more"
        count = "1 applicable control needs" if len(ids) == 1 else f"{len(ids)} applicable controls need"
        add("high", "role-unfilled",
            f"no person of the engagement fills `{role}`, which {count} ({shown})", people_line)

    for a in activities:
        accountable = filled(a["raci"]["accountable"])
        responsible = sum(filled(r) for r in a["raci"]["responsible"])
        if accountable == 0:
            problem = f"no one is accountable (nobody fills `{a['raci']['accountable']}`)"
        elif accountable > 1:
            problem = f"{accountable} people are accountable (all of `{a['raci']['accountable']}`); name exactly one"
        elif responsible == 0:
            problem = "no one is responsible (nobody fills its responsible roles)"
        else:
            continue
        add("high", "raci-accountability", f"activity `{a['id']}` ({a['title']}): {problem}", people_line)

    vendor_people = sum(p["side"] == "vendor" for p in e["people"])
    if vendor_people == 1 and not filled("backup-engineer"):
        add("high", "solo-without-backup",
            "one vendor person and no `backup-engineer`: name a backup engineer in the contract and give them the `backup-engineer` role, so absences do not stop delivery",
            people_line)

    if e["production-access"]:
        at = line_of(e, r"^production-access:")
        for id_, what in [("ACC-SSO-MFA", "MFA"), ("ACC-VAULT", "the secrets vault"),
                          ("ACC-LEAST-PRIV", "least privilege")]:
            why = in_force(id_)
            if why:
                add("critical", "production-access-unprotected",
                    f"production access is granted while {what} (`{id_}`) is {why}; enforce it or withdraw production access", at)

    sensitive = CLASSIFICATIONS.index(e["data-classification"]) >= 2
    if sensitive or e["regulations"]:
        reason = f"{e['data-classification']} data" if sensitive else "regulations in scope"
        at = line_of(e, r"^data-classification:" if sensitive else r"^regulations:")
        for id_, what in [("CI-SAST", "SAST"), ("CI-DAST", "DAST"), ("CI-DEPS", "dependency scanning")]:
            why = in_force(id_)
            if why:
                add("high", "sensitive-data-unscanned",
                    f"{reason} but {what} (`{id_}`) is {why}; make the scan a required check before access is granted", at)

    for n, w in enumerate(e["waivers"]):
        id_ = w["control"]
        c = policy["controls"].get(id_)
        if c is None:
            add("high", "waiver-invalid",
                f"the waiver names `{id_}`, which no applied pack defines; fix the id or remove the waiver",
                line_of(e, r"^\s*-?\s*control:", "^waivers:", n))
            continue
        expires_line = line_of(e, r"^\s*-?\s*expires:", "^waivers:", n)
        if w["expires"] < e["today"]:
            add("high", "waiver-invalid",
                f"the waiver for `{id_}` expired on {w['expires']}; renew it or do the control", expires_line)
        elif w["expires"] < e["ends"]:
            add("medium", "waiver-invalid",
                f"the waiver for `{id_}` expires on {w['expires']}, before the engagement ends on {e['ends']}; plan the control or a renewal",
                expires_line)
        approver = w.get("approved-by")
        approver_line = line_of(e, r"^\s*-?\s*approved-by:", "^waivers:", n)
        if not approver:
            add("high", "waiver-invalid",
                f"the waiver for `{id_}` has no `approved-by`; name the person who approved it",
                line_of(e, r"^\s*-\s", "^waivers:", n))
        elif not w.get("approved-on"):
            add("high", "waiver-invalid", f"the waiver for `{id_}` has no `approved-on` date",
                line_of(e, r"^\s*-\s", "^waivers:", n))
        else:
            accountable = c["raci"]["accountable"]
            if not any(p["name"] == approver and ("security-officer" in p["roles"] or accountable in p["roles"])
                       for p in e["people"]):
                add("high", "waiver-invalid",
                    f"`{approver}` approved the waiver for `{id_}` but is neither a `security-officer` nor the control's accountable `{accountable}`",
                    approver_line)
        if approver:
            duties = [c["owner"]] + list(c["raci"]["responsible"])
            for p in e["people"]:
                held = [d for d in duties if p["name"] == approver and d in p["roles"]]
                if held:
                    add("high", "waiver-self-approved",
                        f"`{approver}` approved the waiver for `{id_}` but holds its `{held[0]}` role, so they excuse their own work; have it approved by someone entitled to who neither owns nor does the control",
                        approver_line)
                    break

    for p in e["people"]:
        if "security-officer" in p["roles"] and "client-legal" in p["roles"]:
            add("high", "signoff-not-separate",
                f"`{p['name']}` is both `security-officer` and `client-legal`, so one person would sign the security and the legal sign-off; give one of the roles to someone else",
                people_line)

    if e["starts"] > e["ends"]:
        add("high", "dates-inverted",
            f"the engagement starts on {e['starts']} but ends on {e['ends']}; fix one of the dates",
            line_of(e, r"^starts:"))

    dated = [(working_day(calendar_due(c, e), e), calendar_due(c, e), c) for c, _ in applicable]
    access = [d for d in dated if d[2]["category"] == "access"]
    if access:
        first = min(access, key=lambda d: (d[0], d[1]))
        for due, day, c in dated:
            if c["category"] == "contracts" and (due, day) >= first[:2]:
                file = policy["files"][c["id"]]
                builtin = file.startswith(BUILTIN + os.sep)
                add("critical", "contract-after-access",
                    f"contract control `{c['id']}` is due {due} but access is granted from {first[0]} (`{first[2]['id']}`); move its due date before access",
                    people_line if builtin else 1, None if builtin else os.path.relpath(file, workspace["root"]))

    if e["production-access"]:
        t = e.get("tooling") or {}
        missing = []
        if not t.get("pager"):
            missing.append("no `tooling.pager` to page the on-call person through")
        if not t.get("incident-channel"):
            missing.append("no `tooling.incident-channel` to handle incidents in")
        if not any(p.get("phone") for p in e["people"]):
            missing.append("no person with a `phone` to call")
        if missing:
            add("medium", "tooling-missing",
                "production access is granted but the incident runbook has " + ", ".join(missing),
                line_of(e, r"^production-access:"))

    for rule in policy["rules"]:
        if holds(rule["when"], e):
            message = PARAM.sub(lambda m: values[m.group(1)], rule["message"])
            builtin = rule["file"].startswith(BUILTIN + os.sep)
            add(rule["severity"], rule["id"], message, people_line if builtin else 1,
                None if builtin else os.path.relpath(rule["file"], workspace["root"]))

    out.sort(key=lambda f: (SEVERITIES.index(f[0]), f[1], f[3], f[4]))
    return out


# Output.

def normalize(text):
    out, blank = [], 0
    for line in text.splitlines():
        line = line.rstrip()
        if not line:
            blank += 1
            if blank > 1 or not out:
                continue
        else:
            blank = 0
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(normalize(text))


def build(root, out):
    with open(os.path.join(root, "charter.yaml"), encoding="utf-8") as f:
        settings = yaml.load(f, Loader=Loader) or {}
    workspace = {"root": root,
                 "packs_dir": os.path.join(root, settings.get("packs") or "packs")}
    today = datetime.date.fromisoformat(os.environ.get("CHARTER_TODAY") or str(datetime.date.today()))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                             undefined=jinja2.StrictUndefined)
    templates = {name: env.get_template(f"{name}.md") for name, _ in DOCUMENTS}
    person = env.get_template("person.md")
    engagements_dir = os.path.join(root, settings.get("engagements") or "engagements")
    files = sorted(os.path.join(d, f) for d, dirs, names in os.walk(engagements_dir)
                   for f in names if f.endswith((".yaml", ".yml")) and not f.startswith("."))
    merged = {}
    portfolio = []
    for path in files:
        e = load_engagement(path, workspace, today)
        order = tuple(pack_order(e["packs"], os.path.dirname(path), workspace))
        if order not in merged:
            merged[order] = merge(order)
        ctx, people_pages, total, overdue = context(e, merged[order], workspace)
        folder = os.path.join(out, e["id"])
        os.makedirs(folder, exist_ok=True)
        for doc in ctx["documents"]:
            write(os.path.join(folder, doc["name"] + ".md"), templates[doc["name"]].render(ctx))
        if people_pages:
            os.makedirs(os.path.join(folder, "people"), exist_ok=True)
        for link, page in people_pages:
            write(os.path.join(folder, link), person.render(ctx, person=page, overview="../index.md",
                                                            home="../../index.md"))
        view = dict(ctx["engagement"], link=f"{e['id']}/index.md", done=0, total=total, overdue=overdue)
        portfolio.append(view)
    portfolio.sort(key=lambda v: v["id"])
    home = env.get_template("home.md").render(
        engagements=portfolio, count=len(portfolio), done=0,
        total=sum(v["total"] for v in portfolio), overdue=sum(v["overdue"] for v in portfolio),
        home="index.md")
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "index.md"), home)


# --compare: item counts and sizes against charter's wiki.

ITEM = re.compile(r"^\s*- \[[ xX]\] `[A-Z0-9-]+[@#`]", re.M)
ROW = re.compile(r"^\|", re.M)


def charter_page(text):
    """A charter page without what charter adds after rendering: the Notes section (and
    what follows it: Retired, footer), or, on a page without notes (a person's page), the
    footer, the last line if it is `<!-- charter:generated ... -->`."""
    cut = text.find("\n## Notes\n\n<!-- charter:notes -->")
    if cut < 0:
        body = text.rstrip("\n")
        last = body.rfind("\n") + 1
        if not body[last:].startswith("<!-- charter:generated "):
            return text
        cut = last
    return text[:cut].rstrip("\n") + "\n"


def compare(out, wiki):
    stats = {}
    mismatched = []
    pages = identical = full = 0
    for d, _, names in os.walk(wiki):
        for name in names:
            rel = os.path.relpath(os.path.join(d, name), wiki)
            if not name.endswith(".md") or rel.startswith("."):
                continue
            with open(os.path.join(wiki, rel), encoding="utf-8") as f:
                theirs = f.read()
            full += len(theirs.encode())
            theirs = charter_page(theirs)
            mine_path = os.path.join(out, rel)
            mine = open(mine_path, encoding="utf-8").read() if os.path.exists(mine_path) else ""
            doc = "person page" if f"{os.sep}people{os.sep}" in rel else name if os.sep in rel else "home " + name
            s = stats.setdefault(doc, [0, 0, 0, 0, 0, 0, 0, 0.0])
            counts = (len(ITEM.findall(mine)), len(ITEM.findall(theirs)),
                      len(ROW.findall(mine)), len(ROW.findall(theirs)))
            s[0] += 1
            s[1] += counts[0]
            s[2] += counts[1]
            s[3] += counts[2] != counts[3]
            s[4] += len(mine.encode())
            s[5] += len(theirs.encode())
            size_diff = abs(len(mine.encode()) - len(theirs.encode())) / max(1, len(theirs.encode()))
            s[7] = max(s[7], size_diff)
            identical += mine == theirs
            if counts[0] != counts[1] or counts[2] != counts[3]:
                s[6] += 1
                mismatched.append(rel)
            pages += 1
    print(f"{'document':26} {'pages':>6} {'items':>8} {'charter':>8} {'rows-off':>8} "
          f"{'bytes':>11} {'charter':>11} {'size':>7} {'worst':>6}")
    for doc in sorted(stats):
        n, mi, ti, rows_off, mb, tb, _, worst = stats[doc]
        print(f"{doc:26} {n:6} {mi:8} {ti:8} {rows_off:8} {mb:11} {tb:11} "
              f"{(mb - tb) / max(1, tb) * 100:+6.2f}% {worst * 100:5.2f}%")
    mb = sum(s[4] for s in stats.values())
    tb = sum(s[5] for s in stats.values())
    print(f"{'all':26} {pages:6} {'':8} {'':8} {'':8} {mb:11} {tb:11} {(mb - tb) / max(1, tb) * 100:+6.2f}%")
    print(f"charter's pages with their Notes section and footer: {full} bytes "
          f"({(full - mb) / max(1, mb) * 100:+.1f}% on this script's)")
    print(f"pages byte for byte the same as charter's without Notes and footer: {identical} of {pages}")
    print(f"pages whose checklist items or table rows differ: {len(mismatched)}")
    for rel in mismatched[:20]:
        print(f"  {rel}")
    return 1 if mismatched else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace")
    parser.add_argument("out")
    parser.add_argument("--compare", metavar="WIKI",
                        help="after rendering, compare item counts and sizes with charter's wiki")
    args = parser.parse_args()
    build(os.path.abspath(args.workspace), args.out)
    if args.compare:
        sys.exit(compare(args.out, args.compare))


if __name__ == "__main__":
    main()
