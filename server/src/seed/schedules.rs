//! Demo schedules (dev mode): realistic chronic-disease regimens with a week of dose history,
//! a refill that is due soon and a renewal, so every schedule screen has something to show.
//! Idempotent by fixed ids, and separate from the member seed so a database that predates
//! the schedule tables gets them too.
use api::schedule::expand::{add_days, expand, local_date, zone};
use api::schedule::{MedicationSpec, Timing};

use crate::store::{now, Db};

struct DemoMed {
    name: &'static str,
    strength: &'static str,
    form: &'static str,
    amount: f64,
    unit: &'static str,
    timing: Timing,
    storage: Option<&'static str>,
    food: Option<&'static str>,
    supply: Option<f64>,
    /// Days from today to the prescription's renewal.
    renew_in: Option<i64>,
}

fn times(ts: &[&str]) -> Timing {
    Timing::Times { times: ts.iter().map(|t| t.to_string()).collect() }
}

fn demo_meds(member_id: &str) -> Vec<DemoMed> {
    let med = |name, strength, form, amount, unit, timing| DemoMed {
        name,
        strength,
        form,
        amount,
        unit,
        timing,
        storage: None,
        food: None,
        supply: None,
        renew_in: None,
    };
    match member_id {
        "demo-bronze" => vec![DemoMed {
            supply: Some(24.0),
            ..med("苯磺酸氨氯地平片", "5 mg", "片", 1.0, "片", times(&["08:00"]))
        }],
        "demo-silver" => vec![
            DemoMed {
                food: Some("随餐或餐后服用，减少胃肠不适"),
                supply: Some(10.0),
                ..med("盐酸二甲双胍缓释片", "0.5 g", "片", 1.0, "片", times(&["08:00", "20:00"]))
            },
            DemoMed {
                supply: Some(60.0),
                renew_in: Some(2),
                ..med("阿托伐他汀钙片", "20 mg", "片", 1.0, "片", times(&["21:00"]))
            },
        ],
        _ => vec![
            DemoMed {
                storage: Some("未开封：2–8 °C 冷藏，勿冷冻；开封后室温（≤30 °C）可保存 4 周"),
                food: Some("餐前 5–10 分钟注射"),
                supply: Some(300.0),
                ..med("门冬胰岛素注射液", "300 单位/3 mL", "注射液", 6.0, "单位", times(&["07:30", "11:30", "17:30"]))
            },
            DemoMed { supply: Some(28.0), ..med("缬沙坦胶囊", "80 mg", "胶囊", 1.0, "粒", times(&["08:00"])) },
            DemoMed {
                food: Some("头痛或关节痛时服用，两次间隔至少 6 小时"),
                ..med("对乙酰氨基酚片", "0.5 g", "片", 1.0, "片", Timing::AsNeeded)
            },
        ],
    }
}

/// Inserts the demo schedules and six days of dose history where missing.
pub async fn seed_schedules(db: &Db, member_ids: &[&str]) -> anyhow::Result<()> {
    let t = now();
    let tz = zone("Asia/Shanghai").expect("bundled tz database");
    let today = local_date(&tz, t);
    let mut tx = db.begin().await?;
    for member_id in member_ids {
        for (i, d) in demo_meds(member_id).into_iter().enumerate() {
            let id = format!("{member_id}-med-{i}");
            let spec = MedicationSpec {
                strength: d.strength.into(),
                form: d.form.into(),
                storage_note: d.storage.map(Into::into),
                food_note: d.food.map(Into::into),
                supply_on_hand: d.supply,
                renewal_date: d.renew_in.map(|n| add_days(today, n).to_string()),
                // Added a week ago: the history below is all there is, so adherence is honest.
                ..MedicationSpec::new(d.name, d.amount, d.unit, d.timing, &add_days(today, -6).to_string())
            };
            let fresh = sqlx::query(
                "INSERT INTO medications (id, member_id, spec, supply_counted_at, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&id)
            .bind(member_id)
            .bind(serde_json::to_string(&spec)?)
            .bind(spec.supply_on_hand.map(|_| t))
            .bind(t - 30 * 86_400)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !fresh {
                continue;
            }
            // The last six days: mostly taken a few minutes late, every seventh dose missed.
            let past = expand(&id, &spec, &tz, add_days(today, -6), add_days(today, -1));
            for (k, o) in past.iter().enumerate().filter(|(k, _)| k % 7 != 3) {
                sqlx::query(
                    "INSERT INTO dose_logs (member_id, id, medication_id, scheduled_at, action, at, amount, created_at)
                     VALUES ($1, $2, $3, $4, 'taken', $5, $6, $5) ON CONFLICT (member_id, id) DO NOTHING",
                )
                .bind(member_id)
                .bind(format!("{id}-seed-{}", o.at))
                .bind(&id)
                .bind(o.at)
                .bind(o.at + 60 * (3 + (k as i64 % 4) * 4))
                .bind(spec.dose_amount)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
