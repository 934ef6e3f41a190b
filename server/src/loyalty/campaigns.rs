//! Campaigns as data (this month's chronic-care subsidies, test-plus-purchase bundles): saved by
//! the platform, shown to members (their own medicines first when they allow personalisation),
//! claimed once into the wallet within the budget. The rules are `api::campaigns`'.
use api::campaigns::{self as rules, CampaignInput, Deal, Offer};
use api::error::codes;

use crate::http::error::{Error, Result};
use crate::store::{now, Db};

/// Whether a target names a drug class or a generic name in the dictionary.
fn known_target(t: &str) -> bool {
    let dict = api::drugs::dictionary();
    dict.classes.iter().any(|c| c.id == t) || dict.drugs.iter().any(|d| d.zh == t)
}

/// Saves (or replaces, before anyone claimed it) a campaign.
pub async fn save(db: &Db, c: &CampaignInput) -> Result<()> {
    if let Some(problem) = rules::problem(c, known_target) {
        return Err(Error::bad_request(codes::BAD_REQUEST, problem));
    }
    let deal = serde_json::to_string(&c.deal).map_err(anyhow::Error::from)?;
    let saved = sqlx::query(
        "INSERT INTO campaigns (id, title_zh, title_en, starts_at, ends_at, targets, deal, budget, coupon_valid_days, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET title_zh = excluded.title_zh, title_en = excluded.title_en,
           starts_at = excluded.starts_at, ends_at = excluded.ends_at, targets = excluded.targets, deal = excluded.deal,
           budget = excluded.budget, coupon_valid_days = excluded.coupon_valid_days
         WHERE campaigns.claimed = 0",
    )
    .bind(&c.id)
    .bind(c.title_zh.trim())
    .bind(c.title_en.trim())
    .bind(c.starts_at)
    .bind(c.ends_at)
    .bind(c.targets.join(","))
    .bind(deal)
    .bind(i64::from(c.budget))
    .bind(i64::from(c.coupon_valid_days))
    .bind(now())
    .execute(db)
    .await?
    .rows_affected();
    if saved == 0 {
        return Err(Error::Conflict {
            code: codes::INVALID_STATE,
            message: "members have claimed it: it can no longer change".into(),
        });
    }
    Ok(())
}

/// The member's medicines as (generic name, classes), when they allow personalisation.
async fn member_medicines(db: &Db, member_id: &str, consented: bool) -> Result<Vec<(String, Vec<String>)>> {
    if !consented {
        return Ok(Vec::new());
    }
    Ok(crate::privacy::medicines_for_personalising(db, member_id)
        .await?
        .iter()
        .filter_map(|name| api::drugs::lookup(name))
        .map(|d| (d.zh.to_string(), d.classes.iter().map(|c| c.to_string()).collect()))
        .collect())
}

type Row = (String, String, String, i64, String, String, i64, i64, Option<String>);

/// Campaigns running now, as the member sees them: their own medicines' first.
pub async fn offers(db: &Db, member_id: &str, consented: bool) -> Result<Vec<Offer>> {
    let t = now();
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, c.title_zh, c.title_en, c.ends_at, c.targets, c.deal, c.budget, c.claimed, k.coupon_id
         FROM campaigns c LEFT JOIN campaign_claims k ON k.campaign_id = c.id AND k.member_id = $1
         WHERE c.starts_at <= $2 AND c.ends_at > $2",
    )
    .bind(member_id)
    .bind(t)
    .fetch_all(db)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new()); // no campaign running: the member's medicines are not read
    }
    let medicines = member_medicines(db, member_id, consented).await?;
    let mut offers: Vec<Offer> = rows
        .into_iter()
        .filter_map(|(id, title_zh, title_en, ends_at, targets, deal, budget, claimed, mine)| {
            let deal: Deal = serde_json::from_str(&deal).ok()?;
            let targets: Vec<String> = targets.split(',').map(str::to_string).collect();
            Some(Offer {
                id,
                title_zh,
                title_en,
                deal,
                ends_at,
                for_medicine: rules::matched(&targets, &medicines).map(str::to_string),
                claimed: mine.is_some(),
                sold_out: claimed >= budget,
            })
        })
        .collect();
    rules::order(&mut offers);
    Ok(offers)
}

/// Claims the campaign's coupon: once per member (a repeat returns the same coupon), within the
/// budget (the counter is taken in the same statement that checks it).
pub async fn claim(db: &Db, member_id: &str, campaign_id: &str) -> Result<(bool, String)> {
    let unavailable =
        || Error::Conflict { code: codes::CAMPAIGN_UNAVAILABLE, message: "this offer has ended or run out".into() };
    let mut tx = db.begin().await?;
    let t = now();
    // The claim row first: a second tap (or a retry) finds it and changes nothing.
    let coupon_id = format!("campaign:{campaign_id}:{member_id}");
    let fresh = sqlx::query(
        "INSERT INTO campaign_claims (campaign_id, member_id, coupon_id, claimed_at)
         SELECT id, $2, $3, $4 FROM campaigns WHERE id = $1 ON CONFLICT (campaign_id, member_id) DO NOTHING",
    )
    .bind(campaign_id)
    .bind(member_id)
    .bind(&coupon_id)
    .bind(t)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !fresh {
        let mine: Option<String> =
            sqlx::query_scalar("SELECT coupon_id FROM campaign_claims WHERE campaign_id = $1 AND member_id = $2")
                .bind(campaign_id)
                .bind(member_id)
                .fetch_optional(&mut *tx)
                .await?;
        return mine.map(|c| (false, c)).ok_or(Error::NotFound("campaign"));
    }
    let taken = sqlx::query(
        "UPDATE campaigns SET claimed = claimed + 1 WHERE id = $1 AND claimed < budget AND starts_at <= $2 AND ends_at > $2",
    )
    .bind(campaign_id)
    .bind(t)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken == 0 {
        return Err(unavailable()); // the transaction rolls the claim row back
    }
    let (title_zh, title_en, deal, days): (String, String, String, i64) =
        sqlx::query_as("SELECT title_zh, title_en, deal, coupon_valid_days FROM campaigns WHERE id = $1")
            .bind(campaign_id)
            .fetch_one(&mut *tx)
            .await?;
    let deal: Deal = serde_json::from_str(&deal).map_err(anyhow::Error::from)?;
    let (zh, en) = rules::coupon_titles(&title_zh, &title_en, &deal);
    let min_order = deal.bundle.as_ref().map(|b| b.min_order_fen);
    let grant = crate::loyalty::rewards::Grant {
        id: &coupon_id,
        member_id,
        source: "campaign",
        kind: if deal.bundle.is_some() { "health_service" } else { "drug_coupon" },
        titles: (&zh, &en),
        value_fen: None,
        min_order_fen: min_order,
        valid_from: t,
        valid_until: t + days * 86_400,
    };
    crate::loyalty::rewards::grant(&mut tx, &grant).await?;
    tx.commit().await?;
    Ok((true, coupon_id))
}
