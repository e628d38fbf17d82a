//! The labelled evaluation set (`tests/eval/`) scored by the project's scorer:
//! extraction must not fall below the quality it reached when the set was
//! labelled. Also scores the shared seed article and the shared set of real
//! articles (`../shared/eval/real`) when `../shared` is present: it is beside
//! the clone in CI, where its absence fails both (`shared_support`).

mod shared_support;

use regionwatch_extract::{Hints, extract};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Score {
    region_f1: f64,
    highlight_p: f64,
    highlight_f1: f64,
    metadata: f64,
    forbidden: u32,
}

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval")
}

/// Extracts every article named in `gold_dir` into a fresh folder of predictions.
fn predict(gold_dir: &Path, article_of: impl Fn(&str) -> PathBuf) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    for gold in std::fs::read_dir(gold_dir).expect("gold dir") {
        let gold = gold.expect("gold entry").path();
        if gold.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let name = gold.file_stem().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(article_of(&name)).expect("article of gold file");
        let json = match extract(&bytes, &Hints::default()) {
            Ok(x) => serde_json::to_string(&x).unwrap(),
            Err(e) => panic!("{name}: extraction failed: {e}"),
        };
        std::fs::write(out.path().join(format!("{name}.json")), json).unwrap();
    }
    out
}

fn score(args: &[&Path]) -> (Score, String) {
    let output = Command::new("python3")
        .arg(eval_dir().join("score.py"))
        .args(args)
        .output()
        .expect("python3 runs the scorer (install python3)");
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "scorer failed:\n{report}");
    let last = report.lines().last().expect("score line");
    let field = |key: &str| -> f64 {
        let start = last
            .find(&format!("{key}="))
            .unwrap_or_else(|| panic!("{key} in {last}"))
            + key.len()
            + 1;
        last[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let score = Score {
        region_f1: field("region_f1"),
        highlight_p: field("highlight_p"),
        highlight_f1: field("highlight_f1"),
        metadata: field("metadata"),
        forbidden: field("forbidden") as u32,
    };
    (score, report)
}

#[test]
fn labelled_set_keeps_its_quality() {
    let dir = eval_dir();
    let articles = dir.join("articles");
    let preds = predict(&dir.join("gold"), |name| {
        ["txt", "html"]
            .iter()
            .map(|ext| articles.join(format!("{name}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no article for {name}"))
    });
    let (s, report) = score(&[Path::new("--dir"), &dir.join("gold"), preds.path()]);
    println!("{report}");
    assert!(
        s.region_f1 >= 0.92,
        "region_f1 {} fell\n{report}",
        s.region_f1
    );
    assert!(
        s.highlight_f1 >= 0.92,
        "highlight_f1 {} fell\n{report}",
        s.highlight_f1
    );
    assert!(s.metadata >= 0.95, "metadata {} fell\n{report}", s.metadata);
    assert!(s.forbidden <= 1, "forbidden regions\n{report}");
}

/// Real articles labelled by `../shared/eval/LABELING.md`, read from their
/// pages, held to issue 10's targets: region F1 0.95, highlight F1 0.90,
/// precision 0.92, metadata 0.98, nothing on negatives, no forbidden region.
#[test]
fn real_articles_keep_their_quality() {
    let Some(real) = shared_support::shared_path("eval/real", "gold") else {
        return;
    };
    let html = real.join("html");
    let preds = predict(&real.join("gold"), |name| html.join(format!("{name}.html")));
    assert_real_set(&real.join("gold"), preds.path(), REAL_HIGHLIGHT_F1);
}

const REAL_REGION_F1: f64 = 0.95;
const REAL_HIGHLIGHT_F1: f64 = 0.90;

/// Our own real set (`tests/eval/real`, 92 articles, 25 of them the frozen
/// first-contact check): held below today's figures (region F1 0.974, highlight
/// F1 0.907, precision 0.949) so a rule that loses recall or precision on real
/// news fails here, and nothing on its negatives.
#[test]
fn own_real_set_keeps_its_quality() {
    let real = eval_dir().join("real");
    let articles = real.join("articles");
    let preds = predict(&real.join("gold"), |name| {
        articles.join(format!("{name}.txt"))
    });
    assert_real_set(&real.join("gold"), preds.path(), 0.87);
}

/// Scores `preds` against the real set's `gold`: region F1, precision, metadata and forbidden
/// regions held to issue 10's targets, highlight F1 to `min_highlight_f1`, and no highlight
/// at all on a negative article (no gold region).
fn assert_real_set(gold: &Path, preds: &Path, min_highlight_f1: f64) {
    let (s, report) = score(&[Path::new("--dir"), gold, preds]);
    println!("{report}");
    assert!(s.region_f1 >= REAL_REGION_F1, "region_f1 fell\n{report}");
    assert!(s.highlight_p >= 0.92, "highlight_p fell\n{report}");
    assert!(
        s.highlight_f1 >= min_highlight_f1,
        "highlight_f1 fell\n{report}"
    );
    assert!(s.metadata >= 0.98, "metadata fell\n{report}");
    assert_eq!(s.forbidden, 0, "forbidden regions\n{report}");
    for gold in std::fs::read_dir(gold).unwrap() {
        let gold = gold.unwrap().path();
        let labels: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&gold).unwrap()).unwrap();
        if labels["regions"].as_array().is_some_and(Vec::is_empty) {
            let pred: serde_json::Value = serde_json::from_slice(
                &std::fs::read(preds.join(gold.file_name().unwrap())).unwrap(),
            )
            .unwrap();
            let found = pred["highlights"].as_array().map_or(0, Vec::len);
            assert_eq!(found, 0, "{} is a negative\n{report}", gold.display());
        }
    }
}

/// The plain-text seed (headline, date, body, `Edit:`/`Source:` lines, the
/// "Special statement" footer) rendered into our Outlook New Era page template.
fn seed_as_outlook_page(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(
        lines.len() >= 4,
        "seed has headline, date, body and trailer"
    );
    let starts = |l: &&str, p: &str| l.to_lowercase().starts_with(p);
    let pick = |p: &str| lines.iter().find(|l| starts(l, p)).copied().unwrap_or("");
    let body: String = lines[2..]
        .iter()
        .filter(|l| {
            !["edit:", "source:", "special statement"]
                .iter()
                .any(|p| starts(l, p))
        })
        .map(|l| format!("      <p>{}</p>\n", escape(l)))
        .collect();
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pages/outlook-new-era-template.html"),
    )
    .expect("page template");
    template
        .replace("{{TITLE}}", &escape(lines[0]))
        .replace("{{DATE}}", &escape(lines[1]))
        .replace("{{BODY_PARAGRAPHS}}", body.trim_end())
        .replace("{{EDITORS}}", &escape(pick("edit:")))
        .replace("{{SOURCE}}", &escape(pick("source:")))
        .replace("{{STATEMENT}}", &escape(pick("special statement")))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Scores one rendering of the seed against its gold file, in full.
fn assert_seed_in_full(seed: &Path, article: &Path) {
    let gold_dir = tempfile::tempdir().unwrap();
    std::fs::copy(seed.join("gold.json"), gold_dir.path().join("seed.json")).unwrap();
    let preds = predict(gold_dir.path(), |_| article.to_path_buf());
    let (s, report) = score(&[Path::new("--dir"), gold_dir.path(), preds.path()]);
    let name = article.display();
    assert_eq!(s.region_f1, 1.0, "{name}\n{report}");
    assert!(s.highlight_f1 >= 0.95, "{name}\n{report}");
    assert_eq!(s.metadata, 1.0, "{name}\n{report}");
    assert_eq!(s.forbidden, 0, "{name}\n{report}");
}

#[test]
fn seed_article_scores_in_full() {
    let Some(seed) = shared_support::shared_path("eval/seed", "gold.json") else {
        return;
    };
    assert_seed_in_full(&seed, &seed.join("article.txt"));

    // The same article as a page in the layout where it ran (the seed text is
    // third-party, so the page is built here rather than committed).
    let text = std::fs::read_to_string(seed.join("article.txt")).expect("seed text");
    let page_dir = tempfile::tempdir().unwrap();
    let page = page_dir.path().join("seed.html");
    std::fs::write(&page, seed_as_outlook_page(&text)).unwrap();
    let read = extract(&std::fs::read(&page).unwrap(), &Hints::default()).expect("seed page");
    assert_eq!(
        read.layout, "outlook-new-era",
        "the page is read by its layout"
    );
    assert_seed_in_full(&seed, &page);
}
