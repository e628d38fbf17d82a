//! Unit tests of the run rules on short made-up articles: one behaviour each.

use super::find;
use crate::{Article, Highlight, Language};

fn article(paragraphs: &[&str]) -> Article {
    Article {
        url: None,
        title: String::new(),
        published: None,
        source: None,
        editors: vec![],
        language: Language::En,
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        captions: vec![],
        layout: "test".into(),
    }
}

/// The regions of the highlights whose text starts with `start`, sorted.
fn regions_of(hs: &[Highlight], start: &str) -> Vec<String> {
    let mut r: Vec<String> = hs
        .iter()
        .filter(|h| h.text.starts_with(start))
        .map(|h| h.region.clone())
        .collect();
    r.sort();
    r
}

#[test]
fn examples_from_a_group_leave_the_group_whole() {
    let hs = find(&article(&[
        "The new pilot free trade zones will be set up in Shanxi, Jilin, Hunan and Gansu, according to the plan.",
        "For example, the zone in Shanxi will focus on energy trade, while the plan for Jilin stresses border trade.",
        "The four new pilot FTZs will each test new rules on foreign investment.",
    ]));
    assert_eq!(regions_of(&hs, "For example"), ["Jilin", "Shanxi"]);
    assert_eq!(
        regions_of(&hs, "The four"),
        ["Gansu", "Hunan", "Jilin", "Shanxi"]
    );
}

#[test]
fn a_rule_that_allows_something_is_a_measure() {
    let hs = find(&article(&[
        "Hainan will open its free trade port wider, with zero tariffs on more imported goods and a shorter negative list for foreign investment.",
        "The free trade port handled record cross-border e-commerce and foreign trade volumes last year.",
        "The new rule allows residents of Haikou to shop in any store they like.",
    ]));
    assert_eq!(regions_of(&hs, "The new rule"), ["Hainan"]);
}

#[test]
fn likewise_and_its_chinese_forms_go_on_with_the_run() {
    let paragraphs = [
        "Hainan will open its free trade port wider, with zero tariffs on more imported goods and a shorter negative list for foreign investment.",
        "The free trade port handled record cross-border e-commerce and foreign trade volumes last year.",
        "Likewise, a Haikou drugmaker got its licence for overseas sales this month.",
    ];
    let hs = find(&article(&paragraphs));
    assert_eq!(regions_of(&hs, "Likewise"), ["Hainan"]);
    let paragraphs = [
        "海南自由贸易港将扩大跨境电商和外贸规模，吸引更多外资项目落地。",
        "海南自由贸易港去年跨境电商进出口创历史新高。",
        "无独有偶，海口一家药企日前也拿到了境外销售许可。",
    ];
    let hs = find(&article(&paragraphs));
    assert_eq!(regions_of(&hs, "无独有偶"), ["Hainan"]);
}

#[test]
fn the_border_crossing_of_the_runs_train_joins_the_run() {
    let paragraphs = [
        "西安中欧班列去年开行5000列，跨境电商和外贸货值创历史新高。",
        "“刚发出的班列将由新疆阿拉山口出境，十天后抵达德国。”",
    ];
    let hs = find(&article(&paragraphs));
    assert_eq!(regions_of(&hs, "“刚发出"), ["Shaanxi", "Xinjiang"]);
}

#[test]
fn english_evaluations_are_read() {
    use super::cues::evaluates;
    assert!(evaluates("Exports hit a record high in May."));
    assert!(evaluates("Cargo volume grew significantly."));
    assert!(!evaluates("Exports were flat in May."));
}

#[test]
fn a_ranking_evaluates_the_measure_just_described() {
    let hs = find(&article(&[
        "Hainan will open its free trade port wider, with zero tariffs on more imported goods and a shorter negative list for foreign investment.",
        "The free trade port handled record cross-border e-commerce and foreign trade volumes last year.",
        "By now, that service counts as one of the busiest cross-border e-commerce channels in Asia.",
    ]));
    assert_eq!(regions_of(&hs, "By now"), ["Hainan"]);
}

#[test]
fn an_easier_flow_is_a_result_of_the_measure() {
    let hs = find(&article(&[
        "Hainan will open its free trade port wider, with zero tariffs on more imported goods and a shorter negative list for foreign investment.",
        "The free trade port handled record cross-border e-commerce and foreign trade volumes last year.",
        "Within the zone, people and parcels now move more freely.",
    ]));
    assert_eq!(regions_of(&hs, "Within the zone"), ["Hainan"]);
}

#[test]
fn naming_the_runs_region_again_is_a_cue_back_to_it() {
    let hs = find(&article(&[
        "Hainan will open its free trade port wider, with zero tariffs on more imported goods and a shorter negative list for foreign investment.",
        "Haikou now has a busy port district by the sea.",
    ]));
    assert_eq!(regions_of(&hs, "Haikou now"), ["Hainan"]);
}

#[test]
fn the_port_takes_up_a_run_a_definition_paused() {
    let hs = find(&article(&[
        "Qinzhou Port in Guangxi handled 5 million containers last year, up 10 percent, boosting foreign trade.",
        "The land-sea corridor is a logistics passage built by western provinces and ASEAN countries.",
        "The port now has 120 berths and 60 shipping routes to ASEAN ports.",
    ]));
    assert!(regions_of(&hs, "The land-sea").is_empty());
    assert_eq!(regions_of(&hs, "The port now"), ["Guangxi"]);
}

#[test]
fn a_national_railway_total_is_not_the_runs() {
    let hs = find(&article(&[
        "西安今年开行中欧班列5000列，同比增长10%，出口货物持续增加。",
        "国铁集团数据显示，中欧班列开行量同比增长12%，出口货物持续增加。",
    ]));
    assert_eq!(regions_of(&hs, "西安"), ["Shaanxi"]);
    assert!(regions_of(&hs, "国铁集团").is_empty());
}

#[test]
fn a_sentence_opening_on_the_run_s_place_is_not_about_the_country() {
    // South China Morning Post, 2013-12-04 (tests/eval/real 137): the State
    // Council set up the zone, but the zone is what the sentence is about.
    let hs = find(&article(&[
        "In the Qinzhou Free Trade Port Area alone, trade volumes exceeded US$1 billion (HK$7.75 billion) in the first ten months of this year. The area was established by the State Council in February 2011 and consists of a port working area, logistics area, export processing area and service area to promote regional economic integration.",
    ]));
    assert_eq!(regions_of(&hs, "The area was"), ["Guangxi"]);
}

#[test]
fn the_country_as_the_base_of_a_share_does_not_end_the_run() {
    // Xinhua via China Daily, 2023-03-23 (tests/eval/real 133): "the whole
    // country" is what the two cities' share is of, not what the sentence is about.
    let hs = find(&article(&[
        "In 2022, more than 5,000 China-Europe freight trains left Chongqing and Chengdu, the capital of the neighboring Sichuan Province, for various destinations.",
        "The number of China-Europe freight trains handled by the two cities has topped 22,000 since they launched the service in March 2011 and April 2013, respectively, accounting for 30 percent of that of the whole country.",
    ]));
    assert_eq!(regions_of(&hs, "The number"), ["Chongqing", "Sichuan"]);
    // Bastille Post, 2024-10-28 (tests/eval/real 131): the country as the
    // field a ranking is made in.
    assert!(!super::cues::is_general(
        "Xi'an is also the home port for the Chine-Europe train service line with the highest frequencies nationwide."
    ));
    // The country as the subject still is general (real 133).
    assert!(super::cues::is_general(
        "China's Ministry of Foreign Affairs had invited them to visit Chongqing Municipality from March 20 to March 22."
    ));
}

#[test]
fn the_run_s_cargo_sent_on_keeps_the_run_s_region() {
    // Xinhua via People's Daily Online, 2023-04-03 (tests/eval/real 132): the
    // containers of the Chongqing train go on to Yunnan; both are the route's nodes.
    let hs = find(&article(&[
        "CHONGQING, April 3 (Xinhua) -- A freight train departed from the Jiangjin District of southwest China's Chongqing Municipality on Monday, marking the opening of a new transport route via the New International Land-Sea Trade Corridor.",
        "A total of 32 containers bearing goods such as ammonium sulfate, motorcycle parts and motorcycle tires will be transported to the Baoshan North Station in Yunnan Province. These goods will then be transported via highways, leaving China via a land port in the city of Ruili, before arriving at Myanmar.",
        "From January to February this year, freight trains and shuttle vehicles on the Western Land-Sea New Corridor starting from Chongqing transported a total of 21,000 TEUs, up 46 percent year on year. The total value of transported goods reached over 3.65 billion yuan (about 530.48 million U.S. dollars), up 43 percent year on year.",
        "Launched in 2017, the New International Land-Sea Trade Corridor is a trade and logistics passage jointly built by provincial-level regions in western China and ASEAN members.",
        "The New International Land-Sea Trade Corridor has developed rapidly over the years, expanding the number of destinations to 393 ports in 119 countries and regions by the end of February in 2023.",
    ]));
    assert_eq!(regions_of(&hs, "A total of"), ["Chongqing", "Yunnan"]);
    assert_eq!(regions_of(&hs, "These goods"), ["Chongqing", "Yunnan"]);
    // Xinhua, 2019-08-01 (tests/eval/real 127): the same shape.
    assert!(super::cues::sends_cargo_on(
        "Cargo carried by the train, including manganese iron, sulfuric acid disodium and glass fiber, will be further delivered to places such as Guangdong Province and Bangladesh after arriving at Guangxi."
    ));
}

#[test]
fn a_macro_region_as_the_subject_ends_the_run() {
    // China Daily via PR Newswire, 2024-03-07 (tests/eval/real 143): Northeast
    // China is a macro-region, never a region, so the sentence is a general one.
    assert!(super::cues::is_general(
        "Northeast China is an important gateway for the country's northward opening-up, and its strategic position and role in strengthening regional cooperation in Northeast Asia and the interplay between domestic and international markets are increasingly prominent, Xi said."
    ));
    // Xinhua via China.org.cn, 2018-08-07 (shared real 75): the macro-region
    // as the province's label is not the subject.
    assert!(!super::cues::is_general(
        "Northwest China's Gansu Province experienced a similar boost in trade with B&R countries, which expanded 41 percent, slightly faster than its overall growth."
    ));
}

#[test]
fn a_node_of_the_run_s_hyphenated_route_goes_on_with_the_run() {
    // Xinhua via People's Daily Online, 2023-02-21 (tests/eval/real 141): the
    // route "Yiwu-Xinjiang-Europe" of Yiwu's trains names Xinjiang as a node.
    let hs = find(&article(&[
        "HANGZHOU, Feb. 21 (Xinhua) -- The city of Yiwu, a small commodity production center in east China's Zhejiang Province, transported 20,140 twenty-foot equivalent unit (TEU) containers via China-Europe freight train service in January 2023, up 172.1 percent year on year.",
        "The total number of trains departing Yiwu via the Yixin'ou route (Yiwu-Xinjiang-Europe) reached 240 last month, according to China Railway Shanghai Bureau Group Co., Ltd.",
        "These trains transport goods from 15 provincial-level regions including Zhejiang, Shanghai, Anhui, and Jiangsu, thereby providing strong support to the export of foreign trade companies, according to the market development authorities of Yiwu.",
    ]));
    assert_eq!(
        regions_of(&hs, "The total number"),
        ["Xinjiang", "Zhejiang"]
    );
}
