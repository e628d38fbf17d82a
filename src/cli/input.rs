//! Reading one command-line input: a file, `-` for stdin, or an http(s) URL fetched once.

use crate::config::FetchSettings;
use crate::fetch::{FetchError, Fetcher, parse_http_url};
use anyhow::Context;
use std::io::Read;
use std::path::Path;

/// What an input argument names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    Stdin,
    Url(&'a str),
    File(&'a Path),
}

impl<'a> Source<'a> {
    /// `-` is stdin; anything with a `scheme://` prefix that is not an existing file is a URL
    /// (so `ftp://x` gets the fetcher's "only http(s)" message, not "no such file").
    pub fn of(arg: &'a str) -> Self {
        if arg == "-" {
            Source::Stdin
        } else if looks_like_url(arg) && !Path::new(arg).exists() {
            Source::Url(arg)
        } else {
            Source::File(Path::new(arg))
        }
    }
}

fn looks_like_url(arg: &str) -> bool {
    arg.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// An input's bytes and what is known about where they came from.
#[derive(Debug)]
pub struct Loaded {
    pub bytes: Vec<u8>,
    pub url: Option<String>,
    pub content_type: Option<String>,
}

/// Loads inputs, creating the HTTP client and its runtime only when a URL is met.
pub struct Loader {
    network: Option<(tokio::runtime::Runtime, Fetcher)>,
    allow_private_networks: bool,
}

impl Loader {
    /// URL inputs get the sources' address guard unless `allow_private_networks`
    /// (`--allow-private-networks`): a typed URL, or a redirect from a public page, must not
    /// reach internal services (cloud metadata at 169.254.169.254, admin consoles) unasked.
    pub fn new(allow_private_networks: bool) -> Self {
        Loader {
            network: None,
            allow_private_networks,
        }
    }

    /// Reads one input; `page_url` is the `--url` given for a file or stdin.
    pub fn load(&mut self, source: Source, page_url: Option<&str>) -> anyhow::Result<Loaded> {
        let from_disk = |bytes| Loaded {
            bytes,
            url: page_url.map(str::to_string),
            content_type: None,
        };
        match source {
            Source::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .context("cannot read standard input")?;
                Ok(from_disk(bytes))
            }
            Source::File(path) => {
                let bytes = std::fs::read(path).context("cannot read the file")?;
                Ok(from_disk(bytes))
            }
            Source::Url(url) => self.fetch(url),
        }
    }

    fn fetch(&mut self, url: &str) -> anyhow::Result<Loaded> {
        let (runtime, fetcher) = self.network()?;
        let parsed = parse_http_url(url)?;
        let page = runtime
            .block_on(fetcher.get(&parsed, None))
            .map_err(with_flag_advice)?
            .into_page()
            .context("the server answered 304 Not Modified to an unconditional request")?;
        tracing::info!(url, final_url = %page.final_url, bytes = page.bytes.len(), "fetched");
        Ok(Loaded {
            bytes: page.bytes,
            url: Some(page.final_url.to_string()),
            content_type: page.content_type,
        })
    }

    fn network(&mut self) -> anyhow::Result<&(tokio::runtime::Runtime, Fetcher)> {
        if self.network.is_none() {
            // One page at a time, in input order: a current-thread runtime is all that needs.
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start the async runtime for fetching")?;
            let fetcher = Fetcher::new(FetchSettings {
                allow_private_networks: self.allow_private_networks,
                ..FetchSettings::single_page()
            })?;
            self.network = Some((runtime, fetcher));
        }
        Ok(self.network.as_ref().expect("just set"))
    }
}

/// The fetcher's refusal advises the `[fetch]` config key; here the switch is a flag.
fn with_flag_advice(error: FetchError) -> anyhow::Error {
    match error {
        FetchError::AddressRefused { refusal, .. } => anyhow::anyhow!(
            "refused to connect: {refusal}, which could expose internal services; if you mean to read a page on your own network, pass --allow-private-networks"
        ),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_classified() {
        assert_eq!(Source::of("-"), Source::Stdin);
        assert_eq!(
            Source::of("https://english.news.cn/x"),
            Source::Url("https://english.news.cn/x")
        );
        assert_eq!(
            Source::of("ftp://example.org/a"),
            Source::Url("ftp://example.org/a")
        );
        assert_eq!(
            Source::of("page.html"),
            Source::File(Path::new("page.html"))
        );
        assert_eq!(
            Source::of("dir/a b.txt"),
            Source::File(Path::new("dir/a b.txt"))
        );
    }
}
