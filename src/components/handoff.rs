//! Buttons that hand an action to the mini-program's native pages where the web-view cannot
//! act (payment, sharing), with the plain web behaviour in a browser.
use api::host::NativePage;
use leptos::prelude::*;

use crate::bridge::{self, Shared};
use crate::prefs::use_localized;

pub struct HandoffStrings {
    pub order: &'static str,
    pub use_coupon: &'static str,
    /// Shown in a browser: payment happens in the mini-program or at the counter.
    pub order_elsewhere: &'static str,
    pub share: &'static str,
    pub shared_via_menu: &'static str,
    pub copied: &'static str,
    pub share_failed: &'static str,
    pub wechat_login: &'static str,
}

const ZH: HandoffStrings = HandoffStrings {
    order: "去购买",
    use_coupon: "去使用",
    order_elsewhere: "网页版不能付款：请在微信小程序「会员中心」下单，或到任一门店出示会员码购买。",
    share: "分享",
    shared_via_menu: "请点右上角 ··· 分享给家人朋友。",
    copied: "链接已复制，可粘贴发送给家人朋友。",
    share_failed: "无法分享，请复制地址栏中的链接。",
    wechat_login: "用微信登录",
};

const EN: HandoffStrings = HandoffStrings {
    order: "Order",
    use_coupon: "Use now",
    order_elsewhere: "Payment is not available on the web: order in our WeChat mini-program, or show your member card at any of our pharmacies.",
    share: "Share",
    shared_via_menu: "Tap ··· at the top right to share with family and friends.",
    copied: "Link copied: paste it to send to family and friends.",
    share_failed: "Could not share. Please copy the link from the address bar.",
    wechat_login: "Log in with WeChat",
};

pub fn use_handoff_strings() -> impl Fn() -> &'static HandoffStrings + Copy {
    use_localized(&ZH, &EN)
}

/// Opens the mini-program's checkout for `page`; in a browser, says where ordering happens.
#[component]
pub fn CheckoutButton(page: NativePage, #[prop(default = false)] coupon: bool) -> impl IntoView {
    let s = use_handoff_strings();
    let elsewhere = RwSignal::new(false);
    let open = move |_| {
        if !bridge::navigate_to(&page) {
            elsewhere.set(true);
        }
    };
    view! {
        <button type="button" class="button primary block" data-testid="checkout" on:click=open>
            {move || if coupon { s().use_coupon } else { s().order }}
        </button>
        <Show when=move || elsewhere.get()>
            <p class="notice small" role="status">{move || s().order_elsewhere}</p>
        </Show>
    }
}

/// Shares an in-app page: the mini-program's share menu, the system sheet or the clipboard.
#[component]
pub fn ShareButton(#[prop(into)] title: String, #[prop(into)] path: String) -> impl IntoView {
    let s = use_handoff_strings();
    let outcome = RwSignal::new(None::<Shared>);
    let (title, path) = (StoredValue::new(title), StoredValue::new(path));
    let share = move |_| {
        leptos::task::spawn_local(async move {
            outcome.set(Some(bridge::share(&title.get_value(), &path.get_value()).await));
        });
    };
    view! {
        <button type="button" class="button secondary" data-testid="share" on:click=share>{move || s().share}</button>
        {move || outcome.get().and_then(|o| match o {
            Shared::Sheet => None,
            Shared::ViaMenu => Some(s().shared_via_menu),
            Shared::Copied => Some(s().copied),
            Shared::Failed => Some(s().share_failed),
        }).map(|text| view! { <p class="notice small" role="status">{text}</p> })}
    }
}
