//! Unit tests of the run rules, one behaviour each: on short made-up articles,
//! or on real news sentences copied as written (the article id in a comment).

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
fn our_city_as_the_subject_goes_on_with_the_run() {
    // tests/eval/real 237 (a Xiamen page): 我市 is the page's own city.
    let mut page = article(&[
        "昨晚9时许,一架美国国家货运航空公司的波音747-400F全货机从厦门高崎机场起飞,前往纽约。这是我市首次开通赴纽约的空中货运航线。",
        "包机方欧华国际物流集团相关负责人介绍,波音747-400F是目前市场上主流的货机机型,可装载货物105吨(630立方米),首航航班满载,大部分是电商货物。新开通的厦门至纽约空中货运航线初步计划开行一年,每周三班。",
        "市交通运输局民航处负责人介绍,受新冠肺炎疫情影响,今年以来,航空货运需求大幅增长。近期,我市连续开通多条赴欧洲、北美洲的空中货运航线,市交通运输局联手口岸部门靠前服务,为航线快速开通提供坚实保障。",
    ]);
    page.title = "厦门至纽约开通空中货运航线 每周三班计划开行一年".into();
    let hs = find(&page);
    assert_eq!(regions_of(&hs, "近期"), ["Fujian"]);
    // 223: 我省 inside an invitation to the reader is not its subject.
    use super::cues::has_cue;
    assert!(!has_cue(
        "下面就请随着本报两位特派记者一起去我省的口岸转转看吧"
    ));
    assert!(has_cue("今年上半年,我省外贸数据喜人。"));
}

#[test]
fn the_province_ranked_in_the_country_is_still_the_province() {
    // tests/eval/real 239: 全省 is the subject; 全国首个 only ranks its platform.
    let hs = find(&article(&[
        "四川是中国改革开放的策源地和先行省份之一。发布会介绍,改革开放特别是党的十八大以来,省委、省政府牢牢把握全球开放大势和四川发展大局,坚定实施全面开放合作战略,抢抓“一带一路”建设、长江经济带发展、新一轮西部大开发等重大战略机遇,推动形成“四向拓展、全域开放”立体全面开放新态势,全省开放布局不断优化、开放领域日益拓展、开放型经济水平加快提升、对外交流“朋友圈”越来越大。",
        "深度融入“一带一路”建设,全省约1/3的对外贸易、4/5的对外承包工程、2/5的对外投资布局“一带一路”沿线国家,80多个项目纳入国家重大项目储备库;搭建了全国首个“一省对一国”对接平台,东方电气、中国成达等对外工程承包总额超过100亿美元,四川路桥公司承建的北极圈里最大跨径悬索桥项目,是我国承建的首个欧洲发达国家大跨径桥梁项目;“中国-欧洲中心”吸引40多家机构和企业入驻,成为对欧高端合作的前沿窗口。",
    ]));
    assert_eq!(regions_of(&hs, "深度融入"), ["Sichuan"]);
    // 236: after a short opening phrase, 全省 (and 全省各地) is the subject.
    use super::cues::is_general;
    assert!(!is_general(
        "今年上半年,全省外贸出口实现281.4亿元,同比增长25.3%,高于全国21.6个百分点,增速居全国第六位。"
    ));
    assert!(!is_general(
        "在省委、省政府的坚强领导下,全省各地、各部门密切协作,采取一系列超常规举措,帮助企业稳订单拓市场,取得积极成效。"
    ));
    assert!(is_general("今年上半年,全国外贸出口同比增长5%。"));
}

#[test]
fn a_ranking_with_wei_lie_evaluates_the_port_just_described() {
    // tests/eval/real 232: 位列 ranks the port, like 位居 and 名列.
    let hs = find(&article(&[
        "中新网南宁8月26日电(记者 杨陈)广西北部湾经济区规划建设管理办公室26日披露,当前北部湾国际门户港正在加速全方位对外开放,深化与东盟交流合作,打造“西部开放新门户”。",
        "“十三五”时期,北部湾港集装箱吞吐量实现跃升,完成吞吐量505万标箱,年均增长29%,年均增速居中国沿海百万标箱以上港口首位。2020年港口货物吞吐量和集装箱吞吐量均位列中国沿海港口第九位。",
    ]));
    assert_eq!(regions_of(&hs, "2020年"), ["Guangxi"]);
}

#[test]
fn an_investment_promotion_fair_is_about_opening_up() {
    // tests/eval/real 240: without 招商会 the page had too few opening-up terms.
    let hs = find(&article(&[
        "图为长乐专场招商会上举行的重点项目签约仪式。 中新社发 刘可耕 摄",
        "5月16日,中国长乐第八届郑和开洋节暨第十四届海峡两岸经贸交易会长乐专场招商会开幕式暨重点项目签约仪式在福建著名侨乡长乐市举行。来自世界各地的海外华侨、内外资企业家、异地商会代表近600人齐聚一堂、出席该专场招商会。本届长乐专场招商会主题为“对台交流、互利共赢”。招商会期间,长乐市共签约(“三维”项目包括央企、民企、外资项目在内)内外资项目51项,总投资额达297.15亿元人民币。",
    ]));
    assert_eq!(regions_of(&hs, "5月16日"), ["Fujian"]);
}

#[test]
fn a_press_conference_is_no_measure() {
    // tests/eval/real 239: chairing the 发布会 releases nothing.
    use super::cues::states_measure;
    assert!(!states_measure("省委宣传部新闻处副处长张祯军主持发布会。"));
    assert!(states_measure("商务部发布数据显示,前两月外资项目增长。"));
}

#[test]
fn a_media_tour_is_an_itinerary() {
    // tests/eval/real 242 and 223: the reporters' tour names places, no measure.
    use crate::extract::quiet::is_itinerary;
    assert!(is_itinerary(
        "近日,“钢铁丝路好风光”之“西部陆海新通道一线行”主题采访活动举行,多家媒体从长江到北部湾,从重庆到广西,登高桥,进货场,探班列,沿着1400多公里铁路线行进,见证了西部陆海新通道的繁荣和活力。"
    ));
    assert!(is_itinerary(
        "我省的“两强一堡”建设,与邻国的沿边行,就成为记者急于走访与观察的话题与现象,“睦邻友好,和谐周边”大型主题报道采访团近日分赴红河、文山、西双版纳、临沧、普洱等州市的边境线深入走访。"
    ));
    assert!(!is_itinerary(
        "黄江南介绍,随着西部陆海新通道建设的持续推进,得益于《区域全面经济伙伴关系协定》(RCEP)政策红利,来自东盟乃至世界各地的货物与中国内陆的货物在钦州港东站实现快速周转。"
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

#[test]
fn a_county_written_with_a_kind_is_a_place() {
    // tests/eval/real 240: 长乐市 (now 长乐区) in an article that names 福建.
    let hs = find(&article(&[
        "5月16日,中国长乐第八届郑和开洋节暨第十四届海峡两岸经贸交易会长乐专场招商会开幕式暨重点项目签约仪式在福建著名侨乡长乐市举行。来自世界各地的海外华侨、内外资企业家、异地商会代表近600人齐聚一堂、出席该专场招商会。本届长乐专场招商会主题为“对台交流、互利共赢”。招商会期间,长乐市共签约(“三维”项目包括央企、民企、外资项目在内)内外资项目51项,总投资额达297.15亿元人民币。",
    ]));
    assert_eq!(regions_of(&hs, "招商会期间"), ["Fujian"]);
}
