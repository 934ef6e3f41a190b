//! The bottom tab bar: the five places members go most, reachable with a thumb.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Strings;
use crate::prefs::use_strings;
use crate::routes::Page;

struct Tab {
    page: Page,
    label: fn(&Strings) -> &'static str,
    /// A 24×24 outline icon path.
    icon: &'static str,
}

const TABS: [Tab; 5] = [
    Tab { page: Page::Home, label: |s| s.tab_home, icon: "M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z" },
    Tab { page: Page::Schedule, label: |s| s.tab_schedule, icon: "M12 7v5l3 2M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z" },
    Tab {
        page: Page::Prescriptions,
        label: |s| s.tab_prescriptions,
        icon: "M7 3h7l5 5v13H7zM14 3v5h5M10 13h6M10 17h6",
    },
    Tab { page: Page::Articles, label: |s| s.tab_articles, icon: "M4 5h16v14H4zM8 9h8M8 13h8M8 17h5" },
    Tab { page: Page::Settings, label: |s| s.tab_me, icon: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0" },
];

#[component]
pub fn TabBar() -> impl IntoView {
    let s = use_strings();
    view! {
        <nav class="tab-bar" aria-label="main">
            {TABS
                .iter()
                .map(|tab| {
                    let path = tab.page.path();
                    let label = tab.label;
                    view! {
                        // `A` marks the current tab with aria-current="page".
                        <A href=path exact={path == "/"} attr:class="tab">
                            <svg viewBox="0 0 24 24" aria-hidden="true"><path d=tab.icon/></svg>
                            <span>{move || label(s())}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}
