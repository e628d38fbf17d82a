//! No credentials in the database: `user:password@` is cut from every URL before it is
//! stored or looked up, and from URLs quoted in stored error messages.
//!
//! A scraped link may carry someone's login (`http://user:pw@host/a.html`), and so may a
//! source URL; the database is copied, backed up and printed by `status`, so none of it
//! may hold one. Cutting on the way in, in this one place, covers every column.

use std::borrow::Cow;

/// `text` with the userinfo of every `scheme://user:pw@host` in it removed. Works on a
/// bare URL and on free text that quotes URLs; anything else is returned as it is.
pub(crate) fn strip_userinfo(text: &str) -> Cow<'_, str> {
    if !text.contains('@') || !text.contains("://") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        // The authority ends at the path, query or fragment (or where the quoted URL ends);
        // its userinfo is everything up to its last `@` (RFC 3986 3.2.1).
        let end = tail
            .find(|c: char| "/?#\\".contains(c) || c.is_whitespace() || "\"'<>`)]".contains(c))
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(last) => out.push_str(&authority[last + 1..]),
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_cut_from_urls_and_from_text_quoting_them() {
        assert_eq!(
            strip_userinfo("http://user:pw@127.0.0.1:8080/a.html?x=1#f"),
            "http://127.0.0.1:8080/a.html?x=1#f"
        );
        assert_eq!(strip_userinfo("https://u@a.cn"), "https://a.cn");
        assert_eq!(strip_userinfo("https://a%40b:p%40q@a.cn/"), "https://a.cn/");
        assert_eq!(
            strip_userinfo("fetching http://u:p@a.cn/x failed; see https://b:c@d.cn/"),
            "fetching http://a.cn/x failed; see https://d.cn/"
        );
        for kept in [
            "https://a.cn/mail?to=a@b.cn",
            "https://a.cn/@user/post",
            "no url, a@b.cn",
        ] {
            assert!(matches!(strip_userinfo(kept), Cow::Borrowed(_)), "{kept}");
        }
    }
}
