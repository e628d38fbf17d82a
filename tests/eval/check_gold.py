#!/usr/bin/env python3
"""Check the hand-labelled evaluation set before it is used for scoring.

For every gold/NAME.json: the file is valid JSON with the fields score.py reads; `article` is NAME;
articles/NAME.txt or articles/NAME.html exists; every `must`/`may` sentence is a verbatim substring of
the article text (HTML: scripts, styles and tags removed, entities decoded; whitespace collapsed on
both sides); every region's `code` is a province-level GB/T 2260 code of
crates/regionwatch-extract/src/gazetteer/data/regions.csv
and matches its `region` name; no region is also listed in `not_regions`; `body_must_not_contain`
strings do occur in the input (otherwise they test nothing).

Usage: python3 tests/eval/check_gold.py [--dir DIR] [NAME ...]     (standard library only; exit 1 on any problem)

DIR holds gold/ and articles/ (default: tests/eval itself, e.g. --dir tests/eval/real for the real set).
"""
import csv
import html
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGIONS_CSV = (HERE.parent.parent / "crates" / "regionwatch-extract" / "src" / "gazetteer" / "data"
               / "regions.csv")
REQUIRED = ["article", "title", "published", "source", "editors", "body_must_not_contain", "regions",
            "not_regions", "notes"]


def provinces():
    with open(REGIONS_CSV, encoding="utf-8") as f:
        return {r["code"]: r["name_en"] for r in csv.DictReader(f) if r["level"] == "province"}


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def decode(path):
    """Article bytes as text: UTF-8 (BOM or strict), else GB18030 (pages saved in GBK/GB2312)."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def article_text(path):
    raw = decode(path)
    if path.suffix == ".html":
        raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
        raw = re.sub(r"(?s)<!--.*?-->", " ", raw)
        raw = re.sub(r"<[^>]+>", " ", raw)
        raw = html.unescape(raw)
    return squash(raw)


def check(gold_path, codes, base=HERE):
    problems = []
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except ValueError as e:
        return [f"invalid JSON: {e}"]
    name = gold_path.stem
    for key in REQUIRED:
        if key not in gold:
            problems.append(f"missing field {key!r}")
    if gold.get("article") != name:
        problems.append(f"'article' is {gold.get('article')!r}, expected {name!r}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(gold.get("published", ""))):
        problems.append("'published' is not YYYY-MM-DD")
    arts = [p for p in (base / "articles" / f"{name}.txt", base / "articles" / f"{name}.html") if p.exists()]
    if len(arts) != 1:
        return problems + [f"expected exactly one article file articles/{name}.txt|.html, found {len(arts)}"]
    text = article_text(arts[0])
    raw = decode(arts[0])
    if squash(gold.get("title", "")) not in text:
        problems.append("title not found in the article")
    for s in gold.get("body_must_not_contain", []):
        if s not in raw and s not in text:
            problems.append(f"body_must_not_contain string not in the input: {s!r}")
    seen = set()
    not_regions = {n.lower() for n in gold.get("not_regions", [])}
    for r in gold.get("regions", []):
        region, code = r.get("region"), str(r.get("code", ""))
        if code not in codes:
            problems.append(f"{region}: code {code!r} is not a province-level code")
        elif codes[code] != region:
            problems.append(f"{region}: code {code} is {codes[code]}")
        if region in seen:
            problems.append(f"{region}: listed twice")
        seen.add(region)
        if region and region.lower() in not_regions:
            problems.append(f"{region}: both a region and in not_regions")
        if not r.get("must"):
            problems.append(f"{region}: no must sentence")
        for kind in ("must", "may"):
            for sent in r.get(kind, []):
                if squash(sent) not in text:
                    problems.append(f"{region} {kind} not verbatim in article: {sent[:90]!r}")
        for place in r.get("places", []):
            if squash(place) not in text:
                problems.append(f"{region}: place {place!r} not in article")
    return problems


def main(argv):
    codes = provinces()
    base = HERE
    if argv[:1] == ["--dir"] and len(argv) > 1:
        base, argv = Path(argv[1]).resolve(), argv[2:]
    golds = sorted((base / "gold").glob("*.json"))
    if argv:
        golds = [g for g in golds if g.stem in argv]
    bad = 0
    for g in golds:
        problems = check(g, codes, base)
        bad += bool(problems)
        print(f"{g.stem}: {'ok' if not problems else 'PROBLEMS'}")
        for p in problems:
            print("   ", p)
    print(f"{len(golds)} gold files, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
