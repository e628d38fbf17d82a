//! Turning a body element into paragraphs and captions.
//!
//! The element is flattened into a sequence of blocks (text, image, caption)
//! in one walk, skipping stripped elements; [`assemble`] then decides what is
//! body: it moves photo credits and the caption before them to `captions`,
//! parses editor/source lines, ends the body at a footer or the English `■`
//! end mark (a photo gallery follows it; a line opening on `■` is a kicker and
//! is dropped), and drops link-only chrome.

use scraper::{ElementRef, Selector};

use super::text::{char_len, fold, push_folded};
use super::trailer::{self, Fields, LineKind};

/// Recursion guard; the markup guard already rejects pages deeper than this.
const MAX_WALK_DEPTH: usize = 1024;

/// The English Xinhua end-of-story mark.
const END_MARK: char = '■';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Text,
    Image,
    Caption,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// Set by `align=center` or `text-align: center` (captions under images).
    pub centered: bool,
    /// Nearly all of the text is link text (navigation, "read more").
    pub all_link: bool,
}

impl Block {
    pub fn text(text: String) -> Self {
        Block {
            kind: BlockKind::Text,
            text,
            centered: false,
            all_link: false,
        }
    }
}

/// Paragraphs, captions and trailer fields read from a body.
#[derive(Debug, Default)]
pub struct Assembled {
    pub paragraphs: Vec<String>,
    pub captions: Vec<String>,
    pub fields: Fields,
}

/// Reads the blocks of `root`, leaving out what `strip` matches and keeping
/// what `captions` matches apart.
pub fn blocks(root: ElementRef, strip: &[&Selector], captions: &[&Selector]) -> Vec<Block> {
    let mut walker = Walker {
        strip,
        captions,
        blocks: Vec::new(),
        cur: String::new(),
        link_chars: 0,
        in_link: 0,
        centered: 0,
    };
    walker.walk(root, 0);
    walker.flush();
    walker.blocks
}

struct Walker<'s> {
    strip: &'s [&'s Selector],
    captions: &'s [&'s Selector],
    blocks: Vec<Block>,
    cur: String,
    link_chars: usize,
    in_link: usize,
    centered: usize,
}

impl Walker<'_> {
    fn walk(&mut self, el: ElementRef, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        for child in el.children() {
            if let Some(text) = child.value().as_text() {
                self.push_text(text);
            } else if let Some(child) = ElementRef::wrap(child) {
                self.element(child, depth);
            }
        }
    }

    fn element(&mut self, el: ElementRef, depth: usize) {
        if self.strip.iter().any(|s| s.matches(&el)) {
            return;
        }
        if self.captions.iter().any(|s| s.matches(&el)) {
            self.flush();
            let text = fold(&el.text().collect::<String>());
            if !text.is_empty() {
                self.push_block(BlockKind::Caption, text);
            }
            return;
        }
        let name = el.value().name();
        match name {
            "img" | "picture" => {
                self.flush();
                self.push_block(BlockKind::Image, String::new());
            }
            "br" | "hr" => self.flush(),
            "a" => {
                self.in_link += 1;
                self.walk(el, depth + 1);
                self.in_link -= 1;
            }
            _ if is_block(name) => {
                self.flush();
                let centered = is_centered(el);
                self.centered += usize::from(centered);
                self.walk(el, depth + 1);
                self.flush();
                self.centered -= usize::from(centered);
            }
            _ => self.walk(el, depth + 1),
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.in_link > 0 {
            self.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
        }
        push_folded(&mut self.cur, text);
    }

    fn flush(&mut self) {
        let text = self.cur.trim();
        if !text.is_empty() {
            let total = text.chars().filter(|c| !c.is_whitespace()).count();
            let all_link = self.link_chars * 10 >= total * 9;
            let block = Block {
                kind: BlockKind::Text,
                text: text.to_string(),
                centered: self.centered > 0,
                all_link,
            };
            self.blocks.push(block);
        }
        self.cur.clear();
        self.link_chars = 0;
    }

    fn push_block(&mut self, kind: BlockKind, text: String) {
        self.blocks.push(Block {
            kind,
            text,
            centered: self.centered > 0,
            all_link: false,
        });
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "center"
            | "pre"
            | "address"
            | "details"
            | "summary"
    )
}

fn is_centered(el: ElementRef) -> bool {
    let e = el.value();
    e.name() == "center"
        || e.attr("align")
            .is_some_and(|a| a.eq_ignore_ascii_case("center"))
        || e.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase();
            s.contains("text-align:center") || s.contains("text-align: center")
        })
}

/// Link-only lines shorter than this are navigation, not body.
const MAX_LINK_LINE: usize = 80;
/// A centered line right under an image is its caption if about this long.
const CENTERED_CAPTION: std::ops::RangeInclusive<usize> = 15..=200;

/// Decides which blocks are body, captions or trailer fields.
pub fn assemble(blocks: Vec<Block>) -> Assembled {
    let mut out = Assembled::default();
    // Body length when the last image was seen: the paragraph right after an
    // image, followed by a credit line, is that image's caption.
    let mut image_at: Option<usize> = None;
    for block in blocks {
        match block.kind {
            BlockKind::Image => {
                image_at = Some(out.paragraphs.len());
                continue;
            }
            BlockKind::Caption => {
                out.captions.push(block.text);
                image_at = None;
                continue;
            }
            BlockKind::Text => {}
        }
        if block.all_link && char_len(&block.text) < MAX_LINK_LINE {
            continue;
        }
        let (text, ended) = match block.text.split_once(END_MARK) {
            // A line opening on the mark is a decorative kicker (`■…特别报道`), not the end.
            Some((before, after)) if before.trim().is_empty() && !after.trim().is_empty() => {
                continue;
            }
            Some((before, _)) => (before.trim().to_string(), true),
            None => (block.text, false),
        };
        if !text.is_empty() {
            match trailer::classify(&text) {
                LineKind::Fields => trailer::read_fields(&text, &mut out.fields),
                LineKind::Footer => break,
                LineKind::Noise => {}
                LineKind::Caption => {
                    let len = out.paragraphs.len();
                    if len > 0 && image_at == Some(len - 1) {
                        let previous = out.paragraphs.pop().expect("len > 0");
                        out.captions.push(previous);
                    }
                    out.captions.push(text);
                    image_at = None;
                }
                LineKind::Body => {
                    let under_image = image_at == Some(out.paragraphs.len());
                    if block.centered && under_image && CENTERED_CAPTION.contains(&char_len(&text))
                    {
                        out.captions.push(text);
                        image_at = None;
                    } else if out.paragraphs.last() != Some(&text) {
                        out.paragraphs.push(text);
                    }
                }
            }
        }
        if ended {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> Block {
        Block {
            kind: BlockKind::Image,
            text: String::new(),
            centered: false,
            all_link: false,
        }
    }

    #[test]
    fn caption_before_a_credit_moves_with_it() {
        let blocks = vec![
            image(),
            Block::text("Guests attend a ceremony at the station.".into()),
            Block::text("The link resumed Sunday. (Xinhua/Li Gang)".into()),
            Block::text("HONG KONG, Jan. 15 (Xinhua) -- It was dawn.".into()),
            Block::text("Tickets sold out. ■".into()),
            Block::text("Gallery text after the end mark.".into()),
        ];
        let a = assemble(blocks);
        assert_eq!(
            a.paragraphs,
            [
                "HONG KONG, Jan. 15 (Xinhua) -- It was dawn.",
                "Tickets sold out."
            ]
        );
        assert_eq!(a.captions.len(), 2);
    }

    #[test]
    fn a_kicker_line_opening_on_the_mark_does_not_end_the_body() {
        let blocks = vec![
            Block::text("■“睦邻友好”特别报道".into()),
            Block::text("口岸升级建设加快。".into()),
            Block::text("边贸往来繁忙。".into()),
            Block::text("■".into()),
            Block::text("Gallery text after the end mark.".into()),
        ];
        let a = assemble(blocks);
        assert_eq!(a.paragraphs, ["口岸升级建设加快。", "边贸往来繁忙。"]);
    }

    #[test]
    fn trailer_lines_become_fields() {
        let blocks = vec![
            Block::text("Body text.".into()),
            Block::text("Edit:He Chuanning Responsible editor:Su Suiyue".into()),
            Block::text("Source:Xinhua".into()),
            Block::text("Special statement: contact us.".into()),
            Block::text("More footer.".into()),
        ];
        let a = assemble(blocks);
        assert_eq!(a.paragraphs, ["Body text."]);
        assert_eq!(a.fields.editors, ["He Chuanning", "Su Suiyue"]);
        assert_eq!(a.fields.source.as_deref(), Some("Xinhua"));
    }
}
