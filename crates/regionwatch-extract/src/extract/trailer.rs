//! Lines around an article body that are not body: editor and source lines
//! (parsed into fields), footers, error-report links, photo credits, bylines.
//!
//! The patterns are data (the tables below), shared by the HTML and the
//! plain-text readers.

use std::sync::LazyLock;

use regex::Regex;

use super::byline;
pub use super::source_name::clean_source;
use super::source_name::trim_value;
use super::text::{char_len, has_cjk};

/// What a line around the body is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Body,
    /// `Editor: X`, `来源：新华网`: fields to keep, the line itself is not body.
    Fields,
    /// Copyright or "Special statement" footer: the body has ended.
    Footer,
    /// A photo credit or caption line.
    Caption,
    /// Chrome with nothing to keep: 【纠错】, (完), a lone (Xinhua), a byline.
    Noise,
}

/// Editors and source read from trailer lines.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields {
    pub editors: Vec<String>,
    pub source: Option<String>,
}

/// Labels of `label: value` fields. Longer labels first: at one position the
/// first alternative that matches wins.
const LABELS: &str = r"(?i)(\b(?:responsible editors?|chief editors?|executive editors?|web editors?|editors?|edit|sources?|authors?|reporters?|writers?|translators?|proofreaders?|photos?|updated|published|date)\b|source\(s\)|责任编辑|責任編輯|责编|責編|编辑|編輯|审核|審核|校对|校對|监制|監製|统筹|統籌|编审|編審|来源|來源|出处|出處|作者|记者|記者|摄影|攝影|通讯员|通訊員|发布时间|發佈時間|發布時間|时间|時間)\s*[:：]";

/// Chinese labels (simplified and traditional) that name editors.
const EDITOR_LABELS: &[&str] = &["责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯"];
/// Chinese labels that name the source.
const SOURCE_LABELS: &[&str] = &["来源", "來源", "出处", "出處"];

/// Which labels name editors and which the source.
fn label_kind(label: &str) -> Option<FieldKind> {
    let l = label.to_lowercase();
    if l.contains("edit") || EDITOR_LABELS.contains(&l.as_str()) {
        Some(FieldKind::Editor)
    } else if l.starts_with("source") || SOURCE_LABELS.contains(&l.as_str()) {
        Some(FieldKind::Source)
    } else {
        None
    }
}

enum FieldKind {
    Editor,
    Source,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(LABELS).expect("static regex"));

/// A line that starts (after brackets and 【纠错】) with a field label.
static FIELD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[\s\[【(（]*(?:【纠错】)?[\s\[【(（]*{LABELS}")).expect("static regex")
});

/// Footers after which nothing is body.
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s\[【(（]*(special statement|statement|disclaimer|copyright|©|\(c\)|版权所有|版權所有|版权声明|版權聲明|免责声明|免責聲明|特别声明|特別聲明|凡本网注明|凡本網註明|本网站?所刊|本網站?所刊|未经.{0,12}授权|未經.{0,12}授權|all rights reserved)",
    )
    .expect("static regex")
});

static NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s\[【(（]*(纠错|打印|关闭|返回顶部|分享到|扫一扫|完|end|xinhua)[\s\]】)）:：]*$|^《\s*[^》]{2,12}\s*》\s*[（(][^（）()]*版\s*[）)]$",
    )
    .expect("static regex")
});

/// `By Li Wei`, `By Li Wei and Zhang Min in Tianjin`.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:By|BY)\s+\p{Lu}[\p{L}'.-]*(?:\s+(?:and\s+|in\s+)?\p{Lu}[\p{L}'.-]*){0,7}\s*$|^(?:文|图|文图|文/图)\s*[/／|｜]\s*\S{1,20}$")
        .expect("static regex")
});

/// Photo credits: `(Xinhua/Li Gang)`, `(People's Daily Online/X)`, `(Photo by X)`, `[Photo provided to X]`,
/// `新华社记者 X 摄`, `新华社发（X摄）`, `…。梁某某摄`, `…。杨某某/摄`; captions opening `资料图`, `图为`, `圖為`.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\((?:xinhua|reuters|afp|ap|ic|vcg|cfp|china daily|people's daily(?: online)?|china news service|cns|ecns|photo|photos)\s*(?:/|photo/|by\b|:)[^()]{1,80}\)|\(photo[^()]{0,80}\)|\[photo[^\[\]]{0,80}\]|^photo (?:by|courtesy of|provided by)\b.{1,80}|(?:新华社|记者|通讯员|摄影|供图|图片来源)[^。；;]{0,30}(?:摄|供图|提供)\s*[)）]?|[（(][^（）()]{1,30}(?:摄|供图)[）)]|[。.]\s*\p{Han}{2,4}\s*[/／]?\s*摄)\s*$|^(?:资料图|資料圖|资料照片|資料照片|图为|圖為|图片为|圖片為|上图|上圖|下图|下圖)",
    )
    .expect("static regex")
});

// BYLINE and CREDIT take milliseconds to compile (Unicode classes under counted
// repeats), more than reading a page; these literal tests hold for every line
// they can match, so on most pages they are never compiled (issue 11).

/// `BYLINE` is anchored at `^` on `By`, `BY`, `文` or `图`.
fn may_be_byline(line: &str) -> bool {
    line.starts_with("By") || line.starts_with("BY") || line.starts_with(['文', '图'])
}

/// `CREDIT` matches a line that starts with `photo` (only `p`/`P` fold to `p`)
/// or a caption word, or ends (before white space, which `trim_end` and `\s`
/// agree on) with `]`, `）`, `摄`, `图`, `供` or `)`. A `)` closes a credit
/// holding `摄`/`供`, or one opened by the last `(` and a word whose first two
/// letters fold only to ASCII (`xi`, `re`, … `ph`).
fn may_be_credit(line: &str) -> bool {
    const OPENERS: [&str; 12] = [
        "xi", "re", "af", "ap", "ic", "vc", "cf", "ch", "pe", "cn", "ec", "ph",
    ];
    if line.starts_with(['p', 'P', '资', '資', '图', '圖', '上', '下']) {
        return true;
    }
    let line = line.trim_end();
    if line.ends_with([']', '）', '摄', '图', '供']) {
        return true;
    }
    line.ends_with(')')
        && (line.contains(['摄', '供'])
            || line.rfind('(').is_some_and(|open| {
                let word = line[open + 1..].get(..2).unwrap_or("");
                OPENERS.iter().any(|o| word.eq_ignore_ascii_case(o))
            }))
}

/// Field lines are short; a long line that merely mentions "source:" is body.
const MAX_FIELD_LINE: usize = 160;

/// Classifies one paragraph-sized line.
pub fn classify(line: &str) -> LineKind {
    let len = char_len(line);
    if len <= MAX_FIELD_LINE && FIELD_LINE.is_match(line) || byline::read(line).is_some() {
        return LineKind::Fields;
    }
    if FOOTER.is_match(line) || (len <= 200 && line.to_lowercase().contains("all rights reserved"))
    {
        return LineKind::Footer;
    }
    if len <= 40 && (NOISE.is_match(line) || may_be_byline(line) && BYLINE.is_match(line)) {
        return LineKind::Noise;
    }
    if len <= 600 && may_be_credit(line) && CREDIT.is_match(line) {
        return LineKind::Caption;
    }
    LineKind::Body
}

/// Reads every `label: value` field in `text` into `fields`, and the outlet
/// of a byline line ([`byline`]) as the source.
pub fn read_fields(text: &str, fields: &mut Fields) {
    if fields.source.is_none()
        && let Some(b) = byline::read(text)
    {
        fields.source = Some(b.source);
    }
    let labels: Vec<_> = LABEL.captures_iter(text).collect();
    for (i, cap) in labels.iter().enumerate() {
        let whole = cap.get(0).expect("match");
        let end = labels
            .get(i + 1)
            .and_then(|next| next.get(0))
            .map_or(text.len(), |m| m.start());
        let value = trim_value(&text[whole.end()..end]);
        match label_kind(&cap[1]) {
            Some(FieldKind::Editor) => {
                for name in split_names(value) {
                    if !fields.editors.contains(&name) {
                        fields.editors.push(name);
                    }
                }
            }
            Some(FieldKind::Source) if fields.source.is_none() => {
                fields.source = clean_source(value);
            }
            _ => {}
        }
    }
}

/// Splits an editor value into names: `刘洋,李明`, `汤诗瑶、丁涛`, `He Chuanning`.
fn split_names(value: &str) -> Vec<String> {
    let cjk = has_cjk(value);
    value
        .split(|c: char| {
            matches!(c, ',' | '，' | '、' | ';' | '；' | '/' | '&')
                || (cjk && c.is_whitespace())
                || c == '\u{3000}'
        })
        .flat_map(|part| part.split(" and "))
        .map(trim_value)
        .filter(|n| !n.is_empty() && char_len(n) <= 40)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Fields {
        let mut f = Fields::default();
        read_fields(text, &mut f);
        f
    }

    #[test]
    fn editor_lines() {
        assert_eq!(
            fields("Edit:He Chuanning Responsible editor:Su Suiyue").editors,
            ["He Chuanning", "Su Suiyue"]
        );
        assert_eq!(fields("责任编辑：王頔").editors, ["王頔"]);
        assert_eq!(fields("[责任编辑:刘洋,李明]").editors, ["刘洋", "李明"]);
        assert_eq!(fields(" 【责任编辑:王頔】 ").editors, ["王頔"]);
        assert_eq!(fields("(责编：汤诗瑶、丁涛)").editors, ["汤诗瑶", "丁涛"]);
        assert_eq!(
            fields("[作者: 刘满仓 　责任编辑:\n 杨丹宇 ]").editors,
            ["杨丹宇"]
        );
        assert_eq!(fields("【纠错】 责任编辑： 尹世杰").editors, ["尹世杰"]);
        assert_eq!(
            fields("[Editor: Li Ming and Zhang Wei]").editors,
            ["Li Ming", "Zhang Wei"]
        );
    }

    #[test]
    fn web_editor_and_traditional_lines() {
        assert_eq!(
            fields("(Web editor: Tang Yu, Qi Lan)").editors,
            ["Tang Yu", "Qi Lan"]
        );
        assert_eq!(classify("(Web editor: Tang Yu, Qi Lan)"), LineKind::Fields);
        assert_eq!(fields("責任編輯：林嘉明").editors, ["林嘉明"]);
        assert_eq!(fields("（責編：何靜）").editors, ["何靜"]);
        assert_eq!(fields("編輯：周啟").editors, ["周啟"]);
        assert_eq!(fields("來源：港島日報").source.as_deref(), Some("港島日報"));
        assert_eq!(
            classify("版權所有 © 港島日報 All Rights Reserved."),
            LineKind::Footer
        );
    }

    #[test]
    fn byline_lines_name_the_source() {
        let line = "By HU TAO in Xiamen, Fujian | China Daily | Updated: 2026-02-11 08:05";
        assert_eq!(classify(line), LineKind::Fields);
        let f = fields(line);
        assert_eq!(f.source.as_deref(), Some("China Daily"));
        assert!(f.editors.is_empty(), "a reporter is not an editor");
        let origin = "By Pan Rui (People's Daily Online) 09:12, March 03, 2026";
        assert_eq!(classify(origin), LineKind::Fields);
        assert_eq!(
            fields(origin).source.as_deref(),
            Some("People's Daily Online")
        );
    }

    #[test]
    fn date_line_with_source() {
        assert_eq!(
            fields("2026年03月05日 10:20  来源：经济日报")
                .source
                .as_deref(),
            Some("经济日报")
        );
        assert_eq!(
            fields("2026年03月05日05:32 | 来源：人民网－人民日报")
                .source
                .as_deref(),
            Some("人民网－人民日报")
        );
    }

    #[test]
    fn source_lines() {
        assert_eq!(fields("Source:Xinhua").source.as_deref(), Some("Xinhua"));
        assert_eq!(
            fields("Source: Xinhua | Updated: 2026-03-01 09:30")
                .source
                .as_deref(),
            Some("Xinhua")
        );
        assert_eq!(fields("来源：人民日报").source.as_deref(), Some("人民日报"));
        assert_eq!(
            clean_source("来源：人民网-文化频道 原创稿").as_deref(),
            Some("人民网")
        );
        assert_eq!(
            clean_source("Source: China Daily").as_deref(),
            Some("China Daily")
        );
    }

    #[test]
    fn line_kinds() {
        assert_eq!(
            classify("Edit:He Chuanning Responsible editor:Su Suiyue"),
            LineKind::Fields
        );
        assert_eq!(
            classify("Special statement: if the pictures ..."),
            LineKind::Footer
        );
        assert_eq!(
            classify("Copyright © 2000 - 2024 XINHUANET.com"),
            LineKind::Footer
        );
        assert_eq!(classify("【纠错】"), LineKind::Noise);
        assert_eq!(classify("(Xinhua)"), LineKind::Noise);
        assert_eq!(
            classify("《 人民日报 》（ 2024年08月20日 10 版）"),
            LineKind::Noise
        );
        assert_eq!(classify("By Li Wei"), LineKind::Noise);
        assert_eq!(
            classify("Crowds gather at the pier. (Xinhua/Li Gang)"),
            LineKind::Caption
        );
        assert_eq!(classify("新华社发（刘满仓摄）"), LineKind::Caption);
        // tests/eval/real 233: the photographer's credit with a slash.
        assert_eq!(
            classify("货运列车正在进入友谊隧道。杨宝森/摄"),
            LineKind::Caption
        );
        assert_eq!(
            classify("5月13日，农机在播种。新华社记者 王晓 摄"),
            LineKind::Caption
        );
        assert_eq!(
            classify("A train departs from Chengdu. (People's Daily Online/Hu Qiang)"),
            LineKind::Caption
        );
        assert_eq!(
            classify("图为口岸行驶的中欧班列。梁晓虹摄"),
            LineKind::Caption
        );
        assert_eq!(classify("資料圖：平潭港區"), LineKind::Caption);
        assert_eq!(
            classify("The port's source of growth: trade."),
            LineKind::Body
        );
        assert_eq!(
            classify("BEIJING, Jan. 9 (Xinhua) -- The port handled more cargo."),
            LineKind::Body
        );
    }
}
