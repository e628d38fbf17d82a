//! Extracts each HTML file given on the command line with dom_smoothie and
//! prints its title and text, as `regionwatch extract` prints each page's
//! article: the same work per page for `benches/compare_dom_smoothie.sh`.
//!
//!   dom-smoothie-bench PAGE.html...
//!
//! Exits 1 if any page could not be read or extracted (after trying all).

use std::io::Write;

fn main() {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let extracted = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let html = String::from_utf8_lossy(&bytes);
                let mut readability = dom_smoothie::Readability::new(html.as_ref(), None, None)
                    .map_err(|e| e.to_string())?;
                readability.parse().map_err(|e| e.to_string())
            });
        match extracted {
            Ok(article) => {
                writeln!(out, "{path}\n{}\n{}\n", article.title, article.text_content)
                    .expect("stdout");
            }
            Err(e) => {
                eprintln!("dom-smoothie-bench: {path}: {e}");
                failed = true;
            }
        }
    }
    out.flush().expect("stdout");
    std::process::exit(i32::from(failed));
}
