//! Bring a friend (老带新): invite codes, linking a new member to the one who invited them,
//! the referrer's ¥200 voucher on the new member's first qualifying order (once, by order id),
//! and its withdrawal when that order is refunded. The rules are `api::referral`'s.
use api::auth::Phone;
use api::error::codes;
use api::referral::{self as rules, Ineligible, LinkRefusal, OnOrder, Referee, ReferralOverview, RewardState};

use crate::http::error::{Error, Result};
use crate::store::{now, Db};
use crate::AppState;

const DAY: i64 = 86_400;

fn state_str(s: RewardState) -> &'static str {
    match s {
        RewardState::PendingFirstOrder => "pending_first_order",
        RewardState::Awarded => "awarded",
        RewardState::NotEligible => "not_eligible",
    }
}

fn parse_state(s: &str) -> RewardState {
    match s {
        "awarded" => RewardState::Awarded,
        "not_eligible" => RewardState::NotEligible,
        _ => RewardState::PendingFirstOrder,
    }
}

fn reason_str(r: Ineligible) -> &'static str {
    match r {
        Ineligible::FormerMember => "former_member",
        Ineligible::YearlyCapReached => "yearly_cap_reached",
        Ineligible::OrderRefunded => "order_refunded",
    }
}

fn parse_reason(s: &str) -> Option<Ineligible> {
    [Ineligible::FormerMember, Ineligible::YearlyCapReached, Ineligible::OrderRefunded]
        .into_iter()
        .find(|r| reason_str(*r) == s)
}

/// The key under which a deleted account's number is remembered (keyed: never the number).
pub fn former_key(state: &AppState, phone: &str) -> String {
    state.hash_key.hash("former_member:phone", phone)
}

/// The member's invite code, made the first time it is asked for (retried on the rare clash).
pub async fn code_of(db: &Db, member_id: &str) -> Result<String> {
    for _ in 0..5 {
        let code: Option<Option<String>> = sqlx::query_scalar("SELECT referral_code FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_optional(db)
            .await?;
        match code {
            None => return Err(Error::NotFound("member")),
            Some(Some(code)) => return Ok(code),
            Some(None) => {
                let fresh = rules::code_from(rand::random());
                // A clash with another member's code violates the unique index: try another.
                let _ = sqlx::query("UPDATE members SET referral_code = $1 WHERE id = $2 AND referral_code IS NULL")
                    .bind(&fresh)
                    .bind(member_id)
                    .execute(db)
                    .await;
            }
        }
    }
    Err(Error::Internal(anyhow::anyhow!("no free invite code after 5 tries")))
}

/// The member's invite and everyone who joined through it, newest first.
pub async fn overview(state: &AppState, member_id: &str) -> Result<ReferralOverview> {
    let code = code_of(&state.db, member_id).await?;
    let rows: Vec<(String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT phone_masked, joined_at, state, reason FROM referrals WHERE referrer_id = $1 ORDER BY joined_at DESC, referee_id",
    )
    .bind(member_id)
    .fetch_all(&state.db)
    .await?;
    Ok(ReferralOverview {
        code,
        voucher_fen: rules::VOUCHER_FEN,
        welcome_fen: rules::WELCOME_FEN,
        qualifying_order_fen: rules::QUALIFYING_ORDER_FEN,
        yearly_cap: state.config.referral_cap_per_year,
        awarded_this_year: awarded_since(&state.db, member_id, year_start(now())).await?,
        invited: rows
            .into_iter()
            .map(|(phone_masked, joined_at, st, reason)| Referee {
                phone_masked,
                joined_at,
                state: parse_state(&st),
                reason: reason.as_deref().and_then(parse_reason),
            })
            .collect(),
    })
}

/// Start of the calendar year (UTC+8, the shop's books) that `t` falls in.
fn year_start(t: i64) -> i64 {
    let d = time::OffsetDateTime::from_unix_timestamp(t)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(crate::store::CHINA);
    time::Date::from_calendar_date(d.year(), time::Month::January, 1)
        .map(|day| day.midnight().assume_offset(crate::store::CHINA).unix_timestamp())
        .unwrap_or(0)
}

async fn awarded_since(db: impl sqlx::Executor<'_, Database = sqlx::Any>, referrer: &str, since: i64) -> Result<u32> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM referrals WHERE referrer_id = $1 AND state = 'awarded' AND decided_at >= $2",
    )
    .bind(referrer)
    .bind(since)
    .fetch_one(db)
    .await?;
    Ok(n as u32)
}

fn refusal(r: LinkRefusal) -> Error {
    let message = match r {
        LinkRefusal::SelfReferral => "this is your own invite code",
        LinkRefusal::AlreadyReferred => "you already joined through an invite",
        LinkRefusal::AlreadyOrdered => "invites are for members who have not ordered yet",
        LinkRefusal::TooLate => "an invite code can be entered within 7 days of joining",
    };
    Error::Conflict { code: codes::REFERRAL_REFUSED, message: message.into() }
}

/// Links a member who is joining (or just joined) to the owner of `code`, inside the caller's
/// transaction; gives the new member the welcome coupon when the referral can earn.
pub async fn link(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    code: &str,
    referee: &str,
    phone: &Phone,
) -> Result<()> {
    let code = rules::normalise_code(code).ok_or_else(invalid_code)?;
    let referrer: String = sqlx::query_scalar("SELECT id FROM members WHERE referral_code = $1")
        .bind(&code)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(invalid_code)?;
    let has_referrer = sqlx::query("SELECT 1 FROM referrals WHERE referee_id = $1")
        .bind(referee)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    let has_ordered =
        sqlx::query("SELECT 1 FROM spend WHERE member_id = $1").bind(referee).fetch_optional(&mut *tx).await?.is_some();
    let former = sqlx::query("SELECT 1 FROM former_members WHERE phone_key = $1")
        .bind(former_key(state, phone.as_str()))
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    let reason = rules::link(&referrer, referee, has_referrer, has_ordered, former).map_err(refusal)?;
    let t = now();
    // The primary key on the referee makes "one referrer, ever" hold under racing requests too.
    let inserted = sqlx::query(
        "INSERT INTO referrals (referee_id, referrer_id, phone_masked, joined_at, state, reason, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (referee_id) DO NOTHING",
    )
    .bind(referee)
    .bind(&referrer)
    .bind(phone.masked())
    .bind(t)
    .bind(state_str(if reason.is_some() { RewardState::NotEligible } else { RewardState::PendingFirstOrder }))
    .bind(reason.map(reason_str))
    .bind(reason.map(|_| t))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(refusal(LinkRefusal::AlreadyReferred));
    }
    if reason.is_none() {
        referral_coupon(
            tx,
            &format!("welcome:{referee}"),
            referee,
            ("新会员欢迎券 · 满99减20", "Welcome coupon · ¥20 off ¥99"),
            rules::WELCOME_FEN,
            Some(rules::WELCOME_MIN_ORDER_FEN),
            t,
        )
        .await?;
    }
    Ok(())
}

/// A member who joined without the link enters an invite code (within a week, before ordering).
pub async fn claim(state: &AppState, member_id: &str, code: &str) -> Result<()> {
    let mut tx = state.db.begin().await?;
    let (phone, joined): (String, i64) = sqlx::query_as("SELECT phone, created_at FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_one(&mut *tx)
        .await?;
    if now() - joined > rules::LATE_ENTRY_DAYS * DAY {
        return Err(refusal(LinkRefusal::TooLate));
    }
    let phone = Phone::parse(&phone).ok_or(Error::NotFound("member"))?;
    link(&mut tx, state, code, member_id, &phone).await?;
    tx.commit().await?;
    Ok(())
}

fn invalid_code() -> Error {
    Error::bad_request(codes::INVALID_REFERRAL_CODE, "this invite code is not valid")
}

/// A referral coupon (`drug_coupon`, valid [`rules::COUPON_VALID_DAYS`] from `t`).
async fn referral_coupon(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    member_id: &str,
    titles: (&str, &str),
    value_fen: i64,
    min_order_fen: Option<i64>,
    t: i64,
) -> Result<()> {
    let grant = crate::loyalty::rewards::Grant {
        id,
        member_id,
        source: "referral",
        kind: "drug_coupon",
        titles,
        value_fen: Some(value_fen),
        min_order_fen,
        valid_from: t,
        valid_until: t + rules::COUPON_VALID_DAYS * DAY,
    };
    crate::loyalty::rewards::grant(tx, &grant).await
}

/// A new order of `member_id` (called once per order id, inside the order's transaction):
/// a pending referral is decided by the first qualifying one.
pub async fn on_order(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    member_id: &str,
    order_id: &str,
    amount_fen: i64,
) -> Result<()> {
    let referrer: Option<String> =
        sqlx::query_scalar("SELECT referrer_id FROM referrals WHERE referee_id = $1 AND state = 'pending_first_order'")
            .bind(member_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(referrer) = referrer else { return Ok(()) };
    // The referrer's row is the lock: two referees ordering at once are counted one after the
    // other against the yearly cap (PostgreSQL row lock; SQLite writes one at a time anyway).
    sqlx::query("UPDATE members SET referral_code = referral_code WHERE id = $1")
        .bind(&referrer)
        .execute(&mut *tx)
        .await?;
    let t = now();
    let awarded = awarded_since(&mut *tx, &referrer, year_start(t)).await?;
    let (new_state, reason) = match rules::on_order(amount_fen, awarded, state.config.referral_cap_per_year) {
        OnOrder::StayPending => return Ok(()),
        OnOrder::Award => (RewardState::Awarded, None),
        OnOrder::NotEligible(r) => (RewardState::NotEligible, Some(r)),
    };
    let coupon_id = format!("referral:{order_id}");
    // Decided once: a second order racing this one finds the referral no longer pending.
    let decided = sqlx::query(
        "UPDATE referrals SET state = $1, reason = $2, order_id = $3, coupon_id = $4, decided_at = $5
         WHERE referee_id = $6 AND state = 'pending_first_order'",
    )
    .bind(state_str(new_state))
    .bind(reason.map(reason_str))
    .bind(order_id)
    .bind((new_state == RewardState::Awarded).then_some(&coupon_id))
    .bind(t)
    .bind(member_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if decided == 1 && new_state == RewardState::Awarded {
        let titles = ("好友推荐奖励 · ¥200 药品券", "Referral reward · ¥200 medicine voucher");
        referral_coupon(tx, &coupon_id, &referrer, titles, rules::VOUCHER_FEN, None, t).await?;
        // No order id: the shop's ids are free text, and may carry anything.
        tracing::info!("referral voucher awarded");
    }
    Ok(())
}

/// The shop refunded or cancelled an order: the voucher it earned is withdrawn if unused
/// (it ends now), and the referral shows why.
pub async fn on_refund(tx: &mut sqlx::AnyConnection, order_id: &str) -> Result<()> {
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT referee_id, coupon_id FROM referrals WHERE order_id = $1 AND state = 'awarded'")
            .bind(order_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((referee, coupon)) = row else { return Ok(()) };
    let t = now();
    let withdrawn =
        sqlx::query("UPDATE coupons SET valid_until = $1 WHERE id = $2 AND used_at IS NULL AND valid_until > $1")
            .bind(t - 1)
            .bind(coupon.unwrap_or_default())
            .execute(&mut *tx)
            .await?
            .rows_affected();
    // A voucher already spent stays spent: the referral stays awarded.
    if withdrawn == 1 {
        sqlx::query("UPDATE referrals SET state = 'not_eligible', reason = $1, decided_at = $2 WHERE referee_id = $3")
            .bind(reason_str(Ineligible::OrderRefunded))
            .bind(t)
            .bind(referee)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
