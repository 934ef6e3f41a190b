//! The bring-a-friend screens' words, in Chinese and English.
use api::referral::{Ineligible, RewardState};

crate::i18n::enum_text! {
    /// A friend's reward state.
    RewardStateText for RewardState {
        PendingFirstOrder => pending_first_order,
        Awarded => awarded,
        NotEligible => not_eligible,
    }
}

crate::i18n::enum_text! {
    /// Why a friend's reward was not given.
    IneligibleText for Ineligible {
        FormerMember => former_member,
        YearlyCapReached => yearly_cap_reached,
        OrderRefunded => order_refunded,
    }
}

pub struct InviteStrings {
    pub title: &'static str,
    /// "Invite a friend: you get a ¥{} medicine voucher when they place their first order of ¥{} or more."
    pub how: &'static str,
    /// "They get a ¥{} welcome coupon."
    pub friend_gets: &'static str,
    pub your_code: &'static str,
    pub qr_label: &'static str,
    pub share_title: &'static str,
    /// "{} of {} vouchers earned this year"
    pub this_year: &'static str,
    pub invited: &'static str,
    pub none_yet: &'static str,
    /// "joined {}"
    pub joined: &'static str,
    pub states: RewardStateText,
    pub reasons: IneligibleText,
    pub join_title: &'static str,
    pub join_hint: &'static str,
    pub phone: &'static str,
    pub get_code: &'static str,
    pub code: &'static str,
    pub name: &'static str,
    pub join: &'static str,
    pub code_sent: &'static str,
    pub member_exists: &'static str,
    pub bad_invite: &'static str,
    pub have_account: &'static str,
}

pub const ZH: InviteStrings = InviteStrings {
    title: "邀请好友",
    how: "好友通过你的邀请加入，首笔订单满 ¥{} 后，你将获得 ¥{} 药品券。",
    friend_gets: "好友加入即得 ¥{} 新会员券。",
    your_code: "你的邀请码",
    qr_label: "邀请二维码，扫码加入",
    share_title: "我在用这家药房的会员中心，邀请你一起加入",
    this_year: "今年已获 {} 张，上限 {} 张",
    invited: "我邀请的好友",
    none_yet: "还没有好友通过你的邀请加入",
    joined: "{} 加入",
    states: RewardStateText {
        pending_first_order: "等待首单", awarded: "已发放", not_eligible: "不符合条件"
    },
    reasons: IneligibleText {
        former_member: "该号码曾是会员",
        yearly_cap_reached: "已达今年上限",
        order_refunded: "首单已退款",
    },
    join_title: "加入会员中心",
    join_hint: "好友邀请你加入。加入后新会员券会放入你的卡包。",
    phone: "手机号",
    get_code: "获取验证码",
    code: "验证码",
    name: "怎么称呼您",
    join: "加入",
    code_sent: "验证码已发送",
    member_exists: "这个号码已经是会员了，请直接登录",
    bad_invite: "邀请码无效，可以不填邀请码直接加入",
    have_account: "已是会员？去登录",
};

pub const EN: InviteStrings = InviteStrings {
    title: "Invite a friend",
    how: "When a friend joins through your invite and places a first order of ¥{} or more, you get a ¥{} medicine voucher.",
    friend_gets: "Your friend gets a ¥{} welcome coupon when they join.",
    your_code: "Your invite code",
    qr_label: "Invite QR code: scan to join",
    share_title: "I use this pharmacy's member centre: join me",
    this_year: "{} of {} vouchers earned this year",
    invited: "Friends I invited",
    none_yet: "No one has joined through your invite yet",
    joined: "joined {}",
    states: RewardStateText {
        pending_first_order: "Waiting for the first order",
        awarded: "Voucher given",
        not_eligible: "Not eligible",
    },
    reasons: IneligibleText {
        former_member: "This number was a member before",
        yearly_cap_reached: "This year's limit is reached",
        order_refunded: "The first order was refunded",
    },
    join_title: "Join the member centre",
    join_hint: "A friend invited you. Your welcome coupon goes into your wallet when you join.",
    phone: "Mobile number",
    get_code: "Get code",
    code: "Code",
    name: "Your name",
    join: "Join",
    code_sent: "Code sent",
    member_exists: "This number is already a member: please log in",
    bad_invite: "This invite code is not valid; you can join without it",
    have_account: "Already a member? Log in",
};

pub fn use_invite_strings() -> impl Fn() -> &'static InviteStrings + Copy {
    crate::prefs::use_localized(&ZH, &EN)
}
