//! The member's own data: profile, home summary, points and tier.
use api::home::HomeSummary;
use api::member::Member;
use api::ErrorBody;
use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extract::{ConsentedMember, CurrentMember};
use crate::http::error::Result;
use crate::http::extract::ApiQuery;
use crate::store::now;
use crate::{loyalty::data, AppState};

/// The signed-in member's profile (phone masked).
#[utoipa::path(get, path = "/api/v1/me", tag = "member",
    responses((status = 200, body = Member), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, member: CurrentMember) -> Result<Json<Member>> {
    let row = data::member(&state.db, &member.member_id).await?;
    let tier = data::tier_status(&state.db, &member.member_id, row.utc_offset_minutes).await?;
    let phone_masked = api::auth::Phone::parse(&row.phone).map(|p| p.masked()).unwrap_or_default();
    let in_birthday_month = api::member::is_birthday_month(row.birthday_mmdd.as_deref(), row.local_month());
    let consent_due = crate::privacy::consent_due(row.consent_version.as_deref());
    Ok(Json(Member { id: member.member_id, name: row.name, phone_masked, tier, in_birthday_month, consent_due }))
}

/// Everything the home screen shows, in one request (slow networks pay per round trip).
#[utoipa::path(get, path = "/api/v1/home", tag = "member",
    params(("lang" = Option<String>, Query, description = "zh-CN (default) or en, for the article")),
    responses((status = 200, body = HomeSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn home(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiQuery(lang): ApiQuery<crate::http::extract::LangQuery>,
) -> Result<Json<HomeSummary>> {
    let db = &state.db;
    let id = &member.member_id;
    let row = data::member(db, id).await?;
    let ledger = data::ledger(db, id).await?;
    let pending = crate::prescriptions::list(db, id).await?.into_iter().find(|p| p.status.is_pending());
    let newest = crate::content::articles::ListQuery { lang: lang.lang(), limit: 1, ..Default::default() };
    let latest_article = crate::content::articles::list(db, &newest, &[]).await?.items.into_iter().next();
    // The same rule as the points screen, so the balances agree everywhere.
    let (points_balance, points_expiring) = api::points::standing(&ledger, now(), data::EXPIRING_WINDOW_SECS);
    Ok(Json(HomeSummary {
        member_name: row.name,
        points_balance,
        points_expiring,
        tier: data::tier_status(db, id, row.utc_offset_minutes).await?,
        next_dose: crate::schedule::next_dose(db, id, now()).await?,
        pending_prescription: pending,
        latest_article,
        offer: crate::loyalty::campaigns::offers(db, id, member.consented)
            .await?
            .into_iter()
            .find(|o| !o.claimed && !o.sold_out),
    }))
}

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me)).routes(routes!(home))
}
