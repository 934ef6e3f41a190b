//! Medication schedules and the dose log: storage, and the view the portal caches offline.

pub mod feeds;
pub mod ics;
pub mod routes;
use api::schedule::adherence::attribute;
use api::schedule::expand::{add_days, expand, local_date, zone};
use api::schedule::{
    dose_label, log_for, supply, DoseAction, DoseLog, DoseLogInput, Medication, MedicationSpec, NextDose, Occurrence,
    ScheduleView, Timing,
};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use api::error::codes;

use crate::http::error::{Error, Result};
use crate::store::{new_id, now, Db};

/// Days before today the schedule view (and the offline copy) covers.
pub const VIEW_DAYS_BEFORE: i64 = 6;
/// Days after today the view covers: a week of doses stays readable offline.
pub const VIEW_DAYS_AFTER: i64 = 7;
/// A dose may be logged up to this long after it happened (an outbox that waited).
const MAX_LOG_AGE_SECS: i64 = 35 * 86_400;
/// Device clocks run a little fast.
const MAX_CLOCK_SKEW_SECS: i64 = 5 * 60;

/// The member's home zone (its IANA name and the zone itself).
pub async fn home_zone(db: &Db, member_id: &str) -> Result<(String, TimeZone)> {
    let name: String = sqlx::query_scalar("SELECT time_zone FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_optional(db)
        .await?
        .ok_or(Error::NotFound("member"))?;
    let tz = zone(&name).ok_or_else(|| anyhow::anyhow!("unknown stored time zone"))?;
    Ok((name, tz))
}

/// Sets the home zone; schedules keep their wall-clock times in the new zone.
pub async fn set_home_zone(db: &Db, member_id: &str, name: &str) -> Result<()> {
    if zone(name).is_none() {
        return Err(Error::bad_request(
            codes::INVALID_TIME_ZONE,
            "unknown time zone; use an IANA name such as Asia/Shanghai",
        ));
    }
    sqlx::query("UPDATE members SET time_zone = $1 WHERE id = $2").bind(name).bind(member_id).execute(db).await?;
    Ok(())
}

type MedRow = (String, String, Option<i64>);

fn parse_spec(json: &str) -> Result<MedicationSpec> {
    Ok(serde_json::from_str(json).map_err(anyhow::Error::from)?)
}

/// The member's current medications with their supply estimates, in the order added.
pub async fn medications(db: &Db, member_id: &str, today: Date) -> Result<Vec<Medication>> {
    let rows: Vec<MedRow> = sqlx::query_as(
        "SELECT id, spec, supply_counted_at FROM medications WHERE member_id = $1 AND deleted_at IS NULL
         ORDER BY created_at, id",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    let used: Vec<(String, f64)> = sqlx::query_as(
        "SELECT d.medication_id, SUM(d.amount) FROM dose_logs d JOIN medications m ON m.id = d.medication_id
         WHERE d.member_id = $1 AND d.action = 'taken' AND d.undone_at IS NULL
           AND m.supply_counted_at IS NOT NULL AND d.at >= m.supply_counted_at
         GROUP BY d.medication_id",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, spec, _)| {
            let spec = parse_spec(&spec)?;
            let taken = used.iter().find(|(m, _)| *m == id).map_or(0.0, |u| u.1);
            let supply = spec.supply_on_hand.and_then(|on_hand| supply::estimate(&spec, on_hand - taken, today));
            let drug = api::drugs::lookup(&spec.name).map(api::health::DrugInfo::from_drug);
            Ok(Medication { id, spec, supply, drug })
        })
        .collect()
}

/// One of the member's medications (another member's id is simply not found).
pub async fn medication(db: &Db, member_id: &str, id: &str, today: Date) -> Result<Medication> {
    medications(db, member_id, today).await?.into_iter().find(|m| m.id == id).ok_or(Error::NotFound("medication"))
}

fn checked(spec: MedicationSpec) -> Result<MedicationSpec> {
    spec.normalised().map_err(|e| Error::Unprocessable {
        code: codes::INVALID_MEDICATION,
        message: format!("{}: {}", e.field.as_str(), e.message),
    })
}

async fn check_prescription(db: &Db, member_id: &str, spec: &MedicationSpec) -> Result<()> {
    if let Some(p) = &spec.prescription_id {
        let mine: Option<String> = sqlx::query_scalar("SELECT id FROM prescriptions WHERE id = $1 AND member_id = $2")
            .bind(p)
            .bind(member_id)
            .fetch_optional(db)
            .await?;
        mine.ok_or(Error::NotFound("prescription"))?;
    }
    Ok(())
}

/// Adds a medication; returns its id.
pub async fn create(db: &Db, member_id: &str, spec: MedicationSpec) -> Result<String> {
    let spec = checked(spec)?;
    check_prescription(db, member_id, &spec).await?;
    let (id, t) = (new_id(), now());
    sqlx::query(
        "INSERT INTO medications (id, member_id, spec, supply_counted_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&id)
    .bind(member_id)
    .bind(serde_json::to_string(&spec).map_err(anyhow::Error::from)?)
    .bind(spec.supply_on_hand.map(|_| t))
    .bind(t)
    .execute(db)
    .await?;
    Ok(id)
}

/// Replaces a medication's spec. The supply count restarts only when the figure changes, so
/// saving an unrelated edit does not forget the doses taken since the last count.
pub async fn update(db: &Db, member_id: &str, id: &str, spec: MedicationSpec) -> Result<()> {
    let spec = checked(spec)?;
    check_prescription(db, member_id, &spec).await?;
    let mut tx = db.begin().await?;
    let old: Option<(String, Option<i64>)> = sqlx::query_as(
        "SELECT spec, supply_counted_at FROM medications WHERE id = $1 AND member_id = $2 AND deleted_at IS NULL",
    )
    .bind(id)
    .bind(member_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (old, counted_at) = old.ok_or(Error::NotFound("medication"))?;
    let recount = parse_spec(&old)?.supply_on_hand != spec.supply_on_hand;
    let counted_at = if recount { spec.supply_on_hand.map(|_| now()) } else { counted_at };
    sqlx::query("UPDATE medications SET spec = $1, supply_counted_at = $2, updated_at = $3 WHERE id = $4")
        .bind(serde_json::to_string(&spec).map_err(anyhow::Error::from)?)
        .bind(counted_at)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a medication from the schedule; its dose history stays for the record.
pub async fn delete(db: &Db, member_id: &str, id: &str) -> Result<()> {
    let done =
        sqlx::query("UPDATE medications SET deleted_at = $1 WHERE id = $2 AND member_id = $3 AND deleted_at IS NULL")
            .bind(now())
            .bind(id)
            .bind(member_id)
            .execute(db)
            .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("medication"));
    }
    Ok(())
}

type LogRow = (String, String, Option<i64>, String, i64, f64);

fn dose_log((id, medication_id, scheduled_at, action, at, amount): LogRow) -> DoseLog {
    DoseLog {
        id,
        medication_id,
        scheduled_at,
        action: DoseAction::parse(&action).unwrap_or(DoseAction::Taken),
        at,
        amount,
    }
}

/// Active (not undone) logs whose dose time or log time is at or after `since`.
pub async fn logs_since(db: &Db, member_id: &str, since: i64) -> Result<Vec<DoseLog>> {
    let rows: Vec<LogRow> = sqlx::query_as(
        "SELECT id, medication_id, scheduled_at, action, at, amount FROM dose_logs
         WHERE member_id = $1 AND undone_at IS NULL AND (at >= $2 OR scheduled_at >= $2)
         ORDER BY at, id",
    )
    .bind(member_id)
    .bind(since)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(dose_log).collect())
}

/// Occurrences of every medication on home dates `from..=to`, ascending by time.
fn occurrences(meds: &[Medication], tz: &TimeZone, from: Date, to: Date) -> Vec<Occurrence> {
    let mut out: Vec<Occurrence> = meds.iter().flat_map(|m| expand(&m.id, &m.spec, tz, from, to)).collect();
    out.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.medication_id.cmp(&b.medication_id)));
    out
}

pub fn day_start(tz: &TimeZone, d: Date) -> i64 {
    tz.to_ambiguous_zoned(d.to_datetime(jiff::civil::Time::midnight()))
        .compatible()
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

/// The schedule screens' data: six days back to a week ahead, with reminders, 7/30-day
/// adherence and anomalies.
pub async fn view(
    db: &Db,
    key: Option<&crate::store::at_rest::UploadKey>,
    member_id: &str,
    now: i64,
) -> Result<ScheduleView> {
    let (time_zone, tz) = home_zone(db, member_id).await?;
    let today = local_date(&tz, now);
    let meds = medications(db, member_id, today).await?;
    let history_from = add_days(today, -30);
    let all = occurrences(&meds, &tz, history_from, add_days(today, VIEW_DAYS_AFTER));
    let logs = logs_since(db, member_id, day_start(&tz, history_from)).await?;
    let ids: Vec<&str> = meds.iter().map(|m| m.id.as_str()).collect();
    let adherence = api::schedule::adherence(&ids, &all, &logs, now);
    let window_start = day_start(&tz, add_days(today, -VIEW_DAYS_BEFORE));
    let anomalies = api::schedule::anomalies(&all, &logs, now).into_iter().filter(|a| a.at >= window_start).collect();
    let occurrences: Vec<Occurrence> = all.into_iter().filter(|o| o.at >= window_start).collect();
    let logs = logs.into_iter().filter(|l| l.scheduled_at.unwrap_or(l.at) >= window_start).collect();
    let names: Vec<&str> = meds.iter().map(|m| m.spec.name.as_str()).collect();
    let warnings = api::safety::check(&[], &names, &crate::health::profile(db, key, member_id).await?);
    Ok(ScheduleView {
        time_zone,
        today: today.to_string(),
        generated_at: now,
        reminders: supply::reminders(&meds, today),
        medications: meds,
        occurrences,
        logs,
        adherence,
        anomalies,
        warnings,
    })
}

/// The home card: the next dose from now that is not logged yet.
pub async fn next_dose(db: &Db, member_id: &str, now: i64) -> Result<Option<NextDose>> {
    let (_, tz) = home_zone(db, member_id).await?;
    let today = local_date(&tz, now);
    let meds = medications(db, member_id, today).await?;
    let occ = occurrences(&meds, &tz, today, add_days(today, 1));
    let logs = logs_since(db, member_id, now - 86_400).await?;
    Ok(occ.iter().find(|o| o.at > now && log_for(&logs, o).is_none()).and_then(|o| {
        let m = meds.iter().find(|m| m.id == o.medication_id)?;
        Some(NextDose {
            medication: m.spec.name.clone(),
            dose: dose_label(m.spec.dose_amount, &m.spec.dose_unit),
            time: o.local_time.clone(),
            tomorrow: o.local_date != today.to_string(),
        })
    }))
}

fn valid_log_id(id: &str) -> bool {
    (8..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether a log was newly stored or an earlier one with the same id was replayed.
#[derive(Debug, PartialEq, Eq)]
pub enum Logged {
    Created,
    Replayed,
}

/// Stores a dose log once per device-generated id. A scheduled dose is checked against the
/// schedule; an unscheduled "taken" log is attributed to the nearest dose. A second log of
/// the same dose that disagrees (taken vs skipped) is a conflict the member must see; two
/// "taken" logs are both kept and flagged as a double dose.
pub async fn log_dose(db: &Db, member_id: &str, input: DoseLogInput) -> Result<(DoseLog, Logged)> {
    if !valid_log_id(&input.id) {
        return Err(Error::bad_request(codes::INVALID_DOSE, "id must be 8–64 letters, digits, '-' or '_'"));
    }
    let t = now();
    let at = input.at.unwrap_or(t);
    if at > t + MAX_CLOCK_SKEW_SECS || at < t - MAX_LOG_AGE_SECS {
        return Err(Error::Unprocessable {
            code: codes::INVALID_DOSE,
            message: "dose time is in the future or too long ago".into(),
        });
    }
    if input.amount.is_some_and(|a| !(a.is_finite() && a > 0.0 && a <= 1000.0)) {
        return Err(Error::Unprocessable {
            code: codes::INVALID_DOSE,
            message: "amount must be above 0 and at most 1000".into(),
        });
    }
    if let Some(existing) = existing_log(db, member_id, &input.id).await? {
        return replay(existing, &input);
    }
    let (_, tz) = home_zone(db, member_id).await?;
    let around = input.scheduled_at.unwrap_or(at);
    let day = local_date(&tz, around);
    let med = medication(db, member_id, &input.medication_id, day).await?;
    let occ = expand(&med.id, &med.spec, &tz, add_days(day, -1), add_days(day, 1));
    let logs = logs_since(db, member_id, around - 3 * 86_400).await?;
    let scheduled_at = match input.scheduled_at {
        Some(s) if occ.iter().any(|o| o.at == s) => Some(s),
        Some(_) => {
            return Err(Error::Unprocessable {
                code: codes::NOT_SCHEDULED,
                message: "no dose of this medication is scheduled then".into(),
            })
        }
        None if med.spec.timing == Timing::AsNeeded => None,
        None => attribute(&med.id, at, &occ, &logs).map(|o| o.at),
    };
    if let Some(other) = scheduled_at.and_then(|s| {
        logs.iter().find(|l| l.medication_id == med.id && l.scheduled_at == Some(s) && l.action != input.action)
    }) {
        return Err(Error::Conflict {
            code: codes::DOSE_CONFLICT,
            message: format!("this dose was already recorded as {}", other.action.as_str()),
        });
    }
    let log = DoseLog {
        id: input.id.clone(),
        medication_id: med.id,
        scheduled_at,
        action: input.action,
        at,
        amount: input.amount.unwrap_or(med.spec.dose_amount),
    };
    let inserted = sqlx::query(
        "INSERT INTO dose_logs (member_id, id, medication_id, scheduled_at, action, at, amount, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (member_id, id) DO NOTHING",
    )
    .bind(member_id)
    .bind(&log.id)
    .bind(&log.medication_id)
    .bind(log.scheduled_at)
    .bind(log.action.as_str())
    .bind(log.at)
    .bind(log.amount)
    .bind(t)
    .execute(db)
    .await?
    .rows_affected();
    if inserted == 0 {
        // The same id won a race a moment ago: answer as a replay.
        let existing = existing_log(db, member_id, &log.id).await?.ok_or(Error::NotFound("dose"))?;
        return replay(existing, &input);
    }
    Ok((log, Logged::Created))
}

async fn existing_log(db: &Db, member_id: &str, id: &str) -> Result<Option<DoseLog>> {
    let row: Option<LogRow> = sqlx::query_as(
        "SELECT id, medication_id, scheduled_at, action, at, amount FROM dose_logs WHERE member_id = $1 AND id = $2",
    )
    .bind(member_id)
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(dose_log))
}

/// A replay must say the same thing as the original; an id reused for something else is refused.
fn replay(existing: DoseLog, input: &DoseLogInput) -> Result<(DoseLog, Logged)> {
    let same = existing.medication_id == input.medication_id
        && existing.action == input.action
        && input.scheduled_at.is_none_or(|s| existing.scheduled_at == Some(s));
    if !same {
        return Err(Error::Unprocessable {
            code: codes::IDEMPOTENCY_KEY_REUSED,
            message: "this id was used for a different dose".into(),
        });
    }
    Ok((existing, Logged::Replayed))
}

/// Undoes a log. Idempotent: undoing twice, or an id never stored, changes nothing.
pub async fn undo(db: &Db, member_id: &str, id: &str) -> Result<()> {
    sqlx::query("UPDATE dose_logs SET undone_at = $1 WHERE member_id = $2 AND id = $3 AND undone_at IS NULL")
        .bind(now())
        .bind(member_id)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
