//! Hostile input: every case ends in a clear error or a result, never a panic
//! or a hang. (Timings are measured in `benches/hostile.rs`, not here.)

use regionwatch_extract::{ExtractError, Hints, extract, read_article};

fn read(bytes: &[u8]) -> Result<regionwatch_extract::Article, ExtractError> {
    read_article(bytes, &Hints::default())
}

fn nested(open: &str, bytes: usize) -> Vec<u8> {
    let mut page = String::from("<html><body>");
    while page.len() < bytes {
        page.push_str(open);
    }
    page.into_bytes()
}

/// A plausible flat article page of about `bytes` bytes.
fn flat_page(bytes: usize) -> Vec<u8> {
    let mut page = String::from(
        "<html><head><title>Port volume grows - Xinhua</title></head><body><div id=\"detailContent\">",
    );
    let mut i = 0;
    while page.len() < bytes {
        page.push_str(&format!(
            "<p>Paragraph {i}: the port handled more containers this quarter than last, officials said.</p>\n"
        ));
        i += 1;
    }
    page.push_str("</div></body></html>");
    page.into_bytes()
}

#[test]
fn deeply_nested_lists_are_refused() {
    let err = read(&nested("<ul><li>", 128 * 1024)).unwrap_err();
    assert!(matches!(err, ExtractError::TooDeep { .. }), "{err}");
}

#[test]
fn deeply_nested_divs_are_refused() {
    let err = read(&nested("<div>", 176 * 1024)).unwrap_err();
    assert!(matches!(err, ExtractError::TooDeep { .. }), "{err}");
}

#[test]
fn self_closed_divs_still_nest_and_are_refused() {
    // `<div/>` is not self-closing in HTML: the parser nests these.
    let err = read(&nested("<div/>", 64 * 1024)).unwrap_err();
    assert!(matches!(err, ExtractError::TooDeep { .. }), "{err}");
}

#[test]
fn unclosed_formatting_tags_are_refused() {
    let err = read(&nested("<b><i>x", 64 * 1024)).unwrap_err();
    assert!(matches!(err, ExtractError::TooDeep { .. }), "{err}");
}

#[test]
fn millions_of_empty_elements_are_refused() {
    // Small in bytes, huge as a tree: 2.4 MB of `<br>` would build 600,000 nodes.
    let page = nested("<br>", 4 * (regionwatch_extract::MAX_ELEMENTS + 100_000));
    let err = read(&page).unwrap_err();
    assert!(matches!(err, ExtractError::TooManyElements { .. }), "{err}");
    assert!(err.to_string().contains("500000 elements"), "{err}");
}

#[test]
fn many_unclosed_list_items_and_paragraphs_are_fine() {
    let mut page = String::from("<html><body><div id=\"detailContent\"><ul>");
    for i in 0..5000 {
        page.push_str(&format!("<li>item {i}"));
    }
    page.push_str("</ul>");
    for i in 0..5000 {
        page.push_str(&format!("<p>Unclosed paragraph number {i} about the port."));
    }
    page.push_str("<table>");
    for _ in 0..2000 {
        page.push_str("<tr><td>a<td>b");
    }
    page.push_str("</table><dl>");
    for _ in 0..2000 {
        page.push_str("<dt>t<dd>d");
    }
    page.push_str("</dl><select>");
    for _ in 0..2000 {
        page.push_str("<option>o");
    }
    page.push_str("</select>");
    for _ in 0..2000 {
        page.push_str("<a href=x>link");
    }
    page.push_str("</div>");
    let article = read(page.as_bytes()).expect("an ordinary page");
    assert!(article.paragraphs.len() >= 5000);
}

#[test]
fn script_content_does_not_count_as_markup() {
    let mut page = String::from("<html><body><script>");
    for _ in 0..20_000 {
        page.push_str("document.write('<div>');");
    }
    page.push_str("</script><div id=\"detailContent\"><p>The port opened a new berth.</p></div>");
    let article = read(page.as_bytes()).expect("scripts are raw text");
    assert_eq!(article.paragraphs, ["The port opened a new berth."]);
}

#[test]
fn a_twenty_megabyte_page_is_read() {
    let article = read(&flat_page(20 * 1024 * 1024)).expect("large but flat");
    assert!(article.paragraphs.len() > 100_000);
    assert_eq!(article.title, "Port volume grows");
}

#[test]
fn oversized_input_is_refused() {
    let big = vec![b'a'; regionwatch_extract::MAX_BYTES + 1];
    let err = read(&big).unwrap_err();
    assert!(matches!(err, ExtractError::TooLarge { .. }), "{err}");
}

#[test]
fn binary_formats_are_refused() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>",
            "PDF",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    ];
    for (bytes, name) in cases {
        let err = read(bytes).unwrap_err();
        assert!(matches!(err, ExtractError::Binary(_)), "{name}: {err}");
    }
}

#[test]
fn zero_bytes_are_refused() {
    let err = read(&[0u8; 4096]).unwrap_err();
    assert!(matches!(err, ExtractError::Binary(_)), "{err}");
    let mut page = b"<html><body><p>text</p>".to_vec();
    page.extend_from_slice(&[0, 0, 0, 0]);
    assert!(matches!(read(&page), Err(ExtractError::Binary(_))));
}

#[test]
fn empty_input_is_refused() {
    for bytes in [&b""[..], b"   \n\t\r\n  "] {
        assert!(matches!(read(bytes), Err(ExtractError::Empty)));
    }
}

#[test]
fn markup_without_text_is_no_article() {
    let err =
        read(b"<html><head><title></title></head><body><div></div></body></html>").unwrap_err();
    assert!(matches!(err, ExtractError::NoArticle(_)), "{err}");
}

#[test]
fn invalid_utf8_gives_a_result_or_an_error_without_panicking() {
    let mut bytes = b"<html><body><div id=\"detailContent\"><p>Port news ".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]);
    bytes.extend_from_slice(b" continues here.</p></div></body></html>");
    let article = read(&bytes).expect("mostly-valid page");
    assert!(article.paragraphs[0].contains("continues here"));

    // Pure garbage in the high range: whatever comes out, no panic.
    let garbage: Vec<u8> = (0..50_000u32)
        .map(|i| 0x80 | (i.wrapping_mul(2654435761) >> 25) as u8)
        .collect();
    let _ = read(&garbage);
}

#[test]
fn malformed_markup_never_panics() {
    let cases: &[&[u8]] = &[
        b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset\"><p>x",
        b"<",
        b"<<<<>>>></",
        b"<!--",
        b"<script>",
        b"<p a=\"unterminated",
        b"</p></div></body></html>",
        b"<svg><div/><p/><math><mi/></math>",
        b"<table><p>text in table</table>",
        b"<!DOCTYPE html><html><frameset><frame></frameset>",
    ];
    for bytes in cases {
        let _ = extract(bytes, &Hints::default());
    }
}

#[test]
fn huge_title_and_many_headings_are_read() {
    let mut page = String::from("<html><head><title>");
    for _ in 0..50_000 {
        page.push_str("港口新闻-新华网-");
    }
    page.push_str("</title></head><body>");
    for _ in 0..20_000 {
        page.push_str("<h1>港口</h1>");
    }
    page.push_str(
        "<div><p>今年以来，港口货物吞吐量持续增长，外贸企业信心增强。</p></div></body></html>",
    );
    let article = read(page.as_bytes()).expect("a result");
    assert!(article.title.chars().count() <= 1000);
}
