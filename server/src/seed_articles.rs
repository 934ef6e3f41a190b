//! Demo health articles (dev mode), written for this project. Factual, general guidance only.

/// One seeded article.
pub struct SeedArticle {
    pub slug: &'static str,
    pub lang: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub body_md: &'static str,
    pub author: &'static str,
    pub tags: &'static str,
    pub days_ago: i64,
    pub reading_minutes: i64,
}

pub const ARTICLES: &[SeedArticle] = &[
    SeedArticle {
        slug: "home-blood-pressure",
        lang: "zh-CN",
        title: "在家量血压，这几步做对了才准",
        summary: "安静休息 5 分钟、袖带与心脏同高、连测两次取平均——家庭血压记录是医生调药的重要依据。",
        body_md: "## 测量前\n\n- 测量前 30 分钟内不吸烟、不喝咖啡或浓茶，不做剧烈运动。\n- 排空膀胱，坐在有靠背的椅子上安静休息 5 分钟。\n\n## 测量时\n\n- 上臂裸露，袖带下缘距肘窝约 2–3 厘米，袖带与心脏保持同一高度。\n- 双脚平放，不跷腿，测量时不说话。\n- 每次连续测 2 次，间隔 1 分钟，取平均值。\n\n## 什么时候测\n\n- 早上起床后 1 小时内（服降压药前、早餐前）和晚上睡前各测一次。\n- 把日期、时间和读数记下来，复诊时带给医生。\n\n> 本文为一般健康知识，不能代替医生的诊断和建议。血压明显升高并伴头痛、胸痛、肢体无力时，请立即就医。",
        author: "陈药师 · 执业药师",
        tags: "高血压,用药安全",
        days_ago: 2,
        reading_minutes: 3,
    },
    SeedArticle {
        slug: "insulin-storage",
        lang: "zh-CN",
        title: "胰岛素怎么存放：冷藏、开封与出行",
        summary: "未开封放冷藏（2–8 °C）不冷冻；开封在用的笔可在室温下保存约 4 周，具体以说明书为准。",
        body_md: "## 未开封\n\n- 放在冰箱冷藏室（2–8 °C），不要贴近冷冻室或冰箱内壁，**结冰后不能再用**。\n\n## 开封后\n\n- 正在使用的胰岛素笔一般可在 30 °C 以下的室温保存，常见为 4 周左右，不同产品时间不同，请看说明书。\n- 避免阳光直射和高温，例如夏天的车内。\n\n## 外出与旅行\n\n- 随身携带，不要托运；可使用保温包，但不要让胰岛素直接接触冰袋。\n\n## 使用前检查\n\n- 外观异常（如本应澄清的药液变浑浊、出现结块）时不要使用，请咨询药师。\n\n> 本文为一般健康知识，不能代替医生的诊断和建议。",
        author: "刘药师 · 临床药师",
        tags: "糖尿病,用药安全",
        days_ago: 5,
        reading_minutes: 3,
    },
    SeedArticle {
        slug: "many-medicines-older-adults",
        lang: "zh-CN",
        title: "老人同时吃好几种药，要注意什么",
        summary: "列一张完整的用药清单，定期请药师核对，是减少重复用药和相互作用最简单的办法。",
        body_md: "## 列一张用药清单\n\n把正在吃的处方药、非处方药、中成药和保健品都写上：药名、剂量、每天几次、为什么吃。\n\n## 定期核对\n\n- 每次看病或买药时出示清单，请医生或药师检查有没有**同类药重复**或可能的**相互作用**。\n- 不要自行加量、减量或停药。\n\n## 按时服药的小办法\n\n- 使用分格药盒，按早中晚分好。\n- 设置手机闹钟或在日历里添加提醒。\n\n> 本文为一般健康知识，不能代替医生的诊断和建议。",
        author: "陈药师 · 执业药师",
        tags: "老年用药,用药安全,三高",
        days_ago: 9,
        reading_minutes: 4,
    },
    SeedArticle {
        slug: "home-blood-pressure",
        lang: "en",
        title: "Measuring blood pressure at home: get these steps right",
        summary: "Rest for 5 minutes, keep the cuff at heart level, take two readings and average them.",
        body_md: "## Before\n\n- No smoking, coffee or exercise in the 30 minutes before.\n- Empty your bladder and sit quietly with your back supported for 5 minutes.\n\n## During\n\n- Cuff on the bare upper arm, at heart level; feet flat, legs uncrossed, no talking.\n- Take 2 readings 1 minute apart and note the average.\n\n## When\n\n- Within an hour of getting up (before medicine and breakfast) and before bed.\n\n> General health information, not a substitute for your doctor's advice. Seek care at once for very high readings with headache, chest pain or weakness.",
        author: "Pharmacist Chen (licensed pharmacist)",
        tags: "高血压,用药安全",
        days_ago: 2,
        reading_minutes: 2,
    },
];
