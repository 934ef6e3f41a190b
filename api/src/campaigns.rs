//! This month's chronic-care offers (慢病用药月度补贴) and test-plus-purchase bundles: campaigns
//! as data, which members they target (by the medicines on their schedule), and the coupon a
//! claim puts in the wallet.
use serde::{Deserialize, Serialize};

/// What a campaign gives: percent off the targeted medicines (10–15 %: a subsidy, not a price
/// war), or with `bundle`, percent off a partner lab's check-up package with a purchase.
/// (Plain structs, not a tagged enum: the home screen decodes this in the first load, and
/// serde's tagged enums cost kilobytes of wasm.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deal {
    pub percent_off: u8,
    #[serde(default)]
    pub bundle: Option<Bundle>,
}

/// A test-plus-purchase bundle with a partner lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bundle {
    pub partner_zh: String,
    pub partner_en: String,
    /// The purchase that unlocks it.
    pub min_order_fen: i64,
}

/// `POST /api/v1/admin/campaigns`: staff (through the platform) add a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignInput {
    /// Lowercase letters, digits and hyphens, e.g. `2026-12-ccb`.
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    /// Unix seconds; the campaign runs `starts_at <= now < ends_at`.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Drug classes (`ccb`, `acei`, `arb`, `biguanide`, `insulin`…) or generic names (氨氯地平)
    /// from the drug dictionary.
    pub targets: Vec<String>,
    pub deal: Deal,
    /// How many coupons it may give out.
    pub budget: u32,
    /// Days a claimed coupon stays valid.
    pub coupon_valid_days: u32,
}

/// Why a campaign cannot be saved.
pub fn problem(c: &CampaignInput, known_target: impl Fn(&str) -> bool) -> Option<String> {
    let len = |s: &str| s.trim().chars().count();
    if c.id.is_empty()
        || c.id.len() > 40
        || !c.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Some("id: 1-40 lowercase letters, digits and hyphens".into());
    }
    if !(1..=60).contains(&len(&c.title_zh)) || !(1..=80).contains(&len(&c.title_en)) {
        return Some("title_zh (1-60) and title_en (1-80) are required".into());
    }
    if c.ends_at <= c.starts_at || c.ends_at - c.starts_at > 92 * 86_400 {
        return Some("the period must end after it starts, within 92 days".into());
    }
    if c.targets.is_empty() || c.targets.len() > 20 {
        return Some("targets: 1-20 drug classes or drug names".into());
    }
    if let Some(t) = c.targets.iter().find(|t| !known_target(t)) {
        return Some(format!("target {t:?} is neither a drug class nor a drug in the dictionary"));
    }
    let pct = c.deal.percent_off;
    match &c.deal.bundle {
        None if !(10..=15).contains(&pct) => return Some("a chronic-care discount is 10-15 percent".into()),
        Some(b)
            if !(5..=30).contains(&pct)
                || len(&b.partner_zh) == 0
                || len(&b.partner_en) == 0
                || b.min_order_fen < 0 =>
        {
            return Some("a bundle needs 5-30 percent off, the partner's names and a minimum order".into());
        }
        _ => {}
    }
    if c.budget == 0 || c.budget > 1_000_000 || !(1..=90).contains(&c.coupon_valid_days) {
        return Some("budget: 1-1000000 coupons; coupon_valid_days: 1-90".into());
    }
    None
}

/// The first of the member's medicines a campaign targets, by generic name or class; each
/// medicine comes as (generic name, its classes).
pub fn matched<'a>(targets: &[String], medicines: &'a [(String, Vec<String>)]) -> Option<&'a str> {
    medicines
        .iter()
        .find(|(name, classes)| targets.iter().any(|t| t == name || classes.contains(t)))
        .map(|(name, _)| name.as_str())
}

/// A campaign as a member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub deal: Deal,
    pub ends_at: i64,
    /// The member's own medicine it covers (personalised members only): 氨氯地平.
    pub for_medicine: Option<String>,
    /// Whether the member already has its coupon.
    pub claimed: bool,
    /// No coupons left.
    pub sold_out: bool,
}

/// Targeted offers first (for personalised members), then the soonest to end.
pub fn order(offers: &mut [Offer]) {
    offers.sort_by(|a, b| {
        b.for_medicine.is_some().cmp(&a.for_medicine.is_some()).then(a.ends_at.cmp(&b.ends_at)).then(a.id.cmp(&b.id))
    });
}

/// The coupon's title: "慢病用药补贴 · 氨氯地平 9折" / "Chronic-care offer · amlodipine 10% off".
pub fn coupon_titles(title_zh: &str, title_en: &str, deal: &Deal) -> (String, String) {
    let pct = deal.percent_off;
    let zhe = 100 - u32::from(pct);
    let zh = if zhe % 10 == 0 { format!("{}折", zhe / 10) } else { format!("{}.{}折", zhe / 10, zhe % 10) };
    (format!("{title_zh} · {zh}"), format!("{title_en} · {pct}% off"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CampaignInput {
        CampaignInput {
            id: "2026-12-ccb".into(),
            title_zh: "本月慢病用药补贴".into(),
            title_en: "This month's chronic-care offer".into(),
            starts_at: 1_000,
            ends_at: 1_000 + 30 * 86_400,
            targets: vec!["ccb".into(), "二甲双胍".into()],
            deal: Deal { percent_off: 10, bundle: None },
            budget: 500,
            coupon_valid_days: 30,
        }
    }

    #[test]
    fn a_campaign_is_checked_against_the_subsidy_rules_and_the_dictionary() {
        let known = |t: &str| ["ccb", "二甲双胍", "acei"].contains(&t);
        assert_eq!(problem(&input(), known), None);
        let with = |f: &dyn Fn(&mut CampaignInput)| {
            let mut c = input();
            f(&mut c);
            problem(&c, known)
        };
        assert!(with(&|c| c.deal.percent_off = 20).is_some(), "more than 15 %");
        assert!(with(&|c| c.deal.percent_off = 9).is_some());
        assert!(with(&|c| c.targets = vec!["vitamin-z".into()]).unwrap().contains("vitamin-z"));
        assert!(with(&|c| c.ends_at = c.starts_at).is_some());
        assert!(with(&|c| c.budget = 0).is_some());
        assert!(with(&|c| c.id = "Bad Id".into()).is_some());
        let bundle = Deal {
            percent_off: 20,
            bundle: Some(Bundle {
                partner_zh: "美年大健康".into(),
                partner_en: "Meinian".into(),
                min_order_fen: 10_000,
            }),
        };
        assert_eq!(with(&|c| c.deal = bundle.clone()), None);
    }

    #[test]
    fn a_member_is_targeted_by_a_drug_or_its_class() {
        let meds = vec![
            ("阿托伐他汀".to_string(), vec!["statin".to_string()]),
            ("氨氯地平".to_string(), vec!["ccb".to_string()]),
        ];
        assert_eq!(matched(&["ccb".into()], &meds), Some("氨氯地平"));
        assert_eq!(matched(&["阿托伐他汀".into()], &meds), Some("阿托伐他汀"));
        assert_eq!(matched(&["biguanide".into()], &meds), None);
        assert_eq!(matched(&["ccb".into()], &[]), None);
    }

    #[test]
    fn targeted_offers_come_first_then_the_soonest_to_end() {
        let offer = |id: &str, ends_at, mine: bool| Offer {
            id: id.into(),
            title_zh: String::new(),
            title_en: String::new(),
            deal: Deal { percent_off: 10, bundle: None },
            ends_at,
            for_medicine: mine.then(|| "氨氯地平".into()),
            claimed: false,
            sold_out: false,
        };
        let mut offers = vec![offer("a", 10, false), offer("b", 30, true), offer("c", 5, false)];
        order(&mut offers);
        assert_eq!(offers.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["b", "c", "a"]);
    }

    #[test]
    fn coupon_titles_say_the_discount_the_way_each_language_does() {
        let (zh, en) = coupon_titles("慢病用药补贴", "Chronic-care offer", &Deal { percent_off: 10, bundle: None });
        assert_eq!((zh.as_str(), en.as_str()), ("慢病用药补贴 · 9折", "Chronic-care offer · 10% off"));
        let (zh, _) = coupon_titles("补贴", "Offer", &Deal { percent_off: 15, bundle: None });
        assert_eq!(zh, "补贴 · 8.5折");
    }
}
