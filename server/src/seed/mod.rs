//! Demo data for dev mode: one member per tier with points history, spend, a schedule,
//! and a few articles. Idempotent (fixed ids, `ON CONFLICT DO NOTHING`).

pub mod articles;
pub mod campaigns;
pub mod schedules;
pub mod surveys;
use time::{Date, Month, OffsetDateTime};

use crate::auth::demo::{MEMBER_PHONES, STAFF_PHONES};
use crate::store::{now, Db, CHINA};

pub use crate::auth::demo::CODE as DEMO_CODE;

/// A demo member: phone, name, and this year's qualifying spend in fen.
pub struct DemoMember {
    pub id: &'static str,
    pub phone: &'static str,
    pub name: &'static str,
    pub tier_en: &'static str,
    pub spend_fen: i64,
}

pub const DEMO_MEMBERS: [DemoMember; 3] = [
    DemoMember { id: "demo-bronze", phone: MEMBER_PHONES[0], name: "王秀英", tier_en: "Bronze", spend_fen: 86_000 },
    DemoMember { id: "demo-silver", phone: MEMBER_PHONES[1], name: "李建国", tier_en: "Silver", spend_fen: 268_000 },
    DemoMember { id: "demo-gold", phone: MEMBER_PHONES[2], name: "张桂兰", tier_en: "Gold", spend_fen: 615_000 },
];

/// Dev mode's staff, one per role: they sign in to `/staff` with [`DEMO_CODE`].
pub const DEMO_STAFF: [(&str, &str, &str, api::staff::Role); 3] = [
    ("staff-pharmacist", STAFF_PHONES[0], "药师 陈敏", api::staff::Role::Pharmacist),
    ("staff-service", STAFF_PHONES[1], "客服 小王", api::staff::Role::MemberService),
    ("staff-editor", STAFF_PHONES[2], "编辑 刘洋", api::staff::Role::ContentEditor),
];

/// Inserts the demo data if it is not there yet.
pub async fn seed_demo(db: &Db) -> anyhow::Result<()> {
    let t = now();
    let day = 86_400;
    let year_start = {
        let y = OffsetDateTime::now_utc().to_offset(CHINA).year();
        Date::from_calendar_date(y, Month::January, 1)?.midnight().assume_offset(CHINA).unix_timestamp()
    };
    let mut tx = db.begin().await?;
    for m in &DEMO_MEMBERS {
        let fresh = sqlx::query(
            // Demo members accepted the privacy policy when they joined (a real member is asked
            // at first login; the e2e suite covers that with a member it registers itself).
            "INSERT INTO members (id, phone, name, utc_offset_minutes, created_at, consent_version, consent_at)
             VALUES ($1, $2, $3, 480, $4, $5, $4)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(m.id)
        .bind(m.phone)
        .bind(m.name)
        .bind(t - 700 * day)
        .bind(crate::privacy::POLICY_VERSION)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !fresh {
            continue;
        }
        // Two orders this year make up the year's spend; points are earned at ¥1 = 1 point.
        let first = m.spend_fen * 3 / 5;
        let orders = [(first, year_start + 40 * day), (m.spend_fen - first, t - 12 * day)];
        for (i, (amount, at)) in orders.iter().enumerate() {
            let at = (*at).min(t - day);
            sqlx::query(
                "INSERT INTO spend (id, member_id, amount_fen, occurred_at, description) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(format!("{}-order-{i}", m.id))
            .bind(m.id)
            .bind(amount)
            .bind(at)
            .bind("药品订单")
            .execute(&mut *tx)
            .await?;
            ledger(&mut tx, &format!("{}-earn-{i}", m.id), m.id, "order", amount / 100, "订单积分", at).await?;
        }
        // Points from last year expire at the end of this one: the "expiring soon" warning.
        let last_year = year_start - 60 * day;
        ledger(&mut tx, &format!("{}-earn-old", m.id), m.id, "order", 320, "订单积分", last_year).await?;
        // Points from two years ago that were never spent: expired at the end of last year.
        ledger(&mut tx, &format!("{}-earn-older", m.id), m.id, "order", 150, "订单积分", year_start - 400 * day)
            .await?;
        ledger(&mut tx, &format!("{}-survey", m.id), m.id, "survey", 50, "满意度调研奖励", t - 30 * day).await?;
        // The answer behind those points: a service rating a month ago (the NPS is still due).
        let invitation = format!("{}-survey-inv", m.id);
        sqlx::query("INSERT INTO survey_invitations (id, survey_id, member_id, moment, shown_at) VALUES ($1, 'service', $2, 'reward_redeemed', $3)")
            .bind(&invitation)
            .bind(m.id)
            .bind(t - 30 * day)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO survey_responses (invitation_id, survey_id, member_id, score, reason, points, created_at)
             VALUES ($1, 'service', $2, 5, NULL, 50, $3)",
        )
        .bind(&invitation)
        .bind(m.id)
        .bind(t - 30 * day)
        .execute(&mut *tx)
        .await?;
        ledger(&mut tx, &format!("{}-redeem", m.id), m.id, "redeem", -200, "兑换：¥10 药品券", t - 20 * day).await?;
        seed_profile_and_coupons(&mut tx, m.id, t).await?;
    }
    for (id, phone, name, role) in DEMO_STAFF {
        sqlx::query(
            "INSERT INTO staff (id, phone, name, role, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(phone)
        .bind(name)
        .bind(role.as_str())
        .bind(t)
        .execute(&mut *tx)
        .await?;
    }
    crate::seed::surveys::seed_nps_panel(&mut tx, t).await?;
    tx.commit().await?;
    for a in crate::seed::articles::articles() {
        // Re-publishing refreshes the text in an old database; the first date stays.
        crate::content::articles::publish(db, &a.slug, &a.article, t - a.days_ago * day).await?;
    }
    crate::seed::campaigns::seed_campaigns(db, t).await?;
    let ids: Vec<&str> = DEMO_MEMBERS.iter().map(|m| m.id).collect();
    crate::seed::schedules::seed_schedules(db, &ids).await?;
    Ok(())
}

async fn ledger(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    member_id: &str,
    kind: &str,
    points: i64,
    description: &str,
    at: i64,
) -> anyhow::Result<()> {
    let entry = crate::loyalty::data::NewEntry {
        id: id.to_string(),
        member_id,
        kind,
        points,
        description,
        created_at: at,
        expires_at: (points > 0).then(|| crate::loyalty::earning::points_expiry(at, CHINA)),
        reference: None,
    };
    crate::loyalty::data::append_ledger(tx, &entry).await?;
    Ok(())
}

/// Birthday (the Bronze member's is this month, to show birthday benefits), and for Gold a
/// used and an expired coupon so the wallet shows every state.
async fn seed_profile_and_coupons(tx: &mut sqlx::AnyConnection, member_id: &str, t: i64) -> anyhow::Result<()> {
    let month = OffsetDateTime::from_unix_timestamp(t)?.to_offset(CHINA).month() as u8;
    let other = month % 12 + 1;
    let birthday = match member_id {
        "demo-bronze" => format!("{month:02}-15"),
        "demo-silver" => format!("{other:02}-03"),
        _ => "02-28".to_string(),
    };
    sqlx::query("UPDATE members SET birthday_mmdd = $1 WHERE id = $2")
        .bind(birthday)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    let day = 86_400;
    // (source, kind, zh, en, value, min order, from, until, used)
    type C = (&'static str, &'static str, &'static str, &'static str, Option<i64>, Option<i64>, i64, i64, Option<i64>);
    // Tier and birthday coupons come from `benefits::issue_due`; these show the other states.
    let coupons: Vec<C> = match member_id {
        "demo-gold" => vec![
            (
                "redeem",
                "drug_coupon",
                "¥10 药品券",
                "¥10 drug coupon",
                Some(1000),
                Some(5900),
                t - 20 * day,
                t + 70 * day,
                Some(t - 3 * day),
            ),
            (
                "tier",
                "health_service",
                "年度健康体检",
                "Annual health check-up",
                None,
                None,
                t - 400 * day,
                t - 35 * day,
                None,
            ),
        ],
        _ => vec![],
    };
    for (i, (source, kind, zh, en, value, min, from, until, used)) in coupons.into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO coupons (id, member_id, source, reward_id, kind, title_zh, title_en, value_fen, min_order_fen,
                                  valid_from, valid_until, used_at, created_at)
             VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(format!("{member_id}-coupon-{i}"))
        .bind(member_id)
        .bind(source)
        .bind(kind)
        .bind(zh)
        .bind(en)
        .bind(value)
        .bind(min)
        .bind(from)
        .bind(until)
        .bind(used)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::demo::is_demo_phone;
    use api::auth::Phone;

    #[test]
    fn demo_phones_are_valid_and_recognised() {
        for phone in DEMO_MEMBERS.iter().map(|m| m.phone).chain(DEMO_STAFF.iter().map(|s| s.1)) {
            assert!(is_demo_phone(&Phone::parse(phone).unwrap()));
        }
        assert!(!is_demo_phone(&Phone::parse("13900000000").unwrap()));
    }
}
