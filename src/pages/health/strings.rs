//! The health screens' words (profile, safety warnings, ask a pharmacist, medicine search),
//! in Chinese and English.

crate::i18n::enum_text! {
    /// Pregnancy or breast-feeding, or neither / not given.
    PregnancyText for Option<api::health::Pregnancy> { None => unset, Pregnant => pregnant, Breastfeeding => breastfeeding }
}

crate::i18n::enum_text! {
    /// The age bands, or not given.
    AgeText for Option<api::health::AgeBand> {
        None => unset,
        Under18 => under_18,
        Adult => adult,
        Senior => senior,
        Elderly => elderly,
    }
}

pub struct HealthStrings {
    pub profile_title: &'static str,
    pub profile_link: &'static str,
    pub purpose: &'static str,
    pub conditions: &'static str,
    pub allergies: &'static str,
    pub other_allergies: &'static str,
    pub pregnancy: &'static str,
    pub pregnancy_options: PregnancyText,
    pub age_band: &'static str,
    pub age_options: AgeText,
    pub consent: &'static str,
    pub consent_needed: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub delete: &'static str,
    pub delete_confirm: &'static str,
    pub deleted: &'static str,
    pub needs_network: &'static str,
    pub failed: &'static str,
    pub ask_title: &'static str,
    pub my_questions: &'static str,
    pub no_questions: &'static str,
    pub waiting: &'static str,
    pub pharmacist_reply: &'static str,
    pub search_title: &'static str,
    pub search_link: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub no_results: &'static str,
    pub offline_search: &'static str,
}

pub const ZH: HealthStrings = HealthStrings {
    profile_title: "健康档案",
    profile_link: "健康档案（过敏史、孕期、年龄）",
    purpose: api::health::PURPOSE_ZH,
    conditions: "已确诊的慢性病（选填）",
    allergies: "药物过敏史（选填）",
    other_allergies: "其他过敏（选填，如某种具体药物）",
    pregnancy: "怀孕或哺乳（选填）",
    pregnancy_options: PregnancyText {
        unset: "都不是 / 不填", pregnant: "正在怀孕", breastfeeding: "正在哺乳"
    },
    age_band: "年龄段（选填）",
    age_options: AgeText {
        unset: "不填",
        under_18: "18岁以下",
        adult: "18–64岁",
        senior: "65–79岁",
        elderly: "80岁及以上",
    },
    consent: "我已了解上述用途，同意保存我的健康档案",
    consent_needed: "请先勾选同意，才能保存健康档案。",
    save: "保存健康档案",
    saving: "正在保存…",
    saved: "已保存。您的用药提醒会按新的档案检查。",
    delete: "删除健康档案",
    delete_confirm: "确定删除健康档案吗？删除后将不再按过敏史、孕期和年龄检查用药。",
    deleted: "健康档案已删除。",
    needs_network: "需要联网才能保存。您填写的内容还在，联网后再试。",
    failed: "没有成功：{}",
    ask_title: "问药师",
    my_questions: "我的咨询",
    no_questions: "您还没有咨询过药师。",
    waiting: "等待药师回复（最晚 {}）",
    pharmacist_reply: "药师回复：",
    search_title: "查药品",
    search_link: "查药品说明",
    search_label: "药品名称、商品名或拼音首字母",
    search_hint: "例如：阿托伐他汀、立普妥、atft",
    search_button: "搜索",
    no_results: "没有找到这个药。请检查名称，或问药师。",
    offline_search: "现在离线：只能查您用药计划里的药品。",
};

pub const EN: HealthStrings = HealthStrings {
    profile_title: "Health profile",
    profile_link: "Health profile (allergies, pregnancy, age)",
    purpose: api::health::PURPOSE_EN,
    conditions: "Long-term conditions (optional)",
    allergies: "Medicine allergies (optional)",
    other_allergies: "Other allergies (optional, e.g. a particular medicine)",
    pregnancy: "Pregnancy or breast-feeding (optional)",
    pregnancy_options: PregnancyText {
        unset: "Neither / rather not say",
        pregnant: "Pregnant",
        breastfeeding: "Breast-feeding",
    },
    age_band: "Age (optional)",
    age_options: AgeText {
        unset: "Rather not say",
        under_18: "Under 18",
        adult: "18–64",
        senior: "65–79",
        elderly: "80 or over",
    },
    consent: "I understand the purpose above and agree to keep this health profile",
    consent_needed: "Please tick your agreement first to save the profile.",
    save: "Save health profile",
    saving: "Saving…",
    saved: "Saved. Your medicines are checked against the new profile.",
    delete: "Delete health profile",
    delete_confirm:
        "Delete your health profile? Medicines will no longer be checked against your allergies, pregnancy and age.",
    deleted: "Your health profile is deleted.",
    needs_network: "Saving needs a connection. What you entered is still here; try again when online.",
    failed: "That did not work: {}",
    ask_title: "Ask a pharmacist",
    my_questions: "My questions",
    no_questions: "You have not asked a pharmacist yet.",
    waiting: "Waiting for a pharmacist (by {})",
    pharmacist_reply: "Pharmacist's reply:",
    search_title: "Look up a medicine",
    search_link: "Look up a medicine",
    search_label: "Medicine name, brand or pinyin initials",
    search_hint: "For example: atorvastatin, Lipitor, atft",
    search_button: "Search",
    no_results: "No medicine found. Check the name, or ask a pharmacist.",
    offline_search: "You are offline: only the medicines on your schedule can be looked up.",
};

pub fn use_health_strings() -> impl Fn() -> &'static HealthStrings + Copy {
    crate::prefs::use_localized(&ZH, &EN)
}
