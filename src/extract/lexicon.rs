//! The opening-up vocabulary: which words signal an opening-up measure, and
//! which theme each belongs to. The table is data; `README.md` documents the
//! themes.
//!
//! Weights: 2 for terms that on their own make a sentence about opening up
//! ("free trade zone", 跨境电商), 1 for terms that do only in company
//! ("port", "logistics hub", 合作).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::LazyLock;

/// The fixed theme vocabulary, in the order themes are reported.
pub const THEMES: &[&str] = &[
    "free-trade-zone",
    "ports-logistics",
    "rail-corridors",
    "foreign-trade",
    "foreign-investment",
    "cross-border-ecommerce",
    "bonded-zones",
    "institutional-opening",
    "belt-and-road",
    "border-trade",
    "trade-expos",
    "open-platforms",
];

struct Entry {
    theme: &'static str,
    weight: u8,
    english: &'static [&'static str],
    chinese: &'static [&'static str],
}

const ENTRIES: &[Entry] = &[
    Entry {
        theme: "free-trade-zone",
        weight: 2,
        english: &[
            "free trade zone",
            "free trade zones",
            "free-trade zone",
            "FTZ",
            "FTZs",
            "free trade port",
            "free-trade port",
            "FTP",
            "pilot free trade",
            "Lin-gang Special Area",
            "Lingang Special Area",
            "special customs supervision",
            "island-wide special customs",
            "independent customs operations",
        ],
        chinese: &[
            "自贸试验区",
            "自由贸易试验区",
            "自贸区",
            "自由贸易港",
            "自贸港",
            "封关",
            "自由贸易账户",
            "临港新片区",
        ],
    },
    Entry {
        theme: "ports-logistics",
        weight: 1,
        english: &[
            "port",
            "ports",
            "seaport",
            "dry port",
            "inland port",
            "land port",
            "container",
            "containers",
            "TEU",
            "TEUs",
            "throughput",
            "shipping route",
            "shipping routes",
            "logistics hub",
            "logistics",
            "air cargo",
            "cargo flights",
            "cargo route",
            "hub",
            "transportation channels",
            "international routes",
        ],
        chinese: &[
            "港口",
            "港区",
            "集装箱",
            "标箱",
            "吞吐量",
            "航线",
            "物流枢纽",
            "国际物流",
            "货运航线",
            "枢纽",
            "内陆港",
            "无水港",
            "多式联运",
            "国际货运",
        ],
    },
    Entry {
        theme: "rail-corridors",
        weight: 2,
        english: &[
            "China-Europe",
            "China-Central Asia",
            "China-Europe freight train",
            "China-Europe freight trains",
            "China-Europe Railway Express",
            "China-Europe rail",
            "China Europe freight train",
            "freight train",
            "freight trains",
            "land-sea corridor",
            "Land-Sea Trade Corridor",
            "land-sea trade corridor",
            "China-Laos Railway",
            "China-Laos railway",
            "trade corridor",
            "economic corridor",
            "sea-rail intermodal",
            "rail-sea intermodal",
            "cross-border rail",
        ],
        chinese: &[
            "中欧班列",
            "中亚班列",
            "西部陆海新通道",
            "陆海新通道",
            "中老铁路",
            "中越班列",
            "海铁联运",
            "国际班列",
            "跨境班列",
            "国际铁路联运",
            "开放通道",
        ],
    },
    Entry {
        theme: "foreign-trade",
        weight: 2,
        english: &[
            "foreign trade",
            "foreign-trade",
            "imports and exports",
            "import and export",
            "exports",
            "export",
            "imports",
            "exported",
            "exporting",
            "trade volume",
            "total trade",
            "trade with",
            "trade value",
            "overseas markets",
            "going global",
            "outbound",
        ],
        chinese: &[
            "外贸",
            "进出口",
            "出口",
            "进口",
            "对外贸易",
            "贸易额",
            "外向型",
            "出海",
            "走出去",
            "海外市场",
            "国际市场",
        ],
    },
    Entry {
        theme: "foreign-investment",
        weight: 2,
        english: &[
            "foreign investment",
            "foreign investments",
            "foreign direct investment",
            "FDI",
            "foreign-funded",
            "foreign-invested",
            "foreign investors",
            "foreign enterprises",
            "foreign companies",
            "foreign capital",
            "overseas investors",
            "multinational",
            "multinationals",
            "utilized foreign",
            "actual use of foreign",
        ],
        chinese: &[
            "外资",
            "外商投资",
            "外商",
            "利用外资",
            "外资企业",
            "外企",
            "跨国公司",
            "境外投资者",
            "外商直接投资",
        ],
    },
    Entry {
        theme: "cross-border-ecommerce",
        weight: 2,
        english: &[
            "cross-border e-commerce",
            "cross-border ecommerce",
            "cross-border online",
        ],
        chinese: &["跨境电商", "跨境电子商务", "海外仓"],
    },
    Entry {
        theme: "bonded-zones",
        weight: 2,
        english: &[
            "comprehensive bonded zone",
            "comprehensive bonded zones",
            "bonded zone",
            "bonded zones",
            "bonded port",
            "bonded area",
            "bonded logistics",
            "bonded",
        ],
        chinese: &[
            "综合保税区",
            "综保区",
            "保税区",
            "保税港区",
            "保税物流",
            "保税",
        ],
    },
    Entry {
        theme: "institutional-opening",
        weight: 2,
        english: &[
            "negative list",
            "zero tariff",
            "zero-tariff",
            "tariff",
            "tariffs",
            "customs clearance",
            "customs",
            "institutional opening",
            "institutional openness",
            "institutional opening-up",
            "services trade",
            "trade in services",
            "opening-up of the services sector",
            "market access",
            "visa-free",
            "tax refund",
            "tax refunds",
            "tax rebate",
            "duty-free",
            "cross-border data",
            "cross-border service",
            "cross-border services",
            "cross-border RMB",
            "high-standard international economic and trade rules",
            "digital trade",
            "trade in technology",
            "technology trade",
            "rules alignment",
            "align their rules",
            "align its rules",
            "rule alignment",
            "Hong Kong-funded",
            "Macao-funded",
            "Taiwan-funded",
            "overseas professionals",
            "cross-border flows",
            "Wealth Management Connect",
            "Bond Connect",
            "Stock Connect",
        ],
        chinese: &[
            "负面清单",
            "零关税",
            "关税",
            "通关",
            "海关",
            "制度型开放",
            "服务业扩大开放",
            "服务贸易",
            "市场准入",
            "免签",
            "离境退税",
            "退税",
            "免税",
            "跨境数据",
            "数据跨境",
            "跨境服务",
            "跨境流动",
            "跨境理财通",
            "跨境金融",
            "跨境人民币",
            "国际高标准经贸规则",
            "放宽准入",
            "数字贸易",
            "技术贸易",
            "规则衔接",
            "机制对接",
            "港资",
            "澳资",
            "台资",
            "招商引资",
        ],
    },
    Entry {
        theme: "belt-and-road",
        weight: 2,
        english: &[
            "Belt and Road",
            "BRI",
            "Silk Road Economic Belt",
            "Maritime Silk Road",
            "Digital Silk Road",
        ],
        chinese: &["一带一路", "丝绸之路经济带", "海上丝绸之路", "丝路"],
    },
    Entry {
        theme: "border-trade",
        weight: 2,
        english: &[
            "border trade",
            "border economic cooperation zone",
            "border cooperation zone",
            "border port",
            "border ports",
            "land border",
            "cross-border trade",
            "cross-border cooperation",
        ],
        chinese: &[
            "边境贸易",
            "边贸",
            "边民互市",
            "边境经济合作区",
            "边合区",
            "跨境经济合作区",
            "口岸",
            "沿边",
        ],
    },
    Entry {
        theme: "trade-expos",
        weight: 2,
        english: &[
            "Canton Fair",
            "China Import and Export Fair",
            "China International Import Expo",
            "CIIE",
            "China-ASEAN Expo",
            "China International Consumer Products Expo",
            "China International Fair for Trade in Services",
            "CIFTIS",
            "China-Eurasia Expo",
            "China-Northeast Asia Expo",
            "China-South Asia Expo",
            "China-Africa Economic and Trade Expo",
            "Consumer Expo",
            "trade fair",
            "investment fair",
            "trade expo",
        ],
        chinese: &[
            "进博会",
            "进口博览会",
            "广交会",
            "东盟博览会",
            "消博会",
            "服贸会",
            "亚欧博览会",
            "东北亚博览会",
            "南亚博览会",
            "中非经贸博览会",
            "投洽会",
            "数贸会",
        ],
    },
    Entry {
        theme: "open-platforms",
        weight: 2,
        english: &[
            "opening up",
            "opening-up",
            "open up",
            "opening wider",
            "openness",
            "open platform",
            "open platforms",
            "open economy",
            "opening to the outside world",
            "international cooperation",
            "economic and trade cooperation",
            "trade opening",
            "commercial and trade opening",
            "international partners",
        ],
        chinese: &[
            "对外开放",
            "高水平开放",
            "扩大开放",
            "开放平台",
            "开放型经济",
            "开放高地",
            "开放合作",
            "经贸合作",
            "国际合作",
            "开放枢纽",
            "对外交流",
        ],
    },
    Entry {
        theme: "open-platforms",
        weight: 1,
        english: &[
            "trade",
            "investment",
            "investing",
            "cooperation platform",
            "cooperation platforms",
            "cooperation zone",
            "rules",
            "international",
            "overseas",
            "global",
            "foreign",
            "ASEAN",
            "Europe",
            "Central Asia",
            "RCEP",
            "Northeast Asia",
            "Southeast Asia",
            "Hong Kong and Macao",
            "cross-border",
            "inbound",
            "outward",
        ],
        chinese: &[
            "贸易",
            "投资",
            "合作区",
            "合作平台",
            "规则",
            "国际",
            "境外",
            "海外",
            "东盟",
            "欧洲",
            "中亚",
            "东北亚",
            "东南亚",
            "港澳",
            "跨境",
            "全球",
            "外向",
        ],
    },
    Entry {
        theme: "open-platforms",
        weight: 1,
        english: FOREIGN_PLACES_EN,
        chinese: FOREIGN_PLACES_ZH,
    },
];

/// Foreign countries and cities: a region's sentence that names them is about its ties abroad.
const FOREIGN_PLACES_EN: &[&str] = &[
    "ROK",
    "Korean",
    "Japanese",
    "German",
    "French",
    "Russian",
    "Vietnamese",
    "Thai",
    "Malaysian",
    "Singaporean",
    "Indonesian",
    "Kazakh",
    "European",
    "African",
    "Arab",
    "Danish",
    "Dutch",
    "Italian",
    "Spanish",
    "British",
    "American",
    "Brazilian",
    "Pakistani",
    "Lao",
    "Mongolian",
    "Uzbek",
    "Indonesia",
    "Malaysia",
    "Singapore",
    "Thailand",
    "Vietnam",
    "Laos",
    "Cambodia",
    "Myanmar",
    "Philippines",
    "Japan",
    "South Korea",
    "the Republic of Korea",
    "Mongolia",
    "Russia",
    "Kazakhstan",
    "Uzbekistan",
    "Kyrgyzstan",
    "Tajikistan",
    "Turkmenistan",
    "Pakistan",
    "India",
    "Nepal",
    "Bangladesh",
    "Sri Lanka",
    "Iran",
    "Türkiye",
    "Turkey",
    "Saudi Arabia",
    "the United Arab Emirates",
    "UAE",
    "Egypt",
    "Ethiopia",
    "Kenya",
    "Nigeria",
    "South Africa",
    "Germany",
    "France",
    "Italy",
    "Spain",
    "Poland",
    "Hungary",
    "Belarus",
    "the Netherlands",
    "Netherlands",
    "Belgium",
    "Britain",
    "the United Kingdom",
    "the United States",
    "Brazil",
    "Chile",
    "Peru",
    "Mexico",
    "Australia",
    "New Zealand",
    "Duisburg",
    "Hamburg",
    "Rotterdam",
    "Madrid",
    "Budapest",
    "Warsaw",
    "Moscow",
    "Almaty",
    "Tashkent",
    "Vientiane",
    "Jakarta",
    "Bangkok",
    "Hanoi",
    "Kuala Lumpur",
    "Dubai",
];
const FOREIGN_PLACES_ZH: &[&str] = &[
    "印度尼西亚",
    "印尼",
    "马来西亚",
    "新加坡",
    "泰国",
    "越南",
    "老挝",
    "柬埔寨",
    "缅甸",
    "菲律宾",
    "日本",
    "韩国",
    "蒙古国",
    "俄罗斯",
    "哈萨克斯坦",
    "乌兹别克斯坦",
    "吉尔吉斯斯坦",
    "塔吉克斯坦",
    "土库曼斯坦",
    "巴基斯坦",
    "尼泊尔",
    "德国",
    "法国",
    "意大利",
    "西班牙",
    "波兰",
    "匈牙利",
    "白俄罗斯",
    "荷兰",
    "比利时",
    "英国",
    "美国",
    "巴西",
    "智利",
    "秘鲁",
    "澳大利亚",
    "杜伊斯堡",
    "汉堡",
    "鹿特丹",
    "马德里",
    "布达佩斯",
    "华沙",
    "莫斯科",
    "阿拉木图",
    "塔什干",
    "万象",
    "雅加达",
    "曼谷",
    "河内",
    "迪拜",
    "沙特",
    "阿联酋",
    "埃及",
    "非洲",
    "拉美",
    "中东",
];

/// What the vocabulary says about a sentence.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Signals {
    /// Sum of the weights of the distinct terms found.
    pub score: u32,
    /// Themes of the weight-2 terms, in vocabulary order.
    pub themes: Vec<&'static str>,
}

struct Lexicon {
    english: AhoCorasick,
    chinese: AhoCorasick,
    english_entry: Vec<usize>,
    chinese_entry: Vec<usize>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut english_terms = Vec::new();
    let mut english_entry = Vec::new();
    let mut chinese_terms = Vec::new();
    let mut chinese_entry = Vec::new();
    for (i, e) in ENTRIES.iter().enumerate() {
        for t in e.english {
            english_terms.push(*t);
            english_entry.push(i);
        }
        for t in e.chinese {
            chinese_terms.push(*t);
            chinese_entry.push(i);
        }
    }
    let build = |terms: &[&str], ci: bool| -> AhoCorasick {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(ci)
            .build(terms)
            .expect("lexicon compiles")
    };
    Lexicon {
        english: build(&english_terms, true),
        chinese: build(&chinese_terms, false),
        english_entry,
        chinese_entry,
    }
});

/// Scores a sentence against the vocabulary.
pub fn signals(sentence: &str) -> Signals {
    let lex = &*LEXICON;
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for m in lex.english.find_iter(sentence) {
        if is_whole_word(sentence, m.start(), m.end()) {
            seen.push((
                lex.english_entry[m.pattern().as_usize()],
                m.pattern().as_usize(),
            ));
        }
    }
    if sentence.bytes().any(|b| b >= 0xE3) {
        for m in lex.chinese.find_iter(sentence) {
            seen.push((
                lex.chinese_entry[m.pattern().as_usize()],
                usize::MAX - m.pattern().as_usize(),
            ));
        }
    }
    seen.sort_unstable();
    seen.dedup();
    let mut out = Signals::default();
    for &(entry, _) in &seen {
        let e = &ENTRIES[entry];
        out.score += u32::from(e.weight);
        if e.weight >= 2 && !out.themes.contains(&e.theme) {
            out.themes.push(e.theme);
        }
    }
    if out.themes.is_empty() {
        // Only weaker signals (a port, a hub, "international"): name their theme.
        for &(entry, _) in &seen {
            if !out.themes.contains(&ENTRIES[entry].theme) {
                out.themes.push(ENTRIES[entry].theme);
            }
        }
    }
    out.themes
        .sort_by_key(|t| THEMES.iter().position(|x| x == t));
    out
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let joined = |c: char| c.is_alphanumeric() && !super::sentences::is_cjk(c);
    !text[..start].chars().next_back().is_some_and(joined)
        && !text[end..].chars().next().is_some_and(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_is_in_the_vocabulary() {
        for e in ENTRIES {
            assert!(THEMES.contains(&e.theme), "{}", e.theme);
        }
    }

    #[test]
    fn scores_english_and_chinese() {
        let s = signals("Fujian proposes to promote the expansion of pilot free trade zones.");
        assert_eq!(s.themes, ["free-trade-zone"]);
        let s = signals("全省跨境电商进出口额增长20%，中欧班列开行1000列。");
        assert_eq!(
            s.themes,
            ["rail-corridors", "foreign-trade", "cross-border-ecommerce"]
        );
        assert_eq!(signals("Heavy rain hit the province on Monday.").score, 0);
        assert_eq!(
            signals("The airport reported delays.").score,
            0,
            "port inside airport is no port"
        );
    }
}
