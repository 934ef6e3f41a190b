//! The feedback screen's words, in Chinese and English.

crate::i18n::enum_text! {
    /// A feedback item's state.
    StatusText for api::feedback::Status { Open => open, Replied => replied, Resolved => resolved }
}

pub struct FeedbackStrings {
    pub title: &'static str,
    pub category: &'static str,
    pub categories: crate::i18n::FeedbackCategoryText,
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
    pub status: StatusText,
    pub reply_by: &'static str,
    pub overdue: &'static str,
    pub reply_from: &'static str,
    pub photo_alt: &'static str,
}

pub const ZH: FeedbackStrings = FeedbackStrings {
    title: "意见反馈",
    category: "反馈类型",
    categories: crate::i18n::FeedbackCategoryText {
        product: "商品问题",
        service: "服务问题",
        suggestion: "建议",
        complaint: "投诉",
    },
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
    status: StatusText { open: "待回复", replied: "已回复", resolved: "已解决" },
    reply_by: "最晚 {} 前回复",
    overdue: "回复已超时，我们正在加急处理",
    reply_from: "{} 回复：",
    photo_alt: "您附上的照片",
};

pub const EN: FeedbackStrings = FeedbackStrings {
    title: "Feedback",
    category: "What is it about?",
    categories: crate::i18n::FeedbackCategoryText {
        product: "A product",
        service: "Our service",
        suggestion: "A suggestion",
        complaint: "A complaint",
    },
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
    status: StatusText { open: "Awaiting reply", replied: "Replied", resolved: "Resolved" },
    reply_by: "Reply by {}",
    overdue: "Our reply is late; we are on it",
    reply_from: "{} replied:",
    photo_alt: "The photo you attached",
};

pub fn use_feedback_strings() -> impl Fn() -> &'static FeedbackStrings + Copy {
    crate::prefs::use_localized(&ZH, &EN)
}
