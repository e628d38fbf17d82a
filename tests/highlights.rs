//! Highlight finding on small articles, one behaviour each: which regions a
//! text yields and which it must not.

use regionwatch_extract::{Article, Highlight, Language, find_highlights};

fn article(language: Language, paragraphs: &[&str]) -> Article {
    Article {
        url: None,
        title: String::new(),
        published: None,
        source: None,
        editors: vec![],
        language,
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        captions: vec![],
        layout: "test".into(),
    }
}

fn find(language: Language, paragraphs: &[&str]) -> Vec<Highlight> {
    find_highlights(&article(language, paragraphs))
}

fn regions(hs: &[Highlight]) -> Vec<&str> {
    let mut r: Vec<&str> = hs.iter().map(|h| h.region.as_str()).collect();
    r.dedup();
    r
}

#[test]
fn ambiguous_city_follows_its_province_and_datelines_make_no_region() {
    let hs = find(
        Language::En,
        &[
            "BEIJING, Jan. 9 (Xinhua) -- A China-Europe freight train departed from Fuzhou International Port in Jiangxi Province for Rotterdam, the first of the year.",
            "The province plans to open 20 more international freight routes and expand cross-border e-commerce this year.",
        ],
    );
    assert_eq!(regions(&hs), ["Jiangxi"]);
    assert_eq!(
        hs[0].places[0].code, "361000",
        "Fuzhou of Jiangxi, not of Fujian"
    );
    assert_eq!(hs.len(), 2, "the follow-up sentence continues Jiangxi");
}

#[test]
fn organisations_people_and_comparisons_are_not_regions() {
    let hs = find(
        Language::En,
        &[
            "Guangxi's foreign trade grew 12 percent, second only to Guangdong, said Huangpu, a director at China Railway Nanning Group.",
            "Guangxi will open more sea-rail routes on the land-sea corridor and attract foreign investment.",
        ],
    );
    assert_eq!(regions(&hs), ["Guangxi"]);
    assert_eq!(
        hs[0].speaker.as_ref().map(|s| s.name.as_str()),
        Some("Huangpu")
    );
    assert!(hs[0].figures.contains(&"12 percent".to_string()));
    assert!(hs[0].themes.contains(&"foreign-trade".to_string()));
}

#[test]
fn definitional_lists_and_general_statements_make_no_highlight() {
    let hs = find(
        Language::En,
        &[
            "The central region comprises six provinces: Shanxi, Henan, Hubei, Hunan, Anhui and Jiangxi, and its foreign trade keeps rising.",
            "Many coastal provinces have proposed new measures for opening up and foreign trade.",
            "Hainan will expand zero-tariff lists at the free trade port.",
        ],
    );
    assert_eq!(regions(&hs), ["Hainan"]);
}

#[test]
fn articles_not_about_opening_up_yield_nothing() {
    let hs = find(
        Language::En,
        &[
            "Heavy rain hit Guangdong and Guangxi on Monday, and ports in Zhanjiang suspended operations.",
            "Retail sales in Zhejiang rose 5 percent as consumers bought more home appliances.",
        ],
    );
    assert!(hs.is_empty(), "{hs:?}");
}

#[test]
fn chinese_simplified_and_traditional() {
    let hs = find(
        Language::Zh,
        &[
            "新华社北京3月5日电 今年一季度，广西经北部湾港开行西部陆海新通道海铁联运班列2600列，同比增长15%。",
            "该港将新开3条东盟航线。",
        ],
    );
    assert_eq!(regions(&hs), ["Guangxi"]);
    assert_eq!(hs.len(), 2);
    assert!(hs[0].figures.contains(&"2600列".to_string()));
    let hs = find(
        Language::Zh,
        &["前海合作區今年將推出新一輪跨境服務便利化措施，實際使用外資增長11%。"],
    );
    assert_eq!(regions(&hs), ["Guangdong"]);
}

#[test]
fn partners_and_route_stops_are_not_regions() {
    let hs = find(
        Language::En,
        &[
            "Yunnan launched express trains that run from Kunming through Laos to Thailand, connecting with the China-Europe Railway Express via Chongqing and Xi'an.",
            "Investors from Hong Kong set up 300 foreign-funded firms in Yunnan's pilot free trade zone.",
        ],
    );
    assert_eq!(regions(&hs), ["Yunnan"]);
}

#[test]
fn every_party_of_one_measure_gets_it_and_the_group_comes_back() {
    let hs = find(
        Language::En,
        &[
            "The new pilot free trade zones will be set up in Shanxi, Jilin, Hunan and Gansu, according to the plan.",
            "China has now approved 25 pilot free trade zones in total.",
            "The four new pilot FTZs will each test new rules on foreign investment.",
        ],
    );
    let mut got = regions(&hs);
    got.sort();
    got.dedup();
    assert_eq!(got, ["Gansu", "Hunan", "Jilin", "Shanxi"]);
    let last = hs.iter().filter(|h| h.text.starts_with("The four")).count();
    assert_eq!(last, 4, "the group sentence goes to all four: {hs:#?}");
    assert!(!hs.iter().any(|h| h.text.starts_with("China has")));
}

#[test]
fn joint_names_and_cooperation_partners_are_parties() {
    let hs = find(
        Language::Zh,
        &[
            "广州南沙将携手港澳建设高水平对外开放门户，打造粤港澳全面合作示范区。",
            "中国香港企业对广东的外资项目增加。",
        ],
    );
    let mut got = regions(&hs);
    got.sort();
    got.dedup();
    assert_eq!(got, ["Guangdong", "Hong Kong", "Macao"], "{hs:#?}");
}

#[test]
fn a_regions_plan_items_continue_it() {
    let hs = find(
        Language::Zh,
        &[
            "浙江省政府工作报告提出，浙江将扩大高水平对外开放。支持跨境电商和海外仓发展。优化口岸营商环境。",
        ],
    );
    assert_eq!(regions(&hs), ["Zhejiang"]);
    assert_eq!(hs.len(), 3, "each plan item continues Zhejiang: {hs:#?}");
}

#[test]
fn the_runs_own_train_keeps_it_when_other_regions_are_named() {
    let hs = find(
        Language::Zh,
        &[
            "青海省西宁市首趟中欧班列发车，主要运输当地特色出口产品。",
            "这趟中欧班列途经甘肃、新疆两省区，由阿拉山口口岸出境，最终到达比利时。",
        ],
    );
    let second: Vec<&str> = hs
        .iter()
        .filter(|h| h.text.starts_with("这趟"))
        .map(|h| h.region.as_str())
        .collect();
    assert_eq!(second, ["Qinghai", "Gansu", "Xinjiang"], "{hs:#?}");
}

#[test]
fn naming_the_runs_region_again_still_continues_it() {
    let hs = find(
        Language::En,
        &[
            "Fujian's cross-border e-commerce exports rose 20 percent this year.",
            "The Pingtan free trade zone opened two international shipping routes, and its port handled 80,000 containers.",
            "Meanwhile, Pingtan companies have joined the logistics network.",
            "Meanwhile, Guangdong companies have joined the logistics network.",
        ],
    );
    let third: Vec<&str> = hs
        .iter()
        .filter(|h| h.text.contains("Pingtan companies"))
        .map(|h| h.region.as_str())
        .collect();
    assert_eq!(
        third,
        ["Fujian"],
        "Pingtan goes on with Fujian's run: {hs:#?}"
    );
    assert!(
        !hs.iter().any(|h| h.text.contains("Guangdong companies")),
        "a region new to the run needs a measure of its own: {hs:#?}"
    );
}

#[test]
fn figures_or_a_plan_right_after_a_highlight_continue_it_and_general_subjects_do_not() {
    let hs = find(
        Language::En,
        &[
            "Hainan opened 12 new international shipping routes under the Belt and Road Initiative.",
            "Its free trade port handled 2 million TEUs this year, foreign trade grew 15 percent, cross-border e-commerce doubled and foreign investment rose by a third.",
            "By the end of June, about 1,500 new companies had registered there, up 30 percent from a year earlier, the bureau reported.",
            "Over the next three years, Haikou will improve its technological innovation mechanism, public services and business environment for companies.",
            "More than 20 provinces in China have used these services to ship nearly 3,000 kinds of goods to Southeast Asia.",
        ],
    );
    assert!(
        hs.iter()
            .any(|h| h.text.starts_with("By the end of June") && h.region == "Hainan"),
        "a result with figures continues Hainan: {hs:#?}"
    );
    assert!(
        hs.iter()
            .any(|h| h.text.starts_with("Over the next") && h.region == "Hainan"),
        "so does a plan: {hs:#?}"
    );
    assert!(
        !hs.iter().any(|h| h.text.starts_with("More than 20")),
        "provinces in China in general end the run: {hs:#?}"
    );
}

#[test]
fn traditional_text_reads_like_simplified_and_a_crime_report_opens_no_run() {
    let hs = find(
        Language::Zh,
        &[
            "海南自由貿易港今年新開通國際航線12條，外貿進出口增長20%。",
            "該港還將開通更多航線。",
            "海關破獲一起走私案，走私團夥將凍品運往廣東、江蘇等地。",
            "海關提醒，消費者選購進口凍品要認準正規渠道。",
        ],
    );
    assert_eq!(regions(&hs), ["Hainan"], "{hs:#?}");
    assert!(
        hs.iter().any(|h| h.text.starts_with("該港")),
        "該港 points back to Hainan's port: {hs:#?}"
    );
}
