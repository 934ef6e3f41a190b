//! Dev mode's campaigns for the current month (UTC+8): a chronic-care subsidy on blood-pressure
//! and diabetes medicines, and a check-up bundle with a partner lab.
use api::campaigns::{Bundle, CampaignInput, Deal};
use time::{Date, OffsetDateTime};

use crate::store::Db;
use crate::store::CHINA;

/// This month's start and the next month's, in Unix seconds (UTC+8).
fn month_bounds(now: i64) -> anyhow::Result<(String, i64, i64)> {
    let d = OffsetDateTime::from_unix_timestamp(now)?.to_offset(CHINA);
    let start = Date::from_calendar_date(d.year(), d.month(), 1)?;
    let next = if d.month() == time::Month::December {
        Date::from_calendar_date(d.year() + 1, time::Month::January, 1)?
    } else {
        Date::from_calendar_date(d.year(), d.month().next(), 1)?
    };
    let at = |day: Date| day.midnight().assume_offset(CHINA).unix_timestamp();
    Ok((format!("{:04}-{:02}", d.year(), d.month() as u8), at(start), at(next)))
}

pub async fn seed_campaigns(db: &Db, now: i64) -> anyhow::Result<()> {
    let (month, starts_at, ends_at) = month_bounds(now)?;
    let campaigns = [
        CampaignInput {
            id: format!("chronic-{month}"),
            title_zh: "本月慢病用药补贴".into(),
            title_en: "This month's chronic-care offer".into(),
            starts_at,
            ends_at,
            targets: ["ccb", "acei", "arb", "biguanide", "insulin_basal", "insulin_rapid"].map(String::from).to_vec(),
            deal: Deal { percent_off: 10, bundle: None },
            budget: 5_000,
            coupon_valid_days: 30,
        },
        CampaignInput {
            id: format!("checkup-{month}"),
            title_zh: "检测+购药套餐".into(),
            title_en: "Check-up with your medicines".into(),
            starts_at,
            ends_at,
            targets: ["statin", "biguanide"].map(String::from).to_vec(),
            deal: Deal {
                percent_off: 20,
                bundle: Some(Bundle {
                    partner_zh: "康检体检中心".into(),
                    partner_en: "Kangjian health checks".into(),
                    min_order_fen: 10_000,
                }),
            },
            budget: 1_000,
            coupon_valid_days: 60,
        },
    ];
    for c in &campaigns {
        match crate::loyalty::campaigns::save(db, c).await {
            // Already claimed from: it stays as members saw it.
            Ok(()) | Err(crate::Error::Conflict { .. }) => {}
            Err(e) => return Err(anyhow::anyhow!("seeding campaign {}: {e}", c.id)),
        }
    }
    Ok(())
}
