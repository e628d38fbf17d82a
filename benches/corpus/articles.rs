//! Article texts for the benchmark corpus: our own writing in the style of
//! Xinhua opening-up reports, English and Chinese. Each is (headline, paragraphs).

pub struct ArticleText {
    pub headline: &'static str,
    pub paragraphs: &'static [&'static str],
}

pub const ENGLISH: &[ArticleText] = &[
    ArticleText {
        headline: "Hainan Free Trade Port widens zero-tariff list as foreign firms flock in",
        paragraphs: &[
            "HAIKOU, Jan. 20 (Xinhua) -- South China's Hainan Province will expand its list of zero-tariff imported goods and further shorten the negative list for foreign investment this year, the provincial government said in its annual work report on Tuesday.",
            "Since island-wide special customs operations began, more than 8,000 enterprises have benefited from the zero-tariff policy, and the number of newly registered foreign-funded enterprises rose 15 percent year on year, according to the provincial department of commerce.",
            "\"We will make the free trade port a gateway linking the domestic market with ASEAN,\" said Liu Xiaoming, governor of Hainan, adding that the province aims to raise its goods trade to 300 billion yuan by 2027.",
            "Yangpu Economic Development Zone will add three international shipping routes and pilot a bonded fuel supply program for ocean-going vessels, the report said.",
            "Haikou Jiangdong New Area plans to attract 50 regional headquarters of multinational companies within three years, offering streamlined work permits for foreign professionals.",
            "The province will also expand a pilot program for cross-border data flows, allowing qualified companies in the free trade port to transfer certain business data overseas after a simplified security review.",
            "Analysts said the measures show China's commitment to high-standard opening-up despite a complex external environment, with Hainan serving as a testing ground for institutional reforms.",
        ],
    },
    ArticleText {
        headline: "China-Europe freight trains from Chongqing hit record as inland opening deepens",
        paragraphs: &[
            "CHONGQING, Feb. 15 (Xinhua) -- China-Europe freight train trips from southwest China's Chongqing Municipality reached a record 2,800 last year, up 12 percent from a year earlier, local authorities said Monday.",
            "The trains now reach more than 100 cities in Europe and Central Asia, carrying laptops, automobiles and auto parts westbound and wine, machinery and food eastbound.",
            "Chongqing's government work report pledged to build an inland open hub linking the markets of Europe, China and ASEAN, and to expand the New International Land-Sea Trade Corridor with more rail-sea intermodal routes via Qinzhou Port in Guangxi.",
            "\"Cargo that used to take 40 days by sea now arrives in about 15 days,\" said Zhang Hua, general manager of a logistics company in the Chongqing Pilot Free Trade Zone.",
            "The municipality will also open a cross-border e-commerce export supervision center at Tuanjie Village Central Station and pilot a single-document system for multimodal transport.",
            "Neighbouring Sichuan Province said it would deepen cooperation with Chongqing on the corridor and expand imports through the Chengdu International Railway Port.",
        ],
    },
    ArticleText {
        headline: "Guangxi adds cross-border truck routes to Vietnam, expands bonded logistics",
        paragraphs: &[
            "NANNING, April 8 (Xinhua) -- South China's Guangxi Zhuang Autonomous Region will add 20 cross-border truck routes to Vietnam through the Pingxiang and Dongxing border ports this year, the regional department of commerce said.",
            "Foreign trade of Guangxi reached 750 billion yuan last year, with trade with ASEAN members accounting for nearly half of the total, customs data showed.",
            "The China (Guangxi) Pilot Free Trade Zone will open a bonded logistics center at Qinzhou Port in June and pilot faster customs clearance for fresh fruit from Thailand and Vietnam.",
            "Huang Wei, deputy director of the Guangxi Beibu Gulf Port Authority, said container throughput at Qinzhou Port exceeded 9 million twenty-foot equivalent units, up 12 percent.",
            "Guangxi also plans to build a China-ASEAN digital trade center in Nanning and to support more enterprises to set up overseas warehouses in Southeast Asia.",
            "The region aims to make the land-sea corridor a major channel for trade between western China and ASEAN by 2030.",
        ],
    },
];

pub const CHINESE: &[ArticleText] = &[
    ArticleText {
        headline: "重庆：西部陆海新通道班列开行量再创新高",
        paragraphs: &[
            "新华社重庆2月15日电 记者从重庆市商务委员会获悉，2025年经西部陆海新通道运输的货物达到32万标箱，同比增长18%，通达全球127个国家和地区的500多个港口。",
            "重庆市政府工作报告提出，今年将加快建设内陆开放综合枢纽，推动中欧班列（成渝）高质量发展，新开行至东南亚的跨境公路班车线路。",
            "重庆市政协委员、重庆国际物流集团董事长表示，依托中国（重庆）自由贸易试验区，重庆将扩大跨境电商综合试验区建设，探索“一单制”多式联运改革。",
            "据介绍，重庆团结村中心站今年将新增两条国际班列线路，进一步缩短至欧洲的运输时间。",
            "与此同时，四川省提出深化与重庆共建西部陆海新通道，支持成都国际铁路港扩大进出口规模。",
            "专家认为，内陆地区通过通道建设和平台开放，正逐步从开放末梢走向开放前沿。",
        ],
    },
    ArticleText {
        headline: "浙江：高水平建设自贸试验区 打造大宗商品资源配置枢纽",
        paragraphs: &[
            "新华社杭州1月22日电 浙江省政府工作报告提出，今年将提升开放平台能级，加快建设大宗商品资源配置枢纽，推动中国（浙江）自由贸易试验区提质扩容。",
            "2025年，浙江进出口总额突破5.2万亿元，同比增长6.5%，其中对共建“一带一路”国家进出口增长9.3%。",
            "宁波舟山港全年货物吞吐量连续多年位居全球第一，集装箱吞吐量超过3900万标准箱。",
            "浙江省人大代表、宁波舟山港集团负责人表示，将新开辟多条远洋航线，推进海铁联运和江海联运，提升国际航运服务能力。",
            "报告还提出，扩大跨境电商进出口规模，支持企业建设海外仓，推动义乌国际贸易综合改革试点取得新突破。",
            "浙江将持续优化外商投资环境，落实外资准入负面清单，吸引更多跨国公司设立地区总部和研发中心。",
        ],
    },
    ArticleText {
        headline: "甘肃：提升开放平台能级 加快建设中欧班列节点城市",
        paragraphs: &[
            "新华社兰州1月25日电 甘肃省政府工作报告明确，今年将提升综合保税区、陆港空港、跨境电商综合试验区等开放平台能级，加快建设兰州中欧班列节点城市。",
            "去年，兰州国际陆港开行中欧、中亚班列超过1000列，同比增长14%，货值突破百亿元。",
            "甘肃省政协委员表示，要发挥通道优势，推动“班列+园区”模式，吸引加工贸易企业落户。",
            "甘肃还将深化与中亚国家的经贸合作，扩大农产品和新能源装备出口。",
            "报告提出，今年力争外贸进出口增长8%以上，实际使用外资稳中有升。",
            "业内人士认为，西部内陆省份正在通过平台建设和通道建设，打造对外开放新高地。",
        ],
    },
];
