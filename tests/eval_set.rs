//! The labelled evaluation set (`tests/eval/`) scored by the project's scorer:
//! extraction must not fall below the quality it reached when the set was
//! labelled. Also scores the shared seed article when `../shared` is present
//! (it is beside the clone in CI).

use regionwatch::extract::{Hints, extract};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Score {
    region_f1: f64,
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

#[test]
fn seed_article_scores_in_full() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/seed");
    if !seed.join("gold.json").exists() {
        eprintln!(
            "skipped: {} is not present (it is beside the clone in CI)",
            seed.display()
        );
        return;
    }
    let gold_dir = tempfile::tempdir().unwrap();
    std::fs::copy(seed.join("gold.json"), gold_dir.path().join("seed.json")).unwrap();
    let preds = predict(gold_dir.path(), |_| seed.join("article.txt"));
    let (s, report) = score(&[Path::new("--dir"), gold_dir.path(), preds.path()]);
    assert_eq!(s.region_f1, 1.0, "{report}");
    assert!(s.highlight_f1 >= 0.95, "{report}");
    assert_eq!(s.metadata, 1.0, "{report}");
    assert_eq!(s.forbidden, 0, "{report}");
}
