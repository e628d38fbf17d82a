//! The loopback news site of `benches/pipeline.sh`: N distinct article pages
//! (the 60-120 KB pages of `benches/corpus`, each made unique by a report
//! number in its first paragraph), sitemaps naming them, and robots.txt,
//! served with ETags (a matching If-None-Match gets 304), a thread per
//! keep-alive connection. A plain std server: tiny_http takes ~20 ms to send a
//! 90 KB page, which would measure the server rather than regionwatch.
//!
//!   cargo run --release --example bench_site -- [ARTICLES] [PER_SITEMAP]
//!
//! Prints its base URL and the number of sitemaps (`/sitemap-0.xml` ...) on one
//! line, then serves until killed.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

struct Page {
    content_type: &'static str,
    body: Vec<u8>,
    etag: String,
}

fn main() {
    let arg = |n: usize, default: usize| {
        std::env::args()
            .nth(n)
            .map_or(default, |a| a.parse().expect("a number"))
    };
    let (articles, per_sitemap) = (arg(1, 2000), arg(2, 500));
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let pages = Arc::new(site(&base, articles, per_sitemap));
    println!("{base} {}", articles.div_ceil(per_sitemap));
    std::io::stdout().flush().expect("stdout");
    for stream in listener.incoming().flatten() {
        let pages = Arc::clone(&pages);
        std::thread::spawn(move || serve(stream, &pages));
    }
}

/// Answers one keep-alive connection's GETs until the client hangs up.
fn serve(stream: TcpStream, pages: &HashMap<String, Page>) {
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
            None => head("404 Not Found", &[], 0),
            Some(page) if if_none_match.as_deref() == Some(page.etag.as_str()) => {
                head("304 Not Modified", &[("ETag", &page.etag)], 0)
            }
            Some(page) => {
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

/// Every page of the site by path.
fn site(base: &str, articles: usize, per_sitemap: usize) -> HashMap<String, Page> {
    let corpus = corpus::pages();
    let mut pages = HashMap::new();
    let mut paths = Vec::with_capacity(articles);
    for i in 0..articles {
        let path = format!(
            "/2026{:02}{:02}/{:032x}/c.html",
            1 + i % 12,
            1 + i % 28,
            i + 1
        );
        let html = unique(&corpus[i % corpus.len()].html, i);
        pages.insert(
            path.clone(),
            page("text/html; charset=utf-8", html.into_bytes()),
        );
        paths.push(path);
    }
    for (k, chunk) in paths.chunks(per_sitemap).enumerate() {
        pages.insert(
            format!("/sitemap-{k}.xml"),
            page("application/xml", sitemap(base, chunk)),
        );
    }
    pages.insert(
        "/robots.txt".into(),
        page("text/plain", b"User-agent: *\nAllow: /\n".to_vec()),
    );
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
