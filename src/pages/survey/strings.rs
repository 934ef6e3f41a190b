//! The survey's words, in Chinese and English.

crate::i18n::enum_text! {
    /// The follow-up question per score bucket: what went wrong, what would make it better,
    /// what the member liked.
    FollowUpText for api::surveys::Bucket { Detractor => detractor, Passive => passive, Promoter => promoter }
}

pub struct SurveyStrings {
    pub prompt_title: &'static str,
    pub points_hint: &'static str,
    pub nps_low: &'static str,
    pub nps_high: &'static str,
    pub rating_low: &'static str,
    pub rating_high: &'static str,
    pub follow_up: FollowUpText,
    pub optional: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub later: &'static str,
    pub close: &'static str,
    pub thanks: &'static str,
    pub thanks_points: &'static str,
    pub offline: &'static str,
    pub failed: &'static str,
}

pub const ZH: SurveyStrings = SurveyStrings {
    prompt_title: "花半分钟，帮我们做得更好",
    points_hint: "完成可得 {} 积分",
    nps_low: "0 = 完全不可能",
    nps_high: "10 = 非常可能",
    rating_low: "1 = 很不满意",
    rating_high: "5 = 非常满意",
    follow_up: FollowUpText {
        detractor: "我们哪里做得不好？",
        passive: "怎样做能让您更满意？",
        promoter: "您最满意的是哪一点？",
    },
    optional: "（选填）",
    submit: "提交",
    sending: "正在提交…",
    later: "以后再说",
    close: "关闭",
    thanks: "感谢您的反馈！",
    thanks_points: "已为您记入 {} 积分。",
    offline: "网络断开了，您的评分还在，联网后再点“提交”即可。",
    failed: "提交没有成功，请稍后再试。",
};

pub const EN: SurveyStrings = SurveyStrings {
    prompt_title: "Half a minute to help us do better",
    points_hint: "Earn {} points for answering",
    nps_low: "0 = Not at all likely",
    nps_high: "10 = Extremely likely",
    rating_low: "1 = Very dissatisfied",
    rating_high: "5 = Very satisfied",
    follow_up: FollowUpText {
        detractor: "What did we get wrong?",
        passive: "What would make it better for you?",
        promoter: "What did you like most?",
    },
    optional: " (optional)",
    submit: "Submit",
    sending: "Sending…",
    later: "Not now",
    close: "Close",
    thanks: "Thank you for your feedback!",
    thanks_points: "{} points have been added to your account.",
    offline: "The connection dropped. Your answer is still here: tap “Submit” again when you are back online.",
    failed: "That did not go through. Please try again later.",
};

pub fn use_survey_strings() -> impl Fn() -> &'static SurveyStrings + Copy {
    crate::prefs::use_localized(&ZH, &EN)
}
