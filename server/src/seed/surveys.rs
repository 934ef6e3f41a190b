//! Dev mode's NPS history: six months of answers from a panel of past respondents, so the staff
//! console's NPS chart has a trend to show. Panel members are real member rows (answers belong
//! to members) with numbers no one signs in with; the demo members' own NPS stays due.
/// Scores per month, oldest first (month 5 is five months ago): an improving trend.
pub const PANEL_SCORES: [[i64; 6]; 6] = [
    [10, 9, 6, 3, 8, 7],
    [9, 10, 5, 8, 7, 4],
    [10, 9, 9, 6, 8, 5],
    [9, 10, 8, 9, 6, 7],
    [10, 9, 10, 8, 9, 6],
    [10, 10, 9, 9, 8, 7],
];

/// Seeds the panel's answers (idempotent: fixed ids).
pub async fn seed_nps_panel(tx: &mut sqlx::AnyConnection, now: i64) -> anyhow::Result<()> {
    let day = 86_400;
    for (month, scores) in PANEL_SCORES.iter().enumerate() {
        // Mid-month in each of the last six months (30-day steps from two weeks ago).
        let at = now - (14 + 30 * (5 - month as i64)) * day;
        for (i, score) in scores.iter().enumerate() {
            let member = format!("demo-panel-{month}{i}");
            sqlx::query(
                "INSERT INTO members (id, phone, name, utc_offset_minutes, created_at) VALUES ($1, $2, '调研会员', 480, $3)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&member)
            .bind(format!("1350000{month}{i:03}"))
            .bind(at - 400 * day)
            .execute(&mut *tx)
            .await?;
            let invitation = format!("{member}-nps");
            sqlx::query(
                "INSERT INTO survey_invitations (id, survey_id, member_id, moment, shown_at) VALUES ($1, 'nps', $2, 'surveys_page', $3)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&invitation)
            .bind(&member)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO survey_responses (invitation_id, survey_id, member_id, score, reason, points, created_at)
                 VALUES ($1, 'nps', $2, $3, NULL, 50, $4) ON CONFLICT (invitation_id) DO NOTHING",
            )
            .bind(&invitation)
            .bind(&member)
            .bind(score)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}
