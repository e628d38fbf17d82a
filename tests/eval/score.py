#!/usr/bin/env python3
"""Score region-highlight extraction against hand-labelled gold files.

Usage:
  score.py GOLD.json PRED.json            one article
  score.py --dir GOLD_DIR PRED_DIR        every GOLD_DIR/NAME.json against PRED_DIR/NAME.json

PRED is what `extract --format json` prints for the article. The fields read are:
  title, published, source, editors, body (optional), and
  highlights: [{"region": <English name of a province-level division>, "region_code": <GB/T 2260 code, optional>,
                "text": <the highlight sentence(s)>, ...}]

A gold "must" highlight counts as found when one predicted highlight of the same region holds at least
70% of its word tokens. A predicted highlight counts as right when at least half of its tokens lie in one
gold sentence (must or may) of the same region, or it holds 70% of one. CJK text is tokenised by character.
The last line is the figure: micro-averaged over all articles.
"""
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

# Copied from the project's shared evaluation kit; only this path differs (the gazetteer
# lives in the crate here).
REGIONS_CSV = (Path(__file__).resolve().parent.parent.parent / "crates" / "regionwatch-extract"
               / "src" / "gazetteer" / "data" / "regions.csv")

ALIASES = {
    "tibet": "xizang", "xizang autonomous region": "xizang", "macau": "macao",
    "inner mongolia autonomous region": "inner mongolia", "nei mongol": "inner mongolia",
    "hong kong sar": "hong kong", "macao sar": "macao",
}
TOKEN = re.compile(r"[\u3400-\u9fff]|[^\W_]+", re.UNICODE)


def tokens(text):
    return Counter(t.lower() for t in TOKEN.findall(text or ""))


def overlap(a, b):
    return sum((a & b).values())


def norm_region(name):
    n = re.sub(r"\s+", " ", (name or "").strip().lower())
    n = re.sub(r" (province|municipality|city|special administrative region)$", "", n)
    return ALIASES.get(n, n)


def province_names():
    """GB/T 2260 province-level code -> normalised English name, and every English alias -> name."""
    by_code, by_alias = {}, {}
    with open(REGIONS_CSV, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] == "province":
                name = norm_region(row["name_en"])
                by_code[row["code"]] = name
                for alias in [row["name_en"], row["name_zh"], row["short_zh"]] + row["aliases_en"].split(";"):
                    if alias:
                        by_alias[norm_region(alias)] = name
    return by_code, by_alias


BY_CODE, BY_ALIAS = province_names()


def region_key(item):
    """The province-level division a predicted highlight names: by code (rolled up), else by name."""
    code = str(item.get("region_code") or "")
    if re.fullmatch(r"\d{6}", code) and code[:2] + "0000" in BY_CODE:
        return BY_CODE[code[:2] + "0000"]
    name = norm_region(item.get("region"))
    return BY_ALIAS.get(name, name)


def score_article(gold, pred):
    gold_regions = {BY_ALIAS.get(norm_region(r["region"]), norm_region(r["region"])): r for r in gold["regions"]}
    by_region = {}
    for h in pred.get("highlights", []):
        by_region.setdefault(region_key(h), []).append(tokens(h.get("text")))

    s = Counter()
    problems = []
    pred_regions = set(by_region)
    s["region_tp"] = len(pred_regions & set(gold_regions))
    s["region_fp"] = len(pred_regions - set(gold_regions))
    s["region_fn"] = len(set(gold_regions) - pred_regions)
    for r in sorted(set(gold_regions) - pred_regions):
        problems.append(f"missed region: {r}")
    for r in sorted(pred_regions - set(gold_regions)):
        bad = r in {BY_ALIAS.get(norm_region(x), norm_region(x)) for x in gold.get("not_regions", [])}
        problems.append(f"{'FORBIDDEN' if bad else 'extra'} region: {r}")
        s["forbidden"] += bad

    for name, g in gold_regions.items():
        preds = by_region.get(name, [])
        for sent in g["must"]:
            gt = tokens(sent)
            found = any(overlap(gt, p) >= 0.7 * sum(gt.values()) for p in preds)
            s["must_found" if found else "must_missed"] += 1
            if not found:
                problems.append(f"missed highlight [{name}]: {sent[:100]}")
    for name, preds in by_region.items():
        g = gold_regions.get(name)
        golds = [tokens(x) for x in (g["must"] + g["may"])] if g else []
        for p in preds:
            n = sum(p.values()) or 1
            ok = any(overlap(p, gt) >= 0.5 * n or overlap(p, gt) >= 0.7 * sum(gt.values()) for gt in golds)
            s["pred_right" if ok else "pred_wrong"] += 1
            if not ok:
                problems.append(f"wrong highlight [{name}]: {' '.join(list(p))[:100]}")

    # metadata
    def same(a, b):
        return re.sub(r"\s+", " ", (a or "").strip()).lower() == re.sub(r"\s+", " ", (b or "").strip()).lower()
    meta = {}
    if "title" in gold:
        meta["title"] = same(pred.get("title"), gold["title"])
    if "published" in gold:
        meta["published"] = str(pred.get("published") or "")[:10] == gold["published"][:10]
    if "source" in gold:
        meta["source"] = same(pred.get("source"), gold["source"])
    if "editors" in gold:
        meta["editors"] = sorted(pred.get("editors") or []) == sorted(gold["editors"])
    body = pred.get("body")
    if body is not None:
        meta["clean_body"] = not any(b.lower() in body.lower() for b in gold.get("body_must_not_contain", []))
    for k, ok in meta.items():
        s["meta_ok" if ok else "meta_bad"] += 1
        if not ok:
            problems.append(f"metadata wrong: {k}")
    return s, problems


def ratio(a, b):
    return a / b if b else 0.0


def main(argv):
    pairs = []
    if argv[:1] == ["--dir"] and len(argv) == 3:
        gdir, pdir = Path(argv[1]), Path(argv[2])
        for g in sorted(gdir.glob("*.json")):
            pairs.append((g, pdir / g.name))
    elif len(argv) == 2:
        pairs.append((Path(argv[0]), Path(argv[1])))
    else:
        print(__doc__)
        return 2
    total = Counter()
    for gpath, ppath in pairs:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        try:
            pred = json.loads(ppath.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"{gpath.stem}: no usable prediction ({e})")
            pred = {}
        s, problems = score_article(gold, pred)
        total += s
        print(f"{gpath.stem}: must {s['must_found']}/{s['must_found'] + s['must_missed']}, "
              f"right {s['pred_right']}/{s['pred_right'] + s['pred_wrong']}, regions +{s['region_fp']} -{s['region_fn']}")
        for p in problems:
            print("   ", p)
    rp = ratio(total["region_tp"], total["region_tp"] + total["region_fp"])
    rr = ratio(total["region_tp"], total["region_tp"] + total["region_fn"])
    hp = ratio(total["pred_right"], total["pred_right"] + total["pred_wrong"])
    hr = ratio(total["must_found"], total["must_found"] + total["must_missed"])
    f1 = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0
    meta = ratio(total["meta_ok"], total["meta_ok"] + total["meta_bad"])
    print(f"score: articles={len(pairs)} region_f1={f1(rp, rr):.3f} highlight_p={hp:.3f} highlight_r={hr:.3f} "
          f"highlight_f1={f1(hp, hr):.3f} metadata={meta:.3f} forbidden={total['forbidden']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
