//! The feedback screen's words, in Chinese and English.
use crate::i18n::Locale;
use crate::prefs::use_prefs;
use leptos::prelude::*;

pub struct FeedbackStrings {
    pub title: &'static str,
    pub category: &'static str,
    /// Product, service, suggestion, complaint.
    pub categories: [&'static str; 4],
    pub text: &'static str,
    pub text_hint: &'static str,
    pub count: &'static str,
    pub too_short: &'static str,
    pub major: &'static str,
    pub reply_within: &'static str,
    pub photo: &'static str,
    pub remove_photo: &'static str,
    pub photo_problem: &'static str,
    pub send: &'static str,
    pub sending: &'static str,
    pub sent: &'static str,
    pub offline: &'static str,
    pub failed: &'static str,
    pub mine: &'static str,
    pub none: &'static str,
    /// Open, replied, resolved.
    pub status: [&'static str; 3],
    pub reply_by: &'static str,
    pub overdue: &'static str,
    pub reply_from: &'static str,
    pub photo_alt: &'static str,
}

pub const ZH: FeedbackStrings = FeedbackStrings {
    title: "意见反馈",
    category: "反馈类型",
    categories: ["商品问题", "服务问题", "建议", "投诉"],
    text: "请描述您遇到的问题或建议",
    text_hint: "例如：哪一天、哪个订单、发生了什么。请不要填写身份证号等隐私信息。",
    count: "{} / {} 字",
    too_short: "请至少写 {} 个字，方便我们了解情况。",
    major: "这个问题影响到我用药或健康",
    reply_within: "我们会在 {} 小时内回复您。",
    photo: "添加照片（选填）",
    remove_photo: "删除照片",
    photo_problem: "这个文件不能作为照片上传，请选择 JPG、PNG 等图片。",
    send: "提交反馈",
    sending: "正在提交…",
    sent: "已收到您的反馈，最晚 {} 前回复。",
    offline: "网络断开了，您填写的内容都还在，联网后再点“提交反馈”即可，不会重复提交。",
    failed: "提交没有成功：{}",
    mine: "我的反馈",
    none: "您还没有提交过反馈。",
    status: ["待回复", "已回复", "已解决"],
    reply_by: "最晚 {} 前回复",
    overdue: "回复已超时，我们正在加急处理",
    reply_from: "{} 回复：",
    photo_alt: "您附上的照片",
};

pub const EN: FeedbackStrings = FeedbackStrings {
    title: "Feedback",
    category: "What is it about?",
    categories: ["A product", "Our service", "A suggestion", "A complaint"],
    text: "Tell us what happened or what you suggest",
    text_hint: "For example: the date, the order, what went wrong. Please leave out ID numbers and other private details.",
    count: "{} / {} characters",
    too_short: "Please write at least {} characters so we can understand.",
    major: "This affects my medicines or my health",
    reply_within: "We will reply within {} hours.",
    photo: "Add a photo (optional)",
    remove_photo: "Remove photo",
    photo_problem: "This file cannot be sent as a photo. Please choose a JPG or PNG picture.",
    send: "Send feedback",
    sending: "Sending…",
    sent: "Thank you. We will reply by {}.",
    offline: "The connection dropped. Everything you wrote is still here: tap “Send feedback” again when you are back online; it will not be sent twice.",
    failed: "That did not go through: {}",
    mine: "My feedback",
    none: "You have not sent any feedback yet.",
    status: ["Awaiting reply", "Replied", "Resolved"],
    reply_by: "Reply by {}",
    overdue: "Our reply is late; we are on it",
    reply_from: "{} replied:",
    photo_alt: "The photo you attached",
};

pub fn use_feedback_strings() -> impl Fn() -> &'static FeedbackStrings + Copy {
    let locale = use_prefs().locale;
    move || if locale.get() == Locale::En { &EN } else { &ZH }
}
