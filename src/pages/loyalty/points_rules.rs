//! How points are earned, spent and expire: the platform's published rules, with the numbers
//! served by the server (they are configuration, not constants in the client).
use leptos::prelude::*;

use super::strings::use_loyalty_strings;
use crate::client;
use crate::components::remote;
use crate::i18n::fill;

#[component]
pub fn PointsRulesPage() -> impl IntoView {
    let lo = use_loyalty_strings();
    let rules = LocalResource::new(client::points_rules);
    view! {
        <h1>{move || lo().rules_title}</h1>
        {remote(rules, move |r| {
            let (per_yuan, multiplier, survey, warn) = (
                r.points_per_yuan.to_string(),
                r.birthday_multiplier.to_string(),
                r.survey_points.to_string(),
                r.expiring_warning_days.to_string(),
            );
            view! {
                <section class="card">
                    <h2>{move || lo().rules_earn_title}</h2>
                    <ul class="benefits">
                        <li>{move || fill(lo().rules_earn_spend, &[&per_yuan])}</li>
                        <li>{move || fill(lo().rules_birthday, &[&multiplier])}</li>
                        <li>{move || fill(lo().rules_survey, &[&survey])}</li>
                    </ul>
                </section>
                <section class="card">
                    <h2>{move || lo().rules_redeem_title}</h2>
                    <p>{move || lo().rules_redeem}</p>
                </section>
                <section class="card">
                    <h2>{move || lo().rules_expiry_title}</h2>
                    <p>{move || fill(lo().rules_expiry, &[&warn])}</p>
                </section>
            }
        })}
    }
}
