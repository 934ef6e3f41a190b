//! Bring a friend and campaigns: the member's invite, sign-up from an invite, this month's
//! offers and claiming one; the platform's campaign and refund endpoints are in `admin.rs`.
use api::campaigns::{CampaignInput, Offer};
use api::referral::ReferralOverview;
use api::rewards::Coupon;
use api::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

use crate::auth::extract::CurrentMember;
use crate::http::error::{Error, Result};
use crate::http::extract::Admin;
use crate::http::extract::{ApiJson, ApiPath};
use crate::{loyalty::campaigns, loyalty::referrals, AppState};

/// The member's invite code and who joined through it (masked numbers) with each reward's state.
#[utoipa::path(get, path = "/api/v1/referrals", tag = "growth",
    responses((status = 200, body = ReferralOverview), (status = 401, body = ErrorBody)))]
pub async fn mine(State(state): State<AppState>, member: CurrentMember) -> Result<Json<ReferralOverview>> {
    Ok(Json(referrals::overview(&state, &member.member_id).await?))
}

/// A member who joined without the invite link enters its code (within 7 days of joining,
/// before their first order; never their own, never a second one).
#[utoipa::path(post, path = "/api/v1/referrals/claim", tag = "growth", request_body = api::referral::ClaimReferral,
    responses((status = 204), (status = 400, body = ErrorBody, description = "invalid_referral_code"), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "referral_refused")))]
pub async fn claim_referral(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(req): ApiJson<api::referral::ClaimReferral>,
) -> Result<StatusCode> {
    referrals::claim(&state, &member.member_id, &req.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Campaigns running now: those for the member's own medicines first (when they allow
/// personalisation and accepted the policy in force), then the soonest to end.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "growth",
    responses((status = 200, body = Vec<Offer>), (status = 401, body = ErrorBody)))]
pub async fn offers(State(state): State<AppState>, member: CurrentMember) -> Result<Json<Vec<Offer>>> {
    Ok(Json(campaigns::offers(&state.db, &member.member_id, member.consented).await?))
}

/// Puts the campaign's coupon in the wallet: 201 the first time, 200 with the same coupon on a
/// repeat; 409 `campaign_unavailable` once it ended or ran out.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/claim", tag = "growth", params(("id" = String, Path)),
    responses((status = 201, body = Coupon), (status = 200, body = Coupon, description = "claimed before"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "campaign_unavailable")))]
pub async fn claim(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiPath(id): ApiPath<String>,
) -> Result<(StatusCode, Json<Coupon>)> {
    let (fresh, coupon_id) = campaigns::claim(&state.db, &member.member_id, &id).await?;
    let coupon = crate::loyalty::rewards::wallet(&state.db, &member.member_id)
        .await?
        .into_iter()
        .find(|c| c.id == coupon_id)
        .ok_or(Error::NotFound("coupon"))?;
    Ok((if fresh { StatusCode::CREATED } else { StatusCode::OK }, Json(coupon)))
}

/// The platform saves a campaign (or corrects it before anyone claimed it): a period, target
/// drug classes or names, a 10–15 % discount or a bundle, and a budget of coupons.
#[utoipa::path(put, path = "/api/v1/admin/campaigns", tag = "admin", request_body = CampaignInput,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "invalid_state: already claimed")))]
pub async fn save(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(c): ApiJson<CampaignInput>,
) -> Result<StatusCode> {
    campaigns::save(&state.db, &c).await?;
    Ok(StatusCode::NO_CONTENT)
}
