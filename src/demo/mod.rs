//! `regionwatch demo`: the whole pipeline on bundled sample pages, offline.
//!
//! A loopback site ([`server`]) serves sample pages in the real layouts
//! (english.news.cn list and articles, a news.cn `ds_*.json` datasource with
//! Chinese articles, an RSS feed with China Daily, People's Daily and gov.cn
//! pages). The demo writes a configuration for it into a folder, runs one pass
//! into a database there, and delivers the digest with the `file` transport.

pub mod server;

use std::path::Path;

/// The configuration the demo runs with: three sources on the demo site, a
/// database and an outbox in `dir`, one recipient, the `file` transport.
pub fn config_toml(dir: &Path, base: &str) -> String {
    let dir = dir.display().to_string().replace('\\', "/");
    format!(
        r##"# Written by `regionwatch demo` for its loopback sample site.
database = "{dir}/regionwatch.db"
timezone = "Asia/Shanghai"

[fetch]
user_agent = "regionwatch-demo/{version}"
min_delay_ms = 0
allow_private_networks = true

[[sources]]
name = "xinhua-english-china"
url = "{base}/english/list/china.htm"
kind = "html"
schedule = "*/30 * * * *"
links = "#list .item .tit a"

[[sources]]
name = "newscn-opening-ds"
url = "{base}/ds_demo.json"
kind = "xinhua-json"
schedule = "*/30 * * * *"

[[sources]]
name = "opening-feed"
url = "{base}/rss/opening.xml"
kind = "feed"
schedule = "0 * * * *"

[digest]
schedule = "0 8 * * *"
transport = "file"
directory = "{dir}/outbox"

[[recipients]]
email = "Demo Analyst <analyst@example.org>"
"##,
        version = env!("CARGO_PKG_VERSION"),
    )
}
