//! The loopback news sites of `benches/pipeline.sh` and `benches/idle.sh`: N
//! distinct article pages (the 60-120 KB pages of `benches/corpus`, each made
//! unique by a report number in its first paragraph), lists naming them, and
//! robots.txt, served with ETags (a matching If-None-Match gets 304), a thread
//! per keep-alive connection. A plain std server: tiny_http takes ~20 ms to
//! send a 90 KB page, which would measure the server rather than the client.
//!
//!   cargo run --release --example bench_site -- [ARTICLES] [PER_SITEMAP]
//!   cargo run --release --example bench_site -- --hosts [HOSTS] [PER_HOST]
//!
//! The first form serves one site on 127.0.0.1 with sitemaps of PER_SITEMAP
//! articles (`/sitemap-0.xml` ...) and prints its base URL and the number of
//! sitemaps on one line. The second serves HOSTS sites on 127.0.0.2,
//! 127.0.0.3, ... (8 and 250 by default), each with PER_HOST articles and one
//! Xinhua-style HTML list page naming them all (`/list.html`, links
//! `#list .item .tit a`), and prints their base URLs on one line.
//!
//! Every site answers `GET /_bench/counts` (itself not counted) with the
//! requests served so far by all of them: `lists N lists_304 N articles N
//! articles_304 N other N`. Then serves until killed.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

struct Page {
    content_type: &'static str,
    body: Vec<u8>,
    etag: String,
}

/// Requests served, by kind of page and answer.
#[derive(Default)]
struct Counts {
    lists: AtomicU64,
    lists_304: AtomicU64,
    articles: AtomicU64,
    articles_304: AtomicU64,
    other: AtomicU64,
}

impl Counts {
    fn count(&self, path: &str, not_modified: bool) {
        let (all, unchanged) = if path.ends_with("/c.html") {
            (&self.articles, Some(&self.articles_304))
        } else if path.starts_with("/sitemap-") || path == "/list.html" {
            (&self.lists, Some(&self.lists_304))
        } else {
            (&self.other, None)
        };
        all.fetch_add(1, Ordering::Relaxed);
        if let (true, Some(unchanged)) = (not_modified, unchanged) {
            unchanged.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn report(&self) -> Vec<u8> {
        let n = |c: &AtomicU64| c.load(Ordering::Relaxed);
        format!(
            "lists {} lists_304 {} articles {} articles_304 {} other {}\n",
            n(&self.lists),
            n(&self.lists_304),
            n(&self.articles),
            n(&self.articles_304),
            n(&self.other)
        )
        .into_bytes()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let hosts = args.first().is_some_and(|a| a == "--hosts");
    let numbers: Vec<usize> = args
        .iter()
        .skip(usize::from(hosts))
        .map(|a| a.parse().expect("a number"))
        .collect();
    let arg = |n: usize, default: usize| numbers.get(n).copied().unwrap_or(default);
    let counts = Arc::new(Counts::default());
    let corpus = corpus::pages();
    if hosts {
        let (hosts, per_host) = (arg(0, 8), arg(1, 250));
        assert!((1..=250).contains(&hosts), "1 to 250 hosts");
        let mut bases = Vec::new();
        for h in 0..hosts {
            let listener = TcpListener::bind(format!("127.0.0.{}:0", h + 2))
                .expect("bind a loopback address (127.0.0.0/8 is all loopback on Linux)");
            let base = format!("http://{}", listener.local_addr().expect("an address"));
            let first = h * per_host;
            let pages = listed_site(&base, &corpus, first..first + per_host);
            bases.push(base);
            listen(listener, pages, &counts);
        }
        println!("{}", bases.join(" "));
    } else {
        let (articles, per_sitemap) = (arg(0, 2000), arg(1, 500));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let pages = sitemap_site(&base, &corpus, articles, per_sitemap);
        println!("{base} {}", articles.div_ceil(per_sitemap));
        listen(listener, pages, &counts);
    }
    std::io::stdout().flush().expect("stdout");
    loop {
        std::thread::park(); // the listeners serve until the process is killed
    }
}

/// Accepts connections on a thread of its own, a thread per connection.
fn listen(listener: TcpListener, pages: HashMap<String, Page>, counts: &Arc<Counts>) {
    let pages = Arc::new(pages);
    let counts = Arc::clone(counts);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (pages, counts) = (Arc::clone(&pages), Arc::clone(&counts));
            std::thread::spawn(move || serve(stream, &pages, &counts));
        }
    });
}

/// Answers one keep-alive connection's GETs until the client hangs up.
fn serve(stream: TcpStream, pages: &HashMap<String, Page>, counts: &Counts) {
    // Head and body go out in one write; no Nagle delay on the replies.
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let path = request_line.split(' ').nth(1).unwrap_or("/").to_string();
        let mut if_none_match = None;
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("if-none-match")
            {
                if_none_match = Some(value.trim().to_string());
            }
            line.clear();
        }
        let reply = match pages.get(&path) {
            None if path == "/_bench/counts" => {
                let body = counts.report();
                let mut reply = head("200 OK", &[("Content-Type", "text/plain")], body.len());
                reply.extend_from_slice(&body);
                reply
            }
            None => {
                counts.count(&path, false);
                head("404 Not Found", &[], 0)
            }
            Some(page) if if_none_match.as_deref() == Some(page.etag.as_str()) => {
                counts.count(&path, true);
                head("304 Not Modified", &[("ETag", &page.etag)], 0)
            }
            Some(page) => {
                counts.count(&path, false);
                let headers = [
                    ("ETag", page.etag.as_str()),
                    ("Content-Type", page.content_type),
                ];
                let mut reply = head("200 OK", &headers, page.body.len());
                reply.extend_from_slice(&page.body);
                reply
            }
        };
        if writer.write_all(&reply).is_err() {
            return;
        }
    }
}

fn head(status: &str, headers: &[(&str, &str)], length: usize) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {length}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

/// Article `i`: its path and page (a corpus page made unique).
fn article(corpus: &[corpus::BenchPage], i: usize) -> (String, Page) {
    let path = format!(
        "/2026{:02}{:02}/{:032x}/c.html",
        1 + i % 12,
        1 + i % 28,
        i + 1
    );
    let html = unique(&corpus[i % corpus.len()].html, i);
    (path, page("text/html; charset=utf-8", html.into_bytes()))
}

fn robots(pages: &mut HashMap<String, Page>) {
    pages.insert(
        "/robots.txt".into(),
        page("text/plain", b"User-agent: *\nAllow: /\n".to_vec()),
    );
}

/// A site of `articles` articles named by sitemaps of `per_sitemap`.
fn sitemap_site(
    base: &str,
    corpus: &[corpus::BenchPage],
    articles: usize,
    per_sitemap: usize,
) -> HashMap<String, Page> {
    let mut pages = HashMap::new();
    let mut paths = Vec::with_capacity(articles);
    for i in 0..articles {
        let (path, article) = article(corpus, i);
        pages.insert(path.clone(), article);
        paths.push(path);
    }
    for (k, chunk) in paths.chunks(per_sitemap).enumerate() {
        pages.insert(
            format!("/sitemap-{k}.xml"),
            page("application/xml", sitemap(base, chunk)),
        );
    }
    robots(&mut pages);
    pages
}

/// A site of the articles numbered `range`, all named by one HTML list page.
fn listed_site(
    base: &str,
    corpus: &[corpus::BenchPage],
    range: std::ops::Range<usize>,
) -> HashMap<String, Page> {
    let mut pages = HashMap::new();
    let mut list = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>China - Xinhua</title></head>\n<body><ul id=\"list\">\n",
    );
    for i in range {
        let (path, article) = article(corpus, i);
        list.push_str(&format!(
            "<li class=\"item\"><div class=\"tit\"><a href=\"{base}{path}\">Report {i}</a></div></li>\n"
        ));
        pages.insert(path, article);
    }
    list.push_str("</ul></body></html>\n");
    pages.insert(
        "/list.html".into(),
        page("text/html; charset=utf-8", list.into_bytes()),
    );
    robots(&mut pages);
    pages
}

fn page(content_type: &'static str, body: Vec<u8>) -> Page {
    let etag = format!("\"{:x}-{}\"", body.len(), fnv(&body));
    Page {
        content_type,
        body,
        etag,
    }
}

/// The page with a report number ending its first paragraph, so every
/// article has its own text (and its own highlights).
fn unique(html: &str, i: usize) -> String {
    let lead = ["(Xinhua) -- ", "新华社"]
        .iter()
        .filter_map(|m| html.find(m))
        .min()
        .expect("a dateline in every corpus page");
    let end = lead + html[lead..].find("</p>").expect("a paragraph end");
    format!("{} Report {i}.{}", &html[..end], &html[end..])
}

fn sitemap(base: &str, paths: &[String]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        xml.push_str(&format!("<url><loc>{base}{path}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
