//! A 150-highlight digest as a busy day gives it: 20 articles, English and Chinese, in 8
//! regions; some articles report on two regions, some highlights are carried by two articles,
//! and hostile or unbreakable strings are mixed in.

use chrono::{NaiveDate, TimeZone, Utc};
use regionwatch::store::{ArticleLink, StoredHighlight};
use regionwatch_extract::{Place, Published, Speaker};

pub const REGIONS: [(&str, &str, (&str, &str)); 8] = [
    ("Shanghai", "310000", ("Pudong New Area", "310115")),
    ("Zhejiang", "330000", ("Yiwu", "330782")),
    ("Fujian", "350000", ("Xiamen", "350200")),
    ("Guangdong", "440000", ("Shenzhen", "440300")),
    ("Guangxi", "450000", ("Qinzhou", "450700")),
    ("Hainan", "460000", ("Haikou", "460100")),
    ("Chongqing", "500000", ("Liangjiang", "500112")),
    ("Yunnan", "530000", ("Kunming", "530100")),
];

pub const HOSTILE_TITLE: &str = "\"><img src=x onerror=alert(1)> <script>alert(2)</script> report";

/// Article `i`'s title: English and Chinese in turn, one hostile.
pub fn title(i: usize) -> String {
    let (region, ..) = REGIONS[i % 8];
    match i {
        7 => HOSTILE_TITLE.to_string(),
        _ if i.is_multiple_of(2) => format!(
            "{region} unveils {} measures to deepen high-standard opening-up (report {i})",
            10 + i
        ),
        _ => format!(
            "{}推出{}项举措推进高水平对外开放，跨境贸易投资便利化水平持续提升（第{i}篇）",
            region,
            10 + i
        ),
    }
}

fn article(i: usize) -> ArticleLink {
    let english = i.is_multiple_of(2);
    ArticleLink {
        url: if english {
            format!("https://english.news.cn/20260502/{i:032x}/c.html")
        } else {
            format!("https://www.news.cn/local/20260502/{i:032x}/c.html")
        },
        title: title(i),
        source: Some(if english { "Xinhua" } else { "新华社" }.into()),
        published: Some(Published::Date(
            NaiveDate::from_ymd_opt(2026, 5, 1 + (i % 2) as u32).unwrap(),
        )),
    }
}

fn text(j: usize, region: &str, city: &str) -> String {
    match j % 5 {
        0 => format!(
            "{region} will cut the negative list for foreign investment to 27 items and open {} more pilot zones for cross-border data flows, officials said at a press conference in {city} on Tuesday.",
            j % 9 + 2
        ),
        1 => format!(
            "{city}将在{}个领域扩大服务业对外开放，支持外资企业参与数字贸易、跨境电商和国际物流合作，全年进出口总额预计突破{}亿元。",
            j % 7 + 3,
            j * 10 + 500
        ),
        2 => format!(
            "Exports from {city} to ASEAN rose 18.4 percent year on year to 36.7 billion yuan in the first quarter, see https://www.example.gov.cn/opening/statistics/2026/quarterly-report-{j}-with-a-very-long-unbroken-path.html for the tables."
        ),
        3 => format!(
            "推进中国（{region}）自由贸易试验区提升战略实施方案全面落地见效推动制度型开放取得新突破新进展第{j}条"
        ),
        _ => format!(
            "The {city} comprehensive bonded zone handled {} TEUs of containers, <b>up</b> 12 percent, and added direct rail freight services to Vientiane and Hanoi.",
            j * 100 + 2000
        ),
    }
}

/// 150 highlights: highlight `j` is in article `j % 20`, about that article's region, except
/// every 11th, about the next region (so some articles appear in two sections); every 7th is
/// also carried by the next article.
pub fn highlights() -> Vec<StoredHighlight> {
    (0..150usize)
        .map(|j| {
            let a = j % 20;
            let r = if j.is_multiple_of(11) {
                (a + 1) % 8
            } else {
                a % 8
            };
            let (region, code, city) = REGIONS[r];
            let mut articles = vec![article(a)];
            if j.is_multiple_of(7) {
                articles.push(article((a + 1) % 20));
            }
            StoredHighlight {
                id: j as i64 + 1,
                region: region.into(),
                region_code: code.into(),
                places: if j.is_multiple_of(3) {
                    Vec::new()
                } else {
                    vec![Place {
                        name: city.0.into(),
                        code: city.1.into(),
                    }]
                },
                text: text(j, region, city.0),
                themes: [
                    "free-trade-zone",
                    "cross-border-ecommerce",
                    "foreign-investment",
                    "institutional-opening",
                    "ports-logistics",
                ]
                .iter()
                .skip(j % 4)
                .take(2)
                .map(|t| t.to_string())
                .collect(),
                speaker: j.is_multiple_of(4).then(|| Speaker {
                    name: "Li Wei".into(),
                    role: Some("director of the provincial department of commerce".into()),
                }),
                figures: match j % 5 {
                    0 => vec!["27 items".into()],
                    2 => vec!["18.4 percent".into(), "36.7 billion yuan".into()],
                    // Not in the text: listed after it.
                    4 => vec!["12 percent".into(), "a third of the total".into()],
                    _ => Vec::new(),
                },
                first_seen: Utc
                    .with_ymd_and_hms(2026, 5, 1, (j % 24) as u32, 0, 0)
                    .unwrap(),
                articles,
            }
        })
        .collect()
}
