//! Interface text in zh-CN (default) and en. One struct, two constants: the compiler checks
//! that every string exists in both languages. `{}` marks a value filled in by [`fill`].

/// A supported interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Zh,
    En,
}

impl Locale {
    /// BCP 47 tag, used for `<html lang>` and the API's `lang` parameter.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Locale::Zh)
        } else if tag.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    pub const fn strings(self) -> &'static Strings {
        match self {
            Locale::Zh => &ZH,
            Locale::En => &EN,
        }
    }
}

/// Replaces each `{}` in `template` with the next value.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(values.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// Every piece of interface text.
pub struct Strings {
    pub app_name: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub offline_title: &'static str,
    pub offline_body: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub session_expired: &'static str,
    pub tab_home: &'static str,
    pub tab_schedule: &'static str,
    pub tab_prescriptions: &'static str,
    pub tab_articles: &'static str,
    pub tab_me: &'static str,
    pub login_title: &'static str,
    pub login_subtitle: &'static str,
    pub phone_label: &'static str,
    pub code_label: &'static str,
    pub get_code: &'static str,
    pub resend_in: &'static str,
    pub code_sent: &'static str,
    pub dev_code_hint: &'static str,
    pub login_button: &'static str,
    pub err_invalid_phone: &'static str,
    pub err_invalid_code: &'static str,
    pub err_too_many: &'static str,
    pub err_resend_too_soon: &'static str,
    pub privacy_note: &'static str,
    pub greeting: &'static str,
    pub points_title: &'static str,
    pub points_unit: &'static str,
    pub points_expiring: &'static str,
    pub tier_title: &'static str,
    pub discount: &'static str,
    pub spend_this_year: &'static str,
    pub to_next_tier: &'static str,
    pub top_tier: &'static str,
    pub next_dose_title: &'static str,
    pub next_dose_none: &'static str,
    pub tomorrow: &'static str,
    pub pending_rx_title: &'static str,
    pub pending_rx_none: &'static str,
    pub latest_article_title: &'static str,
    pub see_all: &'static str,
    pub points_recent: &'static str,
    pub points_none: &'static str,
    pub tier_all: &'static str,
    pub tier_current_badge: &'static str,
    pub rx_title: &'static str,
    pub rx_none: &'static str,
    pub rx_uploaded_on: &'static str,
    pub rx_rejected_reason: &'static str,
    pub rx_status: [&'static str; 7],
    pub schedule_title: &'static str,
    pub schedule_none: &'static str,
    pub storage: &'static str,
    pub articles_title: &'static str,
    pub articles_none: &'static str,
    pub reading_minutes: &'static str,
    pub survey_title: &'static str,
    pub survey_none: &'static str,
    pub settings_title: &'static str,
    pub phone_on_file: &'static str,
    pub language: &'static str,
    pub large_text: &'static str,
    pub large_text_hint: &'static str,
    pub my_points: &'static str,
    pub my_tier: &'static str,
    pub surveys_link: &'static str,
    pub logout: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
}

pub const ZH: Strings = Strings {
    app_name: "会员中心",
    loading: "正在加载…",
    retry: "重试",
    offline_title: "网络不可用",
    offline_body: "请检查网络连接后重试。",
    error_title: "出了点问题",
    error_body: "服务暂时不可用，请稍后重试。",
    session_expired: "登录已过期，请重新登录。",
    tab_home: "首页",
    tab_schedule: "用药",
    tab_prescriptions: "处方",
    tab_articles: "资讯",
    tab_me: "我的",
    login_title: "登录会员中心",
    login_subtitle: "用手机号和短信验证码登录",
    phone_label: "手机号",
    code_label: "验证码",
    get_code: "获取验证码",
    resend_in: "{} 秒后可重发",
    code_sent: "验证码已发送",
    dev_code_hint: "演示环境验证码：{}",
    login_button: "登录",
    err_invalid_phone: "请输入正确的 11 位手机号",
    err_invalid_code: "验证码错误或已过期",
    err_too_many: "尝试次数过多，请重新获取验证码",
    err_resend_too_soon: "验证码已发送，请 1 分钟后再试",
    privacy_note: "我们仅用手机号识别您的会员身份，健康信息加密保存，仅您本人可见。",
    greeting: "您好，{}",
    points_title: "积分",
    points_unit: "分",
    points_expiring: "{} 分将于 {} 过期",
    tier_title: "会员等级",
    discount: "药品 {} 折",
    spend_this_year: "今年已消费 {}",
    to_next_tier: "再消费 {} 升级{}",
    top_tier: "您已是最高等级",
    next_dose_title: "下一次服药",
    next_dose_none: "暂无用药计划",
    tomorrow: "明天",
    pending_rx_title: "处方审核",
    pending_rx_none: "没有待审核的处方",
    latest_article_title: "最新健康资讯",
    see_all: "查看全部",
    points_recent: "最近积分记录",
    points_none: "还没有积分记录",
    tier_all: "各等级权益",
    tier_current_badge: "当前等级",
    rx_title: "我的处方",
    rx_none: "还没有上传过处方",
    rx_uploaded_on: "上传于 {}",
    rx_rejected_reason: "未通过原因：{}",
    rx_status: ["已上传", "识别中", "待确认", "识别失败", "药师审核中", "审核通过", "未通过"],
    schedule_title: "用药计划",
    schedule_none: "还没有用药计划",
    storage: "储存",
    articles_title: "健康资讯",
    articles_none: "暂无文章",
    reading_minutes: "约 {} 分钟读完",
    survey_title: "问卷调研",
    survey_none: "目前没有需要您填写的问卷，感谢您的支持。",
    settings_title: "我的",
    phone_on_file: "手机号",
    language: "语言 Language",
    large_text: "大字模式",
    large_text_hint: "放大全部文字，便于阅读",
    my_points: "我的积分",
    my_tier: "会员等级与权益",
    surveys_link: "问卷调研",
    logout: "退出登录",
    not_found_title: "页面不存在",
    not_found_body: "您访问的页面不存在或已移动。",
    back_home: "返回首页",
};

pub const EN: Strings = Strings {
    app_name: "Member Centre",
    loading: "Loading…",
    retry: "Try again",
    offline_title: "You are offline",
    offline_body: "Check your connection and try again.",
    error_title: "Something went wrong",
    error_body: "The service is unavailable. Please try again later.",
    session_expired: "Your session has expired. Please log in again.",
    tab_home: "Home",
    tab_schedule: "Medicines",
    tab_prescriptions: "Scripts",
    tab_articles: "Articles",
    tab_me: "Me",
    login_title: "Log in to Member Centre",
    login_subtitle: "Use your mobile number and a text-message code",
    phone_label: "Mobile number",
    code_label: "Code",
    get_code: "Get code",
    resend_in: "Resend in {} s",
    code_sent: "Code sent",
    dev_code_hint: "Demo code: {}",
    login_button: "Log in",
    err_invalid_phone: "Enter a valid 11-digit mobile number",
    err_invalid_code: "The code is wrong or has expired",
    err_too_many: "Too many attempts. Please request a new code",
    err_resend_too_soon: "A code was just sent. Please try again in a minute",
    privacy_note:
        "We use your number only to identify your membership. Health data is encrypted and visible only to you.",
    greeting: "Hello, {}",
    points_title: "Points",
    points_unit: "pts",
    points_expiring: "{} points expire on {}",
    tier_title: "Membership tier",
    discount: "{}% off drugs",
    spend_this_year: "Spent this year: {}",
    to_next_tier: "Spend {} more to reach {}",
    top_tier: "You are at the top tier",
    next_dose_title: "Next dose",
    next_dose_none: "No medication schedule yet",
    tomorrow: "Tomorrow",
    pending_rx_title: "Prescription review",
    pending_rx_none: "No prescription awaiting review",
    latest_article_title: "Latest health article",
    see_all: "See all",
    points_recent: "Recent points activity",
    points_none: "No points activity yet",
    tier_all: "Benefits by tier",
    tier_current_badge: "Your tier",
    rx_title: "My prescriptions",
    rx_none: "You have not uploaded a prescription yet",
    rx_uploaded_on: "Uploaded {}",
    rx_rejected_reason: "Not approved: {}",
    rx_status: [
        "Uploaded",
        "Reading",
        "Check details",
        "Could not read",
        "Pharmacist reviewing",
        "Approved",
        "Not approved",
    ],
    schedule_title: "Medication schedule",
    schedule_none: "No medication schedule yet",
    storage: "Storage",
    articles_title: "Health articles",
    articles_none: "No articles yet",
    reading_minutes: "{} min read",
    survey_title: "Surveys",
    survey_none: "There is no survey for you right now. Thank you for your support.",
    settings_title: "Me",
    phone_on_file: "Mobile number",
    language: "Language 语言",
    large_text: "Large text",
    large_text_hint: "Makes all text bigger and easier to read",
    my_points: "My points",
    my_tier: "Tier and benefits",
    surveys_link: "Surveys",
    logout: "Log out",
    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or has moved.",
    back_home: "Back to home",
};
