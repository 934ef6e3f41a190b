//! One dictionary entry as a member reads it: names, type, prescription status, storage and
//! the pharmacist's note.
use api::health::DrugInfo;
use leptos::prelude::*;

use crate::i18n::Locale;
use crate::prefs::{use_prefs, use_strings};

#[component]
pub fn DrugCard(info: DrugInfo, #[prop(optional)] heading: bool) -> impl IntoView {
    let s = use_strings();
    let locale = use_prefs().locale;
    let en = move || locale.get() == Locale::En;
    let DrugInfo {
        zh,
        en: en_name,
        brands,
        classes_zh,
        classes_en,
        strengths,
        forms,
        prescription_only,
        cold_chain,
        note_zh,
        note_en,
        ..
    } = info;
    let name = {
        let (zh, en_name) = (zh.clone(), en_name.clone());
        move || if en() { format!("{en_name} ({zh})") } else { format!("{zh}（{en_name}）") }
    };
    let sep = move || if en() { ", " } else { "、" };
    let brands = (!brands.is_empty()).then_some(brands);
    view! {
        <article class="card drug" data-testid="drug-card">
            {if heading {
                view! { <h2 class="card-label">{move || s().drug.about_medicine}</h2> }.into_any()
            } else {
                view! { <h3>{name.clone()}</h3> }.into_any()
            }}
            {heading.then(|| view! { <p><strong>{name}</strong></p> })}
            <p>
                <span class="chip">{move || if prescription_only { s().drug.rx } else { s().drug.otc }}</span>
                {cold_chain.then(|| view! { <span class="chip cold">{move || s().drug.cold_chain}</span> })}
            </p>
            <dl class="facts">
                <dt>{move || s().drug.class}</dt>
                <dd>{move || if en() { classes_en.join(sep()) } else { classes_zh.join(sep()) }}</dd>
                {brands.map(|b| view! { <dt>{move || s().drug.brands}</dt><dd>{move || b.join(sep())}</dd> })}
                <dt>{move || s().drug.strengths}</dt>
                <dd>{strengths.join(" / ")}" · "{forms.join(" / ")}</dd>
            </dl>
            <p class="note"><strong>{move || s().drug.pharmacist_note}": "</strong>{move || if en() { note_en.clone() } else { note_zh.clone() }}</p>
        </article>
    }
}
