//! Rewards catalogue, redemption and the coupon wallet.
use api::rewards::{Coupon, RedeemResponse, Reward};
use api::ErrorBody;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;

use crate::auth::extract::CurrentMember;
use crate::http::error::Result;
use crate::http::extract::ApiPath;
use crate::{loyalty::rewards, AppState};

/// The active rewards, with this member's redemptions counted.
#[utoipa::path(get, path = "/api/v1/rewards", tag = "rewards",
    responses((status = 200, body = Vec<Reward>), (status = 401, body = ErrorBody)))]
pub async fn catalogue(State(state): State<AppState>, member: CurrentMember) -> Result<Json<Vec<Reward>>> {
    Ok(Json(rewards::catalogue(&state.db, &member.member_id).await?))
}

/// Redeems a reward for points. Requires an `Idempotency-Key` header (8–128 visible ASCII
/// characters, new per intended redemption): a retry with the same key returns the first
/// answer and charges nothing more.
#[utoipa::path(post, path = "/api/v1/rewards/{id}/redeem", tag = "rewards",
    params(("id" = String, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 200, body = RedeemResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "insufficient_points, out_of_stock or limit_reached"),
        (status = 422, body = ErrorBody, description = "idempotency_key_reused")))]
pub async fn redeem(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Json<RedeemResponse>> {
    let key = crate::http::extract::idempotency_key(&headers)?;
    Ok(Json(rewards::redeem(&state.db, &member.member_id, &id, key).await?))
}

/// The member's coupons: usable first.
#[utoipa::path(get, path = "/api/v1/coupons", tag = "rewards",
    responses((status = 200, body = Vec<Coupon>), (status = 401, body = ErrorBody)))]
pub async fn wallet(State(state): State<AppState>, member: CurrentMember) -> Result<Json<Vec<Coupon>>> {
    Ok(Json(rewards::wallet(&state.db, &member.member_id).await?))
}
