"""Derive regioplan.yaml from the text extract of the Regioplan Drenthe (seed 003).

Run from the project root:

    python plandata/data/derive_regioplan.py ../shared/seeds > plandata/data/regioplan.yaml

The extract is mostly machine-readable (goal tables are tab-separated rows with HTML
fragments), so most of the plan is parsed. What could not be parsed is curated by hand in
the tables below, each with the reason. docs/plan-data.md explains the rules; a test
checks that this script still reproduces the committed file.
"""

from __future__ import annotations

import difflib
import html
import re
import sys
from pathlib import Path

import yaml

SEED_PLAN = "003_444d5bc8582abb7a.txt"
SEED_RECOMMENDATIONS = "002_47632e506b276a05.txt"

GOAL_ROW = re.compile(r"^(2\.[1-6]\.[1-9])\.?\s*([A-J])\t")
NADER = re.compile(r"^\s*nader te bepalen\s*$", re.I)
YEAR = re.compile(r"\b(20[2-4]\d)\b")
UNDECIDED_YEAR = "[nader te bepalen jaar]"
GOAL_REF = re.compile(r"\b(2\.[1-6]\.[1-9])\.?\s?([A-J])\b")
STRATEGIC_REF = re.compile(r"strategisch doel (2\.[1-6]\.[1-9])\b", re.I)
DEBUG = False

# --- Hand-curated facts the extract lost or never had as structure -------------------
# They are data, kept in curated.yaml beside this script, each table with the reason it
# exists; the rules that use them stay here.

CURATED = yaml.safe_load(Path(__file__).with_name("curated.yaml").read_text(encoding="utf-8"))
ABBREVIATIONS = tuple(CURATED["abbreviations"])
THEMES = CURATED["themes"]
PRIORITY_THEMES = CURATED["priority_themes"]
THREADS = CURATED["threads"]
MUNICIPALITIES = CURATED["municipalities"]
ORG_ALIASES = CURATED["org_aliases"]
GENERIC_ORGS = CURATED["generic_orgs"]
EXTRA_ORGS = CURATED["extra_orgs"]
INITIATOR_SPLITS = CURATED["initiator_splits"]
INITIATIVE_SPLITS = CURATED["initiative_splits"]
INITIATIVE_ALIASES = CURATED["initiative_aliases"]
INITIATIVE_REMARKS = set(CURATED["initiative_remarks"])
TRANSFORMATION_PARTNERS = CURATED["transformation_partners"]
RESIDENT_INITIATIVES = CURATED["resident_initiatives"]
RECOMMENDATION_TITLES = CURATED["recommendation_titles"]
REPORTED_GOAL_COUNTS = CURATED["reported_goal_counts"]
REPORTED_LIFESTYLE_COUNTS = CURATED["reported_lifestyle_counts"]

# The plan's quantified targets as KPIs, each linked to the goal that states it, with the
# sentence of the plan it comes from. Written by hand: the numbers are in running text.
# A KPI's code is stable; sources name where the figures can come from (docs/monitoring.md).
# CBS measure keys (e.g. "Overgewicht_..") differ per table edition, so they are not guessed
# here: the connector asks for the key, read from the table's DataProperties.
SYMBOLS = {"<": "<", ">": ">", "≤": "<=", "≥": ">=", "<=": "<=", ">=": ">="}
DEFAULT_COMPARATOR = {"higher": ">=", "lower": "<=", "band": "range"}


def comparator(quote: str, value, direction: str) -> str:
    """The comparison the plan states before the target ("<5%", ">46%", "≤ 38%"), else the
    one the direction implies (at least for "higher", at most for "lower")."""
    number = re.escape(str(value)).replace(r"\.", "[.,]")
    found = re.search(rf"(<=|>=|[<>≤≥])\s*{number}\s*%", quote)
    return SYMBOLS[found.group(1)] if found else DEFAULT_COMPARATOR[direction]


def _kpi(code, goal, name, quote, unit, direction, year, value, **extra):
    target = {"year": year, "value": value, "comparator": comparator(quote, value, direction)}
    return {
        "code": code,
        "name": name,
        "goals": [goal],
        "plan_quote": quote,
        "unit": unit,
        "direction": direction,
        "targets": [target],
        "source": extra.pop("source", "partner"),
        "frequency": extra.pop("frequency", "yearly"),
        "level": extra.pop("level", "drenthe"),
        "aggregation": extra.pop("aggregation", "none"),
        **extra,
    }


# A KPI with "_target: true" in curated.yaml states one target in the plan's words; _kpi()
# adds the defaults and reads the comparison from the quote.
KPIS = [
    _kpi(**{k: v for k, v in kpi.items() if k != "_target"}) if kpi.get("_target") else kpi
    for kpi in CURATED["kpis"]
]


def parse_recommendations(lines: list[str]) -> list[dict]:
    start = next(i for i, ln in enumerate(lines) if ln.strip().startswith("2.1. Aanbevelingen"))
    end = next(i for i, ln in enumerate(lines) if "2.2. Prioritisering" in ln)
    text = " ".join(
        ln.strip() for ln in lines[start + 1 : end] if ln.strip() and not ln.startswith("http")
    )
    parts = re.split(r"(?:^| )(\d{1,2})\. (?=[A-Z])", text)
    found: dict[int, str] = {}
    for number, body in zip(parts[1::2], parts[2::2], strict=False):
        n = int(number)
        if 1 <= n <= 10 and n not in found:  # the extract repeats 10 inside 9: keep the first text
            found[n] = clean(body)
    out = []
    for n in range(1, 11):
        body = found[n]
        if ":" in body[:120]:
            body = body.split(":", 1)[1].strip()
        out.append(
            {
                "number": n,
                "title": RECOMMENDATION_TITLES[n - 1],
                "text": body,
                "reported_goal_count": REPORTED_GOAL_COUNTS.get(n),
                "reported_lifestyle_count": REPORTED_LIFESTYLE_COUNTS.get(n),
            }
        )
    return out


def resident_initiatives(goals: dict[str, dict]) -> list[dict]:
    out = []
    for name, place, cbs, kind, plan_name, description in RESIDENT_INITIATIVES:
        linked = sorted(
            code for code, g in goals.items() if plan_name and plan_name in g["initiatives"]
        )
        out.append(
            {
                "name": name,
                "place": place,
                "municipality": cbs,
                "kind": kind,
                "plan_initiative": plan_name,
                "description": description,
                "goals": linked,
            }
        )
    return out


# --- Parsing helpers -------------------------------------------------------------------


def clean(text: str) -> str:
    text = html.unescape(text)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


# An HTML tag starts with a letter (or / and a letter): "<18 jaar", "< 5%" and "<5%" in the
# plan's text are comparisons, not tags, and must survive.
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


def strip_tags(fragment: str) -> str:
    return clean(TAG.sub(" ", fragment))


def blocks(cell: str) -> tuple[list[str], list[str]]:
    """Split a goal cell into (paragraphs, bullets)."""
    paragraphs: list[str] = []
    bullets: list[str] = []
    # Cut the cell at list boundaries; text inside lists splits on bullets.
    parts = re.split(r"(<[uo]l[^>]*>|</[uo]l>)", cell)
    in_list = False
    for part in parts:
        if re.match(r"<[uo]l", part):
            in_list = True
            continue
        if re.match(r"</[uo]l>", part):
            in_list = False
            continue
        if in_list or "•" in part:
            pieces = part.split("•")
            head = strip_tags(pieces[0])
            if head:
                # Text in a list before its first bullet: part of the goal text.
                paragraphs.append(head)
            bullets.extend(p for p in (strip_tags(x) for x in pieces[1:]) if p)
        else:
            for p in re.split(r"</?p>", part):
                p = strip_tags(p)
                if p:
                    paragraphs.append(p)
    return paragraphs, bullets


def first_sentence(text: str) -> str:
    for match in re.finditer(r"[.!?:](?=\s+[A-Z\"'‘(]|$)", text):
        before = text[: match.start()]
        if any(before.endswith(a) for a in ABBREVIATIONS):
            continue
        if re.search(r"\d$", before):  # "2.1.3." or "2.1."
            continue
        if match.group() == ":" and len(before) < 40:  # "Digitaal tenzij: In 2024 ..."
            continue
        sentence = text[: match.end()].strip()
        return sentence
    return text


def target_year(text: str) -> tuple[int | None, bool]:
    """Return (year, undecided) from the lead text of a goal."""
    if UNDECIDED_YEAR in text:
        return None, True
    match = YEAR.search(text)
    return (int(match.group(1)), False) if match else (None, False)


def code_of(raw: str) -> str:
    match = re.match(r"(2\.[1-6]\.[1-9])\.?\s*([A-J])", raw.strip())
    return f"{match.group(1)}.{match.group(2)}"


def cell_items(cell: str) -> list[str]:
    """Items of an initiative/initiator cell where the extract kept them apart."""
    cell = cell.replace("</p>", "\n").replace("</i>", "\n")
    items = [strip_tags(x) for x in cell.split("\n")]
    items = [x for x in items if x]
    out: list[str] = []
    for item in items:
        # Sub-bullets inside one item.
        out.extend(p.strip() for p in item.split("•") if p.strip())
    return out


# --- The plan ----------------------------------------------------------------------------


def parse_plan(lines: list[str]) -> dict:
    goals: dict[str, dict] = {}
    strategic: dict[str, dict] = {}
    initiative_rows: dict[str, tuple[str, str]] = {}
    current_sg = None
    for i, line in enumerate(lines):
        m = re.match(r"^Strategisch doel (2\.[1-6]\.[1-9])\.?\s*$", line.strip())
        if m:
            current_sg = m.group(1)
            j = i + 1
            while not lines[j].strip():
                j += 1
            strategic[current_sg] = {"code": current_sg, "text": clean(lines[j])}
            continue
        m = GOAL_ROW.match(line)
        if not m:
            continue
        cols = line.rstrip("\n").split("\t")
        code = f"{m.group(1)}.{m.group(2)}"
        if len(cols) >= 6:
            marks = [
                year
                for year, col in zip([2024, 2025, 2026, 2027], cols[2:6], strict=False)
                if col.strip()
            ]
            goals[code] = {"source_code": cols[0].strip(), "cell": cols[1], "year_marks": marks}
        elif len(cols) == 3:
            initiative_rows[code] = (cols[1], cols[2])
    return {"goals": goals, "strategic": strategic, "initiative_rows": initiative_rows}


def build_goal(code: str, raw: dict | None, row: tuple[str, str] | None, orgs: OrgBook) -> dict:
    goal: dict = {"code": code}
    if raw is None:
        goal.update(
            {
                "source_code": f"{code[:5]}. {code[-1]}",
                "kind": "operational_goal",
                "title": "",
                "text": "",
                "bullets": [],
                "target_year": None,
                "target_year_undecided": False,
                "year_marks": [],
                "incomplete_in_source": True,
                "source_note": "De tekst van dit doel ontbreekt in de bron; alleen de rij met "
                "initiatieven "
                "en initiatiefnemers is bewaard gebleven.",
            }
        )
    else:
        paragraphs, bullets = blocks(raw["cell"])
        if not paragraphs and bullets:
            paragraphs = [bullets.pop(0)]
        text = "\n\n".join(paragraphs)
        year, undecided = target_year(paragraphs[0] if paragraphs else "")
        goal.update(
            {
                "source_code": raw["source_code"],
                "kind": "solution_direction" if code.startswith("2.6.3.") else "operational_goal",
                "title": first_sentence(paragraphs[0]),
                "text": text,
                "bullets": bullets,
                "target_year": year,
                "target_year_undecided": undecided,
                "year_marks": raw["year_marks"],
                "incomplete_in_source": False,
            }
        )
        whole = " ".join([text, *bullets])
        refs = sorted({f"{a}.{b}" for a, b in GOAL_REF.findall(whole)} - {code})
        strat = sorted(set(STRATEGIC_REF.findall(whole)))
        goal["related_goals"] = refs
        goal["related_strategic_goals"] = strat
    goal.setdefault("related_goals", [])
    goal.setdefault("related_strategic_goals", [])
    goal["priority_themes"] = []
    goal["initiatives"], goal["initiatives_note"] = [], ""
    goal["initiators"], goal["initiators_note"] = [], ""
    if row:
        goal["initiatives"], goal["initiatives_note"] = initiatives_of(code, row[0])
        goal["initiators"], goal["initiators_note"] = initiators_of(code, row[1], orgs)
    return goal


def initiatives_of(code: str, cell: str) -> tuple[list[str], str]:
    items = cell_items(cell)
    note = ""
    if code in INITIATIVE_SPLITS:
        items, note = INITIATIVE_SPLITS[code]
        if note is None:
            note = strip_tags(cell)
    names = []
    for item in items:
        if NADER.match(item):
            continue
        if item in INITIATIVE_REMARKS:
            note = (note + " " + item).strip()
            continue
        item = re.sub(r"^Bijvoorbeeld\s+", "", item)
        names.append(INITIATIVE_ALIASES.get(item, item))
    return list(dict.fromkeys(names)), note


def initiators_of(code: str, cell: str, orgs: OrgBook) -> tuple[list[str], str]:
    items = cell_items(cell)
    note = ""
    if code in INITIATOR_SPLITS:
        items, note = INITIATOR_SPLITS[code]
        if note is None:
            note = strip_tags(cell)
    names = []
    for item in items:
        if NADER.match(item):
            continue
        if item.startswith("Samenwerking wordt gezocht"):
            note = item
            continue
        if item == "Verzorging en Thuiszorg (Drentse VVT Partijen)":
            item = "Drentse VVT Partijen"
        if (
            item == "Verpleging"
        ):  # first half of "Verpleging, Verzorging en Thuiszorg" split over two <p>
            continue
        if item == "Zorgbelang/ Denktank 60+":
            names += [orgs.canonical("Zorgbelang"), orgs.canonical("Denktank 60+")]
            continue
        names.append(orgs.canonical(item))
    return list(dict.fromkeys(names)), note


class OrgBook:
    """The organisations of the plan, by canonical name."""

    def __init__(self) -> None:
        self.orgs: dict[str, dict] = {}

    def canonical(self, name: str) -> str:
        name = ORG_ALIASES.get(name, name)
        if name not in self.orgs:
            sector = GENERIC_ORGS.get(name) or EXTRA_ORGS.get(name)
            if sector is None:
                raise SystemExit(
                    f"unknown organisation {name!r}: add it to EXTRA_ORGS or ORG_ALIASES"
                )
            self.add(name, sector=sector, coalition="", generic=name in GENERIC_ORGS)
        return name

    def add(self, name, *, sector, coalition, generic=False, municipality=None, full_name=""):
        name = ORG_ALIASES.get(name, name)
        existing = self.orgs.get(name)
        if existing:
            # A body named in both coalitions (Hoogeveen in Bijlage B) counts as leading.
            if existing["coalition"] != "leidend" and coalition == "leidend":
                existing["coalition"] = coalition
                existing["sector"] = sector
            return name
        self.orgs[name] = {
            "name": name,
            "sector": sector,
            "coalition": coalition,
            "generic": generic,
            "municipality": municipality,
        }
        return name


def parse_coalition(lines: list[str], orgs: OrgBook) -> None:
    start = next(
        i for i, ln in enumerate(lines) if ln.startswith("\tLeidende coalitie\tBrede coalitie")
    )
    municipalities = {name: code for code, name in MUNICIPALITIES}
    municipalities["Borger-Odoom"] = "GM1681"  # extract typo
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        sector, leading, broad = (line.rstrip("\n").split("\t") + ["", ""])[:3]
        sector = sector.strip()
        for coalition, cell in (("leidend", leading), ("breed", broad)):
            cell = cell.strip().rstrip(".")
            if not cell:
                continue
            if sector == "Drentse welzijnsorganisaties" and coalition == "breed":
                cell = cell.replace("5D-samenwerking:", "")
            for name in [n.strip() for n in cell.split(",") if n.strip()]:
                if sector == "Gemeenten":
                    code = municipalities[name]
                    official = dict(MUNICIPALITIES)[code]
                    orgs.add(
                        f"Gemeente {official}",
                        sector="Gemeenten",
                        coalition=coalition,
                        municipality=code,
                    )
                elif name == "Individuele HA in Drenthe":
                    orgs.add("Huisartsen", sector="Huisartsen", coalition=coalition, generic=True)
                else:
                    orgs.add(name, sector=sector, coalition=coalition)
    # Sectors of Bijlage B that lead under an alias already known.
    orgs.add("Wilhelmina Ziekenhuis Assen", sector="Ziekenhuizen", coalition="leidend")


def parse_priority_ambitions(lines: list[str]) -> dict[str, str]:
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "Ambities 2040")
    headings = {h: slug for slug, _, _, h, _, _ in PRIORITY_THEMES}
    out: dict[str, list[str]] = {}
    current = None
    for line in lines[start + 1 :]:
        s = line.strip()
        if s == "Regio-opgaven":
            break
        if s in headings:
            current = headings[s]
            out[current] = []
            continue
        if current and s:
            out[current].append(s.strip('"“”'))
    return {k: "\n\n".join(v) for k, v in out.items()}


def parse_iza_matrix(lines: list[str]) -> dict[int, dict]:
    rows = {}
    for line in lines:
        cols = line.rstrip("\n").split("\t")
        if cols[0] in (
            "Bestuurlijke trekkers:",
            "Vertegenwoordiging in de schrijfteams:",
            "Facilitator:",
        ):
            rows[cols[0]] = cols[1:]
    out = {}
    for col in range(1, 7):
        leads = [x.strip() for x in rows["Bestuurlijke trekkers:"][col - 1].split(",")]
        team = [
            x
            for x in (
                strip_tags(p)
                for p in rows["Vertegenwoordiging in de schrijfteams:"][col - 1].split("•")
            )
            if x
        ]
        out[col] = {
            "administrative_leads": leads,
            "writing_team": team,
            "facilitator": clean(rows["Facilitator:"][col - 1]),
        }
    return out


def parse_programmes(lines: list[str], orgs: OrgBook) -> list[dict]:
    start = next(
        i
        for i, ln in enumerate(lines)
        if ln.strip() == "Bijlage A Overzicht transformatie programma's"
    )
    end = next(i for i, ln in enumerate(lines) if ln.strip() == "Bijlage B Governance")
    programmes: list[dict] = []
    current = None
    for line in lines[start:end]:
        s = line.strip()
        m = re.match(r"^([1-8])\. (.+?)(²⁶)?$", s)
        if m and not s.startswith("Bijlage"):
            current = {
                "number": int(m.group(1)),
                "name": m.group(2).strip(),
                "objective": "",
                "context": "",
                "partners": [],
                "contribution": "",
                "strategic_goals": [],
                "operational_goals": [],
            }
            programmes.append(current)
            continue
        if current is None or not s:
            continue
        if s.startswith("Doelstelling"):
            current["objective"] = clean(s.split(":", 1)[1])
        elif s.startswith("- ") and not current["contribution"]:
            current["objective"] = (current["objective"] + "\n" + clean(s[2:])).strip()
        elif s.startswith("Context:"):
            current["context"] = clean(s.split(":", 1)[1])
        elif s.startswith("Samenwerkingspartners:"):
            for name in s.split(":", 1)[1].split(","):
                name = TRANSFORMATION_PARTNERS.get(name.strip(), name.strip())
                current["partners"].append(
                    orgs.add(name, sector=EXTRA_ORGS.get(name, "Zorg"), coalition="")
                )
        elif s.startswith("Bijdrage aan regioplan:"):
            current["contribution"] = clean(s.split(":", 1)[1])
        elif s.startswith("- ") and current["contribution"]:
            current["operational_goals"] += [f"{a}.{b}" for a, b in GOAL_REF.findall(s)]
            rest = GOAL_REF.sub("", s)
            current["strategic_goals"] += re.findall(r"\b(2\.[1-6]\.[1-9])\b", rest)
    return programmes


# --- Seed 002: the work agenda's goals per priority theme ----------------------------------


def parse_work_agenda(lines: list[str]) -> dict[str, list[str]]:
    """Return {priority theme slug: [goal texts]} from seed 002's annex."""
    by_heading = {h: slug for slug, _, _, _, h, _ in PRIORITY_THEMES}
    start = next(
        i for i, ln in enumerate(lines) if ln.strip().startswith("3.1 Vitaal ouder worden")
    )
    out: dict[str, list[str]] = {}
    current = None
    item: list[str] = []

    def flush():
        if current and item:
            out[current].append(clean(" ".join(item)))

    for line in lines[start:]:
        s = line.strip()
        m = re.match(r"^3\.[1-6]\.? (.+)$", s)
        if m and m.group(1).strip() in by_heading:
            flush()
            item = []
            current = by_heading[m.group(1).strip()]
            out[current] = []
            continue
        if re.match(r"^[A-Z]{1,2}\. ", s):
            flush()
            item = [re.sub(r"^[A-Z]{1,2}\. ", "", s)]
            continue
        if item and s and not re.match(r"^[\d ]+$", s) and s not in by_heading:
            item.append(s)
    flush()
    return out


def normalise(text: str) -> str:
    text = text.replace("-\n", "").lower()
    text = re.sub(r"[^a-z0-9%]+", " ", text)
    return text.strip()


def match_agenda(agenda: dict[str, list[str]], goals: dict[str, dict]) -> list[str]:
    """Attach priority themes to goals; return the agenda items that matched no goal."""
    # An agenda item quotes a goal's lead text or one of its bullets.
    candidates = [
        (code, normalise(segment))
        for code, g in goals.items()
        for segment in [g["text"], *g["text"].split("\n\n"), *g["bullets"]]
        if segment
    ]
    unmatched = []
    for slug, texts in agenda.items():
        for text in texts:
            needle = normalise(text)[:160]
            best, score = None, 0.0
            for code, hay in candidates:
                ratio = difflib.SequenceMatcher(None, needle, hay[: len(needle) + 10]).ratio()
                if ratio > score:
                    best, score = code, ratio
            if score < 0.6:
                unmatched.append(f"{slug}: {text[:80]} (best {best} {score:.2f})")
                continue
            if DEBUG:
                print(f"{score:.2f} {slug} {best} {text[:60]}", file=sys.stderr)
            if slug not in goals[best]["priority_themes"]:
                goals[best]["priority_themes"].append(slug)
    return unmatched


def build_themes(parsed: dict, goals: dict, codes: list[str]) -> list[dict]:
    """Nest the goals under their strategic goals and those under the six themes."""
    themes = []
    for code, name, slogan, focus in THEMES:
        sgs = []
        for sg_code in sorted(c for c in parsed["strategic"] if c.startswith(code + ".")):
            sg = dict(parsed["strategic"][sg_code])
            sg["operational_goals"] = [goals[c] for c in codes if c.startswith(sg_code + ".")]
            sgs.append(sg)
        themes.append(
            {
                "code": code,
                "name": name,
                "slogan": slogan,
                "focus_areas": focus,
                "strategic_goals": sgs,
            }
        )
    return themes


def derive(seeds: Path) -> dict:
    lines = (seeds / SEED_PLAN).read_text(encoding="utf-8").splitlines()
    rec_lines = (seeds / SEED_RECOMMENDATIONS).read_text(encoding="utf-8").splitlines()
    orgs = OrgBook()
    parse_coalition(lines, orgs)
    parsed = parse_plan(lines)
    ambitions = parse_priority_ambitions(lines)
    matrix = parse_iza_matrix(lines)

    codes = sorted(set(parsed["goals"]) | set(parsed["initiative_rows"]))
    goals = {
        c: build_goal(c, parsed["goals"].get(c), parsed["initiative_rows"].get(c), orgs)
        for c in codes
    }
    unmatched = match_agenda(parse_work_agenda(rec_lines), goals)
    if unmatched:
        raise SystemExit("work agenda items without a goal:\n" + "\n".join(unmatched))
    for g in goals.values():
        order = [slug for slug, *_ in PRIORITY_THEMES]
        g["priority_themes"].sort(key=order.index)

    themes = build_themes(parsed, goals, codes)
    programmes = parse_programmes(lines, orgs)
    initiatives = sorted({n for g in goals.values() for n in g["initiatives"]}, key=str.lower)
    dream = next(
        clean(ln) for ln in lines if ln.startswith("In 2040 hebben kwetsbare groepen er 10")
    )

    return {
        "plan": {
            "slug": "regioplan-drenthe",
            "name": "Regioplan Drenthe",
            "subtitle": "Samenwerken aan een vitaal Drenthe",
            "horizon_year": 2040,
            "start_year": 2024,
            "dream": dream,
            "source": "Regioplan Drenthe (IZA), tekstextract seed 003",
        },
        "municipalities": [{"cbs_code": c, "name": n} for c, n in MUNICIPALITIES],
        "threads": [{"slug": s, "name": n} for s, n in THREADS],
        "priority_themes": [
            {
                "slug": slug,
                "number": number,
                "name": name,
                "ambition": ambitions[slug],
                **matrix[col],
            }
            for slug, number, name, _, _, col in PRIORITY_THEMES
        ],
        "organisations": sorted(orgs.orgs.values(), key=lambda o: o["name"].lower()),
        "initiatives": [{"name": n} for n in initiatives],
        "themes": themes,
        "transformation_programmes": programmes,
        "kpis": KPIS,
        "resident_initiatives": resident_initiatives(goals),
        "recommendations": parse_recommendations(rec_lines),
    }


def main() -> None:
    seeds = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
    data = derive(seeds)
    header = (
        "# The Regioplan Drenthe, derived from seed 003 (and seed 002's work agenda) by\n"
        "# plandata/data/derive_regioplan.py. See docs/plan-data.md. Reviewable by hand;\n"
        "# regenerate rather than edit, so the derivation stays reproducible.\n"
    )
    sys.stdout.write(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))


if __name__ == "__main__":
    main()
