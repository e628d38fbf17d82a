//! `regionwatch extract` end to end: the real binary on files, stdin and URLs
//! served by a real loopback server. Highlight contents are the extraction
//! tests' business; these check the command's contract (fields, formats,
//! errors, exit codes).

mod http_server;

use assert_cmd::Command;
use http_server::{Reply, TestServer};
use predicates::prelude::*;
use serde_json::Value;

const ARTICLE: &str = "tests/fixtures/cli/article.txt";
const PAGE: &str = "tests/fixtures/cli/page.html";
const ARTICLE_TITLE: &str = "Shandong port city widens its door to foreign trade";

fn regionwatch() -> Command {
    let mut cmd = Command::cargo_bin("regionwatch").expect("binary built");
    cmd.env_remove("RUST_LOG");
    cmd
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(path).expect("fixture")
}

fn stdout_json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON value")
}

fn stdout_lines(output: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect()
}

/// The fields of issue 2's schema, with their JSON types.
fn assert_schema(x: &Value) {
    for key in ["title", "body", "language"] {
        assert!(x[key].is_string(), "{key} in {x}");
    }
    for key in ["editors", "highlights", "captions"] {
        assert!(x[key].is_array(), "{key} in {x}");
    }
    for key in ["url", "published", "source"] {
        assert!(x[key].is_string() || x[key].is_null(), "{key} in {x}");
    }
    assert!(
        ["en", "zh"].contains(&x["language"].as_str().unwrap()),
        "{x}"
    );
}

#[test]
fn a_text_file_gives_one_json_object() {
    let output = regionwatch()
        .args(["extract", ARTICLE])
        .assert()
        .success()
        .get_output()
        .clone();
    let x = stdout_json(&output);
    assert_schema(&x);
    assert_eq!(x["title"], ARTICLE_TITLE);
    assert_eq!(x["file"], ARTICLE);
    assert_eq!(x["url"], Value::Null);
    assert!(x["body"].as_str().unwrap().contains("Qingdao"), "{x}");
}

#[test]
fn url_option_sets_the_page_url_of_a_file() {
    let url = "https://english.news.cn/20260408/0123456789abcdef0123456789abcdef/c.html";
    let output = regionwatch()
        .args(["extract", "--url", url, PAGE])
        .assert()
        .success()
        .get_output()
        .clone();
    let x = stdout_json(&output);
    assert_schema(&x);
    assert_eq!(x["url"], url);
    assert!(x["body"].as_str().unwrap().contains("Qinzhou"), "{x}");
}

#[test]
fn stdin_is_read_for_a_dash() {
    let output = regionwatch()
        .args(["extract", "-"])
        .write_stdin(fixture(ARTICLE))
        .assert()
        .success()
        .get_output()
        .clone();
    let x = stdout_json(&output);
    assert_eq!(x["title"], ARTICLE_TITLE);
    assert_eq!(x["file"], "-");
}

#[test]
fn several_inputs_give_json_lines_in_input_order() {
    let output = regionwatch()
        .args(["extract", "--format", "json", ARTICLE, PAGE, "-"])
        .write_stdin(fixture(ARTICLE))
        .assert()
        .success()
        .get_output()
        .clone();
    let lines = stdout_lines(&output);
    let files: Vec<&str> = lines.iter().map(|x| x["file"].as_str().unwrap()).collect();
    assert_eq!(files, [ARTICLE, PAGE, "-"]);
    lines.iter().for_each(assert_schema);
}

#[test]
fn text_format_is_a_summary_per_input() {
    regionwatch()
        .args(["extract", "--format", "text", ARTICLE])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!("{ARTICLE_TITLE}\n")))
        .stdout(predicate::str::contains("{").not());
    regionwatch()
        .args(["extract", "--format", "text", ARTICLE, PAGE])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "==> {ARTICLE} <==\n{ARTICLE_TITLE}\n"
        )))
        .stdout(predicate::str::contains(format!("\n==> {PAGE} <==\n")));
}

#[test]
fn a_missing_file_is_named_and_the_others_still_run() {
    let missing = "tests/fixtures/cli/no-such-article.txt";
    let output = regionwatch()
        .args(["extract", ARTICLE, missing, PAGE])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(missing))
        .stderr(predicate::str::contains("cannot read the file"))
        .get_output()
        .clone();
    let files: Vec<String> = stdout_lines(&output)
        .iter()
        .map(|x| x["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, [ARTICLE, PAGE]);
}

#[test]
fn empty_input_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    regionwatch()
        .arg("extract")
        .arg(&empty)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(empty.to_str().unwrap()))
        .stderr(predicate::str::contains("empty"));
    regionwatch()
        .args(["extract", "-"])
        .write_stdin("  \n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error: -: "));
}

#[test]
fn a_url_input_is_fetched_once_and_its_final_url_recorded() {
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    let page = fixture(PAGE);
    let server = TestServer::start(move |req| match req.url() {
        "/old" => Reply::redirect("/20260408/c.html"),
        "/20260408/c.html" => {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Reply::ok("text/html; charset=utf-8", page.clone())
        }
        _ => Reply::status(404),
    });
    let given = server.url("/old");
    let output = regionwatch()
        .args(["extract", "--allow-private-networks", &given])
        .assert()
        .success()
        .get_output()
        .clone();
    let x = stdout_json(&output);
    assert_schema(&x);
    assert_eq!(x["file"], given.as_str());
    assert_eq!(x["url"], server.url("/20260408/c.html"));
    assert!(x["body"].as_str().unwrap().contains("Qinzhou"), "{x}");
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn a_404_url_is_a_clear_error() {
    let server = TestServer::start(|_| Reply::status(404));
    let url = server.url("/missing.html");
    regionwatch()
        .args(["extract", "--allow-private-networks", &url, ARTICLE])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("error: {url}: ")))
        .stderr(predicate::str::contains("404"))
        .stdout(predicate::str::contains(ARTICLE_TITLE));
}

#[test]
fn a_pdf_response_is_refused() {
    let server =
        TestServer::start(|_| Reply::ok("application/pdf", b"%PDF-1.7\n%\xe2\xe3\n".to_vec()));
    let url = server.url("/report.pdf");
    regionwatch()
        .args(["extract", "--allow-private-networks", &url])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(url.as_str()))
        .stderr(predicate::str::contains("application/pdf"))
        .stderr(predicate::str::contains("not a web page"));
}

#[test]
fn a_private_address_is_refused_without_the_flag_and_nothing_is_asked() {
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    let server = TestServer::start(move |_| {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Reply::ok("text/html", fixture(PAGE))
    });
    let url = server.url("/20260408/c.html");
    regionwatch()
        .args(["extract", &url, ARTICLE])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "error: {url}: refused to connect"
        )))
        .stderr(predicate::str::contains("loopback"))
        .stderr(predicate::str::contains("pass --allow-private-networks"))
        .stdout(predicate::str::contains(ARTICLE_TITLE));
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
}

/// What `extract URL` fetches with: the sources' address guard, so a redirect from an
/// allowed page to cloud metadata (169.254.169.254) is refused before any connection.
/// The test server's own address is exempted the way an intranet mirror would be.
#[tokio::test]
async fn a_redirect_to_a_link_local_address_is_refused() {
    use regionwatch::config::FetchSettings;
    use regionwatch::fetch::{Fetcher, parse_http_url};
    let server = TestServer::start(|_| Reply::redirect("http://169.254.169.254/latest/meta-data/"));
    let fetcher = Fetcher::new(FetchSettings {
        allowed_addresses: vec!["127.0.0.1".parse().unwrap()],
        ..FetchSettings::single_page()
    })
    .unwrap();
    let url = parse_http_url(&server.url("/a.html")).unwrap();
    let started = std::time::Instant::now();
    let err = fetcher
        .get(&url, None)
        .await
        .map(|_| ())
        .expect_err("refused");
    let shown = err.to_string();
    assert!(
        shown.contains("refused to connect") && shown.contains("169.254.169.254"),
        "{shown}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "refused, not tried: {shown}"
    );
}

#[test]
fn a_non_http_url_is_refused_without_touching_the_disk() {
    regionwatch()
        .args(["extract", "ftp://127.0.0.1/article.html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("only http:// and https://"));
}

#[test]
fn usage_errors_exit_2() {
    regionwatch()
        .arg("extract")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("INPUT"));
    regionwatch()
        .args(["extract", "--format", "xml", ARTICLE])
        .assert()
        .code(2);
    regionwatch()
        .args([
            "extract",
            "--url",
            "https://english.news.cn/a.html",
            ARTICLE,
            PAGE,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--url"));
    regionwatch()
        .args(["extract", "--url", "not a url", ARTICLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("http"));
    regionwatch().args(["extract", "-", "-"]).assert().code(2);
}

#[test]
fn help_documents_exit_codes_and_version_prints() {
    for args in [&["--help"][..], &["extract", "--help"][..]] {
        regionwatch()
            .args(args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Exit codes:"))
            .stdout(predicate::str::contains("78"));
    }
    regionwatch()
        .args(["extract", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--allow-private-networks"))
        .stdout(predicate::str::contains("link-local"));
    regionwatch()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("regionwatch {}\n", env!("CARGO_PKG_VERSION")));
}
