#!/usr/bin/env python3
"""Prints one article's sentences with gold regions and predicted regions side by side.

Usage: misses.py ARTICLE_ID|sID [BINARY]   (sID: the shared real set)   (tests/eval/real; never run it on the frozen ids 101-113, 201-212)
"""
import json
import re
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
stem = sys.argv[1]
n = int(stem.lstrip("s"))
if not stem.startswith("s") and 101 <= n <= 113 or 201 <= n <= 212:
    sys.exit("frozen held-out article: not shown")
shared = stem.startswith("s")
if shared:
    stem = stem[1:]
base = here.parent.parent.parent / "shared/eval/real" if shared else here / "real"
gold_dir, art_dir = base / "gold", base / "articles"
binary = sys.argv[2] if len(sys.argv) > 2 else str(here.parent.parent / "target/release/regionwatch")
gold = json.loads((gold_dir / f"{stem}.json").read_text())
pred = json.loads(subprocess.run([binary, "extract", "--format", "json", str(art_dir / f"{stem}.txt")],
                                 capture_output=True, text=True).stdout)
sents = {}
for r in gold["regions"]:
    for kind in ("must", "may"):
        for s in r[kind]:
            sents.setdefault(s, {"gold": [], "pred": []})["gold"].append(r["region"] + ("" if kind == "must" else "?"))
for h in pred.get("highlights", []):
    key = next((s for s in sents if s[:40] == h["text"][:40]), h["text"])
    sents.setdefault(key, {"gold": [], "pred": []})["pred"].append(h["region"])
for s, v in sents.items():
    g = sorted(x.rstrip("?") for x in v["gold"] if not x.endswith("?"))
    mark = "  " if g == sorted(set(v["pred"])) else "!!"
    print(f"{mark} gold={','.join(v['gold'])} pred={','.join(sorted(set(v['pred'])))} | {s[:160]}")
print("notes:", gold.get("notes", ""))
